"""Organisation registry and user management in the browser: import the DUO example file as beheerder, see the
schools, invite a user; axe on the list, form and import pages."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot, url_with

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
    from koers_dev.testing.factories import ActorFactory, UserFactory, member

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
    with navigation(page, url="**/organisatie/"):
        page.get_by_role("link", name="Organisatie", exact=True).click()
    assert_accessible(page)

    # import the DUO example: only the schools of this SWV (PO 28-06)
    with navigation(page):
        page.get_by_role("link", name="DUO-adressenbestand importeren").first.click()
    expect(page.get_by_role("heading", name="Organisatie importeren")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("DUO-adressenbestand (vestigingenbo.csv)").check()
    page.locator("#id_file").set_input_files(str(EXAMPLE))
    with navigation(page, url="**/importeren/*/"):
        page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Import klaar")).to_be_visible()  # read by the task worker (ADR 0036)
    with navigation(page):
        page.get_by_role("link", name="Verder").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    result = page.locator("section[aria-labelledby=report-title]")
    expect(result).to_contain_text("Scholen")
    expect(result).to_contain_text("2 rijen van een ander samenwerkingsverband")
    assert_accessible(page)

    # the schools, with search and export
    with navigation(page):
        page.get_by_role("link", name="Naar de scholen").click()
    expect(page.get_by_role("heading", name="Scholen", level=1)).to_be_visible()
    table = page.locator("table")
    expect(table).to_contain_text("Basisschool De Voorbeeldboom")
    expect(table).not_to_contain_text("Het Nepmeer")
    from koers.organisations.models import School

    schools = School.unscoped.filter(swv__code="PO2806")  # the demo's synthetic schools plus the 7 imported
    assert schools.filter(brin6__startswith="99X").count() == 7
    expect(page.locator("tbody tr")).to_have_count(schools.count())
    page.get_by_label("Soort").select_option("SBO")
    with navigation(page, url=url_with("soort=SBO")):
        page.get_by_role("button", name="Toon").click()
    sbo = schools.filter(school_type="SBO").count()
    assert sbo >= 1
    expect(page.locator("tbody tr")).to_have_count(sbo)
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("link", name="Alle tonen").click()
    screenshot(page, "organisatie")

    # a school's form
    with navigation(page):
        page.get_by_role("link", name="99XD00").click()
    with navigation(page):
        page.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_label("Naam")).to_be_visible()
    expect(page.get_by_label("Werkgebied of kern")).to_be_visible()
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("is opgeslagen")).to_be_visible()

    # invite a user
    with navigation(page):
        page.get_by_role("link", name="Gebruikers", exact=True).click()
    expect(page.get_by_role("heading", name="Gebruikers", level=1)).to_be_visible()
    with navigation(page):
        page.get_by_role("link", name="Gebruiker uitnodigen").click()
    page.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    page.get_by_label("Voornaam").fill("Nieuwe")
    page.get_by_label("Achternaam").fill("Collega")
    page.get_by_label("Rol").select_option(label="Eigenaar")
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("is uitgenodigd als Eigenaar")).to_be_visible()
    # an invitation waits for acceptance; no access yet (ADR 0010)
    pending = page.get_by_role("table", name="Openstaande uitnodigingen")
    expect(pending).to_contain_text("nieuwe.collega@example.org")
    expect(pending).to_contain_text("wacht op acceptatie")
    assert_accessible(page)
    screenshot(page, "gebruikers")


def test_every_register_page_is_accessible(page, beheerder):
    from koers.organisations.registry import KINDS

    login(page, beheerder["username"], beheerder["password"])
    for slug in KINDS:
        page.goto(f"/organisatie/{slug}/nieuw/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        page.goto(f"/organisatie/{slug}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto("/organisatie/samenwerkingsverband/")
    page.get_by_label("Hoofdkleur").fill("#ffdd00")
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_main_colour_error").get_by_text("Dat is te weinig")).to_be_visible()
    summary = page.locator("[data-error-summary]")  # the error summary on top gets the focus
    expect(summary).to_contain_text("Hoofdkleur")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.goto("/account/meldingen/")
    expect(page.get_by_role("heading", name="Mijn meldingen")).to_be_visible()
    assert_accessible(page)
    page.goto("/account/gebruikers/")
    with navigation(page):
        page.locator("tbody a").first.click()
    expect(page.get_by_role("button", name="Opslaan")).to_be_visible()
    assert_accessible(page)
