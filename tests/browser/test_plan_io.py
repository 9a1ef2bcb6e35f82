"""Plans in and out through the pages: export the SPOW jaarplan to Excel, edit a cell, import it back."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

OLD = "De SPOW-website wordt vernieuwd."
NEW = "De SPOW-website wordt vernieuwd en voor iedereen toegankelijk gemaakt."


def test_export_edit_and_import_back(page, demo, tmp_path):
    login(page, "bureau")
    with navigation(page, url="**/plannen/"):
        page.get_by_role("link", name="Plannen", exact=True).click()
    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.get_by_role("link", name="Jaar- en Activiteitenplan 2024-2025").first.click()
    expect(page.locator("#tree")).to_contain_text(OLD)
    expect(page.locator("main")).not_to_contain_text(NEW)

    page.get_by_text("Meer acties").click()  # export and import sit in the disclosure menu
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteer naar Excel").click()
    download = info.value
    assert download.suggested_filename == "spow-osp-2024-2028.xlsx"
    source = tmp_path / download.suggested_filename
    download.save_as(source)

    workbook = load_workbook(source)
    sheet = workbook["Activiteiten"]
    headers = [cell.value for cell in sheet[1]]
    description = headers.index("Omschrijving") + 1
    changed = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=description).value == OLD:
            sheet.cell(row=row, column=description).value = NEW
            changed += 1
    assert changed == 1
    edited = tmp_path / "spow-aangepast.xlsx"
    workbook.save(edited)

    # first a broken file: the problem list, nothing saved
    with navigation(page):
        page.get_by_role("link", name="Importeer plan").click()
    expect(page.get_by_role("heading", name="Plan importeren")).to_be_visible()
    assert_accessible(page)
    broken = load_workbook(io.BytesIO(edited.read_bytes()))
    broken["Activiteiten"].cell(row=2, column=headers.index("Status") + 1).value = "bijna klaar"
    broken_path = tmp_path / "spow-fout.xlsx"
    broken.save(broken_path)
    page.get_by_label("Planbestand").set_input_files(str(broken_path))
    with navigation(page, url="**/importeer/*/"):
        page.get_by_role("button", name="Importeren").click()
    # the task worker reads the file (ADR 0036): the progress page until "Import klaar"
    expect(page.get_by_text("Import klaar")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-import-voortgang")
    with navigation(page):
        page.get_by_role("link", name="Verder").click()
    table = page.get_by_role("table", name="Problemen in het bestand")
    expect(table).to_contain_text("Onbekende status 'bijna klaar'")
    expect(table).to_contain_text("Activiteiten")
    assert_accessible(page)
    screenshot(page, "plan-import-problemen")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV – problemen in het bestand").click()
    assert info.value.suggested_filename == "importproblemen.csv"

    # then the good file: first the change set; the plan is adopted, so confirming needs a reason
    page.get_by_label("Planbestand").set_input_files(str(edited))
    with navigation(page, url="**/importeer/*/"):
        page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Import klaar")).to_be_visible()
    with navigation(page, url="**/importeer/*/bevestigen/"):
        page.get_by_role("link", name="Wijzigingen bekijken").click()
    expect(page.get_by_role("heading", name="Import controleren")).to_be_visible()
    expect(page.locator("main")).to_contain_text("0 toegevoegd")
    expect(page.locator("main")).to_contain_text(NEW)
    assert_accessible(page)
    screenshot(page, "plan-import-controleren")
    with navigation(page):
        page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Geef de reden van de wijziging op", exact=False).first).to_be_visible()
    page.get_by_label("Reden van de wijziging").fill("Activiteit toegevoegd na overleg met de RvA")
    with navigation(page, url="**/importeer/*/"):
        page.get_by_role("button", name="Bevestigen").click()
    # the task worker imports the confirmed file (ADR 0036): the same progress page until "Import klaar"
    expect(page.get_by_text("Import klaar")).to_be_visible()
    expect(page.get_by_text("0 toegevoegd, 1 gewijzigd, 0 verwijderd", exact=False)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-import-bevestigd")
    with navigation(page, url="**/plannen/jaarplan/*/"):
        page.get_by_role("link", name="Naar het plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Jaar- en Activiteitenplan 2024-2025"))
    expect(page.locator("#tree")).to_contain_text(NEW)
    screenshot(page, "plan-import-gelukt")
