"""One reader for uploaded tables (CSV or Excel), shared by the register import and the organisation import.

Everything a file could do to the server is bounded before it happens, and every refusal is a Dutch sentence
that names the limit:

* bytes: the upload's own size is checked first; at most ``KOERS_IMPORT_MAX_BYTES`` + 1 bytes are ever read;
* Excel: the zip's table of contents (``ZipFile.infolist()``) is checked for the uncompressed size and the
  compression ratio of every member *before* openpyxl opens it (a zip bomb is refused unread);
* columns: counted on the header line before anything is split, so a million-column line costs one ``count``;
* rows and cell length: counted while the rows stream, so reading stops at the first row over the limit.

The reader never raises anything but :class:`ReadError` on bad input. Rows keep their number in the file and, for
CSV, how many fields they had: a row with too few or too many fields is the caller's problem to report (the
register import refuses it; nothing is padded silently).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.export_safety import imported_text

DELIMITERS = (";", ",", "\t")
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_RATIO = 100  # uncompressed / compressed, for members of more than ZIP_RATIO_FROM bytes
ZIP_RATIO_FROM = 1024 * 1024
ZIP_UNZIPPED_FACTOR = 4  # an Excel file may unpack to at most 4 × the byte limit


# ---- headers and identifiers ------------------------------------------------------------------------------------


def normalise_header(text) -> str:
    """A column header as every importer compares it: no BOM, no-break spaces or case, '_' and '-' as spaces,
    single spaces ("BEVOEGD_GEZAG-nummer" == "bevoegd gezag nummer")."""
    text = str(text or "").replace("\ufeff", "").replace("\u00a0", " ")
    return " ".join(re.sub(r"[_\-]+", " ", text).split()).casefold()


# a column whose header looks like this holds identifiers: its cell values never appear in a problem report, nor
# as a sample on the mapping page
IDENTIFIER_HEADER = re.compile(
    r"bsn|burgerservice|naam|leerling|pupil|dossier|nummer|nr\b|geboorte|pgn|onderwijsnummer|\bid\b", re.IGNORECASE
)
LOOKS_LIKE_ID = re.compile(r"\d{5,}|@")


def is_identifier_header(header) -> bool:
    return bool(IDENTIFIER_HEADER.search(str(header or "")))


def shown(value, identifier: bool) -> str | None:
    """The cell value as it may appear in a problem report or a sample, or None: never for an identifier column,
    never long, never anything that looks like a BSN, a number of five digits or more, or an e-mail address."""
    value = str(value).strip()
    if identifier or not value or len(value) > 20 or LOOKS_LIKE_ID.search(value):
        return None
    return value


class ReadError(ValueError):
    """The file is refused as a whole; ``str(exc)`` is the Dutch reason."""


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell: int

    @classmethod
    def current(cls) -> Limits:
        return cls(
            max_bytes=int(settings.KOERS_IMPORT_MAX_BYTES),
            max_rows=int(settings.KOERS_IMPORT_MAX_ROWS),
            max_columns=int(settings.KOERS_IMPORT_MAX_COLUMNS),
            max_cell=int(settings.KOERS_IMPORT_MAX_CELL),
        )

    @property
    def max_unzipped(self) -> int:
        return self.max_bytes * ZIP_UNZIPPED_FACTOR


def too_large_message(limit: int) -> str:
    return _("Het bestand is groter dan %(n)s; Koers leest bestanden tot %(n)s (KOERS_IMPORT_MAX_BYTES).") % {
        "n": _mb(limit)
    }


def check_size(size: int | None, limits: Limits | None = None) -> None:
    limits = limits or Limits.current()
    if size is not None and size > limits.max_bytes:
        raise ReadError(too_large_message(limits.max_bytes))


def read_limited(stream, limits: Limits | None = None) -> bytes:
    """At most ``max_bytes`` bytes of an uploaded file, a path's open file or any stream; more is refused."""
    limits = limits or Limits.current()
    check_size(getattr(stream, "size", None), limits)
    if hasattr(stream, "seek"):
        with contextlib.suppress(OSError, ValueError):
            stream.seek(0)
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise ReadError(too_large_message(limits.max_bytes))
    return bytes(data)


class Number(str):
    """A number from an Excel cell, written with a decimal point and no thousands separator: never ambiguous."""

    __slots__ = ()


