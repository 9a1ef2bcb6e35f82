"""Two-factor authentication: who needs it, whether this session has it, and which pages open before it.

Everything that asks these questions (the middleware, the Django admin, the OTP pages) goes through this module,
so there is one answer. See docs/adr/0009-twee-factor-die-standhoudt.md.
"""

from django.conf import settings
from django.db import transaction

ROLES_REQUIRING_2FA = frozenset({"beheerder", "bureau"})

# The only pages a logged-in user who needs a second factor can open before giving it. URL names, not path
# prefixes: a new page under /account/ is closed until it is added here (test_twofactor checks every route).
OPEN_BEFORE_SECOND_FACTOR = (
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:otp_recovery",
    "accounts:set_password",  # an invitation link sent before invitations were records (ADR 0010)
    "accounts:invitation_accept",
    "accounts:email_confirm",
    "public:page",
    "onboarding:logo",  # the logo on the public page; public by design
)

# Set by a trusted single sign-on login whose identity provider confirmed multi-factor authentication (for
# example an OIDC "amr" claim with "mfa"). Holds the user's pk, so it never counts for another account.
SSO_MFA_SESSION_KEY = "koers_sso_mfa"


def requires_2fa(user) -> bool:
    """Must this account give a second factor? Roles beheerder and bureau, staff and superusers."""
    if not settings.KOERS_REQUIRE_2FA or user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.memberships.filter(role__code__in=ROLES_REQUIRING_2FA).exists()


def is_verified(request) -> bool:
    """Has this session given a second factor: a django-otp device, or a trusted SSO login with MFA?"""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    session = getattr(request, "session", None)
    return session is not None and session.get(SSO_MFA_SESSION_KEY) == user.pk


def mark_verified_by_sso(request):
    """For a future trusted SSO backend: this session's login carried an MFA claim."""
    request.session[SSO_MFA_SESSION_KEY] = request.user.pk


def has_confirmed_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(request) -> bool:
    """True when this request's user must give a second factor and has not yet."""
    return requires_2fa(request.user) and not is_verified(request)


RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Herstelcodes"


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them (shown once, stored as tokens)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user).count()


def normalise_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


@transaction.atomic
def remove_all_devices(user) -> int:
    """Remove every second factor of ``user`` (authenticator apps and recovery codes). Returns how many."""
    from django_otp import devices_for_user

    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    return count
