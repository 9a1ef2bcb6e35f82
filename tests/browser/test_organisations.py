"""Organisation registry and user management in the browser: import the DUO example file as beheerder, see the
schools, invite a user; axe on the list, form and import pages."""

from pathlib import Path

import pytest

from tests.browser.conftest import assert_accessible, login, screenshot

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "voorbeelden" / "vestigingenbo-voorbeeld.csv"
PASSWORD = "organisatie-wachtwoord-123"


@pytest.fixture
def beheerder(transactional_db):
    """The demo's beheerder in SPOW (PO2806) when the demo loads; otherwise the same with factories."""
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:  # shipped by a data migration; a flush between tests drops them
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    try:
        from koers.demo import setup

        setup.load()
        return {"username": "beheerder", "password": setup.DEMO_PASSWORD}
    except Exception:
        pass
    from koers.organisations.models import Swv
    from koers.testing.factories import ActorFactory, UserFactory, member

    swv = Swv.objects.create(
        code="PO2806", name="Samenwerkingsverband Primair Onderwijs Westland", short_name="SPOW",
        main_colour="#00567a",
    )  # fmt: skip
    user = UserFactory(username="beheerder", first_name="Beheer", last_name="Koers")
    user.set_password(PASSWORD)
    user.save()
    member(user, swv, "beheerder")
    ActorFactory(swv=swv, name="Schoolbesturen", kind="rol")
    return {"username": "beheerder", "password": PASSWORD}


def test_import_schools_and_invite_user(page, beheerder):
    login(page, beheerder["username"], beheerder["password"])
    page.get_by_role("link", name="Organisatie", exact=True).click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)

    # import the DUO example: only the schools of this SWV (PO 28-06)
    page.get_by_role("link", name="DUO-adressenbestand importeren").first.click()
    page.get_by_role("heading", name="Organisatie importeren").wait_for()
    assert_accessible(page)
    page.get_by_label("DUO-adressenbestand (vestigingenbo.csv)").check()
    page.locator("#id_file").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Opgeslagen.").wait_for()
    result = page.locator("section[aria-labelledby=report-title]").inner_text()
    assert "Scholen" in result and "2 rijen van een ander samenwerkingsverband" in result
    assert_accessible(page)

    # the schools, with search and export
    page.get_by_role("link", name="Naar de scholen").click()
    page.get_by_role("heading", name="Scholen", level=1).wait_for()
    table = page.locator("table")
    assert "Basisschool De Voorbeeldboom" in table.inner_text()
    assert "Het Nepmeer" not in table.inner_text()
    from koers.organisations.models import School

    schools = School.unscoped.filter(swv__code="PO2806")  # the demo's synthetic schools plus the 7 imported
    assert schools.filter(brin6__startswith="99X").count() == 7
    assert page.locator("tbody tr").count() == schools.count()
    page.get_by_label("Soort").select_option("SBO")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**soort=SBO*")
    assert page.locator("tbody tr").count() == schools.filter(school_type="SBO").count() >= 1
    assert_accessible(page)
    page.get_by_role("link", name="Alle tonen").click()
    page.wait_for_load_state()
    screenshot(page, "organisatie")

    # a school's form
    page.get_by_role("link", name="99XD00").click()
    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Naam").wait_for()
    assert_accessible(page)
    page.get_by_label("Werkgebied of kern").wait_for()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("is opgeslagen").wait_for()

    # invite a user
    page.get_by_role("link", name="Gebruikers", exact=True).click()
    page.get_by_role("heading", name="Gebruikers", level=1).wait_for()
    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    page.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    page.get_by_label("Voornaam").fill("Nieuwe")
    page.get_by_label("Achternaam").fill("Collega")
    page.get_by_label("Rol").select_option(label="Eigenaar")
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("is uitgenodigd als Eigenaar").wait_for()
    # an invitation waits for acceptance; no access yet (ADR 0010)
    pending = page.get_by_role("table", name="Openstaande uitnodigingen").inner_text()
    assert "nieuwe.collega@example.org" in pending and "wacht op acceptatie" in pending
    assert_accessible(page)
    screenshot(page, "gebruikers")


def test_every_register_page_is_accessible(page, beheerder):
    from koers.organisations.registry import KINDS

    login(page, beheerder["username"], beheerder["password"])
    for slug in KINDS:
        page.goto(f"/organisatie/{slug}/nieuw/")
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page)
        page.goto(f"/organisatie/{slug}/")
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page)
    page.goto("/organisatie/samenwerkingsverband/")
    page.get_by_label("Hoofdkleur").fill("#ffdd00")
    page.get_by_role("button", name="Opslaan").click()
    page.locator("#id_main_colour_error").get_by_text("Dat is te weinig").wait_for()
    summary = page.locator("[data-error-summary]")  # the error summary on top gets the focus
    assert "Hoofdkleur" in summary.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    page.goto("/account/meldingen/")
    page.get_by_role("heading", name="Mijn meldingen").wait_for()
    assert_accessible(page)
    page.goto("/account/gebruikers/")
    page.locator("tbody a").first.click()
    page.get_by_role("button", name="Opslaan").wait_for()
    assert_accessible(page)
