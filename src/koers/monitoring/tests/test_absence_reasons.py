"""The top reasons of absence per period: counts and duration percentiles per reason against DuckDB over the same
rows, suppression that no total gives back, the page (bureau, schoolbestuur) and the API endpoint."""

import random
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core import clock
from koers.core.audience import Audience
from koers.core.periods import Tertiaal, school_year_period, tertiaal_period
from koers.monitoring.absence_reasons import AbsenceReasonFilter, reason_table
from koers.monitoring.models import VerzuimMelding
from koers_dev.testing.factories import IndicatorFactory, UserFactory, everything, member

pytestmark = pytest.mark.django_db
REASONS = ["angst", "ziekte", "verhuizing", "pesten", "", "schoolweigering", "thuissituatie", "overig"]


def _rows(rng, n, today):
    rows = []
    for i in range(n):
        since = date(2024, 6, 1) + timedelta(days=rng.randint(0, 400))
        end = since + timedelta(days=rng.randint(0, 200)) if rng.random() < 0.6 else None
        soort = rng.choice(["absoluut", "relatief", "relatief", "vrijstelling"])
        rows.append((f"M{i}", soort, since, end, rng.choice(REASONS), rng.choice(["11AA00", "22BB00", "33CC00"])))
    return rows


def _create(swv, rows):
    VerzuimMelding.unscoped.bulk_create(
        VerzuimMelding(swv=swv, meldingnummer=nr, soort=soort, since=since, end=end, reden=reden, brin6=brin6)
        for nr, soort, since, end, reden, brin6 in rows
    )


def _duckdb(rows, start, until):
    """{reden: (count, p50, p75, p90)} of the absence cases begun in [start, until], plain SQL."""
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE v (nr VARCHAR, soort VARCHAR, s DATE, e DATE, reden VARCHAR, brin6 VARCHAR)")
        con.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)", rows)
        found = con.execute(
            """
            SELECT reden, count(*),
                   quantile_cont(d / 7.0, 0.5), quantile_cont(d / 7.0, 0.75), quantile_cont(d / 7.0, 0.9)
            FROM (SELECT reden, date_diff('day', s, CASE WHEN e IS NOT NULL AND e <= $until THEN e ELSE $until END)
                      AS d
                  FROM v WHERE soort IN ('absoluut', 'relatief') AND s BETWEEN $start AND $until)
            GROUP BY reden
            """,
            {"start": start, "until": until},
        ).fetchall()
    finally:
        con.close()
    return {reden: (n, p50, p75, p90) for reden, n, p50, p75, p90 in found}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 80), tertiaal=st.booleans())
def test_counts_and_percentiles_per_reason_agree_with_duckdb(swv, seed, n, tertiaal):
    VerzuimMelding.unscoped.filter(swv=swv).delete()
    today = clock.today()
    rows = _rows(random.Random(seed), n, today)
    _create(swv, rows)
    period = tertiaal_period(Tertiaal(2024, 3), today) if tertiaal else school_year_period(2024, today)
    expected = _duckdb(rows, period.start, period.measured_until)
    table = reason_table(everything(swv), period, limit=100)
    assert not any(r.other for r in table.rows)
    got = {}
    for row in table.rows:
        key = "" if row.label == "(geen reden)" else row.label
        got[key] = (row.count.value, *(row.durations[c].value for c in ("p50", "p75", "p90")))
    assert set(got) == set(expected)
    for reden, (count, *percentiles) in expected.items():
        assert got[reden][0] == count, reden
        for mine, theirs in zip(got[reden][1:], percentiles, strict=True):
            assert abs(mine - Decimal(str(theirs))) <= Decimal("0.05"), (reden, mine, theirs)  # one decimal shown
    assert table.total.count.value == sum(v[0] for v in expected.values())
    ordered = [r.count.value for r in table.rows]
    assert ordered == sorted(ordered, reverse=True)  # most frequent first


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.integers(1, 14), min_size=1, max_size=14), limit=st.integers(3, 10))
def test_no_small_count_is_shown_or_derivable_from_the_total(swv, counts, limit):
    VerzuimMelding.unscoped.filter(swv=swv).delete()
    rows, n = [], 0
    for r, count in enumerate(counts):
        for _i in range(count):
            rows.append((f"M{n}", "relatief", date(2024, 10, 1), None, f"reden {r:02d}", "11AA00"))
            n += 1
    _create(swv, rows)
    public = Audience.public(swv)
    table = reason_table(public, school_year_period(2024, clock.today()), limit=limit)
    shown = [r for r in table.rows if not r.count.suppressed]
    hidden = [r for r in table.rows if r.count.suppressed]
    assert all(r.count.value >= public.threshold for r in shown)
    if hidden and not table.total.count.suppressed:
        # what the total minus the shown rows gives back is the hidden ones together: never under the threshold
        assert table.total.count.value - sum(r.count.value for r in shown) >= public.threshold
    for row in [*table.rows, table.total]:
        for result in row.durations.values():
            assert result.suppressed or row.n >= public.threshold  # a percentile over fewer than 5 cases: hidden
    bureau = reason_table(everything(swv), school_year_period(2024, clock.today()), limit=limit)
    assert not any(r.count.suppressed for r in bureau.rows) and bureau.total.count.value == sum(counts)


