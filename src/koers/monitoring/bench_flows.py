"""Benchmark data and an independent reference for the flow measures (``koers bench``, see bench.py).

From the benchmark's TLV file (CSV with BSN) it makes DUO's funded-pupil list (most afgegeven TLV's, some only in
the register, some only at DUO) and a grensverkeer file in the Koers layout, imports both through the ordinary
import, and computes the same flow measures in DuckDB SQL over those CSV files.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
from datetime import date
from pathlib import Path

from koers.core.export_safety import csv_writer

NEIGHBOURS = [f"PO{9800 + i}" for i in range(12)]


def tlv_beschikkingen(tlv_csv: bytes) -> dict:
    """{dossiernummer: (beschikkingsnummer, voorziening, BSN)} of the afgegeven TLV's in the bench TLV file."""
    rows = csv.DictReader(io.StringIO(tlv_csv.decode()), delimiter=";")
    return {
        r["Dossiernummer"]: (f"B{r['Dossiernummer']}", r["Voorziening"], r["BSN"])
        for r in rows
        if r["Besluit"] == "afgegeven"
    }


def with_beschikkingen(tlv_csv: bytes) -> bytes:
    """The TLV file with a Beschikkingsnummer column (afgegeven TLV's only): what the register side matches on."""
    rows = list(csv.reader(io.StringIO(tlv_csv.decode()), delimiter=";"))
    head = rows[0]
    i_dossier, i_besluit = head.index("Dossiernummer"), head.index("Besluit")
    buf = io.StringIO()
    w = csv_writer(buf, delimiter=";", lineterminator="\n")
    w.writerow([*head, "Beschikkingsnummer"])
    for r in rows[1:]:
        w.writerow([*r, f"B{r[i_dossier]}" if r[i_besluit] == "afgegeven" else ""])
    return buf.getvalue().encode()


