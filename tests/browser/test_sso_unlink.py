"""Undoing a single sign-on link in the browser: the beheerder sees the link of a colleague and removes it after a
confirmation; the user removes their own link on "Mijn instellingen"."""

from playwright.sync_api import expect

from koers_dev.testing.factories import SwvFactory, UserFactory, member
from tests.browser.conftest import assert_accessible, login, navigation, screenshot

PASSWORD = "geheim-wachtwoord-123"


def _world(settings):
    from koers.accounts.models import OidcIdentity, Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    settings.KOERS_OIDC_PROVIDER_NAME = "Microsoft"
    settings.KOERS_OIDC_ISSUER = "https://login.example.org/tenant"
    settings.OIDC_RP_CLIENT_ID = "koers"
    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test", short_name="SWV Test")
    beheerder = UserFactory(username="beheerder", first_name="Bea", last_name="Beheer")
    member(beheerder, swv, "beheerder")
    colleague = UserFactory(username="collega", first_name="Cor", last_name="Collega")
    membership = member(colleague, swv, "eigenaar")
    for user in (beheerder, colleague):
        OidcIdentity.objects.create(
            user=user,
            issuer=settings.KOERS_OIDC_ISSUER,
            subject=f"sub-{user.username}",
            email=f"{user.username}@example.org",
        )
    return membership


def test_the_beheerder_removes_a_colleagues_link_after_a_confirmation(page, transactional_db, settings):
    membership = _world(settings)
    login(page, "beheerder", PASSWORD, swv=None)
    page.goto(f"/account/gebruikers/{membership.pk}/")
    expect(page.get_by_text("gekoppeld met Microsoft (collega@example.org")).to_be_visible()
    with navigation(page):
        page.get_by_role("link", name="Koppeling verbreken").click()
    expect(page.get_by_role("heading", name="Koppeling van Cor Collega met Microsoft verbreken")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sso-koppeling-verbreken-beheerder")
    with navigation(page):
        page.get_by_role("button", name="Koppeling verbreken").click()
    expect(page.get_by_text("De koppeling van Cor Collega met Microsoft is verbroken.")).to_be_visible()
    expect(page.get_by_text("niet gekoppeld")).to_be_visible()


def test_the_user_removes_their_own_link_on_mijn_instellingen(page, transactional_db, settings):
    _world(settings)
    login(page, "collega", PASSWORD, swv=None)
    page.goto("/account/profiel/")
    expect(page.get_by_text("U logt ook in via Microsoft (collega@example.org).")).to_be_visible()
    with navigation(page):
        page.get_by_role("link", name="Koppeling met Microsoft verbreken").click()
    assert_accessible(page)
    screenshot(page, "sso-koppeling-verbreken")
    with navigation(page):
        page.get_by_role("button", name="Koppeling met Microsoft verbreken").click()
    expect(page.get_by_text("De koppeling met Microsoft is verbroken.")).to_be_visible()
    expect(page.get_by_text("U logt ook in via Microsoft")).to_have_count(0)
