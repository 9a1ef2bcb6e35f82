"""Uploads while they wait (for the task worker, or for a confirmation), never kept in clear.

An uploaded file can hold BSNs and names (registers), or a whole plan or school list. While it waits it is kept
only encrypted: :func:`seal` encrypts it (Fernet: AES-128-CBC with an HMAC-SHA256, from ``cryptography``) with a
key derived from ``KOERS_UPLOAD_KEY``, which is separate from the pseudonym key. A sealed upload carries its time,
so :func:`unseal` refuses it after ``KOERS_UPLOAD_HOURS``.

Two places to keep one:

* in a row of the database: the register import keeps it in ``ImportRun.data`` (that app wipes it), plan and
  organisation files in ``FileImport.data`` (``koers.core.uploads``, ADR 0036);
* in a file under ``var/staging`` (``KOERS_STAGING_DIR``) named by a random token: :func:`stage`, :func:`load`,
  :func:`discard`. Koers itself no longer stages files there (the plan and organisation imports did, before ADR
  0036); :func:`purge_expired` (run by ``koers onderhoud`` and ``koers import --opruimen``) still wipes every
  staged file past its expiry.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

SUFFIX = ".sealed"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _fernet() -> Fernet:
    key = str(getattr(settings, "UPLOAD_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured("KOERS_UPLOAD_KEY ontbreekt: zonder deze sleutel bewaart Koers geen upload.")
    digest = hashlib.sha256(b"koers-upload-v1:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def hours() -> int:
    return int(settings.KOERS_UPLOAD_HOURS)


def seal(data: bytes) -> bytes:
    return _fernet().encrypt(bytes(data))


def unseal(token) -> bytes | None:
    """The upload, or None when it is gone, expired or was sealed with another key."""
    if not token:
        return None
    try:
        return _fernet().decrypt(bytes(token), ttl=hours() * 3600)
    except (InvalidToken, ValueError, TypeError):
        return None


def expiry():
    return timezone.now() + timedelta(hours=hours())


# ---- uploads that wait for a confirmation: sealed files under var/staging ----------------------------------------


def folder() -> Path:
    configured = getattr(settings, "KOERS_STAGING_DIR", "") or ""
    return Path(configured) if configured else Path(settings.VAR_DIR) / "staging"


def _path(token: str) -> Path | None:
    if not isinstance(token, str) or not _TOKEN_RE.match(token):
        return None
    return folder() / f"{token}{SUFFIX}"


def stage(data: bytes) -> str:
    """Keep ``data`` sealed until it is loaded for the last time, discarded or expired; returns its token."""
    purge_expired()
    target = folder()
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    path = target / f"{token}{SUFFIX}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(seal(data))
    return token


def load(token: str) -> bytes | None:
    """The staged upload, or None when there is none (unknown token, discarded, expired, other key)."""
    path = _path(token)
    if path is None:
        return None
    try:
        sealed = path.read_bytes()
    except OSError:
        return None
    data = unseal(sealed)
    if data is None:  # expired or unreadable: gone for good
        discard(token)
    return data


def discard(token: str) -> None:
    """Wipe one staged upload (confirmed, cancelled or replaced). Unknown tokens are ignored."""
    path = _path(token)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def pending_count() -> int:
    target = folder()
    return sum(1 for _ in target.glob(f"*{SUFFIX}")) if target.is_dir() else 0


def purge_expired(now: float | None = None) -> int:
    """Wipe every staged file older than ``KOERS_UPLOAD_HOURS``; returns how many."""
    target = folder()
    if not target.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - hours() * 3600
    wiped = 0
    for path in target.glob(f"*{SUFFIX}"):
        try:
            if path.stat().st_mtime <= limit:
                path.unlink()
                wiped += 1
        except OSError:  # another process removed it first
            pass
    return wiped
