"""The plan cycle in the browser: plan tree, filter, activity, update, rollover (issue 2)."""

from tests.browser.conftest import assert_accessible, login, screenshot


def test_plan_tree_filter_update_and_rollover(page, demo):
    login(page, "bureau")
    page.get_by_role("link", name="Plannen", exact=True).click()
    page.get_by_role("link", name="Jaar- en Activiteitenplan 2024-2025").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Speerpunt 1" in page.content()
    assert_accessible(page)
    screenshot(page, "jaarplan")

    page.get_by_label("Eigenaar").select_option(label="Schoolbesturen")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**owner=*")
    page.get_by_role("status").filter(has_text="aan de filters").wait_for()
    assert "OOGO/LEA-partners" not in page.locator("#tree").inner_text()
    screenshot(page, "jaarplan-filter")

    page.locator("#tree li.activity a").first.click()
    page.get_by_role("heading", name="Voortgang bijwerken").wait_for()
    assert_accessible(page)
    page.get_by_label("Tertiaal").select_option("2025-T1")
    page.get_by_label("Status").select_option("loopt")
    page.get_by_label("Wat is er gebeurd").fill("Eerste overleg met de schoolbesturen gehouden.")
    page.get_by_label("Volgende stap").fill("Concept afspraken in T2 2025.")
    page.get_by_role("button", name="Update plaatsen").click()
    page.get_by_text("Uw update is opgeslagen.").wait_for()
    history = page.locator(".timeline")
    assert "T1 2025" in history.inner_text()
    assert "Eerste overleg met de schoolbesturen gehouden." in history.inner_text()
    screenshot(page, "activiteit")

    page.get_by_role("link", name="Jaar- en Activiteitenplan 2024-2025").click()
    page.get_by_role("link", name="Volgend schooljaar maken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Jaarplan maken").click()
    page.get_by_text("onafgeronde activiteiten zijn overgenomen").wait_for()
    assert "2025-2026" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".badge", has_text="overgenomen").count() > 0


def test_owner_sees_own_activities(page, demo):
    login(page, "eigenaar")
    page.get_by_role("link", name="Mijn activiteiten").click()
    page.get_by_role("table").wait_for()
    assert page.locator("tbody tr").count() > 0
    assert_accessible(page)
    screenshot(page, "mijn-activiteiten")
