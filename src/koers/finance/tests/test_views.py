"""The money pages, the import, the API, the dashboard section and the board pack's money page."""

import io
import os
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.finance.models import AnnualAccount, Tariff
from koers.monitoring.models import Tlv
from koers.plans.models import Budget, BudgetLine, BudgetRealisation
from koers.reports import content, files, render
from koers_dev.testing.factories import UserFactory, YearPlanFactory, member

D = Decimal
pytestmark = pytest.mark.django_db

ACCOUNT = {
    "year": "2024",
    "fixed_assets": "180.000",
    "current_assets": "3.420.000",
    "cash": "3.050.000",
    "equity": "2.460.000",
    "private_equity": "0",
    "provisions": "140.000",
    "long_term_debt": "0",
    "short_term_debt": "1.000.000",
    "income": "10.520.000",
    "expenses": "10.690.000",
    "source": "Voorbeeldjaarrekening 2024",
}


@pytest.fixture
def budget(swv):
    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    budget = Budget.unscoped.create(
        swv=swv, year_plan=year_plan, total=D("10397136"), mandatory_contributions=D("5027067")
    )
    for i, amount in enumerate(["3328484", "1182535", "175503", "1031808"]):
        line = BudgetLine.unscoped.create(swv=swv, budget=budget, label=f"Doel {i + 1}", amount=D(amount), order=i)
        BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal="2024-T3", amount=D(amount) * 5 / 12)
    return budget


def test_the_begroting_result_of_spow_and_its_export_keeps_numbers(bureau_client, budget):
    page = bureau_client.get(reverse("finance:overview")).content.decode()
    assert "EUR -348.261" in page and "EUR 5.027.067" in page and "EUR 10.397.136" in page
    response = bureau_client.get(reverse("finance:overview") + "?export=xlsx&tabel=geld")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert -348261 in values  # a number, not the text "EUR -348.261"


def test_a_jaarrekening_is_entered_and_its_ratios_shown(bureau_client, swv):
    response = bureau_client.post(reverse("finance:account_new"), ACCOUNT)
    assert response.status_code == 302
    assert AnnualAccount.unscoped.get(swv=swv).equity == D("2460000")
    page = bureau_client.get(reverse("finance:overview")).content.decode()
    assert "72,2%" in page and "3,42" in page and "23,4%" in page and "mogelijk bovenmatig" in page
    assert "368.200" in page  # the signaleringswaarde: 0,035 × 10.520.000
    assert "<svg" in page and "<table" in page  # the trend chart and its table


def test_a_balance_that_does_not_close_is_refused(bureau_client, swv):
    page = bureau_client.post(reverse("finance:account_new"), {**ACCOUNT, "equity": "2.000.000"}).content.decode()
    assert "De balans sluit niet" in page and not AnnualAccount.unscoped.exists()


def test_tariffs_imported_from_the_example_file(bureau_client, swv):
    example = (Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "tarieven.csv").read_bytes()
    upload = io.BytesIO(example)
    upload.name = "tarieven.csv"
    response = bureau_client.post(reverse("finance:tariff_import"), {"file": upload})
    assert response.status_code == 302
    assert Tariff.unscoped.filter(swv=swv).count() == 14
    so_h = Tariff.unscoped.get(swv=swv, year=2025, school_type="SO", category="H")
    assert so_h.amount == D("27330.00") and so_h.source


def test_a_bad_tariff_file_names_row_and_column_and_saves_nothing(bureau_client, swv):
    text = "jaar;soort;categorie;bedrag;bron\n2025;SO;laag;12.000;Regeling\n2025;SO;zwaar;abc;\n"
    upload = io.BytesIO(text.encode())
    upload.name = "tarieven.csv"
    page = bureau_client.post(reverse("finance:tariff_import"), {"file": upload}).content.decode()
    assert "er is niets opgeslagen" in page
    assert "De categorie moet laag, midden of hoog zijn" in page and "De bron ontbreekt" in page
    assert "<td>3</td><td>categorie</td>" in page.replace("\n", "")  # row 3, the file's own column
    assert not Tariff.unscoped.exists()


def test_a_missing_column_is_named(bureau_client, swv):
    upload = io.BytesIO(b"jaar,soort,bedrag\n2025,SBO,6000\n")
    upload.name = "t.csv"
    page = bureau_client.post(reverse("finance:tariff_import"), {"file": upload}).content.decode()
    assert "De kolom bron ontbreekt." in page and not Tariff.unscoped.exists()


