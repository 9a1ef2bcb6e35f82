"""Dashboard → indicator → report preview → issue → download the PDF from the archive; axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

PASSWORD = "rapportage-wachtwoord-123"


@pytest.fixture
def report_world(transactional_db, monkeypatch):
    """The demo SWV SPOW when the demo loads; otherwise a plan in the same shape built with factories."""
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS
    from koers.reports import indicators as adapter
    from koers.reports.tests.world import VALUES, build_world, fake_evaluation

    for code, name, description in ROLE_DEFINITIONS:  # a transactional test empties the tables of data migrations
        Role.objects.get_or_create(code=code, defaults={"name": name, "description": description})

    try:
        from koers.demo import setup

        swvs = setup.load()
        from koers.plans.models import YearPlan

        YearPlan.unscoped.get(plan__swv=swvs["SPOW"], school_year=2024)
        return {"username": "bureau", "password": setup.DEMO_PASSWORD, "year_plan_title": "2024-2025"}
    except Exception:
        pass
    from koers_dev.testing.factories import SwvFactory, UserFactory, member

    monkeypatch.setattr(adapter, "_evaluation", lambda: fake_evaluation(dict(VALUES)))
    swv = SwvFactory(code="PO2806", name="Samenwerkingsverband Primair Onderwijs Westland", short_name="SPOW")
    swv.is_demo = True
    swv.save()
    build_world(swv)
    user = UserFactory(username="rapporteur", first_name="Marike", last_name="van Brakel")
    user.set_password(PASSWORD)
    user.save()
    member(user, swv, "bureau")
    return {"username": "rapporteur", "password": PASSWORD, "year_plan_title": "2024-2025"}


def test_dashboard_indicator_preview_issue_and_download(page, report_world, tmp_path):
    login(page, report_world["username"], report_world["password"])
    page.goto("/?schooljaar=2024&tertiaal=2024-T3")
    expect(page.get_by_role("heading", name=re.compile("Indicatoren per thema en doel"))).to_be_visible()
    expect(page.get_by_text("synthetisch").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "rapportage-dashboard")

    # a figure on the dashboard leads to its detail: the indicator page
    indicators = page.locator("section[aria-labelledby=indicators-title] ul.indicator-matrix a.indicator-cell__title")
    title = indicators.first.locator(".indicator-cell__name").inner_text().rstrip("…").strip()
    with navigation(page, url="**/monitoring/indicator/*/**"):
        indicators.first.click()
    expect(page.locator("h1")).to_contain_text(title[:40])

    # back to the dashboard: make the tertiaalrapportage of T3 2024
    page.goto("/?schooljaar=2024&tertiaal=2024-T3")
    with navigation(page):
        page.get_by_role("link", name="Tertiaalrapportage T3 2024 maken").click()
    with navigation(page):
        page.get_by_role("button", name="Voorbeeld maken").click()
    expect(page.get_by_role("heading", name="Voorbeeld")).to_be_visible()
    expect(page.get_by_text("Concept: dit voorbeeld toont de gegevens van nu")).to_have_count(1)
    page.get_by_role("textbox", name="Inleiding").fill("In dit tertiaal is het nieuwe ondersteuningsplan gestart.")
    page.get_by_role("textbox", name="Conclusie").fill("De thuiszitters vragen in T1 2025 extra aandacht.")
    with navigation(page):
        page.get_by_role("button", name="Tekst opslaan").click()
    expect(page.get_by_text("De tekst van de rapportage is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("In dit tertiaal is het nieuwe ondersteuningsplan gestart.").first).to_be_visible()
    assert_accessible(page)
    # page 1 of the board pack in the preview: the key figures and the progress per theme
    expect(page.get_by_role("list", name="Kerncijfers")).to_be_visible()
    expect(page.locator(".report-preview table.progress-table caption")).to_contain_text("Voortgang en budget per")
    for chart in page.locator(".report-preview figure.chart").all():  # not spread over the whole preview
        assert chart.bounding_box()["width"] <= 36 * 16 + 1
    page.get_by_role("heading", name="Voorbeeld").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 60)")  # synchronous, unlike a mouse wheel
    screenshot(page, "rapportage-voorbeeld")

    with navigation(page):
        page.get_by_role("button", name="Uitbrengen").click()
    expect(page.get_by_role("heading", name=re.compile("uitbrengen\\?$"))).to_be_visible()
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("button", name="Ja, uitbrengen").click()
    expect(page.get_by_text("Deze rapportage is bevroren")).to_have_count(1)

    # the archive lists it with who and when, and serves the frozen PDF
    with navigation(page, url="**/rapportages/"):
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    row = page.locator("tr", has_text="Tertiaalrapportage T3 2024")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Marike van Brakel")
    assert_accessible(page)
    screenshot(page, "rapportage-archief")
    with page.expect_download() as info:
        row.get_by_role("link", name=re.compile("^PDF")).click()
    download = info.value
    target = tmp_path / "rapportage.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
    with page.expect_download() as info:  # the board pack as a presentation
        row.get_by_role("link", name=re.compile("^PowerPoint")).click()
    assert info.value.suggested_filename.endswith(".pptx")


def test_standard_outputs_page_is_accessible(page, report_world):
    login(page, report_world["username"], report_world["password"])
    page.goto("/rapportages/")
    with navigation(page):
        page.get_by_role("link", name=re.compile("^Standaarduitvoer")).click()
    expect(page.get_by_role("heading", name="Standaarduitvoer")).to_be_visible()
    assert_accessible(page)
