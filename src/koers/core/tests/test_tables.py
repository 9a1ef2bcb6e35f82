import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from koers.core.tables import Column, Table, sheet_title, tables_to_xlsx


def _table():
    table = Table(
        "Tabel: TLV's [test]",
        [
            Column("name", "Naam"),
            Column("n", "Aantal", "number"),
            Column("amount", "Bedrag", "money"),
            Column("pct", "Deel", "percentage", 1),
            Column("day", "Datum", "date"),
        ],
    )
    table.add_row(name="Stichting A", n=1200, amount=Decimal("10397136.50"), pct=2.5, day=date(2024, 10, 1))
    table.add_row(name="Stichting B; met puntkomma", n=None, amount=None, pct=None, day=None)
    return table


def test_csv_for_dutch_excel():
    response = _table().csv_response()
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Naam;Aantal;Bedrag (EUR);Deel (%);Datum"
    assert lines[1] == "Stichting A;1200;10397137;2,5;01-10-2024"  # as on screen: whole euros, 1 decimal
    assert lines[2].startswith('"Stichting B; met puntkomma";')
    assert 'filename="tabel-tlvs-test.csv"' in response["Content-Disposition"]


def test_xlsx_keeps_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(_table().to_xlsx())).active
    assert sheet.title == "Tabel  TLV's  test"
    assert [c.value for c in sheet[1]] == ["Naam", "Aantal", "Bedrag", "Deel", "Datum"]
    assert sheet["B2"].value == 1200 and sheet["C2"].value == pytest.approx(10397136.5)
    assert sheet["C2"].number_format == '"EUR "#,##0' and sheet["B2"].number_format == "#,##0"
    assert sheet["D2"].value == pytest.approx(0.025) and sheet["D2"].number_format == "0.0%"  # a real percentage
    assert sheet["E2"].number_format == "dd-mm-yyyy"


def test_display_rows_format_dutch():
    rows = list(_table().display_rows())
    assert [c["text"] for c in rows[0]] == ["Stichting A", "1.200", "EUR 10.397.137", "2,5%", "01-10-2024"]
    assert rows[1][1]["text"] == "–"


def test_export_response_only_when_asked():
    table = _table()
    factory = RequestFactory()
    assert table.export_response(factory.get("/")) is None
    assert table.export_response(factory.get("/", {"export": "xlsx"})).status_code == 200
    assert table.export_response(factory.get("/", {"export": "csv", "tabel": "b"}), name="a") is None


def test_workbook_with_a_sheet_per_table_and_unique_names():
    taken = set()
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    book = load_workbook(io.BytesIO(tables_to_xlsx([_table(), _table()])))
    assert len(book.sheetnames) == 2


def _budget_like_table():
    """As the dashboard's budget table: amounts with and without cents, a share with many decimals."""
    table = Table(
        "Begroting",
        [
            Column("line", "Regel"),
            Column("amount", "Toegewezen", "money"),
            Column("spent", "Gerealiseerd", "money"),
            Column("share", "Deel", "percentage", 0),
        ],
    )
    amount, spent = Decimal("3328484.00"), Decimal("2755875")
    table.add_row(line="Speerpunt 1", amount=amount, spent=spent, share=spent * 100 / amount)
    table.add_row(line="Speerpunt 2", amount=Decimal("100.50"), spent=Decimal("0.4"), share=Decimal("0.4"))
    table.add_row(line="Leeg", amount=Decimal("-0.2"), spent=None, share=None)
    return table


def test_csv_rounds_every_number_like_the_screen():
    """Not 82,79670264300504373762950340 and not 3328484,00 next to 2755875."""
    lines = _budget_like_table().to_csv().splitlines()
    assert lines[0] == "Regel;Toegewezen (EUR);Gerealiseerd (EUR);Deel (%)"
    assert lines[1] == "Speerpunt 1;3328484;2755875;83"
    assert lines[2] == "Speerpunt 2;101;0;0"  # half up, as formatting.number; no -0
    assert lines[3] == "Leeg;0;;"
    shown = [c["text"] for c in next(_budget_like_table().display_rows())]
    assert shown == ["Speerpunt 1", "EUR 3.328.484", "EUR 2.755.875", "83%"]


def test_csv_with_decimals_keeps_them_in_every_row():
    table = Table("T", [Column("amount", "Bedrag", "money", 2), Column("pct", "Deel", "percentage", 1)])
    table.add_row(amount=Decimal("5"), pct=Decimal("82.79670264300504373762950340"))
    table.add_row(amount=Decimal("3328484.005"), pct=100)
    assert table.to_csv().splitlines()[1:] == ["5,00;82,8", "3328484,01;100,0"]


def test_xlsx_budget_keeps_real_numbers_with_a_number_format():
    sheet = load_workbook(io.BytesIO(_budget_like_table().to_xlsx())).active
    assert [c.value for c in sheet[1]] == ["Regel", "Toegewezen", "Gerealiseerd", "Deel"]
    amount, spent, share = sheet["B2"], sheet["C2"], sheet["D2"]
    assert (amount.value, spent.value) == (3328484, 2755875) and amount.data_type == spent.data_type == "n"
    assert amount.number_format == spent.number_format == '"EUR "#,##0'
    assert share.data_type == "n" and share.value == pytest.approx(0.8279670264) and share.number_format == "0%"
