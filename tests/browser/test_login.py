import re

from playwright.sync_api import expect

from koers_dev.testing.factories import SwvFactory, UserFactory, member
from tests.browser.conftest import assert_accessible, navigation, screenshot


def test_login_and_home(page, transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, _description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name)})
    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    user = UserFactory(username="test")
    member(user, swv, "bureau")
    page.goto("/")
    expect(page).to_have_title(re.compile("Inloggen"))
    assert_accessible(page)
    screenshot(page, "inloggen")
    page.get_by_label("Gebruikersnaam").fill("test")
    page.get_by_label("Wachtwoord").fill("fout")
    with navigation(page):
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("klopt niet")).to_be_visible()
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    with navigation(page, url=lambda url: "/inloggen/" not in url):
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Samenwerkingsverband Test")).to_be_visible()
    assert_accessible(page)
