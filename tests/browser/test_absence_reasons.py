"""The top reasons of absence (from the monitoring overview), the definition fields of an indicator and the
Inspectie's quarterly thuiszitters page in the demo (SPOW); screenshots for the user guide."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_top_reasons_definitions_and_the_inspectie_page(page, demo):
    from koers.plans.models import Indicator

    login(page, "bureau")
    with navigation(page):
        page.goto("/monitoring/")
    with navigation(page):
        page.get_by_role("link", name="Verzuim: meest genoemde redenen en duur per reden").click()
    expect(page.get_by_role("heading", name="Verzuim: meest genoemde redenen")).to_be_visible()
    table = page.locator("table#redenen")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(table.locator("tfoot")).to_contain_text("Alle meldingen")
    page.get_by_label("Periode", exact=True).select_option("2024-2025")
    with navigation(page):
        page.get_by_role("button", name="Toon").click()
    expect(page.locator("table#redenen caption")).to_contain_text("2024-2025")
    assert_accessible(page)
    screenshot(page, "verzuim-redenen")

    bound = Indicator.unscoped.filter(swv__code="PO2806").exclude(measure_code="").order_by("pk")
    indicator = min(bound, key=lambda i: (not i.measure_code.startswith("deelname"), i.pk))  # a participation rate
    with navigation(page):
        page.goto(f"/plannen/onderdeel/indicator/{indicator.pk}/wijzigen/")
    field = page.get_by_label("Noemer (deelnamepercentages)")
    expect(field).to_be_visible()
    expect(page.get_by_label("Teldatum leerlingtelling")).to_be_visible()
    field.scroll_into_view_if_needed()
    assert_accessible(page)
    screenshot(page, "definities-kiezen")

    with navigation(page):
        page.goto("/monitoring/inspectie-thuiszitters/")
    expect(page.get_by_role("heading", name="Kwartaaloverzicht thuiszitters voor de Inspectie")).to_be_visible()
    expect(page.get_by_label("Kwartaal")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "inspectie-thuiszitters")
