import datetime as dt
import re
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.importing import (  # noqa: F401
    IDENTIFIER_HEADER,
    LOOKS_LIKE_ID,
    Number,
    Problem,
    ReadError,
    normalise_header,
    read_table,
    shown,
)
from koers.core.normalise import normalise_swv_code
from koers.core.periods import date_problem, parse_dutch_date, school_year_label, school_year_of
from koers.monitoring.models import ImportRun, NationalCount, PupilCount
from koers.monitoring.pseudonym import pseudonymiser
from koers.organisations.models import School

from .registers import BOOL, COUNT_REGISTERS, FLOW_REGISTERS, REGISTERS, TYPES

BRIN6_RE = re.compile(r"^\d{2}[A-Z]{2}\d{2}$|^[0-9A-Z]{4}\d{2}$")


_norm = normalise_header  # the one header normaliser of every import


MAX_PROBLEMS = 1000


class Report:
    """The problems of one import (:class:`koers.core.importing.Problem`), stored as dicts on the run."""

    def __init__(self, file_name, sheet=""):
        self.file_name = file_name
        self.sheet = sheet
        self.items = []
        self.error_count = 0

    def add(self, row, column, problem, level="fout", field=""):
        if level == "fout":
            self.error_count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.file_name, row, str(column), str(problem), level, self.sheet, str(field)))
        elif len(self.items) == MAX_PROBLEMS:
            self.items.append(
                Problem(
                    self.file_name,
                    None,
                    "",
                    _("Er zijn meer dan %(n)s meldingen; de rest is niet getoond.") % {"n": MAX_PROBLEMS},
                    "fout" if self.error_count else level,
                    self.sheet,
                )  # fmt: skip
            )

    @property
    def errors(self):
        return self.error_count

    def as_list(self):
        return [p.as_dict() for p in self.items]


def _progress(run, value, callback):
    if run is not None and value != run.progress:
        run.progress = value
        ImportRun.objects.for_swv(run.swv_id).filter(pk=run.pk).update(progress=value)
    if callback:
        callback(value)


def import_file(
    swv,
    register,
    file_name,
    data,
    *,
    mapping=None,
    user=None,
    accept_warnings=False,
    run=None,
    remove_missing=False,
    progress=None,
) -> ImportRun:
    """Validate the whole file, then write all of it or nothing. Returns the (saved) ImportRun."""
    if run is None:
        run = ImportRun.objects.create(swv=swv, register=register, file_name=file_name[:255], user=user)
    run.status = ImportRun.Status.RUNNING
    run.remove_missing = run.remove_missing or remove_missing
    run.save(update_fields=["status", "remove_missing"])
    report = Report(file_name)
    try:
        table = read_table(file_name, data)
    except ReadError as exc:
        report.add(0, "", exc)
        return _finish(run, report, ImportRun.Status.FAILED)
    report.sheet = table.sheet
    _progress(run, 10, progress)
    if register in FLOW_REGISTERS:
        from koers.monitoring.funding import import_flow_counts

        result = import_flow_counts(swv, register, table, report)
    elif register in COUNT_REGISTERS:
        result = _import_counts(swv, register, table, report)
    elif register in REGISTERS:
        result = _import_register(
            swv, REGISTERS[register], table, report, mapping, remove_missing, run, accept_warnings, progress
        )
    else:
        report.add(0, "", _("Onbekend register: %(r)s.") % {"r": register})
        return _finish(run, report, ImportRun.Status.FAILED)
    if report.errors:
        return _finish(run, report, ImportRun.Status.FAILED)
    if result is None:  # warnings only, not accepted
        return _finish(run, report, ImportRun.Status.WARNINGS)
    run.added, run.changed, run.unchanged, run.removed = result
    run.progress = 100
    return _finish(run, report, ImportRun.Status.DONE)


def _date_message(value: str, identifier: bool = False) -> str:
    """The report line for a cell that is no date: the format, or why the written date does not exist."""
    problem = None if identifier else date_problem(value)
    return problem or _("Dit is geen geldige datum (gebruik dd-mm-jjjj, jjjj-mm-dd of een Excel-datum).")


EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL = re.compile(r"^\d{1,5}(?:\.0+)?$")


def parse_date(value: str):
    """d-m-jjjj, jjjj-mm-dd, or an Excel serial day number (1900-2100); None when it is no date."""
    day = parse_dutch_date(value)
    if day is None and SERIAL.match(value):
        serial = int(value.split(".")[0])
        if 1 <= serial <= 73050:
            day = EXCEL_EPOCH + dt.timedelta(days=serial)
    return day


def _finish(run, report, status):
    if status == ImportRun.Status.DONE:  # computed measure values of this SWV (and national ones) are outdated
        from koers.monitoring import cache

        transaction.on_commit(lambda: (cache.changed(run.swv_id), cache.changed(None)))
    run.status = status
    run.problems = report.as_list()
    if status == ImportRun.Status.FAILED:
        run.added = run.changed = run.unchanged = run.removed = 0
    run.save()
    return run


AMBIGUOUS = "ambiguous"
_AMOUNT = re.compile(r"^[+-]?[0-9][0-9.,]*$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")


def _decimal_style(values) -> tuple[bool, bool]:
    """(uses a decimal comma, uses a decimal point), judged from the values that can only be read one way."""
    comma = point = False
    for raw in values:
        if isinstance(raw, Number):
            continue
        v = raw.replace("€", "").replace(" ", "").replace("\u00a0", "").lstrip("+-")
        c, p = v.count(","), v.count(".")
        if c and p:
            if v.rfind(",") > v.rfind("."):
                comma = True
            else:
                point = True
        elif c == 1 and len(v) - v.index(",") - 1 != 3:
            comma = True
        elif p == 1 and len(v) - v.index(".") - 1 != 3:
            point = True
        elif c > 1:
            point = True  # 1,234,567: the comma groups thousands
        elif p > 1:
            comma = True  # 1.234.567: the point groups thousands
    return comma, point


def parse_amount(raw: str, style: str | None):
    """Decimal, None (no amount) or AMBIGUOUS. ``style`` is the column's decimal separator, when it has one."""
    if isinstance(raw, Number):  # from Excel: exact, but an amount has at most two decimals
        number = Decimal(str(raw))
        return number if number.as_tuple().exponent >= -2 else None
    v = raw.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not _AMOUNT.match(v):
        return None
    sign = ""
    if v[0] in "+-":
        sign, v = v[0], v[1:]
    c, p = "," in v, "." in v
    if c and p:
        decimal = "," if v.rfind(",") > v.rfind(".") else "."
        whole, _sep, frac = v.rpartition(decimal)
        if not _GROUPED.match(whole) and not whole.isdigit():
            return None
        whole = whole.replace("." if decimal == "," else ",", "")
    elif c or p:
        sep = "," if c else "."
        parts = v.split(sep)
        if len(parts) > 2:
            if not _GROUPED.match(v):
                return None
            whole, frac = "".join(parts), ""
        elif len(parts[1]) == 3 and _GROUPED.match(v):  # 6.435: thousands, or three decimals?
            if style == sep or (style is None and sep == ","):
                # the column uses this sign as decimal separator elsewhere, or (a lone 6,435) a Dutch decimal
                # comma with three decimals versus an English thousands separator
                return AMBIGUOUS
            whole, frac = "".join(parts), ""  # a thousands separator (an amount has two decimals)
        else:
            whole, frac = parts
    else:
        whole, frac = v, ""
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
        return None
    return Decimal(f"{sign}{whole}.{frac or '0'}")


