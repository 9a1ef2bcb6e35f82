"""Plans of other shapes in the browser: the third demo SWV (SPOR, PO2890 en VO2890) with its thema/project plan:
jaardoelen on the plan page, incidental activities and "doorlopend / geen tertiaal" in the jaarplan (issue 12)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, htmx_swap, login, navigation, screenshot, url_with


def test_thema_project_plan_of_a_combined_bureau(page, demo):
    login(page, "bureau", swv="SPOR")
    with navigation(page, url="**/plannen/"):
        page.get_by_role("link", name="Plannen", exact=True).click()
    with navigation(page, url="**/plannen/*/"):
        page.get_by_role("link", name="Strategisch beleidsplan 2023-2027").click()
    jaardoelen = page.get_by_role("region", name="Jaardoelen A")
    expect(jaardoelen).to_contain_text("2024-2025: Alle scholen hebben hun zorgroute op de website.")
    expect(page.get_by_text("minder leerlingen reizen naar speciaal onderwijs")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-thema-project")

    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.get_by_role("link", name=re.compile("Jaarplan 2024-2025")).first.click()
    tree = page.locator("#tree")
    expect(tree.locator(".badge", has_text="incidenteel")).to_have_count(2)
    expect(tree.locator(".badge", has_text="doorlopend / geen tertiaal")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "jaarplan-thema-project")

    with htmx_swap(page):
        page.get_by_label("Start in tertiaal").select_option(label="Doorlopend / geen tertiaal")
    expect(page).to_have_url(url_with("start_tertiaal=geen"))
    expect(tree.locator("li.activity")).to_have_count(1)
    expect(tree).to_contain_text("Gastles over het ouder- en jeugdsteunpunt")
