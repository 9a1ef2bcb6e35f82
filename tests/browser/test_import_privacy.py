"""Issue 11 as a user sees it: the mapping page reads a sample with BSNs and names and shows neither; a waiting
organisation file can be cancelled."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

BSN = "817920760"
NAME = "Jannie Verstappen"
SAMPLE = (
    "Dossiernummer;Leerling;BSN;Aanvraagsoort;BRIN6;Ontvangstdatum\n"
    f"D1;{NAME};{BSN};TLV SBO;11AA00;01-09-2024\n"
    "D2;Pietje Puk;987654321;TLV SO;33CC00;29-02-2024\n"
)


def test_the_mapping_page_shows_no_bsn_or_name(page, demo, tmp_path, live_server):
    login(page, "bureau")
    with navigation(page):
        page.goto(f"{live_server.url}/monitoring/koppelingen/")
    sample = tmp_path / "export-leerlingvolgsysteem.csv"
    sample.write_text(SAMPLE)
    page.get_by_label("Naam van de koppeling").fill("Export LVS")
    page.get_by_label("Voorbeeld van uw export (de kopregel wordt gelezen)").set_input_files(str(sample))
    with navigation(page):
        page.get_by_role("button", name="Kolommen lezen").click()
    table = page.get_by_role("table", name="Kolommen in het bestand")
    expect(table).to_contain_text("niet getoond (kan gegevens van leerlingen bevatten)")
    expect(table).to_contain_text("TLV SBO")
    expect(page.locator("main")).to_contain_text("aan de kolom BSN")
    html = page.content()
    assert BSN not in html and NAME not in html and "987654321" not in html and "Pietje" not in html
    assert_accessible(page)
    screenshot(page, "kolomkoppeling-zonder-bsn")
