"""Monitoring in the browser: import a register file, map an unknown export's columns, open an indicator page with
value, status and chart; axe on each page; screenshots monitoring.png and indicator.png."""

from pathlib import Path

import pytest

from tests.browser.conftest import assert_accessible, login, screenshot

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

        from koers.testing.factories import IndicatorFactory, PlanFactory, UserFactory, member

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

    swv, username, password = spow
    login(page, username, password)
    page.get_by_role("link", name="Monitoring", exact=True).first.click()
    page.get_by_role("heading", name="Monitoring", level=1).wait_for()
    assert "synthetisch" in page.content()
    assert_accessible(page)
    screenshot(page, "monitoring")

    page.get_by_role("link", name="Bestand importeren").click()
    page.get_by_label("Register").select_option("tlv")
    page.locator("#id_file").set_input_files(str(EXAMPLES / "register-tlv.csv"))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Toegevoegd").wait_for()
    assert_accessible(page)

    foreign = tmp_path / "export.csv"
    foreign.write_text("Zaak,Type,Begin\nZ1,AV,01-01-2025\n", encoding="utf-8")
    page.goto("/monitoring/koppelingen/")
    page.get_by_label("Naam van de koppeling").fill("Export leerplicht")
    page.get_by_label("Register").select_option("verzuim")
    page.locator("#sample").set_input_files(str(foreign))
    page.get_by_role("button", name="Kolommen lezen").click()
    page.get_by_label("Veld voor kolom Zaak").select_option("meldingnummer")
    page.get_by_label("Veld voor kolom Type").select_option("soort")
    page.get_by_label("Veld voor kolom Begin").select_option("since")
    page.get_by_label("Soort").fill("AV=absoluut")
    assert_accessible(page)
    page.get_by_role("button", name="Koppeling opslaan").click()
    page.get_by_text("Kolomkoppeling 'Export leerplicht' is opgeslagen.").wait_for()
    # the saved choices come back when the mapping is opened again
    assert page.get_by_label("Veld voor kolom Zaak").input_value() == "meldingnummer"
    assert page.get_by_label("Veld voor kolom Begin").input_value() == "since"
    assert page.get_by_label("Soort").input_value() == "AV=absoluut"
    assert_accessible(page)
    screenshot(page, "monitoring-koppeling")

    indicator = next(i for i in Indicator.unscoped.filter(swv=swv) if indicator_series(i))
    point = indicator_series(indicator)[-1]
    page.goto(f"/monitoring/indicator/{indicator.pk}/")
    page.locator("svg[role=img]").first.wait_for()
    text = page.locator("main").inner_text()
    assert point.display in text and point.status_label in text
    assert_accessible(page)
    screenshot(page, "indicator")


def test_indicator_breakdown_switch(page, spow):
    """Switch the breakdown of an indicator from schoolbestuur to werkgebied and school, with htmx (the URL follows
    the choice, so the no-JS GET form gives the same page)."""
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
    section.get_by_role("table").wait_for()
    assert "per schoolbestuur" in section.inner_text() and "Stichting Westland" in section.inner_text()

    page.get_by_label("Uitsplitsen per").select_option("werkgebied")
    section.get_by_text("per werkgebied").first.wait_for()
    assert "Naaldwijk" in page.locator("#uitsplitsing").inner_text()
    page.evaluate("document.getElementById('h-uitsplitsing').scrollIntoView()")
    screenshot(page, "monitoring-uitsplitsing")
    assert "uitsplitsing=werkgebied" in page.url

    page.get_by_label("Uitsplitsen per").select_option("school")
    page.locator("#uitsplitsing").get_by_text("per school,").wait_for()
    page.get_by_label("Periode", exact=True).select_option("schooljaar")
    page.locator("#uitsplitsing").get_by_text("Periode: schooljaar").wait_for()
    text = page.locator("#uitsplitsing").inner_text()
    assert "(19HY00)" in text and "Periode: schooljaar" in text
    assert_accessible(page)

    # without JavaScript the same choice is a plain GET form
    page.goto(f"/monitoring/indicator/{indicator.pk}/?uitsplitsing=werkgebied")
    assert page.get_by_label("Uitsplitsen per").input_value() == "werkgebied"
    assert "Naaldwijk" in page.locator("#uitsplitsing").inner_text()
    page.evaluate("document.getElementById('h-uitsplitsing').scrollIntoView()")
    screenshot(page, "monitoring-uitsplitsing")