def test_the_api_gives_the_summary_with_suppression_for_toezicht(client, swv, budget):
    for n in range(3):
        Tlv.unscoped.create(swv=swv, dossiernummer=f"D{n}", pupil=f"p{n}", aanvraagsoort="TLV SO",
                            ontvangstdatum=date(2022, 9, 1), besluitdatum=date(2022, 10, 1), besluit="afgegeven",
                            voorziening="SO", bekostigingscategorie="H")  # fmt: skip
    for year in (2024, 2025):
        Tariff.unscoped.create(swv=swv, year=year, school_type="SO", category="H", amount=D("26000"), source="T")
    user = UserFactory()
    member(user, swv, "toezicht")
    client.force_login(user)
    data = client.get(reverse("api:geld_begroting", args=[budget.year_plan_id])).json()
    assert data["contributions_budget"] == "5027067.00" and data["result_budget"] == "-348261.00"
    assert data["lines"][0]["suppressed"] is True and data["lines"][0]["first_pupils"] is None
    assert data["count_date"] == "1-februari"
    assert client.get(reverse("api:geld_begroting", args=[budget.year_plan_id]) + "?teldatum=x").status_code == 400
    assert client.get(reverse("api:geld_jaarrekeningen")).status_code == 200
    assert client.get(reverse("api:geld_tarieven")).json()[0]["amount"] == "26000.00"


def test_the_dashboard_has_the_money_section(bureau_client, budget):
    page = bureau_client.get(reverse("dashboard:home") + "?schooljaar=2024").content.decode()
    assert 'id="money-title"' in page and "EUR -348.261" in page


def test_the_board_pack_has_a_money_page_in_pdf_word_and_powerpoint(swv, budget):
    AnnualAccount.unscoped.create(swv=swv, year=2024, **{k: D(v.replace(".", "")) for k, v in ACCOUNT.items()
                                                         if k not in ("year", "source")}, source="Voorbeeld")  # fmt: skip
    payload = content.tertiaal_payload(budget.year_plan, Tertiaal(2025, 1), for_readers(swv), today=date(2025, 7, 21))
    money = payload["money"]
    assert money["figures"][2]["budget_display"] == "EUR -348.261"
    assert [r["display"] for r in money["ratios"]] == ["72,2%", "3,42", "23,4%", "6,68"]
    assert money["ratios"][0]["chart_svg"].startswith("<svg")
    html = render.render_body(payload)
    assert "Geld: begroting 2024-2025" in html and html.count('class="finance-chart"') == 4
    with zipfile.ZipFile(io.BytesIO(files.document_docx(payload))) as docx:
        assert "Geld: begroting 2024-2025" in docx.read("word/document.xml").decode()
    with zipfile.ZipFile(io.BytesIO(files.document_pptx(payload))) as pptx:
        slides = [n for n in pptx.namelist() if n.startswith("ppt/slides/slide")]
        assert any("Geld: begroting 2024-2025" in pptx.read(n).decode() for n in slides)


def test_the_money_page_of_the_demo_board_pack_for_the_manual(db, tmp_path):
    """The board pack's money page of the demo (SPOW) as PNG for the user guide (boardpack-geld.png)."""
    import subprocess

    from koers.demo import setup
    from koers.plans.models import YearPlan

    swvs = setup.load()
    year_plan = YearPlan.unscoped.get(plan__swv=swvs["SPOW"], plan__code="spow-osp-2024-2028", school_year=2024)
    payload = content.tertiaal_payload(year_plan, Tertiaal(2025, 2), for_readers(year_plan.swv))
    pdf = tmp_path / "bestuurspakket.pdf"
    pdf.write_bytes(render.render_pdf(payload))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    number = next(i for i, page in enumerate(pages, start=1) if "Geld: begroting 2024-2025" in page)
    assert "EUR -348.261" in pages[number - 1] and "mogelijk bovenmatig" in text
    target = Path(
        os.environ.get("KOERS_SCREENSHOT_DIR") or Path(__file__).resolve().parents[4] / "var" / "handleiding-img"
    )
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
                    str(target / "boardpack-geld")], check=True)  # fmt: skip
    assert (target / "boardpack-geld.png").exists()


def test_jaarrekeningen_imported_from_the_example_file(bureau_client, swv):
    example = (Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "jaarrekening.csv").read_bytes()
    upload = io.BytesIO(example)
    upload.name = "jaarrekening.csv"
    assert bureau_client.post(reverse("finance:account_import"), {"file": upload}).status_code == 302
    assert list(AnnualAccount.unscoped.filter(swv=swv).order_by("year").values_list("year", "equity")) == [
        (2022, D("2385000.00")),
        (2023, D("2630000.00")),
        (2024, D("2460000.00")),
    ]
    page = bureau_client.get(reverse("finance:overview")).content.decode()
    assert "72,2%" in page


def test_a_jaarrekening_row_that_does_not_balance_saves_nothing(bureau_client, swv):
    text = (
        "jaar,vlottende activa,eigen vermogen,kortlopende schulden,totale baten,totale lasten,bron\n"
        "2023,1000,600,400,2000,1900,Test\n2024,1000,600,300,2000,1900,Test\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "j.csv"
    page = bureau_client.post(reverse("finance:account_import"), {"file": upload}).content.decode()
    assert "De balans sluit niet" in page and not AnnualAccount.unscoped.exists()
