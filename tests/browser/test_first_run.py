"""The whole first-run setup in a phone-sized browser: from an empty database to a plan with one activity and an
invited colleague, with axe on every step and screenshots for the user guide (docs/handleiding/inrichten.md)."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "voorbeelden"
PASSWORD = "Zeer-geheim-wachtwoord-42"


@pytest.fixture
def empty_installation(transactional_db):
    """No accounts and no SWV's: a brand-new installation (deliberately without the demo data)."""
    from koers.accounts.models import User
    from koers.onboarding.middleware import FirstRunMiddleware
    from koers.organisations.models import Swv

    assert not User.objects.exists() and not Swv.objects.exists()
    FirstRunMiddleware.installed = False


def _logo_file(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 64), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([4, 4, 60, 60], fill=(29, 79, 145))
    draw.text((70, 24), "SWV", fill=(29, 79, 145))
    out = io.BytesIO()
    image.save(out, format="PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(out.getvalue())
    return path


def _check(page, name):
    assert_accessible(page)  # waits until the page has loaded and settled
    screenshot(page, name)


def test_first_run_from_empty_database_to_plan_activity_and_invitation(page, empty_installation, tmp_path):
    from koers.accounts.models import Invitation, Membership
    from koers.organisations.models import School, Swv, SwvLogo
    from koers.plans.models import Activity, Plan

    page.set_viewport_size({"width": 390, "height": 844})

    # 1. the open start: own account and the SWV
    page.goto("/inrichten/")
    _check(page, "inrichten-start")
    page.get_by_label("Voornaam").fill("Anna")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("E-mailadres").fill("anna@swv-westland.example")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("SWV-code").fill("PO 28")  # a typing error: a clear message, nothing saved
    page.get_by_label("Naam van het samenwerkingsverband").fill("Samenwerkingsverband Westland")
    page.get_by_label("Korte naam").fill("SPOW")
    with navigation(page):
        page.get_by_role("button", name="Account en samenwerkingsverband maken").click()
    expect(page.get_by_text("Dit is geen SWV-code")).to_be_visible()
    _check(page, "inrichten-fout")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("SWV-code").fill("PO 28-06")
    with navigation(page):
        page.get_by_role("button", name="Account en samenwerkingsverband maken").click()

    # 2. the step overview
    expect(page.get_by_text("Welkom, Anna")).to_be_visible()
    _check(page, "inrichten-stappen")
    with navigation(page):
        page.get_by_role("link", name="Verder met: Scholen en schoolbesturen").click()

    # 3. schools and boards from the DUO file
    page.locator("#id_file").set_input_files(str(EXAMPLES / "vestigingenbo-voorbeeld.csv"))
    _check(page, "inrichten-scholen")
    with navigation(page, url="**/importeren/*/"):
        page.get_by_role("button", name="Bestand inlezen").click()
    expect(page.get_by_text("Import klaar")).to_be_visible()  # read by the task worker (ADR 0036)
    with navigation(page, url="**/inrichten/stap/plan/"):
        page.get_by_role("link", name="Verder").click()
    expect(page.get_by_text("is ingelezen")).to_be_visible()

    # 4. the ondersteuningsplan from a template of levels
    _check(page, "inrichten-plan")
    with navigation(page):
        page.get_by_role("link", name="Sjabloon kiezen").click()
    page.get_by_label("Thema → Ambitie → Indicator → Project → Activiteit").check()
    _check(page, "inrichten-plan-sjabloon")
    with navigation(page):
        page.get_by_role("button", name="Plan maken").click()
    expect(page.get_by_text("is gemaakt")).to_be_visible()

    # 5. the first jaarplan and activity
    page.get_by_label("Wat gaat u doen?").fill("Ondersteuningsprofielen van alle scholen bijwerken")
    page.get_by_label("Start").fill("T3 2025")
    _check(page, "inrichten-jaarplan")
    with navigation(page):
        page.get_by_role("button", name="Jaarplan en activiteit opslaan").click()
    expect(page.get_by_text("de eerste activiteit zijn opgeslagen")).to_be_visible()

    # 6. the logo (optional)
    page.locator("#id_logo").set_input_files(str(_logo_file(tmp_path)))
    _check(page, "inrichten-logo")
    with navigation(page):
        page.get_by_role("button", name="Logo opslaan").click()
    expect(page.get_by_alt_text("Logo Samenwerkingsverband Westland").first).to_be_visible()

    # 7. invite a colleague, then leave ("later verder") and come back after logging in again
    page.get_by_label("E-mailadres").fill("bob@swv-westland.example")
    page.get_by_label("Voornaam").fill("Bob")
    page.get_by_label("Rol").select_option(label="Bureau")
    _check(page, "inrichten-uitnodigen")
    with navigation(page):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("bob@swv-westland.example is uitgenodigd")).to_be_visible()
    with navigation(page):
        page.get_by_role("button", name="Later verder").click()
    expect(page.get_by_text("Wat u hebt ingevuld is bewaard")).to_be_visible()
    page.context.clear_cookies()
    login(page, "anna", PASSWORD, swv=None)
    page.goto("/inrichten/")
    with navigation(page):
        page.get_by_role("link", name="Verder met: Collega's uitnodigen").click()
    with navigation(page):
        page.get_by_role("button", name="Klaar met uitnodigen").click()
    expect(page.get_by_text("Alle stappen zijn gedaan")).to_be_visible()
    _check(page, "inrichten-klaar")

    swv = Swv.objects.get()
    assert swv.code == "PO2806"
    assert School.unscoped.filter(swv=swv).count() == 7
    plan = Plan.unscoped.get(swv=swv)
    assert plan.goal_label == "Ambitie"
    assert Activity.unscoped.get(year_plan__plan=plan).description.startswith("Ondersteuningsprofielen")
    # Bob is invited; he gets access only by accepting the link in his mail (ADR 0010)
    assert Invitation.unscoped.pending().filter(swv=swv, email="bob@swv-westland.example", role__code="bureau").exists()
    assert not Membership.unscoped.filter(swv=swv, user__email="bob@swv-westland.example").exists()
    assert SwvLogo.objects.filter(swv=swv).exists()

    # the open start has closed itself
    page.context.clear_cookies()
    page.goto("/inrichten/")
    expect(page).to_have_url(re.compile("/inloggen/"))
