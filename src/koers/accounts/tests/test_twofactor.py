"""Two-factor authentication that holds, tested as the attacks were done, with 2FA on as in production."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.accounts import twofactor
from koers.accounts.middleware import is_open_before_second_factor
from koers.accounts.models import Invitation, Role, User
from koers.accounts.tests.helpers import PASSWORD, code, confirmed_device, login, verify
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.KOERS_REQUIRE_2FA = True


def _enrolled(swv, username="bea", role="bureau"):
    user = UserFactory(username=username)
    member(user, swv, role)
    return user, confirmed_device(user)


# ---------------------------------------------------------------------------------------------------------------
# Attack 1: the setup page handed a new secret to a password-only session of an account with a confirmed device


def test_setup_gives_no_secret_to_an_unverified_session_of_an_enrolled_account(client, swv):
    user, device = _enrolled(swv)
    assert login(client, "bea").status_code == 302
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1  # no new secret was made
    # a leftover unconfirmed device (e.g. an abandoned replacement) does not help either
    spare = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": code(spare), "next": "/"})
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response["Location"]
    spare.refresh_from_db()
    assert not spare.confirmed
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/account/gebruikers/",
        "/account/gebruikers/?export=csv",
        "/account/gebruikers/?export=xlsx",
        "/account/gebruikers/uitnodigen/",
        "/account/profiel/",
        "/account/meldingen/",
        "/account/twee-factor/herstelcodes/",
    ],
)
def test_account_pages_need_the_second_factor(client, swv, url):
    _enrolled(swv, "beheer", "beheerder")
    login(client, "beheer")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))


def test_inviting_needs_the_second_factor(client, swv):
    _enrolled(swv, "beheer", "beheerder")
    login(client, "beheer")
    response = client.post(
        reverse("accounts:member_invite"), {"email": "x@example.org", "role": Role.objects.get(code="bureau").pk}
    )
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response["Location"]
    assert not Invitation.unscoped.exists() and not mail.outbox


def test_without_a_device_the_user_is_sent_to_setup(client, swv):
    user = UserFactory(username="nieuw")
    member(user, swv, "beheerder")
    login(client, "nieuw")
    response = client.get("/account/gebruikers/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    assert "next=/account/gebruikers/" in response["Location"]


# ---------------------------------------------------------------------------------------------------------------
# Attack 2: superusers and staff without 2FA reached /systeembeheer/ with a password


@pytest.mark.parametrize("flags", [{"is_superuser": True, "is_staff": True}, {"is_staff": True}])
def test_system_manager_needs_second_factor_for_admin(client, flags):
    User.objects.create_user("hoster", "hoster@example.org", PASSWORD, **flags)  # as `koers createsuperuser`
    assert login(client, "hoster").status_code == 302
    for url in ("/systeembeheer/", "/systeembeheer/otp_totp/totpdevice/", "/systeembeheer/accounts/user/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:otp_setup")), url


def test_admin_site_itself_refuses_an_unverified_superuser():
    """Even without the middleware: the admin asks the same question (twofactor.needs_second_factor)."""
    user = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    request = RequestFactory().get("/systeembeheer/")
    request.user = user
    request.session = SessionStore()
    user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    user.is_verified = lambda: True
    assert admin.site.has_permission(request)
    request.user = AnonymousUser()
    assert not admin.site.has_permission(request)


def test_verified_superuser_reaches_admin(client):
    user = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    device = confirmed_device(user)
    login(client, "root")
    verify(client, device)
    assert client.get("/systeembeheer/").status_code == 200
    assert client.get("/systeembeheer/otp_totp/totpdevice/").status_code == 200


def test_requires_2fa_rules(swv, settings):
    eigenaar = UserFactory()
    member(eigenaar, swv, "eigenaar")
    staff = UserFactory(is_staff=True)
    bureau = UserFactory()
    member(bureau, swv, "bureau")
    assert not twofactor.requires_2fa(eigenaar)
    assert twofactor.requires_2fa(staff) and twofactor.requires_2fa(bureau)
    assert not twofactor.requires_2fa(AnonymousUser())
    settings.KOERS_REQUIRE_2FA = False
    assert not twofactor.requires_2fa(staff)


def test_a_trusted_sso_flag_counts_as_verified_for_its_own_user_only(swv):
    user = UserFactory()
    request = RequestFactory().get("/")
    request.user = user
    user.is_verified = lambda: False
    request.session = SessionStore()
    assert not twofactor.is_verified(request)
    request.session[twofactor.SSO_MFA_SESSION_KEY] = user.pk + 1
    assert not twofactor.is_verified(request)
    twofactor.mark_verified_by_sso(request)
    assert twofactor.is_verified(request)


# ---------------------------------------------------------------------------------------------------------------
# Which pages open before the second factor: every route, decided in one place


EXPECTED_OPEN = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:otp_recovery",
    "accounts:set_password",
    "accounts:invitation_accept",
    "accounts:email_confirm",
    "public:page",
    "onboarding:logo",
}


def _all_routes():
    """(name, sample path or None) for every named URL pattern, the Django admin included."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                converters = getattr(pattern.pattern, "converters", {})
                kwargs = {key: 1 if type(conv).__name__ == "IntConverter" else "x" for key, conv in converters.items()}
                try:
                    yield name, reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    yield name, None

    return list(walk(get_resolver().url_patterns))


