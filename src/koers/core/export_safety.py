"""Safe text in files Koers writes (CSV, Excel, Word, PDF) and reads back, in one place.

Two dangers:

* **Formulas.** A text such as ``=HYPERLINK("http://…"&A1,"Klik")``, ``+31 6 …`` or ``-5 leerlingen`` would be
  evaluated by a spreadsheet. Every CSV writer in Koers goes through :func:`csv_writer` (a formula-like text gets a
  leading ``'``), every Excel writer through :func:`append_row` / :func:`set_cell` and :func:`workbook_bytes`
  (such a text is an explicit string cell, never a formula). Numbers are never touched: -348.261 stays a number.
  Koers' importers call :func:`imported_text`, which removes that ``'`` again, so a round trip is lossless.
* **Control characters.** XML (Excel, Word) cannot hold most control characters, and a vertical tab (common when
  pasting from Word) made the files fail. :func:`clean_text` removes them at input (every form) and at export;
  a vertical tab or form feed becomes a newline, tabs and newlines stay.
"""

from __future__ import annotations

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_MAX = 32_767  # the most characters an Excel cell holds; Koers' longest texts
_BREAKS = re.compile("[\x0b\x0c]")
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_ANY_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """The text without XML-illegal control characters; a vertical tab or form feed becomes a newline."""
    if not text or not _ANY_BAD.search(text):
        return text
    return _ILLEGAL.sub("", _BREAKS.sub("\n", text))


def clean(value):
    """:func:`clean_text` for a string, anything else unchanged."""
    return clean_text(value) if isinstance(value, str) else value


def clean_deep(value):
    """A copy of a payload (dicts, lists, strings) with every string cleaned."""
    if isinstance(value, dict):
        return {key: clean_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_deep(item) for item in value]
    return clean(value)


class NumberText(str):
    """A number already written as text for CSV ("-348,261"): :func:`csv_value` leaves it alone."""


def is_formula_like(text) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


# ---------------------------------------------------------------- CSV


def csv_value(value):
    """A cell for CSV: a formula-like text gets a leading ``'``; numbers and other values stay as they are."""
    if not isinstance(value, str) or isinstance(value, NumberText):
        return value
    value = clean_text(value)
    return "'" + value if is_formula_like(value) else value


def csv_row(values) -> list:
    return [csv_value(v) for v in values]


class SafeWriter:
    """``csv.writer`` whose rows go through :func:`csv_value`."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row):
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose values (and header) go through :func:`csv_value`."""

    def _dict_to_list(self, rowdict):
        return csv_row(super()._dict_to_list(rowdict))


def csv_writer(out, **kwargs) -> SafeWriter:
    """The one way Koers writes CSV: ``csv_writer(response, delimiter=";")``."""
    return SafeWriter(out, **kwargs)


def csv_dict_writer(out, fieldnames, **kwargs) -> SafeDictWriter:
    return SafeDictWriter(out, fieldnames, **kwargs)


def csv_text(rows, **kwargs) -> str:
    buffer = io.StringIO()
    csv_writer(buffer, **kwargs).writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------- Excel


def set_cell(cell, value):
    """Put a value in an openpyxl cell: text cleaned and always a string cell (never a formula)."""
    cell.value = clean(value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append_row(sheet, values) -> None:
    """``sheet.append`` for Koers: text cleaned, and text stays text (``=1+1`` is no formula)."""
    values = list(values)
    sheet.append([clean(v) for v in values])
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=index).data_type = "s"


def harden_workbook(workbook) -> None:
    """Koers writes no formulas: any cell that would be one becomes a string cell (a last guard)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def workbook_bytes(workbook) -> bytes:
    """The workbook as .xlsx bytes, after :func:`harden_workbook`."""
    harden_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading back


def imported_text(value):
    """A cell as Koers' importers read it: cleaned, and the ``'`` of :func:`csv_value` removed again when the
    rest is formula-like (``'=1+1`` -> ``=1+1``; ``'s-Gravenhage`` stays as it is)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value
