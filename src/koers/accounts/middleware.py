"""Two-factor authentication is required for the roles beheerder and bureau and for staff (see twofactor.py)."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# kept for callers of the old name
from koers.accounts.twofactor import (
    OPEN_BEFORE_SECOND_FACTOR,
    has_confirmed_device,
    needs_second_factor,
    requires_2fa,  # noqa: F401
)


def is_open_before_second_factor(path: str) -> bool:
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return True  # static files (normally served by the web server, before Django)
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in OPEN_BEFORE_SECOND_FACTOR


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not is_open_before_second_factor(request.path_info)
            and needs_second_factor(request)
        ):
            target = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path(), safe='/')}")
        return self.get_response(request)