def _parser(
    field, report, mapping_values, dates, max_length=200, is_key=False, column="", identifier=False, style=None
):
    """A function (raw, row_no) -> value for one column, adding Dutch problems that never echo an identifier.

    ``dates`` is a cache text -> date shared by the date columns of one import: registers repeat the same few
    thousand dates, so each distinct text is parsed once.
    """
    label = field.label
    kind = field.kind
    codes = mapping_values.get(field.name)
    empty = None if kind in ("date", "decimal", "int") else (False if kind == "bool" else "")
    required = field.required
    identifier = identifier or is_key or kind == "pupil"

    def add(row_no, message):
        report.add(row_no, column, message, field=label)

    def quoted(value, with_value, without):
        v = shown(value, identifier)
        return with_value % {"v": v} if v is not None else without

    pseudonymise_ = pseudonymiser() if kind == "pupil" else None
    choices = field.choices

    def parse(raw, row_no):
        value = raw if isinstance(raw, Number) else raw.strip()  # an Excel number keeps its type: exact
        if codes is not None:
            value = str(codes.get(value, codes.get(value.lower(), value)))
        if not value:
            if required:
                add(row_no, _("Verplichte waarde ontbreekt."))
            return empty
        if kind == "text":
            if len(value) > max_length:
                if is_key:
                    add(row_no, _("Het nummer is langer dan %(n)s tekens.") % {"n": max_length})
                else:
                    add(row_no, _("De tekst is langer dan %(n)s tekens.") % {"n": max_length})
            return value[:max_length]
        if kind == "date":
            try:
                return dates[value]
            except KeyError:
                parsed = parse_date(value)
            if parsed is None:  # not cached: every row with this value gets its own line in the report
                add(row_no, _date_message(value, identifier or shown(value, False) is None))
            else:
                dates[value] = parsed
            return parsed
        if kind == "pupil":
            return pseudonymise_(value)
        if kind == "brin6":
            return value.upper().replace(" ", "")
        if kind == "choice":
            lower = value.lower()
            if lower not in choices:
                allowed = ", ".join(sorted({v for v in choices.values() if v}))
                add(
                    row_no,
                    quoted(value, _("Onbekende waarde '%(v)s'"), _("Onbekende waarde"))
                    + _("; verwacht: %(a)s.") % {"a": allowed},
                )
                return ""
            return choices[lower]
        if kind == "decimal":
            number = parse_amount(value, style)
            if number is AMBIGUOUS:
                add(
                    row_no,
                    quoted(value, _("'%(v)s' is niet eenduidig"), _("Dit bedrag is niet eenduidig"))
                    + _(
                        ": het teken kan duizendtallen scheiden of drie decimalen (in deze kolom staan ook bedragen "
                        "met dit teken als decimaalteken). Schrijf het bedrag zonder scheidingsteken voor "
                        "duizendtallen, met hoogstens twee decimalen."
                    ),
                )
                return None
            if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
                add(
                    row_no,
                    quoted(value, _("'%(v)s' is geen bedrag"), _("Dit is geen bedrag"))
                    + _(" (gebruik bijvoorbeeld 1234,56 of 1.234,56; hoogstens twee decimalen)."),
                )
                return None
            return number.quantize(Decimal("0.01"))
        if kind == "bool":
            if value.lower() not in BOOL:
                add(row_no, quoted(value, _("'%(v)s' is geen ja of nee."), _("Dit is geen ja of nee.")))
                return False
            return BOOL[value.lower()]
        if kind == "type":
            if _norm(value) not in TYPES:
                add(
                    row_no,
                    quoted(value, _("Onbekende soort '%(v)s'"), _("Onbekende soort"))
                    + _("; verwacht BO, SBO, SO, VSO, VO of PRO."),
                )
                return ""
            return TYPES[_norm(value)]
        return value[:200]

    return parse


def column_positions(register, header, mapping=None) -> tuple[dict, dict]:
    """(field name -> column index, field name -> why), as the import reads the header.

    A mapping decides first; other columns are recognised by code, Dutch name or alias, each field taking the
    column whose name matches best (so a BSN column is the pupil key whenever there is one, a name only without).
    """
    columns = dict(mapping.columns) if mapping else {}
    positions = {}
    for i, col in enumerate(header):
        target = columns.get(col) or columns.get(col.strip())
        if target and target not in positions and any(f.name == target for f in register.fields):
            positions[target] = i
    mapped = set(positions.values())
    for f in register.fields:
        if f.name in positions:
            continue
        names = [_norm(a) for a in (f.name, str(f.label), *f.aliases)]
        best = None
        for i, col in enumerate(header):
            if i in mapped or (columns.get(col) or columns.get(col.strip())):
                continue
            key = _norm(col)
            if key in names and (best is None or names.index(key) < best[0]):
                best = (names.index(key), i)
        if best is not None:
            positions[f.name] = best[1]
            mapped.add(best[1])
    return positions


