"""Import of DUO's SO/VSO counts per paying SWV and of the Koers grensverkeer layout (see docs/monitoring-registers.md).

Four files, one path (``koers.monitoring.importing.import_file`` with the register code, from the import page and
``koers import`` alike):

- ``duo-so-vso-rp``: DUO ``so_vso_rp.csv`` (``SWV_BETALEND, TYPE_PO, PEILJAAR, RESIDENTIELE_PLAATS,
  AANTAL_LEERLINGEN``): all pupils this SWV pays for (direction ``betaald``);
- ``duo-so-vso-betalend``: DUO "binnen en buiten swv betalend" (``SWV_BETALEND, …, BINNEN_SWV``): pupils this SWV
  pays for, at a school inside (``binnen``) or outside (``uitgaand``);
- ``duo-so-vso-vestiging``: DUO "per binnen en buiten swv vestiging" (``SWV_VESTIGING``, …, ``BINNEN_SWV``):
  pupils at a school of this SWV paid by another SWV (``inkomend``);
- ``grensverkeer``: the Koers layout ``SWV_BETALEND, SWV_VESTIGING, TYPE_PO, PEILJAAR, AANTAL_LEERLINGEN`` (any
  type, SBO too).

A count of ``-1`` or ``<5`` is kept as suppressed (no number): never 0 and never guessed. Only the rows of the
SWV's own DUO codes are kept; the file is checked as a whole first and nothing is saved when a row is wrong.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.importing import normalise_header, shown
from koers.core.normalise import normalise_swv_code
from koers.monitoring.flow_models import FlowCount

FLOW_TYPES = {"so": "SO", "vso": "VSO", "sbo": "SBO", "sbao": "SBO"}
INSIDE = {"j": True, "ja": True, "1": True, "true": True, "binnen": True, "y": True, "yes": True}
OUTSIDE = {"n": False, "nee": False, "0": False, "false": False, "buiten": False, "no": False}
MAX_COUNT = 10_000_000
SUPPRESSED = {"-1", "<5", "< 5"}

COLUMNS = {
    "pay": ("swv betalend", "betalend swv", "samenwerkingsverband betalend", "swv_betalend"),
    "loc": ("swv vestiging", "samenwerkingsverband vestiging", "swv school", "swv van de school"),
    "inside": ("binnen swv", "binnen samenwerkingsverband", "binnen"),
    "res": ("residentiele plaats", "residentiële plaats", "residentieel"),
    "cat": ("bekostigingscategorie", "categorie"),
    "type": ("type po", "type vo", "soort", "type", "onderwijssoort"),
    "year": ("peiljaar", "jaar"),
    "date": ("peildatum", "teldatum"),
    "count": ("aantal leerlingen", "aantal"),
}
NEEDED = {
    "duo-so-vso-rp": ("pay",),
    "duo-so-vso-betalend": ("pay", "inside"),
    "duo-so-vso-vestiging": ("loc", "inside"),
    "grensverkeer": ("pay", "loc"),
}
NAMES = {"pay": "SWV_BETALEND", "loc": "SWV_VESTIGING", "inside": "BINNEN_SWV"}


def parse_count(raw: str):
    """(count or None, suppressed) of a DUO cell, or None when it is no count."""
    value = str(raw).strip()
    if value in SUPPRESSED:
        return None, True
    value = value.replace(".", "") if value.count(".") and len(value.rsplit(".", 1)[-1]) == 3 else value
    if not value.isdigit():
        return None
    number = int(value)
    return (number, False) if number <= MAX_COUNT else None


def _code(raw):
    try:
        return normalise_swv_code(raw)
    except ValueError:
        return None


def import_flow_counts(swv, register, table, report):
    """Validate every row, then write the own SWV's rows (FlowCount) in one transaction; (added, changed, same, 0)."""
    from koers.monitoring.importing.runner import _date_message, _field_count_problem, parse_date

    header, rows = table.header, table.rows
    cols = {normalise_header(h): i for i, h in enumerate(header)}

    def col(key):
        return next((cols[normalise_header(n)] for n in COLUMNS[key] if normalise_header(n) in cols), None)

    pos = {key: col(key) for key in COLUMNS}
    needed = [*NEEDED[register], "type", "count"]
    for key in needed:
        if pos[key] is None:
            name = NAMES.get(key, {"type": "TYPE_PO", "count": "AANTAL_LEERLINGEN"}.get(key, key))
            report.add(1, name, _("Verplichte kolom '%(c)s' ontbreekt.") % {"c": name})
    if pos["year"] is None and pos["date"] is None:
        report.add(1, "PEILJAAR", _("Verplichte kolom '%(c)s' ontbreekt.") % {"c": "PEILJAAR"})
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
    found: dict = {}  # (peildatum, type, direction, detail) -> (count, suppressed)
    for row in rows:
        n = row.number
        row = row + [""] * (len(header) - len(row))

        def bad(key, message, n=n, row=row):
            report.add(n, header[pos[key]], message % {"v": shown(row[pos[key]], False) or "…"})

        kind = FLOW_TYPES.get(normalise_header(row[pos["type"]]))
        if kind is None:
            bad("type", _("Onbekende soort '%(v)s'; verwacht SO, VSO of SBO."))
            continue
        if pos["date"] is not None:
            day = parse_date(str(row[pos["date"]]).strip())
            if day is None:
                report.add(n, header[pos["date"]], _date_message(str(row[pos["date"]])))
                continue
        else:
            year = str(row[pos["year"]]).strip()
            if not (year.isdigit() and 1990 <= int(year) <= 2100):
                bad("year", _("'%(v)s' is geen peiljaar."))
                continue
            day = dt.date(int(year), 10, 1)
        parsed = parse_count(row[pos["count"]])
        if parsed is None:
            bad("count", _("'%(v)s' is geen aantal (verwacht een geheel getal, -1 of <5)."))
            continue
        pay = loc = inside = None
        if pos["pay"] is not None and "pay" in NEEDED[register]:
            pay = _code(row[pos["pay"]])
            if pay is None:
                bad("pay", _("'%(v)s' is geen SWV-code."))
                continue
        if pos["loc"] is not None and "loc" in NEEDED[register]:
            loc = _code(row[pos["loc"]])
            if loc is None:
                bad("loc", _("'%(v)s' is geen SWV-code."))
                continue
        if "inside" in NEEDED[register]:
            value = normalise_header(row[pos["inside"]])
            inside = INSIDE.get(value, OUTSIDE.get(value))
            if inside is None:
                bad("inside", _("'%(v)s' is geen J of N (binnen of buiten het betalend SWV)."))
                continue
        detail = ""
        if pos["res"] is not None:
            detail = str(row[pos["res"]]).strip()[:20]
        if pos["cat"] is not None:
            detail = (detail + " " + str(row[pos["cat"]]).strip()[:19]).strip()
        if register == "duo-so-vso-rp":
            direction = FlowCount.Direction.BETAALD if pay in own_codes else None
        elif register == "duo-so-vso-betalend":
            direction = (
                (FlowCount.Direction.BINNEN if inside else FlowCount.Direction.UITGAAND) if pay in own_codes else None
            )
        elif register == "duo-so-vso-vestiging":
            direction = FlowCount.Direction.INKOMEND if loc in own_codes and not inside else None
        else:
            detail = (pay if loc in own_codes else loc) or ""
            if pay in own_codes and loc in own_codes:
                direction = FlowCount.Direction.BINNEN
            elif pay in own_codes:
                direction = FlowCount.Direction.UITGAAND
            elif loc in own_codes:
                direction = FlowCount.Direction.INKOMEND
            else:
                direction = None
        if direction is None:
            continue  # another SWV's row: DUO publishes the whole country
        key = (day, kind, direction, detail)
        if key in found:  # the same cell twice (a split column Koers does not keep): add up, suppressed stays so
            (a, sa), (b, sb) = found[key], parsed
            found[key] = (None, True) if sa or sb else (a + b, False)
        else:
            found[key] = parsed
    if report.errors:
        return None
    if not found:
        report.add(
            0,
            "",
            _("Dit bestand heeft geen regels voor %(code)s; er is niets opgeslagen.")
            % {"code": ", ".join(sorted(own_codes))},
            level="opmerking",
        )
    added = changed = unchanged = 0
    with transaction.atomic():
        existing = {
            (o.peildatum, o.school_type, o.direction, o.detail): o for o in FlowCount.objects.for_swv(swv).all()
        }
        new = []
        for (day, kind, direction, detail), (value, suppressed) in found.items():
            obj = existing.get((day, kind, direction, detail))
            if obj is None:
                new.append(
                    FlowCount(
                        swv=swv,
                        peiljaar=day.year,
                        peildatum=day,
                        school_type=kind,
                        direction=direction,
                        detail=detail,
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
        FlowCount.objects.bulk_create(new, batch_size=2000)
    return added, changed, unchanged, 0
