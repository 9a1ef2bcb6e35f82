"""Two-factor authentication is required for the roles beheerder and bureau."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

ROLES_REQUIRING_2FA = {"beheerder", "bureau"}
_ALLOWED_PREFIXES = ("/account/", "/static/", "/i18n/")


def requires_2fa(user) -> bool:
    if not settings.KOERS_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.memberships.filter(role__code__in=ROLES_REQUIRING_2FA).exists()


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not user.is_verified()
            and requires_2fa(user)
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
