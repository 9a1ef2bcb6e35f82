import csv
import io

from django.utils.translation import gettext as _

from koers.core.export_safety import imported_text


class NotATable(ValueError):
    pass


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV or XLSX file; raises NotATable with a Dutch message."""
    if not data or not data.strip():
        raise NotATable(_("Het bestand is leeg."))
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    text = _decode(data)
    if "\x00" in text:
        raise NotATable(_("Het bestand is geen tabel (CSV of Excel)."))
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        delimiter = max(",;\t|", key=first.count)
    try:
        rows = [
            row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(c.strip() for c in row)
        ]
    except csv.Error as exc:
        raise NotATable(_("Het bestand is geen leesbare tabel: %(e)s") % {"e": exc}) from exc
    if not rows:
        raise NotATable(_("Het bestand is leeg."))
    rows = [[imported_text(c) for c in row] for row in rows]  # the ' before a formula-like text goes again
    header = [h.strip() for h in rows[0]]
    if len(header) < 2:
        raise NotATable(_("Het bestand is geen tabel: de eerste regel heeft maar één kolom."))
    return header, [[c.strip() for c in row] for row in rows[1:]]


def _read_xlsx(data: bytes):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [
            [
                "" if v is None else imported_text(v.strftime("%d-%m-%Y") if hasattr(v, "strftime") else str(v)).strip()
                for v in r
            ]
            for r in sheet.iter_rows(values_only=True)
        ]
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise NotATable(_("Het Excel-bestand kan niet worden gelezen.")) from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise NotATable(_("Het bestand is leeg."))
    return rows[0], rows[1:]
