"""Which SWV and which role a request of the API acts in, and whether it may read an endpoint.

A token request acts in the token's SWV with the holder's role there; a session request in the session's
current SWV (``request.membership``, set by ``AudienceMiddleware``), exactly as the pages do.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from koers.accounts.audience import for_membership, for_token
from koers.accounts.models import Membership
from koers.api.models import ApiToken


def api_membership(request):
    """The membership this API request acts under, or None. Cached on the request."""
    if hasattr(request, "_koers_api_membership"):
        return request._koers_api_membership
    membership = None
    user = request.user
    if user is not None and user.is_authenticated:
        if isinstance(request.auth, ApiToken):
            membership = (
                Membership.objects.for_swv(request.auth.swv_id).select_related("swv", "role").filter(user=user).first()
            )
        else:
            membership = getattr(request._request, "membership", None) or None
    request._koers_api_membership = membership
    return membership


def api_swv(request):
    membership = api_membership(request)
    return membership.swv if membership else None


def api_audience(request):
    """The audience of this API request (token: the token's SWV and the holder's role there), or None."""
    if hasattr(request, "_koers_api_audience"):
        return request._koers_api_audience
    membership = api_membership(request)
    audience = None
    if membership is not None:
        audience = (
            for_token(request.auth, membership) if isinstance(request.auth, ApiToken) else for_membership(membership)
        )
    request._koers_api_audience = audience
    return audience


class KoersApiPermission(permissions.BasePermission):
    """The view names ``koers_permission`` (from accounts.roles) and ``koers_scope`` (a token scope)."""

    message = _("U hebt geen toegang tot deze gegevens in dit samenwerkingsverband.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        membership = api_membership(request)
        if membership is None or not membership.has(view.koers_permission):
            return False
        if isinstance(request.auth, ApiToken) and view.koers_scope not in request.auth.scopes:
            self.message = _("Deze sleutel heeft niet het recht %(scope)s.") % {"scope": view.koers_scope}
            return False
        return True
