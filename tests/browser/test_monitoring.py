"""Monitoring in the browser: import a register file, map an unknown export's columns, open an indicator page with
value, status and chart; axe on each page; screenshots monitoring.png and indicator.png."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, htmx_swap, login, navigation, screenshot, url_with

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "voorbeelden"


PASSWORD = "monitoring-wachtwoord-123"


@pytest.fixture
def spow(transactional_db):
    """SPOW from the demo when it loads; otherwise the same with factories. Returns (swv, username, password)."""
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS
    from koers.monitoring import demo as monitoring_demo
    from koers.organisations.models import School, Swv

    for code, name, description in ROLE_DEFINITIONS:  # a flush between tests drops the shipped roles
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    try:
        from koers.demo import setup

        setup.load()
        swv, username, password = Swv.objects.get(code="PO2806"), "beheerder", setup.DEMO_PASSWORD
    except Exception:
        from decimal import Decimal

        from koers_dev.testing.factories import IndicatorFactory, PlanFactory, UserFactory, member

        swv = Swv.objects.create(
            code="PO2806", name="Samenwerkingsverband Primair Onderwijs Westland", short_name="SPOW"
        )
        user = UserFactory(username="beheerder")
        user.set_password(PASSWORD)
        user.save()
        member(user, swv, "beheerder")
        plan = PlanFactory(swv=swv, code="spow-osp-2024-2028", first_year=2024, last_year=2027)
        IndicatorFactory(
            swv=swv,
            plan=plan,
            title="Maximaal 1% thuiszitters",
            norm_kind="drempel",
            norm_operator="<=",
            norm_value=Decimal(1),
            unit="%",
            norm_text="<= 1%",
        )
        username, password = "beheerder", PASSWORD
    for brin6 in ("19HY00", "19HY01"):
        School.unscoped.get_or_create(swv=swv, brin6=brin6, defaults={"name": f"Voorbeeldschool {brin6}"})
    monitoring_demo.generate(swv, seed=7, scale=0.2)
    return swv, username, password


def test_import_mapping_and_indicator(page, spow, tmp_path):
    from koers.monitoring.evaluation import indicator_series
    from koers.plans.models import Indicator
    from koers_dev.testing.factories import everything

    swv, username, password = spow
    login(page, username, password)
    with navigation(page, url="**/monitoring/"):
        page.get_by_role("link", name="Monitoring", exact=True).first.click()
    expect(page.get_by_role("heading", name="Monitoring", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("synthetisch")
    assert_accessible(page)
    screenshot(page, "monitoring")

    with navigation(page):
        page.get_by_role("link", name="Bestand importeren").click()
    page.get_by_label("Register").select_option("tlv")
    page.locator("#id_file").set_input_files(str(EXAMPLES / "register-tlv.csv"))
    with navigation(page):
        page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Toegevoegd")).to_be_visible()  # the import page polls with htmx until it is done
    assert_accessible(page)

    foreign = tmp_path / "export.csv"
    foreign.write_text("Zaak,Type,Begin\nZ1,AV,01-01-2025\n", encoding="utf-8")
    page.goto("/monitoring/koppelingen/")
    page.get_by_label("Naam van de koppeling").fill("Export leerplicht")
    page.get_by_label("Register").select_option("verzuim")
    page.locator("#sample").set_input_files(str(foreign))
    with navigation(page):
        page.get_by_role("button", name="Kolommen lezen").click()
    page.get_by_label("Veld voor kolom Zaak").select_option("meldingnummer")
    page.get_by_label("Veld voor kolom Type").select_option("soort")
    page.get_by_label("Veld voor kolom Begin").select_option("since")
    page.get_by_label("Soort").fill("AV=absoluut")
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("button", name="Koppeling opslaan").click()
    expect(page.get_by_text("Kolomkoppeling 'Export leerplicht' is opgeslagen.")).to_be_visible()
    # the saved choices come back when the mapping is opened again
    expect(page.get_by_label("Veld voor kolom Zaak")).to_have_value("meldingnummer")
    expect(page.get_by_label("Veld voor kolom Begin")).to_have_value("since")
    expect(page.get_by_label("Soort")).to_have_value("AV=absoluut")
    assert_accessible(page)
    screenshot(page, "monitoring-koppeling")

    indicator = next(i for i in Indicator.unscoped.filter(swv=swv) if indicator_series(i, everything(swv)))
    point = indicator_series(indicator, everything(swv))[-1]
    page.goto(f"/monitoring/indicator/{indicator.pk}/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(point.display)
    expect(page.locator("main")).to_contain_text(point.status_label)
    assert_accessible(page)
    screenshot(page, "indicator")


def test_indicator_breakdown_switch(page, spow):
    """Switch the breakdown of an indicator from schoolbestuur to werkgebied and school, with htmx (the URL follows
    the choice, so the no-JS GET form gives the same page). Each switch waits until htmx has settled: only then
    does the swapped-in form have its htmx triggers, so a choice made earlier would go nowhere."""
    from koers.organisations.models import School, Schoolbestuur, Werkgebied
    from koers.plans.models import Indicator

    swv, username, password = spow
    bestuur = Schoolbestuur.unscoped.create(swv=swv, name="Stichting Westland", bevoegd_gezag="41001")
    gebied = Werkgebied.unscoped.create(swv=swv, name="Naaldwijk")
    School.unscoped.filter(swv=swv, brin6__in=("19HY00", "19HY01")).update(bestuur=bestuur, werkgebied=gebied)
    indicator = Indicator.unscoped.filter(swv=swv, measure_code="tlv_afgegeven").first()
    if indicator is None:
        indicator = Indicator.unscoped.filter(swv=swv).first()
        indicator.measure_code, indicator.measure_params = "tlv_afgegeven", {"periode": "tertiaal"}
        indicator.save()
    login(page, username, password)
    page.goto(f"/monitoring/indicator/{indicator.pk}/")
    section = page.locator("#uitsplitsing")
    expect(section.get_by_role("table")).to_be_visible()
    expect(section).to_contain_text("per schoolbestuur")
    expect(section).to_contain_text("Stichting Westland")

    with htmx_swap(page):
        page.get_by_label("Uitsplitsen per").select_option("werkgebied")
    expect(section.get_by_role("table")).to_contain_text("per werkgebied")
    expect(section).to_contain_text("Naaldwijk")
    expect(page).to_have_url(url_with("uitsplitsing=werkgebied"))
    page.locator("#h-uitsplitsing").scroll_into_view_if_needed()
    screenshot(page, "monitoring-uitsplitsing")

    with htmx_swap(page):
        page.get_by_label("Uitsplitsen per").select_option("school")
    expect(section.get_by_role("table")).to_contain_text("per school,")
    with htmx_swap(page):
        page.get_by_label("Periode", exact=True).select_option("schooljaar")
    expect(section).to_contain_text("Periode: schooljaar")
    expect(section).to_contain_text("(19HY00)")
    expect(page).to_have_url(url_with("uitsplitsing=school"))
    assert_accessible(page)

    # without JavaScript the same choice is a plain GET form
    page.goto(f"/monitoring/indicator/{indicator.pk}/?uitsplitsing=werkgebied")
    expect(page.get_by_label("Uitsplitsen per")).to_have_value("werkgebied")
    expect(section).to_contain_text("Naaldwijk")
    page.locator("#h-uitsplitsing").scroll_into_view_if_needed()
    screenshot(page, "monitoring-uitsplitsing")
