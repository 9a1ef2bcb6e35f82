"""The Vooruitblik of the demo: on the dashboard (a table and a chart with its band) and on an indicator page
(history, forecast line, interval band and the norm, with the table under it); checked with axe."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_vooruitblik_on_the_dashboard_and_an_indicator_page(page, demo):
    from koers.monitoring.forecast.series import FORECASTABLE
    from koers.plans.models import Indicator

    login(page, "bureau")
    with navigation(page):
        page.goto("/")
    heading = page.get_by_role("heading", name="Vooruitblik", exact=True)
    expect(heading).to_be_visible()
    section = page.locator("section.vooruitblik")
    expect(section.locator("svg.chart--forecast polygon.band")).to_be_attached()
    expect(section.get_by_text("Verwachte leerlingen met een TLV")).to_be_visible()
    assert_accessible(page)
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "vooruitblik-dashboard")

    # a participation indicator with a norm (SPPOH: SBO < 2,5 %), in its own SWV
    indicator = (
        Indicator.unscoped.filter(measure_code="deelname_sbo_incl_so", norm_kind="drempel")
        .select_related("swv")
        .order_by("pk")
        .first()
    ) or Indicator.unscoped.filter(measure_code__in=list(FORECASTABLE)).select_related("swv").order_by("pk").first()
    switch = page.locator("#swv-switch")
    if indicator.swv.short_name not in switch.locator("option:checked").inner_text():
        with navigation(page):
            switch.select_option(label=indicator.swv.short_name)
    with navigation(page):
        page.goto(reverse("monitoring:indicator", args=[indicator.pk]))
    block = page.locator("section.vooruitblik")
    expect(block.locator("svg.chart--forecast")).to_be_visible()
    expect(block.locator("table tbody tr").first).to_be_visible()
    assert_accessible(page)
    block.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "vooruitblik-indicator")
