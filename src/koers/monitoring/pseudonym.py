"""Pupil pseudonyms: keyed HMAC-SHA256 of a normalised BSN (or name + birth date). Done at import; never reversed."""

import hashlib
import hmac

from django.conf import settings


def pseudonymise(identifier: str) -> str:
    normalised = "".join(str(identifier or "").split()).lower()
    if not normalised:
        return ""
    key = str(settings.PSEUDONYM_KEY).encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
