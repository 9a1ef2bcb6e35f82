"""The trajectory to a new ondersteuningsplan in the browser (issue 16, part t16traj): the bureau creates the
trajectory, records a thematafel with two outcomes, links one to a doel of the draft, marks the other not used with
a reason, records the OPR instemming and the OOGO, and the public page shows the progress."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot, url_with

TODAY = date(2026, 3, 20)  # in the besluitvorming of the plan 2026-2030


@pytest.fixture
def draft(demo):
    from koers.organisations.models import Swv
    from koers_dev.testing.factories import GoalFactory, PlanFactory, ThemeFactory

    spow = Swv.objects.get(short_name="SPOW")
    plan = PlanFactory(
        swv=spow,
        code="spow-osp-2026",
        title="Ondersteuningsplan SPOW 2026-2030",
        first_year=2026,
        last_year=2029,
        status="concept",
    )
    theme = ThemeFactory(plan=plan, swv=spow, code="1", title="Samen met ouders")
    GoalFactory(theme=theme, plan=plan, swv=spow, code="1.1", title="Ouders zijn partner bij de ondersteuning")
    return plan


def test_bureau_runs_the_trajectory_and_the_public_page_follows(page, draft, settings):
    settings.KOERS_TODAY = TODAY  # after the demo is loaded: the demo itself stays where the test date puts it
    login(page, "bureau")
    page.goto("/plannen/")
    with navigation(page):
        page.get_by_role("link", name="Traject nieuw plan").click()
    with navigation(page):
        page.get_by_role("link", name="Nieuw traject").click()
    page.get_by_label("Eerste schooljaar van het nieuwe plan").fill("2026")
    page.get_by_label("Conceptplan").select_option(label=draft.title)
    with navigation(page, url=url_with("/traject/")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Naar het ondersteuningsplan 2026-2030")).to_be_visible()
    expect(page.get_by_role("row", name="Besluitvorming")).to_contain_text("Nu")
    expect(page.get_by_role("row", name="OOGO met Westland")).to_be_visible()
    expect(page.get_by_role("row", name="Instemming OPR")).to_contain_text("te laat")  # planned 15-02, not done
    assert_accessible(page)
    trajectory_url = page.url

    # a thematafel with two outcomes
    with navigation(page):
        page.get_by_role("link", name="Thematafel toevoegen").click()
    page.get_by_label("Titel").fill("Thematafel ouders Westland")
    page.get_by_label("Voor de groep").select_option(label="Ouders")
    page.get_by_label("Datum").fill("2025-02-11")
    page.get_by_label("Nieuwe thema's").fill("Ouderbetrokkenheid")
    page.get_by_label("Deelnemers: Ouders").fill("14")
    page.get_by_label("Openbaar", exact=True).check()
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("row", name="Ouders")).to_contain_text("14")

    with navigation(page):
        page.get_by_role("link", name="Opbrengst toevoegen").click()
    page.get_by_label("Thema (verplicht)", exact=True).select_option(label="Ouderbetrokkenheid")
    page.get_by_label("Wat we hoorden").fill("Ouders willen eerder meepraten over extra ondersteuning.")
    page.get_by_label("Wat we ermee deden").select_option(label="Overgenomen")
    page.get_by_label("1.1 Ouders zijn partner bij de ondersteuning").check()
    page.get_by_label("Openbaar", exact=True).check()
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()

    with navigation(page):
        page.get_by_role("link", name="Opbrengst toevoegen").click()
    page.get_by_label("Thema (verplicht)", exact=True).select_option(label="Ouderbetrokkenheid")
    page.get_by_label("Wat we hoorden").fill("Een eigen ouderloket in elke wijk.")
    page.get_by_label("Wat we ermee deden").select_option(label="Niet overgenomen")
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Geef de reden waarom deze opbrengst niet is overgenomen.").first).to_be_visible()
    page.get_by_label("Reden").fill("Het ouder- en jeugdsteunpunt doet dit al voor het hele Westland.")
    page.get_by_label("Openbaar", exact=True).check()
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het ouder- en jeugdsteunpunt doet dit al")).to_be_visible()
    screenshot(page, "traject-thematafel")

    # the doel of the draft shows where it came from
    from koers.plans.models import Goal

    goal = Goal.unscoped.get(plan=draft, code="1.1")
    page.goto(f"/plannen/onderdeel/doel/{goal.pk}/wijzigen/")
    expect(page.get_by_role("heading", name="Waar dit vandaan komt: wat we hoorden")).to_be_visible()
    expect(page.get_by_text("Ouders willen eerder meepraten")).to_be_visible()

    # OPR instemming and the OOGO
    page.goto(trajectory_url)
    settle_step(page, "Instemming OPR", "2026-02-10", "Instemming verleend")
    expect(page.get_by_role("row", name="Instemming OPR")).to_contain_text("Bij het plan: Ondersteuningsplanraad")
    settle_step(page, "OOGO met Westland", "2026-02-24", "Overeenstemming bereikt")
    with navigation(page):
        page.get_by_role("link", name="Traject wijzigen").click()
    page.get_by_label("Voortgang openbaar").check()
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    screenshot(page, "traject")

    # the public page shows the progress, the public outcomes and the decisions
    page.goto("/openbaar/PO2806/")
    section = page.locator("section", has=page.get_by_role("heading", name="Op weg naar het nieuwe ondersteuningsplan"))
    expect(section).to_contain_text("Nu: Besluitvorming")
    expect(section).to_contain_text("Instemming OPR: instemming verleend op 10-02-2026")
    expect(section).to_contain_text("OOGO met Westland")
    expect(section).to_contain_text("Ouders willen eerder meepraten")
    expect(section).to_contain_text("14 deelnemers")
    expect(section).to_contain_text("Een eigen ouderloket in elke wijk.")
    expect(section).to_contain_text("niet overgenomen")
    assert_accessible(page)
    section.scroll_into_view_if_needed()
    screenshot(page, "traject-openbaar")


def settle_step(page, name, done_on, outcome):
    with navigation(page):
        page.get_by_role("link", name=f"Vastleggen {name}").click()
    page.get_by_label("Datum van het besluit of de indiening").fill(done_on)
    page.get_by_label("Uitkomst").select_option(label=outcome)
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De stap is opgeslagen.")).to_be_visible()