def test_the_example_hides_the_smallest_other_count_and_the_short_durations(swv):
    for i in range(12):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=f"a{i}", soort="relatief", since=date(2024, 10, 1),
                                       end=date(2024, 10, 1) + timedelta(weeks=i + 1), reden="angst")  # fmt: skip
    for i in range(6):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=f"z{i}", soort="relatief", since=date(2024, 10, 1),
                                       end=date(2024, 10, 29), reden="ziekte")  # fmt: skip
    for i in range(2):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=f"v{i}", soort="absoluut", since=date(2024, 10, 1),
                                       reden="verhuizing")  # fmt: skip
    VerzuimMelding.unscoped.create(swv=swv, meldingnummer="x", soort="vrijstelling", since=date(2024, 10, 1))
    period = school_year_period(2024, clock.today())
    bureau = reason_table(everything(swv), period)
    assert [(r.label, r.count.value) for r in bureau.rows] == [("angst", 12), ("ziekte", 6), ("verhuizing", 2)]
    assert bureau.rows[0].durations["p50"].value == Decimal("6.5")  # 1..12 weeks
    assert bureau.rows[1].durations["p90"].value == Decimal("4.0")
    public = reason_table(Audience.public(swv), period)
    assert [(r.label, r.count.suppressed) for r in public.rows] == [
        ("angst", False), ("ziekte", True), ("verhuizing", True)]  # fmt: skip
    assert public.total.count.value == 20
    assert public.rows[1].durations["p50"].value == Decimal("4.0")  # over 6 cases: shown, the count is not
    assert public.rows[2].durations["p50"].suppressed  # over 2 cases
    by_soort = reason_table(everything(swv), period, by="soort")
    assert [r.label for r in by_soort.rows] == ["langdurig relatief verzuim", "absoluut verzuim"]
    only = reason_table(everything(swv), period, soort="vrijstelling")
    assert [(r.label, r.count.value) for r in only.rows] == [("(geen reden)", 1)]


def test_the_period_choices_and_a_wrong_choice():
    form = AbsenceReasonFilter({"periode": "2024-2025", "indeling": "soort"})
    assert form.is_valid() and form.choices()["period"].label == "2024-2025" and form.choices()["by"] == "soort"
    assert "2024-T3" in form.periods and "2025-T2" in form.periods  # the test date is 21-07-2025
    wrong = AbsenceReasonFilter({"periode": "1999-2000", "indeling": "kleur"})
    assert not wrong.is_valid() and set(wrong.form.errors) == {"periode", "indeling"}
    assert wrong.choices()["period"].label == "2024-2025"  # the default: this school year


def _cases(swv):
    for i in range(7):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=f"a{i}", soort="relatief", since=date(2024, 10, 1),
                                       reden="angst", brin6="11AA00")  # fmt: skip
    for i in range(3):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=f"b{i}", soort="absoluut", since=date(2024, 11, 1),
                                       reden="ziekte", brin6="33CC00")  # fmt: skip


def test_the_page_for_the_bureau_and_for_a_schoolbestuur(swv, schools, bureau_client):
    _cases(swv)
    page = bureau_client.get(reverse("monitoring:absence_reasons"), {"periode": "2024-2025"}).content.decode()
    assert "Verzuim: meest genoemde redenen" in page and "angst" in page and "ziekte" in page
    assert '<td class="num" data-label="Meldingen">3</td>' in page  # the bureau sees a small count
    assert "Alle meldingen" in page and "gemeten t/m 21-07-2025" in page
    user = UserFactory()
    member(user, swv, "schoolbestuur", schoolbestuur=schools["11AA00"].bestuur)
    client = Client()  # bureau_client is the default client
    client.force_login(user)
    own = client.get(reverse("monitoring:absence_reasons"), {"periode": "2024-2025"}).content.decode()
    assert "angst" in own and "ziekte" not in own  # 33CC00 is of the other bestuur
    wrong = client.get(reverse("monitoring:absence_reasons"), {"periode": "morgen"}).content.decode()
    assert "Een keuze klopt niet" in wrong and "Selecteer een geldige keuze" in wrong
    overview = bureau_client.get(reverse("monitoring:overview")).content.decode()
    assert reverse("monitoring:absence_reasons") in overview
    indicator = IndicatorFactory(goal__theme__plan__swv=swv, measure_code="thuiszitters")
    detail = bureau_client.get(reverse("monitoring:indicator", args=[indicator.pk])).content.decode()
    assert reverse("monitoring:absence_reasons") in detail
    register = bureau_client.get(reverse("monitoring:register", args=["verzuim"])).content.decode()
    assert reverse("monitoring:absence_reasons") in register


def test_the_api_endpoint_suppresses_for_a_toezicht_user(swv, schools, bureau_client):
    _cases(swv)
    url = reverse("api:verzuim_redenen")
    data = bureau_client.get(url, {"periode": "2024-2025"}).json()
    assert data["period"] == "2024-2025" and data["measured_until"] == "2025-07-21" and data["by"] == "reden"
    assert [(r["label"], r["count"]["value"]) for r in data["rows"]] == [("angst", 7), ("ziekte", 3)]
    assert data["total"]["count"]["value"] == 10 and "p90" in data["rows"][0]["duration_weeks"]
    user = UserFactory()
    member(user, swv, "toezicht")
    client = Client()  # bureau_client is the default client
    client.force_login(user)
    seen = client.get(url, {"periode": "2024-2025"}).json()
    angst, ziekte = seen["rows"]
    assert ziekte["count"] == {"value": None, "display": "minder dan 5", "suppressed": True,
                               "reason": "afgeschermd: minder dan 5"}  # fmt: skip
    assert angst["count"]["suppressed"]  # 10 − 7 would give the 3 back
    assert seen["total"]["count"]["value"] == 10
    bad = client.get(url, {"periode": "1999-2000"})
    assert bad.status_code == 400 and "periode" in bad.json()
