#!/usr/bin/env bash
# `make handleiding`: makes the screenshots and document pages of the user guide again and copies them into
# docs/handleiding/img/ (the same file names, so the guide's links keep working). The tests themselves write only
# to an untracked folder (KOERS_SCREENSHOT_DIR, by default var/handleiding-img/), so `make test` changes no
# tracked file; this is the one command that does, on purpose. Commit the new images that you want to keep.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT="$(mktemp -d "${TMPDIR:-/tmp}/koers-handleiding.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
export KOERS_SCREENSHOT_DIR="$OUT" DJANGO_SETTINGS_MODULE=koers.conf.ci

# the browser test files that take a screenshot, and the test that renders the first pages of the documents
mapfile -t FILES < <(grep -l 'screenshot(page' tests/browser/test_*.py)
$BIN/pytest -q "${FILES[@]}" \
  "src/koers/reports/tests/test_documents.py::test_render_first_pages_for_the_manual" \
  "src/koers/plan_document/tests/test_manual_pages.py::test_render_pages_of_the_support_plan_for_the_manual" \
  "src/koers/reports/tests/test_boardpack.py::test_the_board_pack_of_every_demo_plan_as_pdf_word_and_powerpoint" \
  "src/koers/finance/tests/test_views.py::test_the_money_page_of_the_demo_board_pack_for_the_manual" \
  "src/koers/reports/tests/test_boardpack_manual.py" \
  "src/koers/reports/tests/test_slides_money_forecast.py::test_the_pdf_page_with_the_forecast_for_the_manual"

shopt -s nullglob
IMAGES=("$OUT"/*.png)
if [ "${#IMAGES[@]}" -eq 0 ]; then
  echo "Geen afbeeldingen gemaakt in $OUT." >&2
  exit 1
fi
cp "${IMAGES[@]}" docs/handleiding/img/
echo "${#IMAGES[@]} afbeeldingen bijgewerkt in docs/handleiding/img/:"
git status --short -- docs/handleiding/img/ 2>/dev/null || true
