"""Sets request.swv and request.membership: the SWV the user works in now, and their role there."""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "koers_swv_id"


def _membership(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return None
    memberships = user.memberships.select_related("swv", "role")
    chosen = request.session.get(SESSION_KEY)
    membership = memberships.filter(swv_id=chosen).first() if chosen else None
    return membership or memberships.order_by("swv__code").first()


class CurrentSwvMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = SimpleLazyObject(lambda: _membership(request))
        request.membership = membership
        request.swv = SimpleLazyObject(lambda: membership.swv if membership else None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and related headers on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        policy = getattr(response, "koers_csp", None) or settings.CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
