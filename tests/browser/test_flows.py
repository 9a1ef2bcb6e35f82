"""Leerlingstromen in the demo (SPOW): the dashboard section (chart and table), the page of differences between
the TLV register and DUO's list, and the section in the board pack preview; screenshots for the user guide."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_flows_on_the_dashboard_the_mismatch_page_and_the_board_pack(page, demo):
    login(page, "bureau")
    with navigation(page):
        page.goto("/")
    section = page.locator("section.flows")
    expect(section.get_by_role("heading", name="Leerlingstromen")).to_be_visible()
    expect(section.locator("svg[role=img]")).to_be_visible()
    expect(section.locator("table").first.locator("tbody tr").first).to_be_visible()
    assert_accessible(page)
    section.scroll_into_view_if_needed()
    screenshot(page, "dashboard-leerlingstromen")

    with navigation(page):
        section.get_by_role("link", name="De verschillen per beschikkingsnummer").click()
    expect(page.get_by_role("heading", name="Alleen bij DUO")).to_be_visible()
    expect(page.locator("tbody tr th").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "leerlingstromen-verschillen")

    page.goto("/?schooljaar=2024&tertiaal=2024-T3")
    with navigation(page):
        page.get_by_role("link", name="Tertiaalrapportage T3 2024 maken").click()
    with navigation(page):
        page.get_by_role("button", name="Voorbeeld maken").click()
    board = page.locator("#leerlingstromen")
    expect(board.get_by_role("heading", name="Leerlingstromen")).to_be_visible()
    expect(board.locator("svg")).to_be_visible()
    board.scroll_into_view_if_needed()
    screenshot(page, "boardpack-leerlingstromen")
