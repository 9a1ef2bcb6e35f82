"""Middleware of core: the request id, the health endpoints and the response headers of every page.

(The current SWV and audience are set by koers.accounts.audience.)"""

import logging
import time

# The session key of the SWV a user works in now (set by switching SWV, read by AudienceMiddleware).
SESSION_KEY = "koers_swv_id"

HEALTH_PATHS = {"/gezondheid/": "alive", "/gereed/": "ready"}
request_log = logging.getLogger("koers.request")


class RequestIdMiddleware:
    """Gives each request an id (or takes the proxy's ``X-Request-ID``), for the logs and the ``X-Request-ID`` header.

    First in MIDDLEWARE, so every log line of the request carries it. Logs one line per request on the logger
    ``koers.request`` (method, route name, status, duration; no path, user or address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from koers.conf.logs import new_request_id, reset_request_id, set_request_id

        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            request_log.info(
                "verzoek",
                extra={
                    "method": request.method,
                    "route": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            reset_request_id(token)


class HealthCheckMiddleware:
    """Answers ``/gezondheid/`` and ``/gereed/`` before the other middleware: a load balancer asks by address
    (no host name), over http and without a session; login, set-up, the https redirect and the host check do
    not apply to these two."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = HEALTH_PATHS.get(request.path_info)
        if name is None:
            return self.get_response(request)
        from koers.core import health

        return getattr(health, name)(request)


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
