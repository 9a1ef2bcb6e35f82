"""Benchmark data (idempotent load, an independent reference) and grouped breakdowns equal to per-group values."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.monitoring import bench
from koers.monitoring.measures import KINDS, REGISTRY, breakdown
from koers.monitoring.measures.base import groups, raw_value
from koers.monitoring.models import Arrangement, PupilCount, Terugplaatsing, Tlv, VerzuimMelding
from koers.organisations.models import Swv
from koers_dev.testing.factories import SchoolFactory, everything

BREAKDOWNS = ("bestuur", "werkgebied", "school")
BRINS = ("11AA00", "22BB00", "33CC00")


def test_load_large_swv_for_loadtest_is_idempotent(swv, schools):
    spow = Swv.objects.create(code=bench.LOADTEST_SWV, name="SPOW")
    SchoolFactory(swv=spow, brin6="44DD00")
    SchoolFactory(swv=spow, brin6="55EE00")
    n = bench.load_large_swv_for_loadtest(scale=0.005)
    assert n > 0 and Tlv.unscoped.filter(swv=spow).exists()
    total = sum(m.unscoped.filter(swv=spow).count() for m in (Tlv, Arrangement, VerzuimMelding, Terugplaatsing))
    assert total == n
    assert bench.load_large_swv_for_loadtest(scale=0.005) == 0
    assert sum(m.unscoped.filter(swv=spow).count() for m in (Tlv, Arrangement, VerzuimMelding, Terugplaatsing)) == n
    assert not Tlv.unscoped.filter(swv=swv).exists()
    own = Tlv.unscoped.create(swv=spow, dossiernummer="EIGEN-1", ontvangstdatum=date(2024, 9, 1))  # stays
    assert bench.unload_large_swv_for_loadtest() == n
    assert list(Tlv.unscoped.filter(swv=spow)) == [own]
    assert not any(m.unscoped.filter(swv=spow).exists() for m in (Arrangement, VerzuimMelding, Terugplaatsing))


def test_reference_agrees_with_measures(swv):
    import random

    brins = bench.brins_for(5)
    for b in brins:
        SchoolFactory(swv=swv, brin6=b)
    files = bench.make_files(random.Random(3), 600, brins, pupils=400)
    bench.import_files(swv, files)
    on = date(2022, 11, 30)
    ref = bench.reference(files, on)
    for code, expected in ref.items():
        period = bench.REFERENCE_PERIOD.get(code)
        if isinstance(expected, Decimal):  # a duration: compare unrounded (weeks to 4 decimals)
            assert raw_value(REGISTRY[code].compute(swv, on, period=period)) == expected, code
        else:
            assert REGISTRY[code].value(everything(swv), on, period=period).value == expected, code
    assert ref["thuiszitters"] != ref["thuiszitters_registratie"]  # the rule and the register's flag differ here
    sql = bench.reference_sql(files, on)  # DuckDB: an independent engine over the same files
    assert bench.reference_engine() == "DuckDB"
    assert {k: sql[k] for k in ref} == ref
    for code in ("tlv_doorlooptijd_ontvangst_besluit_mediaan", "tlv_doorlooptijd_ontvangst_besluit_p75"):
        assert sql[code] is not None
        assert raw_value(REGISTRY[code].compute(swv, on)) == sql[code], code  # unrounded: weeks to 4 decimals


# -- grouped breakdowns ------------------------------------------------------------------------------------------

day = st.integers(min_value=0, max_value=500).map(lambda n: date(2023, 8, 1) + timedelta(days=n))
maybe_day = st.none() | day
brin = st.sampled_from(BRINS + ("",))
pupil = st.sampled_from(["p1", "p2", "p3", "p4", ""])

tlvs = st.lists(
    st.tuples(brin, day, maybe_day, maybe_day, st.sampled_from(["afgegeven", "afgewezen", ""]), st.booleans()),
    max_size=12,
)
arrangements = st.lists(
    st.tuples(brin, pupil, day, maybe_day, st.none() | st.integers(0, 5000).map(lambda c: Decimal(c) / 4)),
    max_size=12,
)
verzuim = st.lists(
    st.tuples(brin, day, maybe_day, st.sampled_from(["absoluut", "relatief", "vrijstelling"]), st.booleans()),
    max_size=10,
)
back = st.lists(st.tuples(brin, brin, day), max_size=6)
school_counts = st.lists(
    st.tuples(st.sampled_from(BRINS), st.sampled_from([2022, 2023, 2024]), st.sampled_from(["BO", "SBO", "SO"])),
    max_size=12,
    unique=True,
)


def _fill(swv, data):
    for model in (Tlv, Arrangement, VerzuimMelding, Terugplaatsing, PupilCount):
        model.unscoped.filter(swv=swv).delete()
    for i, (b, o, compleet, besluitdatum, besluit, so) in enumerate(data["tlv"]):
        Tlv.unscoped.create(
            swv=swv,
            dossiernummer=f"D{i}",
            aanvraagsoort="TLV SO" if so else "TLV SBO",
            brin6=b,
            ontvangstdatum=o,
            datum_compleet=compleet,
            besluitdatum=besluitdatum,
            besluit=besluit,
        )
    for i, (b, p, start, end, cost) in enumerate(data["arrangement"]):
        Arrangement.unscoped.create(
            swv=swv, number=f"A{i}", kind="x", brin6=b, pupil=p, start=start, end=end, cost=cost
        )
    for i, (b, since, end, soort, thuis) in enumerate(data["verzuim"]):
        VerzuimMelding.unscoped.create(
            swv=swv, meldingnummer=f"V{i}", soort=soort, since=since, end=end, thuiszitter=thuis, brin6=b
        )
    for i, (a, b, when) in enumerate(data["back"]):
        Terugplaatsing.unscoped.create(swv=swv, number=f"T{i}", from_type="SBO", from_brin6=a, to_brin6=b, date=when)
    for i, (b, year, kind) in enumerate(data["counts"]):
        PupilCount.unscoped.create(
            swv=swv,
            peiljaar=year,
            peildatum=date(year, 10, 1),
            level="school",
            brin6=b,
            school_type=kind,
            count=None if i % 5 == 4 else 10 + 7 * i,
        )


def _assert_grouped_equals_per_group(swv, on, kind, allowed=None, **params):
    for code, measure in REGISTRY.items():
        for by in BREAKDOWNS:
            audience = everything(swv)
            if allowed is not None:  # a schoolbestuur's audience: its schools only
                audience = replace(audience, schools=frozenset(allowed))
            got = breakdown(measure, audience, on, by, period=kind, **params)
            expected = []
            for label, brins in groups(swv, by).items():
                if allowed is not None:
                    brins = brins & set(allowed)
                    if not brins:
                        continue
                expected.append((label, measure.value(audience, on, schools=brins, period=kind, **params)))
            assert got == expected, (code, by, kind)


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tlv=tlvs,
    arrangement=arrangements,
    verzuim_=verzuim,
    back_=back,
    counts=school_counts,
    on=day,
    kind=st.sampled_from(KINDS),
)
def test_grouped_breakdowns_equal_per_group_values(swv, schools, tlv, arrangement, verzuim_, back_, counts, on, kind):
    _fill(swv, {"tlv": tlv, "arrangement": arrangement, "verzuim": verzuim_, "back": back_, "counts": counts})
    _assert_grouped_equals_per_group(swv, on, kind)


def test_grouped_breakdowns_with_allowed_and_parameters(swv, schools):
    _fill(
        swv,
        {
            "tlv": [
                ("11AA00", date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 30), "afgegeven", False),
                ("22BB00", date(2024, 10, 1), None, date(2024, 11, 26), "afgegeven", True),
                ("33CC00", date(2024, 12, 1), None, None, "", True),
                ("33CC00", date(2024, 5, 12), date(2024, 5, 20), date(2024, 6, 30), "afgewezen", False),
            ],
            "arrangement": [
                ("11AA00", "p1", date(2024, 9, 1), None, Decimal("100.25")),
                ("22BB00", "p1", date(2024, 10, 1), date(2025, 3, 1), None),
                ("22BB00", "p2", date(2024, 2, 29), None, Decimal("12.50")),
            ],
            "verzuim": [
                ("11AA00", date(2024, 6, 1), None, "absoluut", False),
                ("22BB00", date(2025, 1, 20), None, "relatief", True),
            ],
            "back": [("", "11AA00", date(2024, 11, 1)), ("22BB00", "33CC00", date(2024, 12, 1))],
            "counts": [("11AA00", 2024, "BO"), ("22BB00", 2023, "SBO"), ("33CC00", 2024, "SO")],
        },
    )
    on = date(2025, 2, 1)
    for kind in KINDS:
        _assert_grouped_equals_per_group(swv, on, kind, allowed={"11AA00", "33CC00"})
    _assert_grouped_equals_per_group(swv, on, "schooljaar", exclude_aanvraagsoorten=["TLV SO"])
    _assert_grouped_equals_per_group(swv, on, "peildatum", soort="absoluut")
    labels = [label for label, _result in breakdown(REGISTRY["tlv_open"], everything(swv), on, "school")]
    assert labels == sorted(labels) and len(labels) == 3
