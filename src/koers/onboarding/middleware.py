"""On an empty installation (no account at all) every page leads to the start of the set-up.

Not active by itself: add ``"koers.onboarding.middleware.FirstRunMiddleware"`` to MIDDLEWARE, after
``AuthenticationMiddleware``. Once an account exists it stops asking the database (until a restart)."""

from django.shortcuts import redirect

_ALLOWED_PREFIXES = ("/inrichten/", "/static/", "/i18n/", "/systeembeheer/")


class FirstRunMiddleware:
    installed = False  # per process: once True, it stays True

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not FirstRunMiddleware.installed and not request.path.startswith(_ALLOWED_PREFIXES):
            from koers.onboarding.services import is_open

            if is_open():
                return redirect("onboarding:start")
            FirstRunMiddleware.installed = True
        return self.get_response(request)
