"""The expected afdrachten on the Geld page of the demo (SPOW): the chart with its range and the begroting as norm,
and the same figures in the table, checked with axe; a screenshot for the user guide (geld-vooruitblik.png)."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_the_forecast_of_the_afdrachten_on_the_money_page(page, demo):
    login(page, "bureau")
    with navigation(page):
        page.goto("/geld/")
    section = page.locator("section.afdrachten-forecast")
    expect(section.get_by_role("heading", name="Verwachte verplichte afdrachten")).to_be_visible()
    chart = section.locator("svg.afdrachten-forecast")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="begroting (norm)")).to_have_count(1)  # the legend
    expect(chart.locator("line[stroke='#b42318']")).not_to_have_count(0)  # the norm: the begroting
    table = section.locator("table")
    expect(table.get_by_role("rowheader")).to_have_count(3)  # this school year and the next two
    expect(table.get_by_role("cell", name="verwacht", exact=True).first).to_be_visible()  # a coming teldatum
    assert_accessible(page)
    page.evaluate("document.getElementById('afdr-forecast-title').scrollIntoView()")
    screenshot(page, "geld-vooruitblik")
