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
    heading.scroll_into_view_if_needed()
    screenshot(page, "vooruitblik-dashboard")

    indicator = (
        Indicator.unscoped.filter(swv__short_name="SPOW", measure_code__in=list(FORECASTABLE))
        .exclude(norm_kind__in=("", "geen", "trend", "mijlpaal", "nulmeting"))
        .order_by("pk")
        .first()
    ) or Indicator.unscoped.filter(swv__short_name="SPOW", measure_code__in=list(FORECASTABLE)).order_by("pk").first()
    with navigation(page):
        page.goto(reverse("monitoring:indicator", args=[indicator.pk]))
    block = page.locator("section.vooruitblik")
    expect(block.locator("svg.chart--forecast")).to_be_visible()
    expect(block.locator("table tbody tr").first).to_be_visible()
    assert_accessible(page)
    block.scroll_into_view_if_needed()
    screenshot(page, "vooruitblik-indicator")
