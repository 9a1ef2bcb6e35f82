import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.normalise import normalise_swv_code
from koers.core.periods import parse_dutch_date
from koers.monitoring.models import ImportRun, NationalCount, PupilCount
from koers.monitoring.pseudonym import pseudonymise
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
        ImportRun.objects.filter(pk=run.pk).update(progress=value)
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
    run.save(update_fields=["status"])
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


def _finish(run, report, status):
    run.status = status
    run.problems = report.items
    if status == ImportRun.Status.FAILED:
        run.added = run.changed = run.unchanged = run.removed = 0
    run.save()
    return run


def _parse(field, raw, row_no, report, mapping_values):
    label = field.label
    value = raw.strip()
    if field.name in mapping_values:
        value = str(mapping_values[field.name].get(value, mapping_values[field.name].get(value.lower(), value)))
    if not value:
        if field.required:
            report.add(row_no, label, _("Verplichte waarde ontbreekt."))
        return None if field.kind in ("date", "decimal", "int") else (False if field.kind == "bool" else "")
    kind = field.kind
    if kind == "pupil":
        return pseudonymise(value)
    if kind == "date":
        parsed = parse_dutch_date(value)
        if parsed is None:
            report.add(row_no, label, _("'%(v)s' is geen datum (gebruik dd-mm-jjjj).") % {"v": value[:40]})
        return parsed
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
            report.add(row_no, label, _("'%(v)s' is geen bedrag.") % {"v": value[:40]})
            return None
    if kind == "bool":
        if value.lower() not in BOOL:
            report.add(row_no, label, _("'%(v)s' is geen ja of nee.") % {"v": value[:40]})
            return False
        return BOOL[value.lower()]
    if kind == "choice":
        if value.lower() not in field.choices:
            allowed = ", ".join(sorted({v for v in field.choices.values() if v}))
            report.add(row_no, label, _("Onbekende waarde '%(v)s'; verwacht: %(a)s.") % {"v": value[:40], "a": allowed})
            return ""
        return field.choices[value.lower()]
    if kind == "type":
        if _norm(value) not in TYPES:
            report.add(
                row_no, label, _("Onbekende soort '%(v)s'; verwacht BO, SBO, SO, VSO, VO of PRO.") % {"v": value[:40]}
            )
            return ""
        return TYPES[_norm(value)]
    if kind == "brin6":
        return value.upper().replace(" ", "")
    return value[:200]


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
    known_brin = set(School.objects.filter(swv=swv).values_list("brin6", flat=True))
    parsed, seen = [], {}
    total = len(rows)
    fields = [f for f in register.fields if f.name in positions]
    for n, row in enumerate(rows, start=2):
        record = {}
        for f in fields:
            i = positions[f.name]
            record[f.name] = _parse(f, row[i] if i < len(row) else "", n, report, values)
        key = record.get(register.key)
        if key:
            if key in seen:
                report.add(
                    n,
                    {f.name: f.label for f in fields}[register.key],
                    _("Nummer %(k)s staat ook in rij %(r)s.") % {"k": key, "r": seen[key]},
                )
            seen[key] = n
        for start, end in register.end_after:
            if record.get(start) and record.get(end) and record[end] < record[start]:
                report.add(n, {f.name: f.label for f in fields}[end], _("De einddatum ligt vóór de begindatum."))
        for f in fields:
            if f.kind == "brin6" and record.get(f.name):
                if not BRIN6_RE.match(record[f.name]):
                    report.add(n, f.label, _("'%(v)s' is geen BRIN6.") % {"v": record[f.name]})
                elif known_brin and record[f.name] not in known_brin:
                    report.add(
                        n, f.label, _("School %(v)s hoort niet bij dit samenwerkingsverband.") % {"v": record[f.name]}
                    )
        if register.code == "tlv" and record.get("besluit") and not record.get("besluitdatum"):
            report.add(n, _("Besluitdatum"), _("Er is een besluit maar geen besluitdatum."), level="waarschuwing")
        parsed.append(record)
        if n % 2000 == 0:
            _progress(run, 10 + int(50 * n / total), progress)
    if report.errors or (report.items and not accept_warnings):
        return None
    _progress(run, 60, progress)
    return _write(swv, register, parsed, [f.name for f in fields], remove_missing)


def _write(swv, register, records, names, remove_missing):
    model, key = register.model, register.key
    names = [n for n in names if n != key]
    added = changed = unchanged = 0
    with transaction.atomic():
        existing = {getattr(o, key): o for o in model.objects.filter(swv=swv).only("id", key, *names)}
        new, updated = [], []
        for record in records:
            obj = existing.get(record[key])
            if obj is None:
                new.append(model(swv=swv, **record))
                added += 1
                continue
            diff = False
            for name in names:
                if getattr(obj, name) != record[name]:
                    setattr(obj, name, record[name])
                    diff = True
            if diff:
                updated.append(obj)
                changed += 1
            else:
                unchanged += 1
        model.objects.bulk_create(new, batch_size=2000)
        if updated:
            model.objects.bulk_update(updated, names, batch_size=1000)
        keys = {r[key] for r in records}
        missing = [o.pk for k, o in existing.items() if k not in keys]
        if remove_missing and missing:
            model.objects.filter(pk__in=missing).delete()
    return added, changed, unchanged, len(missing)


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
    known_brin = set(School.objects.filter(swv=swv).values_list("brin6", flat=True))
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
                report.add(
                    n, header[c_date], _("'%(v)s' is geen datum (gebruik dd-mm-jjjj).") % {"v": row[c_date][:40]}
                )
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
    added = changed = unchanged = 0
    with transaction.atomic():
        existing = {(o.peildatum, o.level, o.brin6, o.school_type): o for o in PupilCount.objects.filter(swv=swv)}
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
