import datetime as dt
import hmac
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.normalise import normalise_swv_code
from koers.core.periods import date_problem, parse_dutch_date
from koers.monitoring.models import ImportRun, NationalCount, PupilCount
from koers.organisations.models import School

from .reader import NotATable, read_table
from .registers import BOOL, COUNT_REGISTERS, REGISTERS, TYPES

BRIN6_RE = re.compile(r"^\d{2}[A-Z]{2}\d{2}$|^[0-9A-Z]{4}\d{2}$")


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text or "").strip().lower())


class Report:
    def __init__(self, file_name):
        self.file_name = file_name
        self.items = []

    def add(self, row, column, problem, level="fout"):
        self.items.append(
            {"file": self.file_name, "row": row, "column": str(column), "problem": str(problem), "level": level}
        )

    @property
    def errors(self):
        return [i for i in self.items if i["level"] == "fout"]


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
        header, rows = read_table(file_name, data)
    except NotATable as exc:
        report.add(0, "", exc)
        return _finish(run, report, ImportRun.Status.FAILED)
    _progress(run, 10, progress)
    if register in COUNT_REGISTERS:
        result = _import_counts(swv, register, header, rows, report)
    elif register in REGISTERS:
        result = _import_register(
            swv, REGISTERS[register], header, rows, report, mapping, remove_missing, run, accept_warnings, progress
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


def _date_message(value: str) -> str:
    """The report line for a cell that is no date: the format, or why the written date does not exist."""
    return date_problem(value) or _("'%(v)s' is geen datum (gebruik dd-mm-jjjj).") % {"v": value.strip()[:40]}


def _finish(run, report, status):
    if status == ImportRun.Status.DONE:  # computed measure values of this SWV (and national ones) are outdated
        from koers.monitoring import cache

        transaction.on_commit(lambda: (cache.changed(run.swv_id), cache.changed(None)))
    run.status = status
    run.problems = report.items
    if status == ImportRun.Status.FAILED:
        run.added = run.changed = run.unchanged = run.removed = 0
    run.save()
    return run


def _parse(field, raw, row_no, report, mapping_values):
    """Parse one cell (kept for callers outside the importer; the importer uses :func:`_parsers`)."""
    return _parser(field, report, mapping_values, {})(raw, row_no)


class _Pseudonymiser:
    """:func:`koers.monitoring.pseudonym.pseudonymise` with the key prepared once (same output, one C call)."""

    def __init__(self):
        self.key = str(settings.PSEUDONYM_KEY).encode()

    def __call__(self, identifier: str) -> str:
        normalised = "".join(identifier.split()).lower()
        if not normalised:
            return ""
        return hmac.digest(self.key, normalised.encode(), "sha256").hex()


def _parser(field, report, mapping_values, dates, max_length=200, is_key=False):
    """A function (raw, row_no) -> value for one column, with the same Dutch problems as before.

    ``dates`` is a cache text -> date shared by the date columns of one import: registers repeat the same few
    thousand dates, so each distinct text is parsed once.
    """
    label = field.label
    kind = field.kind
    codes = mapping_values.get(field.name)
    empty = None if kind in ("date", "decimal", "int") else (False if kind == "bool" else "")
    required = field.required
    add = report.add
    pseudonymise_ = _Pseudonymiser() if kind == "pupil" else None
    choices = field.choices

    def parse(raw, row_no):
        value = raw.strip()
        if codes is not None:
            value = str(codes.get(value, codes.get(value.lower(), value)))
        if not value:
            if required:
                add(row_no, label, _("Verplichte waarde ontbreekt."))
            return empty
        if kind == "text":
            if is_key and len(value) > max_length:
                add(row_no, label, _("Het nummer is langer dan %(n)s tekens.") % {"n": max_length})
            return value[:max_length]
        if kind == "date":
            try:
                return dates[value]
            except KeyError:
                parsed = parse_dutch_date(value)
            if parsed is None:  # not cached: every row with this value gets its own line in the report
                add(row_no, label, _date_message(value))
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
                add(row_no, label, _("Onbekende waarde '%(v)s'; verwacht: %(a)s.") % {"v": value[:40], "a": allowed})
                return ""
            return choices[lower]
        if kind == "decimal":
            try:
                cleaned = value.replace("€", "").replace(" ", "")
                if "," in cleaned:
                    cleaned = cleaned.replace(".", "").replace(",", ".")
                number = Decimal(cleaned)
                if not number.is_finite() or abs(number) >= Decimal("1e10"):
                    raise InvalidOperation
                return number.quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                add(row_no, label, _("'%(v)s' is geen bedrag.") % {"v": value[:40]})
                return None
        if kind == "bool":
            if value.lower() not in BOOL:
                add(row_no, label, _("'%(v)s' is geen ja of nee.") % {"v": value[:40]})
                return False
            return BOOL[value.lower()]
        if kind == "type":
            if _norm(value) not in TYPES:
                add(
                    row_no,
                    label,
                    _("Onbekende soort '%(v)s'; verwacht BO, SBO, SO, VSO, VO of PRO.") % {"v": value[:40]},
                )
                return ""
            return TYPES[_norm(value)]
        return value[:200]

    return parse


def _import_register(swv, register, header, rows, report, mapping, remove_missing, run, accept_warnings, progress):
    columns = dict(mapping.columns) if mapping else {}
    values = dict(mapping.values) if mapping else {}
    by_alias = {}
    for f in register.fields:
        for alias in (f.name, str(f.label), *f.aliases):
            by_alias.setdefault(_norm(alias), f)
    positions = {}
    for i, col in enumerate(header):
        target = columns.get(col) or columns.get(col.strip())
        f = next((x for x in register.fields if x.name == target), None) if target else by_alias.get(_norm(col))
        if f is not None and f.name not in positions:
            positions[f.name] = i
    for f in register.fields:
        if f.required and f.name not in positions:
            report.add(1, f.label, _("Verplichte kolom '%(c)s' ontbreekt.") % {"c": f.label})
    if report.errors:
        return None
    if not rows:
        report.add(1, "", _("Het bestand heeft alleen een kopregel en geen gegevens."))
        return None
    known_brin = set(School.objects.for_swv(swv).values_list("brin6", flat=True))
    fields = [f for f in register.fields if f.name in positions]
    labels = {f.name: f.label for f in fields}
    lengths = {f.name: f.max_length for f in register.model._meta.concrete_fields if f.max_length}
    dates: dict = {}
    parsers = [
        (
            f.name,
            positions[f.name],
            _parser(f, report, values, dates, min(200, lengths.get(f.name, 200)), f.name == register.key),
        )
        for f in fields
    ]
    width = max(positions.values()) + 1
    key_name = register.key
    key_label = labels[key_name]
    end_after = [(s, e, labels.get(e)) for s, e in register.end_after if s in positions and e in positions]
    brin_fields = [(f.name, f.label) for f in fields if f.kind == "brin6"]
    brin_ok: dict = {}  # BRIN6 -> problem text or None, looked up once per distinct value
    tlv_warning = register.code == "tlv" and "besluit" in positions
    parsed, seen = [], {}
    total = len(rows)
    add = report.add
    for n, row in enumerate(rows, start=2):
        if len(row) < width:
            row = row + [""] * (width - len(row))
        record = {name: parse(row[i], n) for name, i, parse in parsers}
        key = record.get(key_name)
        if key:
            if key in seen:
                add(n, key_label, _("Nummer %(k)s staat ook in rij %(r)s.") % {"k": key, "r": seen[key]})
            seen[key] = n
        for start, end, end_label in end_after:
            a, b = record[start], record[end]
            if a and b and b < a:
                add(n, end_label, _("De einddatum ligt vóór de begindatum."))
        for name, label in brin_fields:
            brin = record[name]
            if brin:
                try:
                    problem = brin_ok[brin]
                except KeyError:
                    problem = brin_ok[brin] = (
                        _("'%(v)s' is geen BRIN6.") % {"v": brin}
                        if not BRIN6_RE.match(brin)
                        else _("School %(v)s hoort niet bij dit samenwerkingsverband.") % {"v": brin}
                        if known_brin and brin not in known_brin
                        else None
                    )
                if problem:
                    add(n, label, problem)
        if tlv_warning and record["besluit"] and not record.get("besluitdatum"):
            add(n, _("Besluitdatum"), _("Er is een besluit maar geen besluitdatum."), level="waarschuwing")
        parsed.append(record)
        if n % 5000 == 0:
            _progress(run, 10 + int(50 * n / total), progress)
    if report.errors or (report.items and not accept_warnings):
        return None
    _progress(run, 60, progress)
    return _write(swv, register, parsed, [f.name for f in fields], remove_missing)


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
    with transaction.atomic():
        existing = {row[1]: row for row in model.objects.for_swv(swv).values_list("id", key, *names).iterator(5000)}
        new, updated = [], []
        for record in records:
            old = existing.get(record[key])
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
        keys = {r[key] for r in records}
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


def _import_counts(swv, register, header, rows, report):
    cols = {_norm(h): i for i, h in enumerate(header)}

    def col(*names):
        for n in names:
            if n in cols:
                return cols[n]
        return None

    c_type = col("type po", "type vo", "soort", "type")
    c_year = col("peiljaar", "jaar")
    c_date = col("peildatum", "teldatum")
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
    known_brin = set(School.objects.for_swv(swv).values_list("brin6", flat=True))
    own, national = {}, {}
    for n, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))
        kind = TYPES.get(_norm(row[c_type]))
        if kind is None:
            report.add(n, header[c_type], _("Onbekende soort '%(v)s'.") % {"v": row[c_type][:40]})
            continue
        if c_date is not None:
            day = parse_dutch_date(row[c_date])
            if day is None:
                report.add(n, header[c_date], _date_message(row[c_date]))
                continue
        else:
            year = _int(row[c_year])
            if year is None or not 1990 <= year <= 2100:
                report.add(n, header[c_year], _("'%(v)s' is geen peiljaar.") % {"v": row[c_year][:40]})
                continue
            day = dt.date(year, 10, 1)
        count = _int(row[c_count])
        if count is None or count < -1:
            report.add(n, header[c_count], _("'%(v)s' is geen aantal.") % {"v": row[c_count][:40]})
            continue
        suppressed = count == -1
        value = None if suppressed else count
        if register == "duo-swv":
            try:
                code = normalise_swv_code(row[c_swv])
            except ValueError:
                report.add(n, header[c_swv], _("'%(v)s' is geen SWV-code.") % {"v": row[c_swv][:40]})
                continue
            national[(code, day.year, kind)] = (value, suppressed)
            if code == swv.code:
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
            codes = len({c for c, _y, _k in national})
            note = _(
                "Dit bestand heeft geen regels voor %(code)s. De landelijke cijfers (%(n)s samenwerkingsverbanden) "
                "zijn wel bijgewerkt, de eigen leerlingaantallen niet."
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
                    NationalCount(swv_code=c, peiljaar=y, school_type=k, count=v, suppressed=s)
                    for (c, y, k), (v, s) in national.items()
                ],
                update_conflicts=True,
                unique_fields=["swv_code", "peiljaar", "school_type"],
                update_fields=["count", "suppressed"],
                batch_size=2000,
            )
    return added, changed, unchanged, 0
