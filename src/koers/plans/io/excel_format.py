"""The Excel (.xlsx) form of a plan: one sheet per table, Dutch headers, an 'Uitleg' sheet.

Rows are tied together by codes (a doel names its thema) and by the columns Schooljaar (which jaarplan) and
Regel (which begrotingsregel). Unknown sheets and columns are ignored, so a policy officer may add notes.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from koers.core.export_safety import append_row, imported_text, workbook_bytes
from koers.core.importing import (
    Limits,
    ReadError,
    cell_message,
    check_zip,
    columns_message,
    normalise_header,
    rows_message,
)
from koers.core.periods import Tertiaal, school_year_label
from koers.plans.io.errors import Problems
from koers.plans.io.schema import LINE_NUMBER, SHEETS, Field, Loc, Sheet
from koers.plans.io.validate import Invalid, convert, to_school_year

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_ROWS = 20000
LIST_SEPARATOR = "; "


_norm = normalise_header  # the one header normaliser of every import


# ---------------------------------------------------------------- reading


def check_workbook_bytes(data: bytes, problems: Problems) -> bool:
    if not data:
        problems.add("", None, "", _("Het bestand is leeg."))
        return False
    if data.startswith(OLE2_SIGNATURE):
        problems.add(
            "",
            None,
            "",
            _(
                "Dit Excel-bestand is beveiligd met een wachtwoord (versleuteld), of het is een oud .xls-bestand. "
                "Haal de beveiliging eraf en sla het op als Excel-werkmap (.xlsx)."
            ),
        )
        return False
    if not data.startswith(ZIP_SIGNATURE):
        problems.add("", None, "", _("Dit is geen Excel-bestand (.xlsx): het bestand is geen geldige werkmap."))
        return False
    return True


def read_xlsx(data: bytes, problems: Problems) -> dict | None:
    if not check_workbook_bytes(data, problems):
        return None
    try:
        check_zip(data)  # a zip bomb is refused from its table of contents, before openpyxl opens it
    except ReadError as exc:
        problems.add("", None, "", str(exc))
        return None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        problems.add("", None, "", _("Het Excel-bestand is beschadigd (geen geldige .xlsx-werkmap)."))
        return None
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        problems.add(
            "", None, "", _("Het Excel-bestand kan niet worden gelezen: het is beschadigd of geen .xlsx-werkmap.")
        )
        return None
    try:
        return _Reader(workbook, problems).read()
    except Exception:  # damaged parts of a sheet show up only while reading its rows
        problems.add("", None, "", _("Het Excel-bestand kan niet worden gelezen: een blad is beschadigd."))
        return None
    finally:
        workbook.close()


class _Reader:
    def __init__(self, workbook, problems: Problems):
        self.workbook = workbook
        self.problems = problems
        self.sheets = {_norm(name): name for name in workbook.sheetnames}

    def rows(self, sheet: Sheet):
        """(row number, values) of the non-empty rows under the header, or None when the sheet is absent."""
        name = self.sheets.get(_norm(sheet.name))
        if name is None:
            return None, None
        worksheet = self.workbook[name]
        if hasattr(worksheet, "reset_dimensions"):  # read-only mode: do not trust the stored sheet size
            worksheet.reset_dimensions()
        rows = []
        header = None
        limits = Limits.current()
        max_rows = min(MAX_ROWS, limits.max_rows)
        for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=limits.max_columns + 1), start=1):
            if number > max_rows + 1:  # the header and max_rows rows
                self.problems.add(str(sheet.name), number, "", rows_message(Limits(0, max_rows, 0, 0)))
                break
            if len(values) > limits.max_columns and any(v is not None for v in values[limits.max_columns :]):
                self.problems.add(str(sheet.name), number, "", columns_message(limits))
                break
            if any(isinstance(v, str) and len(v) > limits.max_cell for v in values):
                self.problems.add(str(sheet.name), number, "", cell_message(limits, number))
                break
            if header is None:
                header = [imported_text(v) for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append((number, [imported_text(v) for v in values]))
        return header or [], rows

    def table(self, sheet: Sheet) -> list[dict]:
        header, rows = self.rows(sheet)
        if header is None:
            return []
        columns = {}
        wanted = list(sheet.parents) + list(sheet.fields)
        lookup = {}
        for f in wanted:
            lookup[_norm(f.header)] = f
            lookup[_norm(f.key)] = f
        for index, title in enumerate(header):
            f = lookup.get(_norm(title))
            if f is not None and f.key not in columns:
                columns[f.key] = index
        for f in wanted:
            if f.required and f.key not in columns:
                self.problems.add(
                    str(sheet.name),
                    1,
                    str(f.header),
                    _("De kolom '%(col)s' ontbreekt in de kopregel.") % {"col": f.header},
                )
        headers = {f.key: str(f.header) for f in wanted}
        items = []
        for number, values in rows:
            item = {}
            for key, index in columns.items():
                value = values[index] if index < len(values) else None
                if isinstance(value, str) and not value.strip():
                    value = None
                item[key] = value
            item["_loc"] = Loc(str(sheet.name), number, headers)
            items.append(item)
        return items

    def plan(self, sheet: Sheet) -> dict:
        header, rows = self.rows(sheet)
        if header is None:
            self.problems.add(str(sheet.name), None, "", _("Het blad '%(sheet)s' ontbreekt.") % {"sheet": sheet.name})
            return {"_loc": Loc(str(sheet.name))}
        lookup = {}
        for f in sheet.fields:
            lookup[_norm(f.header)] = f
            lookup[_norm(f.key)] = f
        item = {}
        loc = Loc(str(sheet.name), None, {f.key: str(f.header) for f in sheet.fields}, {})
        for number, values in [(1, header), *rows]:
            f = lookup.get(_norm(values[0] if values else ""))
            if f is None or f.key in item:
                continue
            value = values[1] if len(values) > 1 else None
            item[f.key] = None if isinstance(value, str) and not value.strip() else value
            loc.rows[f.key] = number
        for f in sheet.fields:
            if f.required and f.key not in item:
                self.problems.add(
                    str(sheet.name),
                    None,
                    str(f.header),
                    _("Het veld '%(field)s' ontbreekt in blad Plan.") % {"field": f.header},
                )
        item["_loc"] = loc
        return item

    def year_of(self, item, key="school_year") -> int | None:
        try:
            return to_school_year(item.get(key))
        except Invalid as exc:
            self.problems.at(item["_loc"], key, str(exc))
            return None

    def read(self) -> dict:
        by_key = {s.key: s for s in SHEETS}
        known = {_norm(s.name) for s in SHEETS} | {_norm(_("Uitleg"))}
        if not known & set(self.sheets):
            self.problems.add(
                "", None, "", _("Deze werkmap heeft geen bladen van een Koers-plan (Plan, Thema's, Doelen, ...).")
            )
            return None
        raw = {"plan": self.plan(by_key["plan"]), "adoptions": []}
        for key in ("themes", "goals", "indicators", "main_activities", "year_goals"):
            raw[key] = self.table(by_key[key])
        year_plans = {}
        raw["year_plans"] = []
        for item in self.table(by_key["year_plans"]):
            item.update(adoptions=[], activities=[], budget=None, portfolio=[])
            raw["year_plans"].append(item)
            year = self.year_of(item)
            if year is not None:
                year_plans.setdefault(year, item)

        def owner(item, what):
            year = self.year_of(item)
            if year is None:
                if item.get("school_year") is None:
                    self.problems.at(item["_loc"], "school_year", _("Vul het schooljaar in (bijv. 2024-2025)."))
                return None
            if year not in year_plans:
                self.problems.at(
                    item["_loc"],
                    "school_year",
                    _("Onbekende verwijzing: er is geen jaarplan voor schooljaar %(year)s in blad Jaarplannen.")
                    % {"year": school_year_label(year)},
                )
                return None
            return year_plans[year]

        for item in self.table(by_key["adoptions"]):
            if item.get("school_year") is None:
                item.pop("school_year", None)
                raw["adoptions"].append(item)
            elif (year_plan := owner(item, "adoptions")) is not None:
                item.pop("school_year", None)
                year_plan["adoptions"].append(item)
        for key in ("activities", "portfolio"):
            for item in self.table(by_key[key]):
                if (year_plan := owner(item, key)) is not None:
                    item.pop("school_year", None)
                    year_plan[key].append(item)
        for item in self.table(by_key["budgets"]):
            if (year_plan := owner(item, "budgets")) is None:
                continue
            if year_plan["budget"] is not None and "_auto" not in year_plan["budget"]:
                self.problems.at(item["_loc"], "school_year", _("Dit schooljaar heeft al een regel in blad Begroting."))
                continue
            item.pop("school_year", None)
            item["lines"] = []
            year_plan["budget"] = item
        lines = {}
        line_items = []
        for item in self.table(by_key["budget_lines"]):
            if (year_plan := owner(item, "budget_lines")) is None:
                continue
            number = self._line(item)
            if number is None:
                continue
            if year_plan["budget"] is None:
                year_plan["budget"] = {"_loc": Loc(str(by_key["budgets"].name)), "_auto": True, "lines": []}
            key = (id(year_plan), number)
            if key in lines:
                self.problems.at(
                    item["_loc"], "line", _("Regel %(n)s komt twee keer voor in dit schooljaar.") % {"n": number}
                )
                continue
            item["realisations"] = []
            lines[key] = item
            line_items.append((year_plan, number, item))
        for year_plan in raw["year_plans"]:
            own = sorted(((n, i) for yp, n, i in line_items if yp is year_plan), key=lambda t: t[0])
            if year_plan["budget"] is not None:
                year_plan["budget"]["lines"] = [i for _n, i in own]
                for _n, i in own:
                    i.pop("school_year", None)
                    i.pop("line", None)
        for item in self.table(by_key["realisations"]):
            if (year_plan := owner(item, "realisations")) is None:
                continue
            number = self._line(item)
            if number is None:
                continue
            line = lines.get((id(year_plan), number))
            if line is None:
                self.problems.at(
                    item["_loc"],
                    "line",
                    _(
                        "Onbekende verwijzing: er is geen begrotingsregel %(n)s voor dit schooljaar in blad Begrotingsregels."
                    )
                    % {"n": number},
                )
                continue
            item.pop("school_year", None)
            item.pop("line", None)
            line["realisations"].append(item)
        for year_plan in raw["year_plans"]:
            if year_plan["budget"] is not None:
                year_plan["budget"].pop("_auto", None)
        return raw

    def _line(self, item) -> int | None:
        try:
            return convert(LINE_NUMBER, item.get("line"))
        except Invalid as exc:
            self.problems.at(item["_loc"], "line", str(exc))
            return None


# ---------------------------------------------------------------- writing


def _cell(f: Field, value):
    """A clean value as it goes into a cell."""
    if value is None:
        return None
    kind = f.kind
    if kind == "school_year":
        return school_year_label(value)
    if kind == "school_years":
        return LIST_SEPARATOR.join(school_year_label(y) for y in value) or None
    if kind in ("names", "codes"):
        return LIST_SEPARATOR.join(value) or None
    if kind == "holders":
        return "\n".join(f"{h['name']} ({h['function']})" if h["function"] else h["name"] for h in value) or None
    if kind == "bool":
        return _("ja") if value else _("nee")
    if kind == "tertiaal":
        return str(Tertiaal.parse(value))
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
    if kind == "activity_ref":
        return f"{school_year_label(value[0])}/{value[1]}" if value else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == "":
        return None
    return value


def _placed(item):
    """Only the most specific place is written: a doel implies its thema."""
    item = dict(item)
    if item.get("main_activity"):
        item["goal"] = item["theme"] = ""
    elif item.get("goal"):
        item["theme"] = ""
    return item


def _rows(data: dict) -> dict[str, list[tuple[dict, dict]]]:
    """Per sheet key: (item, parent values) in writing order."""
    rows = {s.key: [] for s in SHEETS}
    rows["themes"] = [(t, {}) for t in data["themes"]]
    rows["goals"] = [(g, {}) for g in data["goals"]]
    rows["indicators"] = [(_placed(i), {}) for i in data["indicators"]]
    rows["main_activities"] = [(_placed(m), {}) for m in data["main_activities"]]
    rows["year_goals"] = [(g, {}) for g in data["year_goals"]]
    rows["adoptions"] = [(a, {"school_year": None}) for a in data["adoptions"]]
    for year_plan in data["year_plans"]:
        parent = {"school_year": year_plan["school_year"]}
        rows["year_plans"].append((year_plan, {}))
        rows["adoptions"] += [(a, parent) for a in year_plan["adoptions"]]
        rows["activities"] += [(_placed(a), parent) for a in year_plan["activities"]]
        rows["portfolio"] += [(p, parent) for p in year_plan["portfolio"]]
        budget = year_plan.get("budget")
        if budget is not None:
            rows["budgets"].append((budget, parent))
            for number, line in enumerate(budget["lines"], start=1):
                line_parent = {**parent, "line": number}
                rows["budget_lines"].append((line, line_parent))
                rows["realisations"] += [(r, line_parent) for r in line["realisations"]]
    return rows


def _format(cell, f: Field):
    from openpyxl.styles import Alignment

    if f.kind == "date":
        cell.number_format = "DD-MM-YYYY"
    elif f.kind == "decimal":
        places = (f.digits or (14, 2))[1]
        cell.number_format = "#,##0.00" if places == 2 else ("0.0" if places == 1 else "0.####")
    elif f.kind in ("code", "ref", "slug", "school_year", "codes", "text", "name", "names", "activity_ref"):
        cell.number_format = "@"
    if f.width >= 30 or f.kind == "holders":
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:
        cell.alignment = Alignment(vertical="top")


def dump_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1D4F91")
    rows = _rows(data)
    first = True
    for sheet in SHEETS:
        worksheet = workbook.active if first else workbook.create_sheet()
        first = False
        worksheet.title = str(sheet.name)
        if sheet.key == "plan":
            append_row(worksheet, [_("Veld"), _("Waarde")])
            for f in sheet.fields:
                append_row(worksheet, [str(f.header), _cell(f, data["plan"].get(f.key))])
                _format(worksheet.cell(row=worksheet.max_row, column=2), f)
                worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True)
            worksheet.column_dimensions["A"].width = 28
            worksheet.column_dimensions["B"].width = 80
            for cell in worksheet[1]:
                cell.font, cell.fill = header_font, header_fill
            worksheet.freeze_panes = "B2"
            continue
        columns = list(sheet.parents) + list(sheet.fields)
        append_row(worksheet, [str(f.header) for f in columns])
        for cell in worksheet[1]:
            cell.font, cell.fill = header_font, header_fill
        for item, parent in rows[sheet.key]:
            values = [_cell(f, parent.get(f.key) if f in sheet.parents else item.get(f.key)) for f in columns]
            append_row(worksheet, values)
            for index, f in enumerate(columns, start=1):
                _format(worksheet.cell(row=worksheet.max_row, column=index), f)
        for index, f in enumerate(columns, start=1):
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = f.width
            if f.choices or f.kind == "bool":
                options = [_("ja"), _("nee")] if f.kind == "bool" else [str(c) for c, _label in f.choices]
                validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
                validation.error = _("Kies een waarde uit de lijst.")
                validation.errorTitle = str(f.header)
                validation.add(f"{letter}2:{letter}{max(worksheet.max_row, 2) + 500}")
                worksheet.add_data_validation(validation)
        worksheet.freeze_panes = "A2"
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(worksheet.max_row, 1)}"
    _explanation(workbook.create_sheet(_("Uitleg")), header_font, header_fill)
    workbook.properties.creator = "Koers"
    workbook.properties.created = workbook.properties.modified = datetime(2000, 1, 1)
    return workbook_bytes(workbook)


def _explanation(worksheet, header_font, header_fill):
    from openpyxl.styles import Alignment

    append_row(worksheet, [_("Blad"), _("Kolom"), _("Verplicht"), _("Uitleg"), _("Voorbeeld"), _("Hoogstens (tekens)")])
    for cell in worksheet[1]:
        cell.font, cell.fill = header_font, header_fill
    append_row(
        worksheet,
        [
            "",
            "",
            "",
            _(
                "Alles of niets: bij één fout wordt niets opgeslagen en ziet u per blad, rij en kolom wat er mis is. "
                "Het plan wordt bijgewerkt tot de inhoud van dit bestand; u ziet eerst wat er verandert. De kolom "
                "Koers-id zegt welk onderdeel een rij is: verplaatsen of een code wijzigen mag, de voortgang blijft "
                "bij het onderdeel. Een rij zonder Koers-id is nieuw; wat niet in het bestand staat, wordt "
                "verwijderd. Datums als dd-mm-jjjj, bedragen zonder euroteken (1234,56 of 1234.56). "
                "Een tekst heeft hoogstens zoveel tekens als de laatste kolom zegt; lange teksten (omschrijvingen, "
                "toelichtingen) hoogstens 32.767, wat in één Excel-cel past."
            ),
            "",
            None,
        ],
    )
    limits = Limits.current()
    append_row(
        worksheet,
        [
            "",
            "",
            "",
            _(
                "Grenzen van het bestand: hoogstens %(mb)s MB; per blad hoogstens rijen: %(rows)s, kolommen: %(cols)s; "
                "tekens per cel: %(cell)s; uitgepakt hoogstens 4 keer zo groot (KOERS_IMPORT_MAX_BYTES, KOERS_IMPORT_MAX_ROWS, "
                "KOERS_IMPORT_MAX_COLUMNS, KOERS_IMPORT_MAX_CELL). Een groter bestand wordt geweigerd met een melding "
                "die de grens noemt."
            )
            % {
                "mb": limits.max_bytes // (1024 * 1024),
                "rows": f"{min(MAX_ROWS, limits.max_rows):,}".replace(",", "."),
                "cols": limits.max_columns,
                "cell": f"{limits.max_cell:,}".replace(",", "."),
            },
            "",
            None,
        ],
    )
    for sheet in SHEETS:
        append_row(worksheet, [str(sheet.name), "", "", str(sheet.help), "", None])
        columns = list(sheet.parents) + list(sheet.fields)
        for f in columns:
            limit = f.limit if f.kind in ("text", "name", "code", "ref") else None
            append_row(
                worksheet,
                [str(sheet.name), str(f.header), _("ja") if f.required else "", str(f.help), f.example, limit],
            )
    for letter, width in zip("ABCDEF", (18, 26, 10, 90, 30, 12), strict=True):
        worksheet.column_dimensions[letter].width = width
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.freeze_panes = "A2"


def workbook_values(data: bytes) -> dict[str, list[tuple]]:
    """All cell values per sheet (for comparing two exports)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {name: [tuple(r) for r in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}
    finally:
        workbook.close()
