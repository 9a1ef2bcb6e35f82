"""The "Geld" section of the demo (SPOW): on the dashboard and on the money page, with the trend charts of the
ratios and their tables, checked with axe; screenshots for the user guide (dashboard-geld.png, geld.png)."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_money_on_the_dashboard_and_the_money_page(page, demo):
    login(page, "bureau")
    with navigation(page):
        page.goto("/")
    section = page.locator("section.dashboard-money")
    expect(section.get_by_role("heading", name="Geld")).to_be_visible()
    expect(section.get_by_text("EUR -348.261")).to_be_visible()  # the begroting's result (SPOW 2024-2025)
    expect(section.get_by_text("mogelijk bovenmatig")).to_be_visible()
    section.scroll_into_view_if_needed()
    page.evaluate("document.getElementById('money-title').scrollIntoView()")
    screenshot(page, "dashboard-geld")
    with navigation(page):
        section.get_by_role("link", name="Alles over geld").click()
    expect(page.get_by_role("heading", name="Verplichte afdrachten schooljaar 2024-2025 per categorie")).to_be_visible()
    expect(page.locator("svg.finance-chart")).to_have_count(5)  # with the expected afdrachten (ADR 0038)
    assert_accessible(page)
    page.evaluate("document.getElementById('contrib-title').scrollIntoView()")
    screenshot(page, "geld")
    with navigation(page):
        page.goto("/geld/netwerk/")
    expect(page.get_by_role("cell", name="SBO De Springplank")).to_be_visible()
    assert_accessible(page)
