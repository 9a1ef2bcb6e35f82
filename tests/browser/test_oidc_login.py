"""Single sign-on through a real OpenID Connect provider (tests/oidc_provider: django-oauth-toolkit in OIDC mode,
started on 127.0.0.1 for this test session). ADR 0015."""

import re

import pytest
from playwright.sync_api import expect

from koers_dev.testing.factories import SwvFactory, UserFactory, member
from tests.browser.conftest import assert_accessible, navigation, screenshot
from tests.oidc_provider.control import CLIENT_ID, CLIENT_SECRET, Provider

PASSWORD = "testdienst-wachtwoord"  # noqa: S105 - an account at the throwaway provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    provider = Provider(tmp_path_factory.mktemp("oidc-provider")).start()
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, oidc_provider, live_server, transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    settings.KOERS_OIDC_PROVIDER_NAME = "Testdienst"
    settings.KOERS_OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.SITE_URL = live_server.url
    return oidc_provider


def _at_koers(live_server, path=""):
    return lambda url: url.startswith(live_server.url + path) and "/account/sso/" not in url


def sso_login(page, live_server, username, *, lands=None):
    """Click "Inloggen met Testdienst" and log in at the provider; wait until Koers shows the next page."""
    page.goto("/account/inloggen/")
    with navigation(page, url=re.compile(r"/inloggen/\?next=/o/authorize/")):
        page.get_by_role("link", name="Inloggen met Testdienst").click()
    page.get_by_label("Gebruikersnaam bij de testdienst").fill(username)
    page.get_by_label("Wachtwoord bij de testdienst").fill(PASSWORD)
    with navigation(page, url=lands or _at_koers(live_server)):
        page.get_by_role("button", name="Inloggen bij de testdienst").click()


def test_first_login_binds_to_the_invitation_and_the_second_goes_straight_in(page, sso, live_server):
    from koers.accounts.invitations import invite
    from koers.accounts.models import Membership, OidcIdentity, Role, User
    from koers.audit.models import HistoryEntry

    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    invite(swv, UserFactory(), "anna.devries@example.org", Role.objects.get(code="toezicht"))
    sso.add_user("anna", PASSWORD, "Anna.deVries@example.org", given_name="Anna", family_name="de Vries")

    page.goto("/account/inloggen/")
    expect(page.get_by_role("link", name="Inloggen met Testdienst")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "inloggen-sso")
    sso_login(page, live_server, "anna")
    expect(page.get_by_role("status")).to_contain_text("U hebt nu de rol Toezicht.")
    expect(page.get_by_role("heading", name="Samenwerkingsverband Test")).to_be_visible()

    user = User.objects.get(email="anna.devries@example.org")
    assert (user.first_name, user.last_name) == ("Anna", "de Vries")
    assert not user.has_usable_password()
    assert Membership.unscoped.get(user=user).swv == swv
    identity = OidcIdentity.objects.get(user=user)
    assert identity.issuer == sso.issuer
    assert HistoryEntry.objects.filter(model="accounts.user", object_id=str(user.pk), reason__contains="single sign-on")

    with navigation(page, url=_at_koers(live_server, "/account/inloggen/")):
        page.get_by_role("button", name="Uitloggen").click()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/inloggen/\?next=/"))  # the Koers session has ended

    # the provider still knows the browser: straight back into Koers, on the same account
    with navigation(page, url=_at_koers(live_server)):
        page.get_by_role("link", name="Inloggen met Testdienst").click()
    expect(page.get_by_role("heading", name="Samenwerkingsverband Test")).to_be_visible()
    assert User.objects.count() == 2  # the inviter and Anna
    assert OidcIdentity.objects.get().user == user


def test_an_unknown_account_is_refused(page, sso, live_server):
    from koers.accounts.models import User

    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    member(UserFactory(email="bekend@example.org"), swv, "bureau")
    # an address the provider does not vouch for proves nothing, even if an account has it
    sso.add_user("onbekend", PASSWORD, "bekend@example.org", email_verified=False)

    sso_login(page, live_server, "onbekend", lands=re.compile(r"/account/sso/geweigerd/"))
    expect(page.get_by_role("heading", name="Inloggen niet gelukt")).to_be_visible()
    expect(page.get_by_text("maar Koers kent dit account niet")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "inloggen-sso-geweigerd")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))  # not logged in
    assert User.objects.count() == 1


@pytest.mark.parametrize(("amr", "lands_on"), [(["pwd", "mfa"], "Samenwerkingsverband Test"), (["pwd"], None)])
def test_the_providers_mfa_claim_meets_the_second_factor_rule(page, sso, live_server, settings, amr, lands_on):
    settings.KOERS_REQUIRE_2FA = True
    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    member(UserFactory(email="bureau@example.org"), swv, "bureau")  # bureau must give a second factor
    sso.add_user("bureau", PASSWORD, "bureau@example.org", amr=amr)

    sso_login(page, live_server, "bureau")
    if lands_on:
        expect(page.get_by_role("heading", name=lands_on)).to_be_visible()
        page.goto("/account/profiel/")  # a page behind the second factor
        expect(page).to_have_url(re.compile(r"/account/profiel/$"))
    else:
        # without the claim: Koers' own authenticator app, as after a local login
        expect(page).to_have_url(re.compile(r"/account/twee-factor/instellen/"))
        expect(page.get_by_role("heading", name=re.compile("Twee-factor"))).to_be_visible()


def test_logging_out_also_at_the_provider(page, sso, live_server, settings):
    settings.KOERS_OIDC_PROVIDER_LOGOUT = True
    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    member(UserFactory(email="eigenaar@example.org"), swv, "eigenaar")
    sso.add_user("eigenaar", PASSWORD, "eigenaar@example.org")
    sso_login(page, live_server, "eigenaar")
    expect(page.get_by_role("heading", name="Samenwerkingsverband Test")).to_be_visible()

    # Koers logs out, then the provider does and sends the browser back to Koers' login page
    with navigation(page, url=re.compile(r"/account/inloggen/$")):
        page.get_by_role("button", name="Uitloggen").click()
    with navigation(page, url=re.compile(r"/inloggen/\?next=/o/authorize/")):
        page.get_by_role("link", name="Inloggen met Testdienst").click()
    expect(page.get_by_label("Gebruikersnaam bij de testdienst")).to_be_visible()  # the provider asks again


def test_accepting_an_invitation_from_its_link_with_another_address(page, sso, live_server):
    """The link in the mail is the proof (ADR 0010), also when the provider knows another, unverified address."""
    from django.core import mail

    from koers.accounts.invitations import invite
    from koers.accounts.models import Membership, Role

    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    invite(swv, UserFactory(), "prive@example.org", Role.objects.get(code="eigenaar"))
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", mail.outbox[-1].body).group(0)
    sso.add_user("werk", PASSWORD, "werk@example.org", email_verified=False)

    page.goto(link)
    with navigation(page, url=re.compile(r"/inloggen/\?next=/o/authorize/")):
        page.get_by_role("link", name="Accepteren met Testdienst").click()
    page.get_by_label("Gebruikersnaam bij de testdienst").fill("werk")
    page.get_by_label("Wachtwoord bij de testdienst").fill(PASSWORD)
    with navigation(page, url=_at_koers(live_server)):
        page.get_by_role("button", name="Inloggen bij de testdienst").click()
    expect(page.get_by_role("status")).to_contain_text("U hebt nu de rol Eigenaar.")
    expect(page.get_by_role("heading", name="Samenwerkingsverband Test")).to_be_visible()
    assert Membership.unscoped.get(swv=swv, role__code="eigenaar").user.email == "prive@example.org"