def _field_count_problem(row, width):
    """Why a CSV row does not fit the header, or None. Trailing empty fields (a closing separator) are fine."""
    if row.width is None or row.width == width:
        return None
    if row.width > width and not any(row[width:]):
        return None
    if row.width < width:
        return ngettext(
            "Deze rij heeft %(n)s veld, de kopregel %(m)s: de rij is afgebroken of er ontbreken scheidingstekens. "
            "Er is niets geïmporteerd.",
            "Deze rij heeft %(n)s velden, de kopregel %(m)s: de rij is afgebroken of er ontbreken scheidingstekens. "
            "Er is niets geïmporteerd.",
            row.width,
        ) % {"n": row.width, "m": width}
    return ngettext(
        "Deze rij heeft %(n)s veld, de kopregel %(m)s. Staat er een scheidingsteken in een waarde zonder "
        "aanhalingstekens, bijvoorbeeld een bedrag als 6435,75 in een bestand met komma's? Zet zo'n waarde tussen "
        "aanhalingstekens of gebruik ; als scheidingsteken.",
        "Deze rij heeft %(n)s velden, de kopregel %(m)s. Staat er een scheidingsteken in een waarde zonder "
        "aanhalingstekens, bijvoorbeeld een bedrag als 6435,75 in een bestand met komma's? Zet zo'n waarde tussen "
        "aanhalingstekens of gebruik ; als scheidingsteken.",
        row.width,
    ) % {"n": row.width, "m": width}