def test_only_the_listed_routes_open_before_the_second_factor():
    assert set(twofactor.OPEN_BEFORE_SECOND_FACTOR) == EXPECTED_OPEN
    routes = _all_routes()
    assert any(name.startswith("admin:") for name, _path in routes)
    open_routes = set()
    for name, path in routes:
        if path is None:
            assert name not in EXPECTED_OPEN, f"{name}: geen voorbeeldadres"
            continue
        if is_open_before_second_factor(path):
            open_routes.add(name)
    assert open_routes == EXPECTED_OPEN
    # every other page under /account/ needs the second factor
    account_routes = {name for name, path in routes if path and path.startswith("/account/")}
    assert account_routes - EXPECTED_OPEN >= {"accounts:members", "accounts:member_invite", "accounts:profile",
                                              "accounts:notifications", "accounts:otp_codes"}  # fmt: skip


def test_open_pages_work_before_the_second_factor(client, swv):
    _enrolled(swv)
    login(client, "bea")
    assert client.get(reverse("accounts:otp_verify")).status_code == 200
    assert client.get(reverse("accounts:otp_recovery")).status_code == 200
    assert client.get(reverse("accounts:invitation_accept", args=["ongeldig"])).status_code == 200
    assert client.get(reverse("accounts:email_confirm", args=["ongeldig"])).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


# ---------------------------------------------------------------------------------------------------------------
# Setting up, replacing, recovery codes


