"""Response headers for every page. (The current SWV and audience are set by koers.accounts.audience.)"""

# The session key of the SWV a user works in now (set by switching SWV, read by AudienceMiddleware).
SESSION_KEY = "koers_swv_id"


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