def _import_register(swv, register, table, report, mapping, remove_missing, run, accept_warnings, progress):
    header, rows = table.header, table.rows
    values = dict(mapping.values) if mapping else {}
    positions = column_positions(register, header, mapping)
    for f in register.fields:
        if f.required and f.name not in positions:
            report.add(1, "", _("Verplichte kolom '%(c)s' ontbreekt.") % {"c": f.label}, field=f.label)
    if report.errors:
        return None
    if not rows:
        report.add(1, "", _("Het bestand heeft alleen een kopregel en geen gegevens."))
        return None
    width = len(header)
    for row in rows:  # a row that does not fit the header is never read (nor padded): nothing is saved
        problem = _field_count_problem(row, width)
        if problem:
            report.add(row.number, "", problem)
    if report.errors:
        return None
    known_brin = set(School.objects.for_swv(swv).values_list("brin6", flat=True))
    fields = [f for f in register.fields if f.name in positions]
    labels = {f.name: f.label for f in fields}
    lengths = {f.name: f.max_length for f in register.model._meta.concrete_fields if f.max_length}
    dates: dict = {}
    key_name = register.key
    parsers = []
    for f in fields:
        i = positions[f.name]
        column = header[i]
        identifier = f.kind == "pupil" or f.name == key_name or bool(IDENTIFIER_HEADER.search(column))
        style = None
        if f.kind == "decimal":
            comma, point = _decimal_style(r[i] for r in rows if i < len(r) and r[i])
            if comma and point:
                report.add(
                    1,
                    column,
                    _(
                        "In deze kolom staan bedragen met een decimale komma én bedragen met een decimale punt; "
                        "Koers kan ze niet betrouwbaar lezen. Gebruik één schrijfwijze, bijvoorbeeld 1234,56."
                    ),
                    field=f.label,
                )
                continue
            style = "," if comma else "." if point else None
        parsers.append(
            (
                f.name,
                i,
                _parser(
                    f,
                    report,
                    values,
                    dates,
                    min(200, lengths.get(f.name, 200)),
                    f.name == key_name,
                    column,
                    identifier,
                    style,
                ),
            )
        )
    if report.errors:
        return None
    key_label = labels[key_name]
    key_column = header[positions[key_name]]
    end_after = [
        (s, e, labels.get(e), header[positions[e]]) for s, e in register.end_after if s in positions and e in positions
    ]
    brin_fields = [(f.name, f.label, header[positions[f.name]]) for f in fields if f.kind == "brin6"]
    brin_ok: dict = {}  # BRIN6 -> problem text or None, looked up once per distinct value
    tlv_warning = register.code == "tlv" and "besluit" in positions
    parsed, seen = [], {}
    total = len(rows)
    add = report.add
    for count, row in enumerate(rows, start=1):
        n = row.number
        if len(row) < width:  # Excel rows end at their last filled cell
            row = row + [""] * (width - len(row))
        record = {name: parse(row[i], n) for name, i, parse in parsers}
        key = record.get(key_name)
        if key and register.year_field:  # unique per school year: the same number may be in two years' lists
            day = record.get(register.year_from)
            key = (school_year_of(day) if day else None, key)
        if key:
            if key in seen:
                add(n, key_column, _("Dit nummer staat ook in rij %(r)s.") % {"r": seen[key]}, field=key_label)
            seen[key] = n
        for start, end, end_label, end_column in end_after:
            a, b = record[start], record[end]
            if a and b and b < a:
                add(n, end_column, _("De einddatum ligt vóór de begindatum."), field=end_label)
        for name, label, column in brin_fields:
            brin = record[name]
            if brin:
                try:
                    problem = brin_ok[brin]
                except KeyError:
                    v = shown(brin, False)
                    problem = brin_ok[brin] = (
                        (_("'%(v)s' is geen BRIN6.") % {"v": v} if v else _("Dit is geen BRIN6."))
                        if not BRIN6_RE.match(brin)
                        else _("School %(v)s hoort niet bij dit samenwerkingsverband.") % {"v": brin}
                        if register.own_schools and known_brin and brin not in known_brin
                        else None
                    )
                if problem:
                    add(n, column, problem, field=label)
        if tlv_warning and record["besluit"] and not record.get("besluitdatum"):
            add(n, header[positions["besluit"]], _("Er is een besluit maar geen besluitdatum."), level="waarschuwing",
                field=_("Besluitdatum"))  # fmt: skip
        parsed.append(record)
        if count % 5000 == 0:
            _progress(run, 10 + int(50 * count / total), progress)
    if register.year_field and not report.errors:
        _warn_replaced_years(swv, register, parsed, rows, report, header[positions[register.year_from]])
    if report.errors or (report.items and not accept_warnings):
        return None
    _progress(run, 60, progress)
    names = [f.name for f in fields]
    inside = register.inside_field
    if inside and inside not in positions:  # not in the file: inside when the school is one of the SWV's
        for record in parsed:
            record[inside] = record.get("brin6", "") in known_brin
        names.append(inside)
    if register.year_field:
        for record in parsed:
            record[register.year_field] = school_year_of(record[register.year_from])
        names.append(register.year_field)
    return _write(swv, register, parsed, names, remove_missing)


def _warn_replaced_years(swv, register, parsed, rows, report, column) -> None:
    """A list per school year: say, before anything is saved, which school years the file replaces (a warning, so
    the import waits for the user's go-ahead) and that the other years stay."""
    first_row: dict[int, int] = {}
    for record, row in zip(parsed, rows, strict=True):
        year = school_year_of(record[register.year_from])
        first_row.setdefault(year, row.number)
    existing = dict(
        register.model.objects.for_swv(swv)
        .filter(**{f"{register.year_field}__in": list(first_row)})
        .order_by()
        .values_list(register.year_field)
        .annotate(n=Count("pk"))
    )
    for year in sorted(existing):
        report.add(
            first_row[year],
            column,
            ngettext(
                "Koers heeft al een lijst van schooljaar %(y)s (%(n)s rij); dit bestand vervangt die lijst. Andere "
                "schooljaren blijven staan.",
                "Koers heeft al een lijst van schooljaar %(y)s (%(n)s rijen); dit bestand vervangt die lijst. Andere "
                "schooljaren blijven staan.",
                existing[year],
            )
            % {"y": school_year_label(year), "n": existing[year]},
            level="waarschuwing",
            field=_("Schooljaar"),
        )


