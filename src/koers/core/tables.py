"""A table that any page can show and export to CSV and Excel.

    table = Table(_("Activiteiten per status"), [Column("status", _("Status")), Column("n", _("Aantal"), "number")])
    table.add_row(status="Loopt", n=4)
    if response := table.export_response(request):   # ?export=csv or ?export=xlsx
        return response

CSV is written for Dutch Excel: UTF-8 with BOM, semicolons, decimal commas, every number rounded to the decimals of
its column as on screen (amounts in whole euros: 3328484; a share of 0 decimals: 83), and the unit in the header
("Deel (%)", "Toegewezen (EUR)"). In XLSX numbers stay numbers, unrounded, with a number format per column
(EUR #.##0; a percentage as a real Excel percentage: 0,828 shown as 83%).
In a template, ``{% include "includes/table.html" with table=table %}`` renders it with export links.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.core import formatting
from koers.core.export_safety import NumberText, append_row, csv_writer, workbook_bytes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("text", "number", "decimal", "money", "percentage", "date")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # one of KINDS
    decimals: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"onbekende kolomsoort {self.kind}")

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "decimal", "money", "percentage")

    def display(self, value) -> str:
        if value is None or value == "":
            return "–" if self.is_numeric else ""
        if self.kind in ("number", "decimal"):
            return formatting.number(value, self.decimals)
        if self.kind == "money":
            return formatting.money(value, self.decimals)
        if self.kind == "percentage":
            return formatting.percentage(value, self.decimals)
        if self.kind == "date":
            return formatting.dutch_date(value)
        return str(value)

    @property
    def unit(self) -> str:
        return {"money": "EUR", "percentage": "%"}.get(self.kind, "")

    @property
    def csv_label(self) -> str:
        """The header in CSV, where the values have no unit of their own: "Deel (%)", "Toegewezen (EUR)"."""
        unit = self.unit
        return f"{self.label} ({unit})" if unit and unit not in str(self.label) else str(self.label)

    def csv_value(self, value) -> str:
        """A number as on screen, without the unit and the thousands points: rounded to the column's decimals."""
        if value is None:
            return ""
        if self.is_numeric and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            rounded = formatting.rounded(value, self.decimals)
            if rounded == 0:
                rounded = abs(rounded)  # no "-0"
            return NumberText(f"{rounded:f}".replace(".", ","))
        if self.kind == "date":
            return formatting.dutch_date(value)
        return str(value)  # csv_writer gives a text that looks like a formula a leading '

    def xlsx_value(self, value):
        if value is None:
            return None
        if self.kind == "percentage" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return float(Decimal(str(value)) / 100)  # a real Excel percentage: 83% is 0,83
        if self.is_numeric and isinstance(value, Decimal):
            return float(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, int | float | date):
            return value
        return str(value)


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    filename: str = ""
    links: list[dict] = field(default_factory=list)  # per row: column key -> URL (HTML only)

    def add_row(self, link: dict | None = None, **values) -> None:
        self.rows.append(values)
        self.links.append(link or {})

    @property
    def stem(self) -> str:
        return self.filename or slugify(self.caption) or "tabel"

    def display_rows(self):
        """Rows for templates: per cell the column, the formatted text and an optional link."""
        for row, link in zip(self.rows, self.links + [{}] * (len(self.rows) - len(self.links)), strict=False):
            yield [{"column": c, "text": c.display(row.get(c.key)), "url": link.get(c.key, "")} for c in self.columns]

    # --- CSV ---
    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv_writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.csv_label for c in self.columns])
        for row in self.rows:
            writer.writerow([c.csv_value(row.get(c.key)) for c in self.columns])
        return buffer.getvalue()

    def csv_response(self) -> HttpResponse:
        response = HttpResponse(("\ufeff" + self.to_csv()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.stem}.csv"'
        return response

    # --- XLSX ---
    def write_sheet(self, sheet) -> None:
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        append_row(sheet, [str(c.label) for c in self.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.rows:
            append_row(sheet, [c.xlsx_value(row.get(c.key)) for c in self.columns])
        for index, column in enumerate(self.columns, start=1):
            letter = get_column_letter(index)
            fraction = "." + "0" * column.decimals if column.decimals else ""
            if column.kind == "money":  # as in the app: EUR 10.397.136 (Excel shows its own separators)
                fmt = '"EUR "#,##0' + fraction
            elif column.kind == "percentage":
                fmt = "0" + fraction + "%"
            elif column.kind == "date":
                fmt = "dd-mm-yyyy"
            elif column.kind in ("number", "decimal"):
                fmt = "#,##0" + fraction
            else:
                fmt = None
            if fmt:
                for cell in sheet[letter][1:]:
                    cell.number_format = fmt
            width = max([len(column.label)] + [len(column.display(r.get(column.key))) for r in self.rows[:200]])
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 80)
        sheet.freeze_panes = "A2"

    def to_xlsx(self) -> bytes:
        return tables_to_xlsx([self])

    def xlsx_response(self) -> HttpResponse:
        response = HttpResponse(self.to_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.stem}.xlsx"'
        return response

    def response(self, fmt: str) -> HttpResponse:
        if fmt == "csv":
            return self.csv_response()
        if fmt == "xlsx":
            return self.xlsx_response()
        raise ValueError(f"onbekend formaat {fmt}")

    def export_response(self, request, param: str = "export", name: str | None = None) -> HttpResponse | None:
        """The export when the request asks for one (``?export=csv``), else None.

        With several tables on a page, give each a name: ``?export=csv&tabel=NAME``.
        """
        fmt = request.GET.get(param)
        if fmt not in ("csv", "xlsx"):
            return None
        if name is not None and request.GET.get("tabel", name) != name:
            return None
        return self.response(fmt)


def sheet_title(text: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, no []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", text).strip()[:31] or str(_("Blad"))
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def tables_to_xlsx(tables: list[Table]) -> bytes:
    """One workbook, one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.caption, taken))
        table.write_sheet(sheet)
    if not tables:
        workbook.create_sheet(str(_("Leeg")))
    return workbook_bytes(workbook)