class Row(list):
    """The cells of one row, with its number in the file (header = 1) and, for CSV, the number of fields read."""

    __slots__ = ("number", "width")

    def __init__(self, cells, number: int, width: int | None = None):
        super().__init__(cells)
        self.number = number
        self.width = width


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[Row]
    sheet: str = ""
    delimiter: str = ""
    encoding: str = ""
    truncated: bool = False  # stopped at ``max_rows`` on request (a sample)

    @property
    def is_csv(self) -> bool:
        return bool(self.delimiter)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252; binary data is refused."""
    if b"\x00" in data[:4096]:
        raise ReadError(_("Het bestand bevat binaire gegevens en is geen tabel (CSV of Excel)."))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ReadError(
            _("De tekens in het bestand zijn niet te lezen. Sla het op als CSV (UTF-8) en probeer opnieuw.")
        ) from None


def first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def detect_delimiter(header_line: str) -> str:
    """The most frequent of ``;``, ``,`` and tab on the header line (``;`` wins a tie, as Dutch Excel writes it)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def check_zip(data: bytes, limits: Limits | None = None) -> None:
    """Refuse a zip (xlsx) that would unpack to too much, judged from its table of contents alone."""
    limits = limits or Limits.current()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError(_("Het Excel-bestand kan niet worden gelezen (het is geen geldig .xlsx-bestand).")) from None
    if len(infos) > ZIP_MAX_MEMBERS:
        raise ReadError(_("Het Excel-bestand bestaat uit te veel delen (meer dan %(n)s).") % {"n": _n(ZIP_MAX_MEMBERS)})
    total = sum(max(i.file_size, 0) for i in infos)
    if total > limits.max_unzipped:
        raise ReadError(
            _(
                "Het Excel-bestand is uitgepakt groter dan %(n)s (%(f)s × KOERS_IMPORT_MAX_BYTES); Koers opent het "
                "niet. Sla het op als CSV of splits het."
            )
            % {"n": _mb(limits.max_unzipped), "f": ZIP_UNZIPPED_FACTOR}
        )
    for info in infos:
        if info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                _(
                    "Het Excel-bestand is verdacht sterk ingepakt (deel %(p)s pakt meer dan %(r)s keer zo groot "
                    "uit); Koers opent het niet. Sla het op als CSV."
                )
                % {"p": info.filename[:80], "r": ZIP_MAX_RATIO}
            )


def columns_message(limits: Limits) -> str:
    return _(
        "De kopregel heeft meer dan %(n)s kolommen; Koers leest tabellen tot %(n)s kolommen "
        "(KOERS_IMPORT_MAX_COLUMNS). Is het scheidingsteken goed?"
    ) % {"n": _n(limits.max_columns)}


def rows_message(limits: Limits) -> str:
    return _(
        "Het bestand heeft meer dan %(n)s rijen; Koers leest tabellen tot %(n)s rijen (KOERS_IMPORT_MAX_ROWS). "
        "Splits het bestand."
    ) % {"n": _n(limits.max_rows)}


def cell_message(limits: Limits, row: int) -> str:
    return _(
        "Rij %(r)s heeft een cel van meer dan %(n)s tekens; Koers leest cellen tot %(n)s tekens "
        "(KOERS_IMPORT_MAX_CELL). Staat er een aanhalingsteken dat niet wordt afgesloten?"
    ) % {"n": _n(limits.max_cell), "r": row}


def read_table(
    name: str, data: bytes, *, limits: Limits | None = None, max_rows: int | None = None, sheet: str | None = None
) -> Table:
    """The header and rows of a CSV or Excel file (first sheet, or ``sheet``). ``max_rows`` stops early (a sample)."""
    limits = limits or Limits.current()
    check_size(len(data), limits)
    if not data or not data.strip():
        raise ReadError(_("Het bestand is leeg."))
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(name, data, limits, max_rows, sheet)
    return _read_csv(name, data, limits, max_rows)


