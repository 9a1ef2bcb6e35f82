"""Pupil pseudonyms: keyed HMAC-SHA256 of a normalised BSN (or name + birth date). Done at import; never reversed.

The one implementation: :func:`pseudonymiser` prepares the key once (the importer calls it per row),
:func:`pseudonymise` is the same for a single value.
"""

import hmac
from collections.abc import Callable

from django.conf import settings


def pseudonymiser() -> Callable[[str], str]:
    key = str(settings.PSEUDONYM_KEY).encode()
    digest = hmac.digest

    def pseudonymise_one(identifier: str) -> str:
        normalised = "".join(str(identifier or "").split()).lower()
        if not normalised:
            return ""
        return digest(key, normalised.encode(), "sha256").hex()

    return pseudonymise_one


def pseudonymise(identifier: str) -> str:
    return pseudonymiser()(identifier)
