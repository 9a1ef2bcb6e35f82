"""Synthetic benchmark data for ``koers bench`` and ``koers loadtest``.

Everything is generated as register *files* (CSV as an SWV exports them: semicolons, Dutch dates, a BSN column)
and loaded through the real importer, so validation and pseudonymisation are part of what is measured. The same
files feed :func:`reference`, a plain-Python recomputation that shares no code with the measures.
"""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import date, timedelta

from django.db import transaction

from koers.core.export_safety import csv_writer

START = date(2015, 8, 1)  # ten school years: 2015-2016 .. 2024-2025
DAYS = 3650
LARGE_CODE = "PO9998"
NATIONAL_PREFIX = "PO97"  # PO9700 .. PO9799, then PO98xx for more than 100
BENCH_NAME = "Benchmark (synthetisch)"
SHARES = {"tlv": 0.35, "arrangement": 0.30, "verzuim": 0.30, "terugplaatsing": 0.05}
LOADTEST_SWV = "PO2806"
LOADTEST_PREFIX = "LT-"


def _d(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def brins_for(n: int, offset: int = 0) -> list[str]:
    """``n`` distinct well-formed BRIN6 codes (offset keeps SWV's apart)."""
    out = []
    for i in range(offset, offset + n):
        out.append(f"{10 + (i // 2600) % 90:02d}{chr(65 + (i // 26) % 26)}{chr(65 + i % 26)}{i // 234000:02d}")
    return out


def make_files(rng: random.Random, n_rows: int, brins: list[str], pupils: int = 40_000, prefix: str = "") -> dict:
    """{register code: CSV bytes}, together about ``n_rows`` rows over ten school years."""
    pool = [f"{rng.randrange(10**8, 10**9)}" for _ in range(max(1, pupils // 4))]  # pupils with a register entry
    files = {}

    def writer(header):
        buf = io.StringIO()
        w = csv_writer(buf, delimiter=";", lineterminator="\n")
        w.writerow(header)
        return buf, w

    def day():
        return START + timedelta(days=rng.randrange(DAYS))

    buf, w = writer(
        ["Dossiernummer", "BSN", "Aanvraagsoort", "BRIN6", "Ontvangstdatum", "Datum compleet", "Besluitdatum"]
        + ["Besluit", "Voorziening", "Bekostigingscategorie"]
    )
    for i in range(int(n_rows * SHARES["tlv"])):
        o = day()
        c = o + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.7 else None
        b = (c or o) + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.9 else None
        so = rng.random() < 0.45
        w.writerow(
            [
                f"{prefix}D{i}",
                rng.choice(pool),
                "TLV SO" if so else "TLV SBO",
                rng.choice(brins),
                _d(o),
                _d(c) if c else "",
                _d(b) if b else "",
                rng.choice(["afgegeven"] * 9 + ["afgewezen"]) if b else "",
                "SO" if so else "SBO",
                rng.choice("LMH") if so else "",
            ]
        )
    files["tlv"] = buf.getvalue().encode()

    buf, w = writer(["Nummer", "Soort", "BRIN6", "BSN", "Startdatum", "Einddatum", "Kosten", "Financieringslijn"])
    for i in range(int(n_rows * SHARES["arrangement"])):
        s = day()
        e = s + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.85 else None
        w.writerow(
            [
                f"{prefix}A{i}",
                rng.choice(["onderwijsarrangement", "zorgarrangement", "observatieplaats", "ambulante begeleiding"]),
                rng.choice(brins),
                rng.choice(pool),
                _d(s),
                _d(e) if e else "",
                f"{rng.randrange(500, 25_000)},{rng.randrange(100):02d}",
                rng.choice(["ondersteuningsmiddelen", "gemeente", "school"]),
            ]
        )
    files["arrangement"] = buf.getvalue().encode()

    buf, w = writer(["Meldingnummer", "BSN", "Soort", "Verzuim sinds", "Einde verzuim", "Thuiszitter", "BRIN6"])
    for i in range(int(n_rows * SHARES["verzuim"])):
        s = day()
        e = s + timedelta(days=rng.randint(5, 300)) if rng.random() < 0.8 else None
        w.writerow(
            [
                f"{prefix}V{i}",
                rng.choice(pool),
                rng.choice(["absoluut", "relatief", "relatief", "vrijstelling"]),
                _d(s),
                _d(e) if e else "",
                "ja" if rng.random() < 0.05 else "nee",
                rng.choice(brins),
            ]
        )
    files["verzuim"] = buf.getvalue().encode()

    buf, w = writer(["Nummer", "BSN", "Van soort", "Van school", "Naar school", "Datum"])
    for i in range(int(n_rows * SHARES["terugplaatsing"])):
        w.writerow([f"{prefix}T{i}", rng.choice(pool), rng.choice(["SBO", "SO"]), "", rng.choice(brins), _d(day())])
    files["terugplaatsing"] = buf.getvalue().encode()
    return files


def rows_in(files: dict) -> int:
    return sum(data.count(b"\n") - 1 for data in files.values())


def create_swv(code: str, name: str, brins: list[str], pupils: int):
    """An SWV with 10 besturen, 4 werkgebieden, the schools, and pupil counts (SWV and school level) 2015-2025."""
    from koers.monitoring.models import PupilCount
    from koers.organisations.models import School, Schoolbestuur, Swv, Werkgebied

    swv = Swv.objects.create(code=code, name=name, short_name="Bench")
    besturen = [
        Schoolbestuur.objects.create(swv=swv, name=f"Bestuur {i + 1:02d}", bevoegd_gezag=f"{90000 + i}")
        for i in range(10)
    ]
    gebieden = [Werkgebied.objects.create(swv=swv, name=f"Werkgebied {i + 1}") for i in range(4)]
    School.objects.bulk_create(
        [
            School(swv=swv, brin6=b, name=f"School {b}", bestuur=besturen[i % 10], werkgebied=gebieden[i % 4])
            for i, b in enumerate(brins)
        ]
    )
    shares = (("BO", 0.95), ("SBO", 0.0275), ("SO", 0.0225))
    counts = []
    for year in range(2015, 2026):
        total = int(pupils * (1 - 0.005 * (2025 - year)))
        day = date(year, 10, 1)
        for kind, share in shares:
            counts.append(PupilCount(swv=swv, peiljaar=year, peildatum=day, school_type=kind, count=int(total * share)))
            per_school = max(1, int(total * share / len(brins)))
            counts.extend(
                PupilCount(
                    swv=swv,
                    peiljaar=year,
                    peildatum=day,
                    level="school",
                    brin6=b,
                    school_type=kind,
                    count=per_school + (i % 7),
                    source="bench",
                )
                for i, b in enumerate(brins)
            )
    PupilCount.objects.bulk_create(counts, batch_size=2000)
    return swv


def import_files(swv, files: dict) -> float:
    """Import every register file; returns the seconds taken. Raises when an import fails."""
    from koers.monitoring.importing import import_file

    started = time.perf_counter()
    for register, data in files.items():
        run = import_file(swv, register, f"{register}.csv", data)
        if run.status != "done":
            raise RuntimeError(f"Import {register} mislukt: {run.problems[:3]}")
    return time.perf_counter() - started


def _rows(data: bytes):
    return csv.DictReader(io.StringIO(data.decode()), delimiter=";")


def _date(text: str):
    if not text:
        return None
    d, m, y = text.split("-")
    return date(int(y), int(m), int(d))


def reference(files: dict, on: date) -> dict:
    """Plain-Python recomputation of a few measures (school year of ``on``) straight from the CSV files."""
    year = on.year if on.month >= 8 else on.year - 1
    start, end = date(year, 8, 1), min(date(year + 1, 7, 31), on)
    requested = issued = open_ = 0
    for row in _rows(files["tlv"]):
        o, b = _date(row["Ontvangstdatum"]), _date(row["Besluitdatum"])
        requested += start <= o <= end
        issued += bool(b and row["Besluit"] == "afgegeven" and start <= b <= end)
        open_ += o <= on and (b is None or b > on)
    active = started = 0
    per_pupil: dict = {}
    for row in _rows(files["arrangement"]):
        s, e = _date(row["Startdatum"]), _date(row["Einddatum"])
        started += start <= s <= end
        if s <= on and (e is None or e >= on):
            active += 1
            per_pupil[row["BSN"]] = per_pupil.get(row["BSN"], 0) + 1
    thuis = flagged = closed = 0
    active_days, closed_days = [], []
    four_weeks = on - timedelta(weeks=4)
    for row in _rows(files["verzuim"]):
        s, e = _date(row["Verzuim sinds"]), _date(row["Einde verzuim"])
        absence = row["Soort"] != "vrijstelling"
        if absence and e is not None and start <= e <= end:
            closed += 1
            closed_days.append((e - s).days)
        if s > on or (e is not None and e <= on):
            continue
        flagged += row["Thuiszitter"] == "ja"
        if not absence:
            continue
        active_days.append((on - s).days)
        thuis += row["Soort"] == "absoluut" or s <= four_weeks  # the rule only, not the register's flag
    back = sum(start <= _date(r["Datum"]) <= end for r in _rows(files["terugplaatsing"]))
    return {
        "tlv_aangevraagd": requested,
        "tlv_afgegeven": issued,
        "tlv_open": open_,
        "arrangementen_actief": active,
        "arrangementen_gestart": started,
        "arrangementen_stapeling": sum(n >= 2 for n in per_pupil.values()),
        "thuiszitters": thuis,
        "terugplaatsingen": back,
        "thuiszitters_registratie": flagged,
        "verzuim_afgesloten": closed,
        "verzuim_duur_actief_mediaan": _weeks(_quantile(sorted(active_days), 0.5)),
        "verzuim_duur_afgesloten_p90": _weeks(_quantile(sorted(closed_days), 0.9)),
    }


def _quantile(values, q):
    if not values:
        return None
    pos = (len(values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def _weeks(days):
    from decimal import Decimal

    return None if days is None else Decimal(str(round(days / 7, 4)))


REFERENCE_SQL = """
WITH
  tlv AS (
    SELECT strptime("Ontvangstdatum", '%d-%m-%Y')::DATE AS o, strptime("Besluitdatum", '%d-%m-%Y')::DATE AS b,
           "Besluit" AS besluit
    FROM read_csv($tlv, delim = ';', header = true, all_varchar = true)),
  arr AS (
    SELECT "BSN" AS bsn, strptime("Startdatum", '%d-%m-%Y')::DATE AS s, strptime("Einddatum", '%d-%m-%Y')::DATE AS e
    FROM read_csv($arrangement, delim = ';', header = true, all_varchar = true)),
  active AS (SELECT bsn FROM arr WHERE s <= $on AND (e IS NULL OR e >= $on)),
  verzuim AS (
    SELECT "Soort" AS soort, "Thuiszitter" AS thuis, strptime("Verzuim sinds", '%d-%m-%Y')::DATE AS s,
           strptime("Einde verzuim", '%d-%m-%Y')::DATE AS e
    FROM read_csv($verzuim, delim = ';', header = true, all_varchar = true)),
  terug AS (
    SELECT strptime("Datum", '%d-%m-%Y')::DATE AS d
    FROM read_csv($terugplaatsing, delim = ';', header = true, all_varchar = true))
SELECT
  (SELECT count(*) FROM tlv WHERE o BETWEEN $start AND $end),
  (SELECT count(*) FROM tlv WHERE besluit = 'afgegeven' AND b BETWEEN $start AND $end),
  (SELECT count(*) FROM tlv WHERE o <= $on AND (b IS NULL OR b > $on)),
  (SELECT quantile_cont(date_diff('day', o, b) / 7.0, 0.5) FROM tlv WHERE b BETWEEN $start AND $end),
  (SELECT quantile_cont(date_diff('day', o, b) / 7.0, 0.75) FROM tlv WHERE b BETWEEN $start AND $end),
  (SELECT count(*) FROM active),
  (SELECT count(*) FROM arr WHERE s BETWEEN $start AND $end),
  (SELECT count(*) FROM (SELECT bsn FROM active GROUP BY bsn HAVING count(*) >= 2)),
  (SELECT count(*) FROM verzuim WHERE soort <> 'vrijstelling' AND s <= $on AND (e IS NULL OR e > $on)
      AND (soort = 'absoluut' OR s <= $on - INTERVAL 28 DAY)),
  (SELECT count(*) FROM terug WHERE d BETWEEN $start AND $end),
  (SELECT count(*) FROM verzuim WHERE thuis = 'ja' AND s <= $on AND (e IS NULL OR e > $on)),
  (SELECT count(*) FROM verzuim WHERE soort <> 'vrijstelling' AND e BETWEEN $start AND $end),
  (SELECT quantile_cont(date_diff('day', s, $on::DATE) / 7.0, 0.5) FROM verzuim
      WHERE soort <> 'vrijstelling' AND s <= $on AND (e IS NULL OR e > $on)),
  (SELECT quantile_cont(date_diff('day', s, e) / 7.0, 0.9) FROM verzuim
      WHERE soort <> 'vrijstelling' AND e BETWEEN $start AND $end)
"""
REFERENCE_CODES = (
    "tlv_aangevraagd",
    "tlv_afgegeven",
    "tlv_open",
    "tlv_doorlooptijd_ontvangst_besluit_mediaan",
    "tlv_doorlooptijd_ontvangst_besluit_p75",
    "arrangementen_actief",
    "arrangementen_gestart",
    "arrangementen_stapeling",
    "thuiszitters",
    "terugplaatsingen",
    "thuiszitters_registratie",
    "verzuim_afgesloten",
    "verzuim_duur_actief_mediaan",
    "verzuim_duur_afgesloten_p90",
)


def reference_engine() -> str:
    """Which independent engine :func:`reference_sql` uses: DuckDB when installed, else plain Python."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return "zuiver Python"
    return "DuckDB"


def reference_sql(files: dict, on: date) -> dict:
    """The same measures as :func:`reference`, and two doorlooptijden, in DuckDB SQL over the CSV files.

    Straightforward SQL in another engine that shares no code with Koers (the issue asks for pandas or DuckDB).
    Falls back to :func:`reference` when DuckDB is not installed (it is a development dependency).
    """
    try:
        import duckdb
    except ImportError:
        return reference(files, on)
    import tempfile
    from decimal import Decimal
    from pathlib import Path

    year = on.year if on.month >= 8 else on.year - 1
    start, end = date(year, 8, 1), min(date(year + 1, 7, 31), on)
    with tempfile.TemporaryDirectory(prefix="koers-ref-") as tmp:
        paths = {}
        for code, data in files.items():
            path = Path(tmp) / f"{code}.csv"
            path.write_bytes(data)
            paths[code] = str(path)
        con = duckdb.connect()
        try:
            row = con.execute(REFERENCE_SQL, {**paths, "on": on, "start": start, "end": end}).fetchone()
        finally:
            con.close()
    out = dict(zip(REFERENCE_CODES, row, strict=True))
    for code in (
        "tlv_doorlooptijd_ontvangst_besluit_mediaan",
        "tlv_doorlooptijd_ontvangst_besluit_p75",
        "verzuim_duur_actief_mediaan",
        "verzuim_duur_afgesloten_p90",
    ):
        if out[code] is not None:
            out[code] = Decimal(str(round(out[code], 4)))
    return out


REFERENCE_PERIOD = {
    "tlv_open": "peildatum",
    "arrangementen_actief": "peildatum",
    "arrangementen_stapeling": "peildatum",
    "thuiszitters": "peildatum",
    "thuiszitters_registratie": "peildatum",
    "verzuim_duur_actief_mediaan": "peildatum",
    "verzuim_afgesloten": "schooljaar",
    "verzuim_duur_afgesloten_p90": "schooljaar",
}


def national_file(codes: list[str], rng: random.Random, year: int) -> bytes:
    """A DUO ``swv_totaal.csv`` with the given SWV's (TYPE_PO BO/SBO/SO, one peiljaar)."""
    buf = io.StringIO()
    w = csv_writer(buf, delimiter=",", lineterminator="\n")
    w.writerow(["SAMENWERKINGSVERBANDNUMMER", "SAMENWERKINGSVERBANDNAAM", "TYPE_PO", "PEILJAAR", "AANTAL_LEERLINGEN"])
    for code in codes:
        bo = rng.randrange(8_000, 40_000)
        for kind, n in (
            ("BO", bo),
            ("SBO", int(bo * rng.uniform(0.01, 0.05))),
            ("SO", int(bo * rng.uniform(0.01, 0.03))),
        ):
            w.writerow([code, f"Bench {code}", kind, year, n])
    return buf.getvalue().encode()


def bench_codes(n_national: int = 0) -> list[str]:
    return [LARGE_CODE] + [f"PO{9700 + i}" for i in range(n_national)]


def cleanup(codes: list[str] | None = None) -> int:
    """Remove benchmark SWV's (only those named as such) and their national counts; returns how many."""
    from koers.monitoring.models import (
        Arrangement,
        ImportRun,
        NationalCount,
        PupilCount,
        Terugplaatsing,
        Tlv,
        VerzuimMelding,
    )
    from koers.organisations.models import School, Schoolbestuur, Swv, Werkgebied

    swvs = Swv.objects.filter(name=BENCH_NAME)
    if codes is not None:
        swvs = swvs.filter(code__in=codes)
    ids = list(swvs.values_list("pk", flat=True))
    found = list(swvs.values_list("code", flat=True))
    with transaction.atomic():
        for model in (Tlv, Arrangement, VerzuimMelding, Terugplaatsing, PupilCount, ImportRun, School):
            model.unscoped.filter(swv_id__in=ids).delete()
        Schoolbestuur.unscoped.filter(swv_id__in=ids).delete()
        Werkgebied.unscoped.filter(swv_id__in=ids).delete()
        NationalCount.objects.filter(swv_code__in=found).delete()
        for swv in Swv.objects.filter(pk__in=ids):
            swv.delete()
        # The audit log writes a history entry about the deleted SWV that still points at it (post_delete); such
        # entries about the synthetic SWV's would break the foreign key at commit, so they go as well.
        from koers.audit.models import HistoryEntry

        HistoryEntry.objects.filter(swv_id__in=ids).delete()
    from koers.monitoring import cache

    for pk in [*ids, None]:
        cache.changed(pk)
    return len(ids)


def load_large_swv_for_loadtest(scale: float = 1.0, stdout=None) -> int:
    """Load the large-SWV register data (about 120.000 rows) into the demo SWV PO2806 (SPOW).

    Uses SPOW's own schools; numbers start with ``LT-`` so the demo's own records stay untouched. Idempotent:
    when the rows are already there nothing happens. Returns the number of rows imported (0 when skipped).
    """
    from koers.monitoring.models import Tlv
    from koers.organisations.models import School, Swv

    swv = Swv.objects.filter(code=LOADTEST_SWV).first()
    if swv is None:
        return 0
    if Tlv.objects.for_swv(swv).filter(dossiernummer__startswith=LOADTEST_PREFIX).exists():
        if stdout:
            stdout.write("Grote benchmarkdata staat al in PO2806; niets gedaan.")
        return 0
    brins = sorted(School.objects.for_swv(swv).values_list("brin6", flat=True))
    if not brins:
        return 0
    files = make_files(random.Random(2806), int(120_000 * scale), brins, prefix=LOADTEST_PREFIX)
    with transaction.atomic():
        seconds = import_files(swv, files)
    n = rows_in(files)
    if stdout:
        stdout.write(f"{n:,} registerregels in PO2806 geladen in {seconds:.1f} s.".replace(",", "."))
    return n


def unload_large_swv_for_loadtest() -> int:
    """Remove what :func:`load_large_swv_for_loadtest` added to PO2806 (numbers starting with ``LT-``)."""
    from koers.monitoring import cache
    from koers.monitoring.models import Arrangement, Terugplaatsing, Tlv, VerzuimMelding
    from koers.organisations.models import Swv

    swv = Swv.objects.filter(code=LOADTEST_SWV).first()
    if swv is None:
        return 0
    removed = 0
    with transaction.atomic():
        for model, field in (
            (Tlv, "dossiernummer"),
            (Arrangement, "number"),
            (VerzuimMelding, "meldingnummer"),
            (Terugplaatsing, "number"),
        ):
            removed += model.objects.for_swv(swv).filter(**{f"{field}__startswith": LOADTEST_PREFIX}).delete()[0]
    cache.changed(swv.pk)
    return removed