def _converter(field):
    """value -> database value for one model field, chosen once per column (what the ORM does per value)."""
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda v, d=field.max_digits, p=field.decimal_places: ops.adapt_decimalfield_value(v, d, p)
    return None


def _write(swv, register, records, names, remove_missing):
    """Insert new and update changed records with plain multi-row SQL (the ORM's per-value work dominated)."""
    model, key = register.model, register.key
    names = [n for n in names if n != key]
    meta = model._meta
    table, qn = meta.db_table, connection.ops.quote_name
    now = timezone.now()
    added = changed = unchanged = 0
    year = register.year_field
    with transaction.atomic():
        current = model.objects.for_swv(swv)
        if year:  # a list per school year: only the years in the file are compared (and replaced)
            current = current.filter(**{f"{year}__in": {r[year] for r in records}})
            remove_missing = True

            def ident(values):
                return (values[year], values[key])
        else:

            def ident(values):
                return values[key]

        existing = {}
        for row in current.values_list("id", key, *names).iterator(5000):
            values = dict(zip([key, *names], row[1:], strict=True))
            existing[ident(values)] = row
        new, updated = [], []
        for record in records:
            old = existing.get(ident(record))
            if old is None:
                new.append(record)
                added += 1
            elif any(old[i] != record[name] for i, name in enumerate(names, start=2)):
                updated.append((old[0], record))
                changed += 1
            else:
                unchanged += 1
        with connection.cursor() as cursor:
            if new:
                _insert(cursor, model, swv, new, now)
            if updated:
                fields = [meta.get_field(n) for n in names]
                convert = [_converter(f) for f in fields]
                sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
                stamp = meta.get_field("updated_at").get_db_prep_save(now, connection)
                sql = f"UPDATE {qn(table)} SET {sets}, {qn('updated_at')} = %s WHERE {qn('id')} = %s"
                params = [
                    [
                        *(c(record[f.name]) if c else record[f.name] for f, c in zip(fields, convert, strict=True)),
                        stamp,
                        pk,
                    ]
                    for pk, record in updated
                ]
                for i in range(0, len(params), 2000):
                    cursor.executemany(sql, params[i : i + 2000])
        keys = {ident(r) for r in records}
        missing = [o[0] for k, o in existing.items() if k not in keys]
        if remove_missing and missing:
            for i in range(0, len(missing), 500):
                model.objects.for_swv(swv).filter(pk__in=missing[i : i + 500]).delete()
    return added, changed, unchanged, len(missing)