def _read_csv(name, data, limits, max_rows) -> Table:
    text, encoding = decode(data)
    header_line = first_line(text.lstrip("\r\n"))
    delimiter = detect_delimiter(header_line)
    if header_line.count(delimiter) + 1 > limits.max_columns:  # before anything is split
        raise ReadError(columns_message(limits))
    old_limit = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell)  # the csv module stops at the first longer cell, even inside quotes
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        header, rows, number, truncated = None, [], 0, False
        max_cell, max_fields = limits.max_cell, limits.max_columns
        for cells in reader:
            number += 1
            if len(cells) > max_fields:
                if header is None:
                    raise ReadError(columns_message(limits))
                # keep the count, not the cells: the row is refused by the caller
                cells = cells[: max_fields + 1]
            if any(len(c) > max_cell for c in cells):
                raise ReadError(cell_message(limits, number))
            if not any(c.strip() for c in cells):
                if header is None:
                    number = 0  # leading blank lines: the header is row 1
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            if len(rows) >= limits.max_rows:
                raise ReadError(rows_message(limits))
            rows.append(Row([imported_text(c).strip() for c in cells], number, len(cells)))
    except csv.Error as exc:
        message = str(exc)
        if "field larger" in message:
            raise ReadError(cell_message(limits, number + 1)) from None
        raise ReadError(
            _("Het bestand is geen leesbare tabel (rij %(r)s): %(e)s") % {"r": number + 1, "e": message[:100]}
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    if header is None:
        raise ReadError(_("Het bestand is leeg."))
    if len(header) < 2:
        raise ReadError(
            _(
                "Het bestand is geen tabel: de eerste regel heeft maar één kolom. Gebruik ; , of tab als scheidingsteken."
            )
        )
    return Table(name, header, rows, delimiter=delimiter, encoding=encoding, truncated=truncated)


def cell_text(value) -> str:
    """An Excel cell as the text the importers read: dates as dd-mm-jjjj, numbers with a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int):
        return Number(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return Number(int(value))
        return Number(format(Decimal(repr(value)), "f"))
    return imported_text(str(value)).strip()  # the ' Koers puts before a formula-like text goes again


def _open_workbook(data, limits):
    check_zip(data, limits)  # before openpyxl sees a byte of it
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on broken files
        raise ReadError(_("Het Excel-bestand kan niet worden gelezen.")) from None


def _read_sheet(name, sheet, limits, max_rows) -> Table | None:
    """One sheet of an open workbook as a table, or None when it is empty."""
    header, rows, truncated = None, [], False
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1), start=1):
        if len(values) > limits.max_columns and any(v is not None for v in values[limits.max_columns :]):
            raise ReadError(columns_message(limits))
        cells = [cell_text(v) for v in values[: limits.max_columns]]
        if any(len(c) > limits.max_cell for c in cells):
            raise ReadError(cell_message(limits, number))
        while cells and not cells[-1]:
            cells.pop()
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        if len(rows) >= limits.max_rows:
            raise ReadError(rows_message(limits))
        rows.append(Row(cells, number))
    if header is None:
        return None
    return Table(name, header, rows, sheet=sheet.title, truncated=truncated)


def _read_xlsx(name, data, limits, max_rows, sheet_name) -> Table:
    book = _open_workbook(data, limits)
    try:
        sheet = book[sheet_name] if sheet_name is not None and sheet_name in book.sheetnames else book.worksheets[0]
        table = _read_sheet(name, sheet, limits, max_rows)
    except ReadError:
        raise
    except Exception:  # a damaged sheet inside a valid zip
        raise ReadError(_("Het Excel-bestand is beschadigd en niet te lezen.")) from None
    finally:
        book.close()
    if table is None:
        raise ReadError(_("Het bestand is leeg."))
    return table


def read_sheets(name: str, data: bytes, *, wanted=None, limits: Limits | None = None) -> dict[str, Table | None]:
    """Every sheet of an Excel workbook (or those whose normalised name is in ``wanted``), read with the same limits
    as :func:`read_table`; an empty sheet is None. Keys are the sheet names as the file has them."""
    limits = limits or Limits.current()
    check_size(len(data), limits)
    if not data or not data.strip():
        raise ReadError(_("Het bestand is leeg."))
    book = _open_workbook(data, limits)
    wanted = {normalise_header(w) for w in wanted} if wanted is not None else None
    out = {}
    try:
        for sheet in book.worksheets:
            if wanted is None or normalise_header(sheet.title) in wanted:
                out[sheet.title] = _read_sheet(name, sheet, limits, None)
    except ReadError:
        raise
    except Exception:  # a damaged sheet inside a valid zip
        raise ReadError(_("Het Excel-bestand is beschadigd en niet te lezen.")) from None
    finally:
        book.close()
    return out


# ---- problems -------------------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One line of a problem report: where (file, sheet, row, the file's own column header, Koers' field) and what.

    ``message`` never holds the value of an identifier column (BSN, name, pupil, dossier number).
    """

    file: str
    row: int | None
    column: str = ""
    message: str = ""
    level: str = "fout"
    sheet: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = [self.file or _("bestand")]
        if self.sheet:
            where.append(self.sheet)
        if self.row:
            where.append(_("rij %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column})
        if self.field:
            where.append(_("veld %(field)s") % {"field": self.field})
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "problem": self.message,
            "level": self.level,
        }


def problem_from_dict(item: dict) -> Problem:
    """A problem as stored in a session or an import run (``as_dict``) back as a :class:`Problem`."""
    return Problem(
        file=str(item.get("file") or ""),
        row=item.get("row") or None,
        column=str(item.get("column") or ""),
        message=str(item.get("problem") or item.get("message") or ""),
        level=str(item.get("level") or "fout"),
        sheet=str(item.get("sheet") or ""),
        field=str(item.get("field") or ""),
    )


LEVEL_LABELS = {
    "fout": gettext_lazy("Fout"),
    "waarschuwing": gettext_lazy("Waarschuwing"),
    "opmerking": gettext_lazy("Opmerking"),
}


def problem_report(problems, filename: str = "importrapport"):
    """The one problem report of every import, as a :class:`koers.core.tables.Table` (CSV or Excel download):
    file, sheet, row, the file's own column header, Koers' field, kind and the problem."""
    from koers.core.tables import Column
    from koers.core.tables import Table as ReportTable

    table = ReportTable(
        _("Problemen in het bestand"),
        [
            Column("file", _("Bestand")),
            Column("sheet", _("Blad")),
            Column("row", _("Rij"), "number"),
            Column("column", _("Kolom in het bestand")),
            Column("field", _("Veld in Koers")),
            Column("level", _("Soort")),
            Column("problem", _("Probleem")),
        ],
        filename=filename,
    )
    for item in problems:
        p = item if isinstance(item, Problem) else problem_from_dict(item)
        table.add_row(
            file=p.file,
            sheet=p.sheet,
            row=p.row or None,
            column=p.column,
            field=p.field,
            level=str(LEVEL_LABELS.get(p.level, p.level)),
            problem=p.message,
        )
    return table
