"""``koers bench`` rows for the flow and definition measures of issue 15, at the scale of the other measures.

For each measure (grensverkeer in/uit/saldo, deelname op eigen TLV's, the TLV/DUO match, thuiszitters volgens
registratie, verzuimduur percentiles, counts on 1 February with either denominator, TLV counts without chosen
request kinds) and for the top reasons of absence: the slowest of the whole SWV and the three breakdowns
(bestuur, werkgebied, school) against the measures' target, and the peak memory (tracemalloc, a second run, so
that tracing does not slow the timed one). The 1 February counts are added to the benchmark SWV here (the same
shape as the 1 October counts of :func:`koers.monitoring.bench.create_swv`), and the definition measures are
compared with DuckDB over the same rows, as the other measures are.
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import date
from decimal import Decimal

from koers.monitoring.measures.base import raw_value

FEBRUARY = "1-februari"
LEFT_OUT = ["TLV SBO"]  # a request kind of the benchmark's TLV file
MEASURES = [
    *((f"grensverkeer_{d}_{t}", {}) for t in ("so", "vso", "sbo") for d in ("inkomend", "uitgaand", "saldo")),
    ("deelname_sbo_tlv", {}),
    ("deelname_so_tlv", {}),
    ("deelname_vso_tlv", {}),
    ("tlv_duo_beide", {}),
    ("tlv_duo_alleen_register", {}),
    ("tlv_duo_alleen_duo", {}),
    ("thuiszitters_registratie", {}),
    ("verzuim_duur_actief_mediaan", {}),
    ("verzuim_duur_actief_p90", {}),
    ("verzuim_duur_afgesloten_p75", {}),
    ("verzuim_duur_afgesloten_p90_dagen", {}),
    ("leerlingen_so", {"teldatum": FEBRUARY}),
    ("deelname_sbo", {"teldatum": FEBRUARY}),
    ("deelname_so", {"teldatum": FEBRUARY, "noemer": "bo_sbo_so"}),
    ("tlv_afgegeven", {"zonder_aanvraagsoorten": LEFT_OUT}),
    ("tlv_aangevraagd", {"zonder_aanvraagsoorten": LEFT_OUT}),
    ("tlv_doorlooptijd_ontvangst_besluit_mediaan", {"zonder_aanvraagsoorten": LEFT_OUT}),
]
BREAKDOWNS = (None, "bestuur", "werkgebied", "school")
REFERENCE_PARAMS = {
    "leerlingen_so": {"teldatum": FEBRUARY},
    "deelname_sbo": {"teldatum": FEBRUARY},
    "deelname_so": {"teldatum": FEBRUARY, "noemer": "bo_sbo_so"},
    "tlv_afgegeven": {"zonder_aanvraagsoorten": LEFT_OUT},
    "tlv_aangevraagd": {"zonder_aanvraagsoorten": LEFT_OUT},
    "tlv_doorlooptijd_ontvangst_besluit_mediaan": {"zonder_aanvraagsoorten": LEFT_OUT},
}


def february_counts(swv, brins: list[str], pupils: int) -> list[tuple]:
    """Pupil counts on 1 February 2016-2025 (SWV and school level, kept apart by ``teldatum``), a little below the
    1 October counts; returns the SWV-level rows (day, type, count) for the reference."""
    from koers.monitoring.models import PupilCount

    shares = (("BO", 0.95), ("SBO", 0.028), ("SO", 0.024))
    rows, swv_rows = [], []
    for year in range(2016, 2026):
        total = int(pupils * (1 - 0.005 * (2025 - year)) * 0.99)
        day = date(year, 2, 1)
        for kind, share in shares:
            n = int(total * share)
            swv_rows.append((day, kind, n))
            rows.append(PupilCount(swv=swv, peiljaar=year, peildatum=day, teldatum=FEBRUARY, school_type=kind, count=n))
            per_school = max(1, int(total * share / len(brins)))
            rows.extend(
                PupilCount(
                    swv=swv,
                    peiljaar=year,
                    peildatum=day,
                    teldatum=FEBRUARY,
                    level="school",
                    brin6=b,
                    school_type=kind,
                    count=per_school + (i % 5),
                    source="bench",
                )  # fmt: skip
                for i, b in enumerate(brins)
            )
    PupilCount.objects.bulk_create(rows, batch_size=2000)
    return swv_rows


def reference(tlv_csv: bytes, counts: list[tuple], on: date) -> dict:
    """The definition measures in DuckDB SQL: over the TLV file (CSV) and the 1 February counts."""
    import tempfile
    from pathlib import Path

    import duckdb

    year = on.year if on.month >= 8 else on.year - 1
    start, end = date(year, 8, 1), min(date(year + 1, 7, 31), on)
    with tempfile.TemporaryDirectory(prefix="koers-ref-def-") as tmp:
        path = Path(tmp) / "tlv.csv"
        path.write_bytes(tlv_csv)
        con = duckdb.connect()
        try:
            con.execute("CREATE TABLE c (d DATE, t VARCHAR, n INTEGER)")
            con.executemany("INSERT INTO c VALUES (?, ?, ?)", counts)
            row = con.execute(
                """
                WITH t AS (SELECT "Aanvraagsoort" AS k, strptime("Ontvangstdatum", '%d-%m-%Y')::DATE AS o,
                                  strptime("Besluitdatum", '%d-%m-%Y')::DATE AS b, "Besluit" AS besluit
                           FROM read_csv($tlv, delim = ';', header = true, all_varchar = true)
                           WHERE lower(trim("Aanvraagsoort")) NOT IN (SELECT lower(unnest($left_out)))),
                     f AS (SELECT * FROM c WHERE d = (SELECT max(d) FROM c WHERE d <= $on))
                SELECT (SELECT sum(n) FROM f WHERE t = 'SO'),
                       (SELECT sum(n) FROM f WHERE t = 'SBO'), (SELECT sum(n) FROM f WHERE t IN ('BO', 'SBO')),
                       (SELECT sum(n) FROM f WHERE t = 'SO'), (SELECT sum(n) FROM f),
                       (SELECT count(*) FROM t WHERE besluit = 'afgegeven' AND b BETWEEN $start AND $end),
                       (SELECT count(*) FROM t WHERE o BETWEEN $start AND $end),
                       (SELECT quantile_cont(date_diff('day', o, b) / 7.0, 0.5) FROM t WHERE b BETWEEN $start AND $end)
                """,
                {"tlv": str(path), "left_out": LEFT_OUT, "on": on, "start": start, "end": end},
            ).fetchone()
        finally:
            con.close()
    so, sbo, bo_sbo, so_again, everyone, issued, requested, median = row
    return {
        "leerlingen_so": so,
        "deelname_sbo": (sbo, bo_sbo),  # numerator and denominator: SBO / (BO + SBO)
        "deelname_so": (so_again, everyone),  # SO / (BO + SBO + SO): the denominator chosen
        "tlv_afgegeven": issued,
        "tlv_aangevraagd": requested,
        "tlv_doorlooptijd_ontvangst_besluit_mediaan": None if median is None else Decimal(str(round(median, 4))),
    }


def _run(function) -> tuple[float, float]:
    """(seconds, peak MB): timed without tracing, then once more under tracemalloc for the peak."""
    t = time.perf_counter()
    function()
    seconds = time.perf_counter() - t
    tracemalloc.start()
    try:
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 2**20


def bench(command, swv, files: dict, brins: list[str], on: date, target: float) -> None:
    """The rows (``command.line``): per measure the slowest breakdown and the peak memory, the top reasons of
    absence, and the DuckDB reference of the definition measures."""
    from django.test.utils import override_settings

    from koers.core.audience import Audience

    counts = february_counts(swv, brins, 40_000)
    audience = Audience.system(swv, reason="benchmark")
    with override_settings(KOERS_MEASURE_CACHE_SECONDS=0):  # every run computes: no value from the measure cache
        _measure_rows(command, audience, on, target)
    _reference_rows(command, swv, files, counts, on)


def _measure_rows(command, audience, on, target) -> None:
    from koers.core.periods import period_of
    from koers.monitoring import absence_reasons
    from koers.monitoring.measures import REGISTRY, breakdown

    command.line("Leerlingstromen en definities: maat x 4 uitsplitsingen, traagste s / piek MB", "", "")
    for code, params in MEASURES:
        measure = REGISTRY[code]
        worst, peak_mb, slowest_by = 0.0, 0.0, ""
        for by in BREAKDOWNS:
            if by is None:
                seconds, peak = _run(lambda m=measure, p=params: m.value(audience, on, **p))
            else:
                seconds, peak = _run(lambda m=measure, b=by, p=params: breakdown(m, audience, on, b, **p))
            if seconds > worst:
                worst, slowest_by = seconds, by or "heel het SWV"
            peak_mb = max(peak_mb, peak)
        chosen = ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in params.items())
        name = f"  {code}" + (f" ({chosen})" if chosen else "")
        command.line(f"{name[:58]}, {slowest_by}"[:68], f"{worst:.3f} / {peak_mb:.1f}", f"< {target:g} s",
                     worst < target)  # fmt: skip
    period = period_of("schooljaar", on)
    for by in ("reden", "soort"):
        seconds, peak = _run(lambda b=by: absence_reasons.reason_table(audience, period, by=b))
        command.line(f"Verzuimredenen met duur per {by}, schooljaar: s / piek MB", f"{seconds:.3f} / {peak:.1f}",
                     f"< {target:g} s", seconds < target)  # fmt: skip


def _reference_rows(command, swv, files, counts, on) -> None:
    from koers.monitoring.measures import REGISTRY

    ref = reference(files["tlv"], counts, on)
    agree = True
    for code, expected in ref.items():
        ours = raw_value(REGISTRY[code].compute(swv, on, **REFERENCE_PARAMS[code]))
        same = ours == expected
        agree = agree and same
        command.line(f"  Referentie {code} (definitie): Koers / DuckDB"[:68], f"{ours} / {expected}", "gelijk", same)
    command.line("Definities: referentie (DuckDB over dezelfde regels) komt overeen", "ja" if agree else "NEE", "ja",
                 agree)  # fmt: skip
