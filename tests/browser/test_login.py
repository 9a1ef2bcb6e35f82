from koers.testing.factories import SwvFactory, UserFactory, member
from tests.browser.conftest import assert_accessible, screenshot


def test_login_and_home(page, transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, _description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name)})
    swv = SwvFactory(code="PO2801", name="Samenwerkingsverband Test")
    user = UserFactory(username="test")
    member(user, swv, "bureau")
    page.goto("/")
    assert "Inloggen" in page.title()
    assert_accessible(page)
    screenshot(page, "inloggen")
    page.get_by_label("Gebruikersnaam").fill("test")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("klopt niet").is_visible()
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Samenwerkingsverband Test").wait_for()
    assert_accessible(page)
