"""The dashboard of the demo: per speerpunt a bar of activities and a matrix of indicators with sparklines, what
changed since the last tertiaal, a table beside every chart; at desktop and phone width, checked with axe."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def _check(page):
    expect(page.get_by_text(re.compile(r"gemeten t/m 21-07-2025")).first).to_be_visible()  # T2 2025 runs
    expect(page.get_by_role("heading", name="Wat is veranderd sinds T1 2025")).to_be_visible()
    bar = page.locator("figure.chart-figure--bar svg[role=img]").first
    expect(bar).to_be_visible()
    expect(page.locator(".indicator-matrix .indicator-cell").first).to_be_visible()
    expect(page.locator(".indicator-cell svg.sparkline").first).to_be_attached()


def _open_table(page):
    table = page.locator("details.table-alternative").first
    table.locator("summary").click()
    expect(table.locator("table")).to_be_visible()
    expect(table.locator("tbody tr").first).to_be_visible()


def test_dashboard_desktop_and_phone(page, demo):
    login(page, "bureau")
    with navigation(page):
        page.goto("/")
    _check(page)
    assert_accessible(page)
    page.locator(".dashboard-theme").first.scroll_into_view_if_needed()
    screenshot(page, "dashboard")
    _open_table(page)
    # the figures of a cell are those of the indicator page for the same tertiaal
    cell = page.locator(".indicator-cell").first
    shown = cell.locator(".indicator-cell__value strong").inner_text()
    with navigation(page, url=re.compile(r"tertiaal=2025-T2")):
        cell.locator("a.indicator-cell__title").click()
    expect(page.locator("p.lead strong.value")).to_have_text(shown)
    expect(page.get_by_text(re.compile("gemeten t/m")).first).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    with navigation(page):
        page.goto("/")
    _check(page)
    assert_accessible(page)
    page.locator(".dashboard-theme").first.scroll_into_view_if_needed()
    screenshot(page, "dashboard-telefoon")
    _open_table(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "het dashboard is breder dan een telefoon"