def flow_files(rng: random.Random, tlv_csv: bytes, own_code: str, brins: list[str], peildatum: date) -> dict:
    """{"bekostigd": CSV, "grensverkeer": CSV} consistent with the TLV file."""
    buf = io.StringIO()
    w = csv_writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["Beschikkingsnummer", "BSN", "Bekostigingscategorie", "BRIN6", "Soort", "Peildatum", "Binnen SWV"])
    n = 0
    for _dossier, (besch, kind, bsn) in sorted(tlv_beschikkingen(tlv_csv).items()):
        if rng.random() < 0.05:
            continue  # only in the register
        inside = rng.random() < 0.85
        brin = rng.choice(brins) if inside else f"{rng.randint(10, 99)}ZZ{rng.randint(0, 99):02d}"
        w.writerow([besch, bsn, rng.choice("LMH") if kind == "SO" else "", brin, kind, peildatum.strftime("%d-%m-%Y"),
                    "J" if inside else "N"])  # fmt: skip
        n += 1
    for i in range(max(1, n // 50)):
        w.writerow([f"BDUO{i}", f"{rng.randrange(10**8, 10**9)}", "L", rng.choice(brins), "SO",
                    peildatum.strftime("%d-%m-%Y"), "J"])  # fmt: skip
    funded = buf.getvalue().encode()
    buf = io.StringIO()
    w = csv_writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["SWV_BETALEND", "SWV_VESTIGING", "TYPE_PO", "PEILJAAR", "AANTAL_LEERLINGEN"])
    for year in range(peildatum.year - 9, peildatum.year):
        for kind in ("SBO", "SO", "VSO"):
            for other in NEIGHBOURS:
                w.writerow([own_code, other, kind, year, rng.choice(["<5", "-1", *map(str, range(5, 60))])])
                w.writerow([other, own_code, kind, year, rng.randint(0, 60)])
            w.writerow([own_code, own_code, kind, year, rng.randint(100, 900)])
    return {"bekostigd": funded, "grensverkeer": buf.getvalue().encode()}


FLOW_SQL = """
WITH g AS (SELECT * REPLACE (ltrim(AANTAL_LEERLINGEN, '''') AS AANTAL_LEERLINGEN)
           FROM read_csv($grensverkeer, delim=';', header=true, all_varchar=true)),  -- '-1: a safe CSV cell
     latest AS (SELECT max(PEILJAAR::INT) AS y FROM g WHERE make_date(PEILJAAR::INT, 10, 1) <= $on),
     f AS (SELECT * FROM read_csv($bekostigd, delim=';', header=true, all_varchar=true)),
     t AS (SELECT * FROM read_csv($tlv, delim=';', header=true, all_varchar=true)),
     own AS (SELECT DISTINCT upper(Beschikkingsnummer) AS b FROM t
             WHERE Besluit = 'afgegeven' AND coalesce(Beschikkingsnummer, '') <> ''),
     duo AS (SELECT DISTINCT upper(Beschikkingsnummer) AS b FROM f)
SELECT
  (SELECT CASE WHEN bool_or(AANTAL_LEERLINGEN IN ('-1', '<5')) THEN NULL ELSE sum(TRY_CAST(AANTAL_LEERLINGEN AS INTEGER)) END FROM g
     WHERE SWV_BETALEND = $code AND SWV_VESTIGING <> $code AND TYPE_PO = 'SO' AND PEILJAAR::INT = (SELECT y FROM latest)),
  (SELECT sum(TRY_CAST(AANTAL_LEERLINGEN AS INTEGER)) FROM g
     WHERE SWV_VESTIGING = $code AND SWV_BETALEND <> $code AND TYPE_PO = 'SO' AND PEILJAAR::INT = (SELECT y FROM latest)),
  (SELECT count(*) FROM own JOIN duo USING (b)),
  (SELECT count(*) FROM own ANTI JOIN duo USING (b)),
  (SELECT count(*) FROM duo ANTI JOIN own USING (b)),
  (SELECT count(*) FROM f WHERE Soort = 'SBO')
"""
FLOW_CODES = (
    "grensverkeer_uitgaand_so",
    "grensverkeer_inkomend_so",
    "tlv_duo_beide",
    "tlv_duo_alleen_register",
    "tlv_duo_alleen_duo",
    "deelname_sbo_tlv",  # the numerator: SBO pupils with an own TLV, inside and outgoing
)


def reference_flows(files: dict, code: str, on: date) -> dict:
    """The flow measures in DuckDB over the CSV files (TLV's of the bench have no einddatum: all are valid)."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="koers-ref-flows-") as tmp:
        paths = {}
        for name in ("tlv", "bekostigd", "grensverkeer"):
            path = Path(tmp) / f"{name}.csv"
            path.write_bytes(files[name])
            paths[name] = str(path)
        con = duckdb.connect()
        try:
            row = con.execute(FLOW_SQL, {**paths, "code": code, "on": on}).fetchone()
        finally:
            con.close()
    return dict(zip(FLOW_CODES, row, strict=True))


def koers_flows(swv, on) -> dict:
    """Koers' own values of :data:`FLOW_CODES` (the numerator for the participation), for the comparison."""
    from koers.monitoring.measures import REGISTRY
    from koers.monitoring.measures.base import SourceSuppressed

    out = {}
    for code in FLOW_CODES:
        raw = REGISTRY[code].compute(swv, on)
        if isinstance(raw, tuple):
            raw = raw[0]
        out[code] = None if isinstance(raw, SourceSuppressed) else raw
    return out


def bench(command, swv, files: dict, brins: list[str], on: date, target: float) -> None:
    """The flow rows of ``koers bench``: import of the list and the grensverkeer file, each flow measure per
    breakdown (slowest against the measures' target) and the DuckDB reference. ``command`` prints (its ``line``)."""
    import time

    from koers.core.audience import Audience
    from koers.monitoring.bench import import_files
    from koers.monitoring.measures import REGISTRY, breakdown
    from koers.monitoring.measures.flows import FLOW_MEASURES

    rng = random.Random(43)
    flows = {
        "tlv": with_beschikkingen(files["tlv"]),
        **flow_files(rng, files["tlv"], swv.code, brins, date(on.year, 2, 1)),
    }
    n_rows = sum(data.count(b"\n") - 1 for data in flows.values())
    seconds = import_files(swv, flows)
    command.line(f"Leerlingstromen: import TLV's met beschikkingsnummer, DUO-lijst en grensverkeer ({n_rows} regels, s)",
                 f"{seconds:.1f}")  # fmt: skip
    audience = Audience.system(swv, reason="benchmark")
    slowest, name = 0.0, ""
    for code in FLOW_MEASURES:
        for by in (None, "bestuur", "werkgebied", "school"):
            t = time.perf_counter()
            if by is None:
                REGISTRY[code].value(audience, on)
            else:
                breakdown(REGISTRY[code], audience, on, by)
            d = time.perf_counter() - t
            if d > slowest:
                slowest, name = d, f"{code}, {by or 'heel het SWV'}"
    command.line(f"Leerlingstromen: {len(FLOW_MEASURES)} maten x 4 uitsplitsingen, traagste (s)", f"{slowest:.3f}",
                 f"< {target:g} s", slowest < target)  # fmt: skip
    command.line(f"  ({name})", "")
    ref = reference_flows({**files, **flows}, swv.code, on)
    ours = koers_flows(swv, on)
    for code in FLOW_CODES:
        command.line(
            f"  Referentie {code}: Koers / DuckDB", f"{ours[code]} / {ref[code]}", "gelijk", ours[code] == ref[code]
        )
    agree = all(ours[c] == ref[c] for c in FLOW_CODES)
    command.line("Leerlingstromen: referentie (DuckDB over de CSV-bestanden) komt overeen", "ja" if agree else "NEE", "ja",
                 agree)  # fmt: skip
