"""The accounts of the test provider: read from users.json (written by the test) at every login and token."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from oauth2_provider.oauth2_validators import OAuth2Validator


def lookup(username) -> dict | None:
    path = settings.OP_DIR / "users.json"
    if not username or not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get(username)


class FileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        info = lookup(username)
        if info is None or info["password"] != password:
            return None
        user, _created = get_user_model().objects.get_or_create(username=username)
        return user


class Validator(OAuth2Validator):
    # amr and acr go into the ID token with the scope openid
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid", "acr": "openid"}

    def get_additional_claims(self, request):
        info = lookup(request.user.username) or {}
        claims = {
            "email": info.get("email", ""),
            "email_verified": info.get("email_verified", False),
            "given_name": info.get("given_name", ""),
            "family_name": info.get("family_name", ""),
        }
        if info.get("amr"):
            claims["amr"] = info["amr"]
        return claims
