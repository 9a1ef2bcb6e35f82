"""The measures with a definition the SWV chooses (ADR 0022) and the VSO participation on own TLV's, each against an
independent DuckDB computation over the same rows: the 1 February counts (leerlingen, deelname with either
denominator), the TLV counts without chosen request kinds, and ``deelname_vso_tlv`` (ADR 0020)."""

import random
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core.periods import school_year_of
from koers.monitoring.flow_models import FundedPupil
from koers.monitoring.measures import REGISTRY
from koers.monitoring.models import PupilCount, Tlv
from koers_dev.testing.factories import everything

pytestmark = pytest.mark.django_db
TYPES = ("BO", "SBO", "SO", "VO", "PRO", "VSO")
KINDS = ["TLV SO", "tlv  so", "TLV SBO", "Arrangement", " arrangement", "Herindicatie"]


def _sql(sql, tables: dict, params: dict | None = None):
    con = duckdb.connect()
    try:
        for name, (columns, rows) in tables.items():
            con.execute(f"CREATE TABLE {name} ({columns})")
            if rows:
                con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        return con.execute(sql, params or {}).fetchone()
    finally:
        con.close()


def _value(code, swv, on, **params):
    return REGISTRY[code].value(everything(swv), on, **params)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), on_days=st.integers(0, 900))
def test_february_counts_and_both_denominators_agree_with_duckdb(swv, seed, on_days):
    PupilCount.unscoped.filter(swv=swv).delete()
    rng = random.Random(seed)
    rows = []
    for year in range(2022, 2026):
        for day, kind in ((date(year, 10, 1), "1-oktober"), (date(year, 2, 1), "1-februari")):
            if rng.random() < 0.8:  # some counts are missing: the latest one before the date is used
                for t in ("BO", "SBO", "SO"):
                    rows.append((day, kind, t, rng.randint(0 if t != "BO" else 500, 1200 if t == "BO" else 60)))
    PupilCount.unscoped.bulk_create(
        PupilCount(swv=swv, peiljaar=d.year, peildatum=d, teldatum=k, school_type=t, count=n) for d, k, t, n in rows
    )
    on = date(2022, 9, 1) + timedelta(days=on_days)
    for teldatum in ("1-februari", "1-oktober"):
        bo, sbo, so = _sql(
            """WITH latest AS (SELECT max(d) AS d FROM c WHERE k = $k AND d <= $on)
               SELECT sum(n) FILTER (WHERE t = 'BO'), sum(n) FILTER (WHERE t = 'SBO'), sum(n) FILTER (WHERE t = 'SO')
               FROM c WHERE k = $k AND d = (SELECT d FROM latest)""",
            {"c": ("d DATE, k VARCHAR, t VARCHAR, n INTEGER", rows)},
            {"k": teldatum, "on": on},
        )
        params = {"teldatum": teldatum}
        assert _value("leerlingen_so", swv, on, **params).value == so, (teldatum, on)
        assert _value("leerlingen_sbo", swv, on, **params).value == sbo, (teldatum, on)
        so_pct = _value("deelname_so", swv, on, **params).value
        incl = _value("deelname_so", swv, on, noemer="bo_sbo_so", **params).value
        if bo is None:
            assert so_pct is None and incl is None
            continue
        assert so_pct == (Decimal(so) * 100 / (bo + sbo)).quantize(Decimal("0.01")), (teldatum, on)
        assert incl == (Decimal(so) * 100 / (bo + sbo + so)).quantize(Decimal("0.01")), (teldatum, on)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60), left_out=st.sets(st.sampled_from(KINDS), max_size=3))
def test_tlv_counts_without_chosen_request_kinds_agree_with_duckdb(swv, seed, n, left_out):
    Tlv.unscoped.filter(swv=swv).delete()
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = date(2024, 6, 1) + timedelta(days=rng.randint(0, 300))
        decided = received + timedelta(days=rng.randint(5, 90)) if rng.random() < 0.8 else None
        rows.append((f"D{i}", rng.choice(KINDS), received, decided, rng.choice(["afgegeven", "afgewezen"])))
    Tlv.unscoped.bulk_create(
        Tlv(swv=swv, dossiernummer=d, aanvraagsoort=k, ontvangstdatum=r, besluitdatum=b, besluit=s if b else "")
        for d, k, r, b, s in rows
    )
    on = date(2025, 3, 1)
    # the school year 2024-2025 up to ``on``; a kind matches case-insensitively with its spaces normalised
    norm = "lower(regexp_replace(trim({}), '\\s+', ' ', 'g'))"
    excluded = [" ".join(k.split()).lower() for k in left_out] or ["\x00"]
    issued, requested, still_open = _sql(
        f"""SELECT count(*) FILTER (WHERE s = 'afgegeven' AND b BETWEEN DATE '2024-08-01' AND $on),
                   count(*) FILTER (WHERE r BETWEEN DATE '2024-08-01' AND $on),
                   count(*) FILTER (WHERE r <= $on AND (b IS NULL OR b > $on))
            FROM t WHERE {norm.format("k")} NOT IN (SELECT unnest($excluded))""",
        {"t": ("nr VARCHAR, k VARCHAR, r DATE, b DATE, s VARCHAR", rows)},
        {"on": on, "excluded": excluded},
    )
    params = {"zonder_aanvraagsoorten": sorted(left_out)}
    assert _value("tlv_afgegeven", swv, on, **params).value == issued
    assert _value("tlv_aangevraagd", swv, on, **params).value == requested
    assert _value("tlv_open", swv, on, **params).value == still_open


def test_vso_participation_on_own_tlvs_agrees_with_duckdb(swv, schools):
    rng = random.Random(7)
    funded = []
    for i in range(40):
        kind = rng.choice(["SBO", "SO", "VSO", "VSO"])
        funded.append((f"B{i}", kind, rng.random() < 0.8, date(2025, 2, 1)))
    FundedPupil.unscoped.bulk_create(
        FundedPupil(
            swv=swv,
            beschikkingsnummer=b,
            school_type=t,
            binnen=inside,
            peildatum=d,
            school_year=school_year_of(d),  # one list per school year (ADR 0038)
            brin6="11AA00",
        )
        for b, t, inside, d in funded
    )
    counts = [("BO", 900), ("SBO", 20), ("SO", 15), ("VO", 1200), ("PRO", 40), ("VSO", 30)]
    PupilCount.unscoped.bulk_create(
        PupilCount(swv=swv, peiljaar=2024, peildatum=date(2024, 10, 1), school_type=t, count=n) for t, n in counts
    )
    vso, vo_pro = _sql(
        "SELECT (SELECT count(*) FROM f WHERE t = 'VSO'), (SELECT sum(n) FROM c WHERE t IN ('VO', 'PRO'))",
        {"f": ("b VARCHAR, t VARCHAR, inside BOOLEAN, d DATE", funded), "c": ("t VARCHAR, n INTEGER", counts)},
    )
    result = _value("deelname_vso_tlv", swv, date(2025, 3, 1))
    assert (result.numerator, result.denominator) == (vso, vso + vo_pro)
    assert result.value == (Decimal(vso) * 100 / (vso + vo_pro)).quantize(Decimal("0.01"))
