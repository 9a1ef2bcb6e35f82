"""The plan cycle in the browser: plan tree, filter, activity, update, rollover (issue 2)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, htmx_swap, login, navigation, screenshot, url_with

YEAR_PLAN = "Jaar- en Activiteitenplan 2024-2025"


def test_plan_tree_filter_update_and_rollover(page, demo):
    login(page, "bureau")
    with navigation(page, url="**/plannen/"):
        page.get_by_role("link", name="Plannen", exact=True).click()
    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.get_by_role("link", name=YEAR_PLAN).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(YEAR_PLAN))
    expect(page.locator("#tree")).to_contain_text("Speerpunt 1")
    assert_accessible(page)
    screenshot(page, "jaarplan")

    # the filter form is htmx: a change swaps the tree (and the URL follows); the button sends the same again
    with htmx_swap(page):
        page.get_by_label("Eigenaar").select_option(label="Schoolbesturen")
    with htmx_swap(page):
        page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(url_with("owner="))
    expect(page.locator("#tree").get_by_role("status")).to_contain_text("aan de filters")
    expect(page.locator("#tree")).not_to_contain_text("OOGO/LEA-partners")
    screenshot(page, "jaarplan-filter")

    with navigation(page, url="**/activiteit/*/"):
        page.locator("#tree li.activity a").first.click()
    expect(page.get_by_role("heading", name="Voortgang bijwerken")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tertiaal").select_option("2025-T1")
    page.get_by_label("Status").select_option("loopt")
    page.get_by_label("Wat is er gebeurd").fill("Eerste overleg met de schoolbesturen gehouden.")
    page.get_by_label("Volgende stap").fill("Concept afspraken in T2 2025.")
    with navigation(page):
        page.get_by_role("button", name="Update plaatsen").click()
    expect(page.get_by_text("Uw update is opgeslagen.")).to_be_visible()
    history = page.locator(".timeline")
    expect(history).to_contain_text("T1 2025")
    expect(history).to_contain_text("Eerste overleg met de schoolbesturen gehouden.")
    screenshot(page, "activiteit")

    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.get_by_role("link", name=YEAR_PLAN).click()
    page.get_by_text("Meer acties").click()  # the rest of the actions sit in a disclosure menu
    with navigation(page):
        page.get_by_role("link", name="Volgend schooljaar maken").click()
    expect(page.get_by_role("button", name="Jaarplan maken")).to_be_visible()
    assert_accessible(page)
    with navigation(page):
        page.get_by_role("button", name="Jaarplan maken").click()
    expect(page.get_by_text("onafgeronde activiteiten zijn overgenomen")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025-2026")
    page.get_by_role("button", name="Alles uitklappen").click()  # doelen start folded
    expect(page.locator(".badge", has_text="overgenomen").first).to_be_visible()


def test_owner_sees_own_activities(page, demo):
    login(page, "eigenaar")
    with navigation(page, url="**/mijn-activiteiten/"):
        page.get_by_role("link", name="Mijn activiteiten").click()
    expect(page.locator("tbody tr").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mijn-activiteiten")