def test_setup_shows_recovery_codes_once_and_each_works_once(client, swv, django_capture_on_commit_callbacks):
    user = UserFactory(username="bea")
    member(user, swv, "bureau")
    login(client, "bea")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:otp_setup"), {"token": code(device), "next": "/plannen/"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_codes"))
    page = client.get(response["Location"]).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10 and all(f"{t[:4]} {t[4:]}" in page for t in tokens)
    assert 'href="/plannen/"' in page
    assert client.get(reverse("accounts:otp_codes")).status_code == 302  # shown once
    assert client.get("/").status_code == 200

    # a new session (phone lost): a recovery code instead of the app
    client.logout()
    login(client, "bea")
    page = client.get(reverse("accounts:otp_verify")).content.decode()
    assert "Gebruik een herstelcode" in page
    first = tokens[0]
    response = client.post(reverse("accounts:otp_recovery"), {"code": f"{first[:4]} {first[4:].upper()}"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert twofactor.recovery_codes_left(user) == 9

    # the same code never works again
    client.logout()
    login(client, "bea")
    response = client.post(reverse("accounts:otp_recovery"), {"code": first})
    assert response.status_code == 200 and "al gebruikt" in response.content.decode()
    assert client.get("/").status_code == 302
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(reverse("accounts:otp_recovery"), {"code": tokens[1]}).status_code == 302
    assert client.get("/").status_code == 200

    # with the recovery session, a new app replaces the old one
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 200 and "Nieuwe authenticator-app" in response.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:otp_setup"), {"token": code(new)})
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert not StaticToken.objects.filter(token=tokens[2]).exists()  # new codes, the old ones are gone
    assert twofactor.recovery_codes_left(user) == 10


def test_recovery_codes_are_regenerated_from_the_profile_only_when_verified(client, swv):
    user = UserFactory(username="otto")
    member(user, swv, "eigenaar")  # 2FA not required, but set up voluntarily
    device = confirmed_device(user)
    old = twofactor.new_recovery_codes(user)
    login(client, "otto")
    response = client.post(reverse("accounts:otp_codes_new"))
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response["Location"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    verify(client, device)
    assert "Nieuwe herstelcodes maken" in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(reverse("accounts:otp_codes_new"))
    assert response["Location"].startswith(reverse("accounts:otp_codes"))
    assert not set(StaticToken.objects.values_list("token", flat=True)) & set(old)
    assert client.get(response["Location"]).status_code == 200


# ---------------------------------------------------------------------------------------------------------------
# Reset by a beheerder


@pytest.fixture
def beheerder_client(client, swv):
    beheerder, device = _enrolled(swv, "beheer", "beheerder")
    login(client, "beheer")
    verify(client, device)
    return client


def test_beheerder_resets_a_members_second_factor_and_it_is_in_history(
    beheerder_client, swv, other_swv, django_capture_on_commit_callbacks
):
    user, device = _enrolled(swv, "bea")
    other_membership = member(user, other_swv, "bureau")
    twofactor.new_recovery_codes(user)
    membership = user.memberships.get(swv=swv)
    url = reverse("accounts:member_reset_2fa", args=[membership.pk])
    page = beheerder_client.get(reverse("accounts:member_edit", args=[membership.pk])).content.decode()
    assert url in page
    assert beheerder_client.get(url).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = beheerder_client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    entry = HistoryEntry.objects.get(model="accounts.membership", object_id=str(membership.pk), action="update")
    assert entry.username == "beheer" and entry.swv == swv and "twee-factor-authenticatie" in entry.changes
    assert "Gereset door" in entry.reason
    # 2FA belongs to the account: the other SWV sees it in its own history too
    assert HistoryEntry.objects.filter(model="accounts.membership", object_id=str(other_membership.pk),
                                       swv=other_swv).exists()  # fmt: skip
    (message,) = mail.outbox
    assert message.to == [user.email] and "gereset" in message.subject
    # at the next login the member sets it up again
    other = type(beheerder_client)()
    login(other, "bea")
    response = other.get("/")
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_reset_is_refused_for_self_superuser_and_other_swv(beheerder_client, swv, other_swv):
    me = User.objects.get(username="beheer")
    response = beheerder_client.post(reverse("accounts:member_reset_2fa", args=[me.memberships.get().pk]))
    assert response.status_code == 200 and "Mijn instellingen" in response.content.decode()
    assert TOTPDevice.objects.filter(user=me).exists()
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    confirmed_device(root)
    membership = member(root, swv, "bureau")
    response = beheerder_client.post(reverse("accounts:member_reset_2fa", args=[membership.pk]))
    assert response.status_code == 200 and TOTPDevice.objects.filter(user=root).exists()
    stranger, _device = _enrolled(other_swv, "vreemd")
    foreign = stranger.memberships.get()
    assert beheerder_client.post(reverse("accounts:member_reset_2fa", args=[foreign.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=stranger).exists()
