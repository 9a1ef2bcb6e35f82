#!/usr/bin/env bash
# Installs Debian's Chromium (and poppler-utils for PDF previews) when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftoppm >/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Chromium ontbreekt en er is geen root/sudo: installeer het pakket 'chromium' zelf." >&2; exit 1
  fi
fi
echo "Chromium installeren (Debian-pakket) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null
test -x /usr/bin/chromium
