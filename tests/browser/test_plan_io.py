"""Plans in and out through the pages: export the SPOW jaarplan to Excel, edit a cell, import it back."""

import io

from openpyxl import load_workbook

from tests.browser.conftest import assert_accessible, login, screenshot

OLD = "De SPOW-website wordt vernieuwd."
NEW = "De SPOW-website wordt vernieuwd en voor iedereen toegankelijk gemaakt."


def test_export_edit_and_import_back(page, demo, tmp_path):
    login(page, "bureau")
    page.get_by_role("link", name="Plannen", exact=True).click()
    page.get_by_role("link", name="Jaar- en Activiteitenplan 2024-2025").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert OLD in page.content() and NEW not in page.content()

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
    page.get_by_role("link", name="Importeer plan").click()
    page.get_by_role("heading", name="Plan importeren").wait_for()
    assert_accessible(page)
    broken = load_workbook(io.BytesIO(edited.read_bytes()))
    broken["Activiteiten"].cell(row=2, column=headers.index("Status") + 1).value = "bijna klaar"
    broken_path = tmp_path / "spow-fout.xlsx"
    broken.save(broken_path)
    page.get_by_label("Planbestand").set_input_files(str(broken_path))
    page.get_by_role("button", name="Importeren").click()
    table = page.get_by_role("table", name="Problemen in het bestand")
    table.wait_for()
    assert "Onbekende status 'bijna klaar'" in table.inner_text() and "Activiteiten" in table.inner_text()
    assert_accessible(page)
    screenshot(page, "plan-import-problemen")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download deze lijst als CSV").click()
    assert info.value.suggested_filename == "importproblemen.csv"

    # then the good file: the plan is adopted, so the change needs a reason; back on the jaarplan with the change
    page.get_by_label("Planbestand").set_input_files(str(edited))
    page.get_by_label("Reden van de wijziging").fill("Activiteit toegevoegd na overleg met de RvA")
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("is ingelezen uit spow-aangepast.xlsx").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Jaar- en Activiteitenplan 2024-2025")
    assert NEW in page.content()
    screenshot(page, "plan-import-gelukt")
