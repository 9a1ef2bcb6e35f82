"""Uploaded register files while they wait (for the task worker, or for a confirmation of warnings).

They hold BSNs and names, so they are never kept in clear: :func:`seal` encrypts them (Fernet: AES-128-CBC with an
HMAC-SHA256, from ``cryptography``) with a key derived from ``KOERS_UPLOAD_KEY``, which is separate from the
pseudonym key. A sealed upload has an expiry (``KOERS_UPLOAD_HOURS``); :func:`purge_expired` wipes every upload
past it, and each import wipes its own as soon as it is processed, confirmed or cancelled.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def _fernet() -> Fernet:
    key = str(getattr(settings, "UPLOAD_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured("KOERS_UPLOAD_KEY ontbreekt: zonder deze sleutel bewaart Koers geen upload.")
    digest = hashlib.sha256(b"koers-upload-v1:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(data: bytes) -> bytes:
    return _fernet().encrypt(bytes(data))


def unseal(token) -> bytes | None:
    """The upload, or None when it is gone, expired or was sealed with another key."""
    if not token:
        return None
    ttl = int(settings.KOERS_UPLOAD_HOURS) * 3600
    try:
        return _fernet().decrypt(bytes(token), ttl=ttl)
    except (InvalidToken, ValueError, TypeError):
        return None


def expiry():
    return timezone.now() + timedelta(hours=int(settings.KOERS_UPLOAD_HOURS))
