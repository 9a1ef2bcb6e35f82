"""Token and session authentication for the API; both end in one membership of one SWV per request."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from koers.api.models import ApiToken, hash_key

LAST_USED_RESOLUTION = timedelta(minutes=1)  # write last_used_at at most once a minute per token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer koers_…`` (``Token koers_…`` is accepted too)."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header: geef precies één sleutel."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige sleutel.")) from exc
        token = ApiToken.unscoped.select_related("user", "swv").filter(key_hash=hash_key(key)).first()  # before its SWV
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ongeldige sleutel."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is ingetrokken."))
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is verlopen."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Deze gebruiker is niet actief."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.for_swv(token.swv_id).filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The logged-in user of the pages (used by the API documentation); the SWV is the session's current one."""
