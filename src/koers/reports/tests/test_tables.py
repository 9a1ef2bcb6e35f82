import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from koers.reports.standard import suppress
from koers.reports.tables import Column, Table, sheet_title, tables_to_xlsx


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
    assert lines[0] == "Naam;Aantal;Bedrag;Deel;Datum"
    assert lines[1] == "Stichting A;1200;10397136,50;2,5;01-10-2024"
    assert lines[2].startswith('"Stichting B; met puntkomma";')
    assert 'filename="tabel-tlvs-test.csv"' in response["Content-Disposition"]


def test_xlsx_keeps_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(_table().to_xlsx())).active
    assert sheet.title == "Tabel  TLV's  test"
    assert [c.value for c in sheet[1]] == ["Naam", "Aantal", "Bedrag", "Deel", "Datum"]
    assert sheet["B2"].value == 1200 and sheet["C2"].value == pytest.approx(10397136.5)
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


def test_small_counts_are_suppressed(settings):
    settings.KOERS_SUPPRESSION_THRESHOLD = 5
    assert [suppress(n) for n in (0, 1, 4, 5, None)] == [0, -1, -1, 5, None]