def _insert(cursor, model, swv, records, now):
    """Multi-row INSERT of ``records`` (dicts of field name -> parsed value); other fields get their default."""
    qn = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = records[0].keys()
    columns = []  # (position in the row, converter) for given values; constants for the rest
    template = []
    for f in fields:
        if f.name == "swv":
            template.append(swv.pk)
        elif f.name in ("created_at", "updated_at"):
            template.append(f.get_db_prep_save(now, connection))
        elif f.name in given:
            columns.append((len(template), f.name, _converter(f)))
            template.append(None)
        else:
            template.append(f.get_db_prep_save(f.get_default(), connection))
    width = len(fields)
    raw = getattr(cursor, "cursor", None)
    if connection.vendor == "postgresql" and hasattr(raw, "copy"):
        # PostgreSQL: COPY streams the rows (psycopg adapts dates, decimals and booleans itself).
        names = ", ".join(qn(f.column) for f in fields)
        with raw.copy(f"COPY {qn(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            for record in records:
                row = list(template)
                for pos, name, _convert in columns:
                    row[pos] = record[name]
                copy.write_row(row)
        return
    per_batch = max(1, min(1000, (connection.features.max_query_params or 65535) // width))
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(records), per_batch):
        batch = records[start : start + per_batch]
        params = []
        for record in batch:
            row = list(template)
            for pos, name, convert in columns:
                value = record[name]
                row[pos] = convert(value) if convert is not None and value is not None else value
            params.extend(row)
        cursor.execute(head + ", ".join([one] * len(batch)), params)


def _int(value):
    try:
        return int(str(value).replace(".", "").strip())
    except ValueError:
        return None


def _count_date_of(day) -> str:
    """The kind of count a count date is: 1 February counts (funding since 2023) are kept apart (ADR 0022)."""
    return "1-februari" if (day.month, day.day) == (2, 1) else "1-oktober"


def _import_counts(swv, register, table, report):
    header, rows = table.header, table.rows
    cols = {_norm(h): i for i, h in enumerate(header)}

    def col(*names):
        for n in names:
            if n in cols:
                return cols[n]
        return None

    c_type = col("type po", "type vo", "soort", "type")
    c_year = col("peiljaar", "jaar")
    c_date = col("peildatum", "teldatum")
    c_kind = None  # a TELDATUM column that says "1 februari" / "1 oktober" next to a PEILJAAR (ADR 0022)
    if c_date is not None and c_year is not None and header[c_date] and _norm(header[c_date]) == "teldatum":
        c_kind, c_date = c_date, col("peildatum")
    c_count = col("aantal leerlingen", "aantal")
    c_swv = col("samenwerkingsverbandnummer", "swv", "swv code")
    c_inst = col("instellingscode", "brin")
    c_vest = col("vestigingscode", "brin6")
    needed = {"type": c_type, "aantal": c_count, "peiljaar": c_year if c_date is None else c_date}
    if register == "duo-swv":
        needed["samenwerkingsverbandnummer"] = c_swv
    if register == "duo-brin6":
        needed["vestigingscode"] = c_vest
    for name, pos in needed.items():
        if pos is None:
            report.add(1, name.upper(), _("Verplichte kolom '%(c)s' ontbreekt.") % {"c": name.upper()})
    if report.errors:
        return None
    if not rows:
        report.add(1, "", _("Het bestand heeft alleen een kopregel en geen gegevens."))
        return None
    for row in rows:
        problem = _field_count_problem(row, len(header))
        if problem:
            report.add(row.number, "", problem)
    if report.errors:
        return None
    own_codes = set(swv.duo_codes)
    known_brin = set(School.objects.for_swv(swv).values_list("brin6", flat=True))
    own, national = {}, {}
    for row in rows:
        n = row.number
        row = row + [""] * (len(header) - len(row))
        kind = TYPES.get(_norm(row[c_type]))
        if kind is None:
            report.add(n, header[c_type], _("Onbekende soort '%(v)s'.") % {"v": shown(row[c_type], False) or "…"})
            continue
        if c_date is not None:
            day = parse_date(row[c_date].strip())
            if day is None:
                report.add(n, header[c_date], _date_message(row[c_date]))
                continue
        else:
            year = _int(row[c_year])
            if year is None or not 1990 <= year <= 2100:
                report.add(n, header[c_year], _("'%(v)s' is geen peiljaar.") % {"v": shown(row[c_year], False) or "…"})
                continue
            day = dt.date(year, 10, 1)
            if c_kind is not None:
                kind_text = _norm(row[c_kind]).replace("-", " ")
                if kind_text in ("1 februari", "februari", "feb"):
                    day = dt.date(year, 2, 1)
                elif kind_text not in ("1 oktober", "oktober", "okt", ""):
                    report.add(
                        n,
                        header[c_kind],
                        _("Teldatum '%(v)s' bestaat niet; verwacht '1 oktober' of '1 februari'.")
                        % {"v": shown(row[c_kind], False) or "…"},
                    )
                    continue
        count = _int(row[c_count])
        if count is None or count < -1:
            report.add(n, header[c_count], _("'%(v)s' is geen aantal.") % {"v": shown(row[c_count], False) or "…"})
            continue
        suppressed = count == -1
        value = None if suppressed else count
        if register == "duo-swv":
            try:
                code = normalise_swv_code(row[c_swv])
            except ValueError:
                report.add(n, header[c_swv], _("'%(v)s' is geen SWV-code.") % {"v": shown(row[c_swv], False) or "…"})
                continue
            national[(code, day.year, _count_date_of(day), kind)] = (value, suppressed)
            if code in own_codes:  # a combined bureau keeps the rows of both its codes (ADR 0014)
                own[(day, "swv", "", kind)] = (value, suppressed)
        elif c_vest is not None or c_inst is not None:
            vest = row[c_vest].strip().upper() if c_vest is not None else ""
            brin6 = (
                vest if len(vest) == 6 else (row[c_inst].strip().upper() + vest.zfill(2) if c_inst is not None else "")
            )
            if register == "telling" and brin6 and brin6 not in known_brin:
                report.add(
                    n,
                    header[c_vest if c_vest is not None else c_inst],
                    _("School %(v)s hoort niet bij dit samenwerkingsverband.") % {"v": brin6},
                )
                continue
            if register == "telling" and not brin6:
                own[(day, "swv", "", kind)] = (value, suppressed)
            elif brin6 in known_brin:  # DUO publishes all schools of the country: keep the SWV's own
                own[(day, "school", brin6, kind)] = (value, suppressed)
        else:
            own[(day, "swv", "", kind)] = (value, suppressed)
    if report.errors:
        return None
    if not own:  # not an error, but a result of 0/0/0 needs an explanation
        if register == "duo-swv":
            codes = len({c for c, _y, _d, _k in national})
            note = ngettext(
                "Dit bestand heeft geen regels voor %(code)s. De landelijke cijfers (%(n)s samenwerkingsverband) "
                "zijn wel bijgewerkt, de eigen leerlingaantallen niet.",
                "Dit bestand heeft geen regels voor %(code)s. De landelijke cijfers (%(n)s samenwerkingsverbanden) "
                "zijn wel bijgewerkt, de eigen leerlingaantallen niet.",
                codes,
            ) % {"code": swv.code, "n": codes}
        else:
            note = _(
                "Geen van de scholen in dit bestand hoort bij dit samenwerkingsverband. Staan de scholen onder "
                "Organisatie › Scholen, met hun BRIN6?"
            )
        report.add(0, "", note, level="opmerking")
    added = changed = unchanged = 0
    with transaction.atomic():
        existing = {(o.peildatum, o.level, o.brin6, o.school_type): o for o in PupilCount.objects.for_swv(swv)}
        new = []
        for (day, level, brin6, kind), (value, suppressed) in own.items():
            obj = existing.get((day, level, brin6, kind))
            if obj is None:
                new.append(
                    PupilCount(
                        swv=swv,
                        peiljaar=day.year,
                        peildatum=day,
                        level=level,
                        brin6=brin6,
                        school_type=kind,
                        teldatum=_count_date_of(day),
                        count=value,
                        suppressed=suppressed,
                        source=register,
                    )
                )
                added += 1
            elif (obj.count, obj.suppressed) != (value, suppressed):
                obj.count, obj.suppressed, obj.source = value, suppressed, register
                obj.save(update_fields=["count", "suppressed", "source"])
                changed += 1
            else:
                unchanged += 1
        PupilCount.objects.bulk_create(new, batch_size=2000)
        if national:
            NationalCount.objects.bulk_create(
                [
                    NationalCount(swv_code=c, peiljaar=y, teldatum=d, school_type=k, count=v, suppressed=s)
                    for (c, y, d, k), (v, s) in national.items()
                ],
                update_conflicts=True,
                unique_fields=["swv_code", "peiljaar", "teldatum", "school_type"],
                update_fields=["count", "suppressed"],
                batch_size=2000,
            )
    return added, changed, unchanged, 0
