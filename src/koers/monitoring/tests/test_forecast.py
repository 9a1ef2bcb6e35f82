"""The forecast (ADR 0026): the method against hand-computed values, the edge cases, suppression and the
composition model against an independent DuckDB count over the same rows."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.accounts.audience import for_command_line
from koers.core.audience import Audience
from koers.monitoring.forecast import method
from koers.monitoring.forecast.series import (
    count_date,
    expected_funded_pupils,
    measure_forecast,
    tlv_rows,
)
from koers.monitoring.models import PupilCount, Tlv
from koers_dev.testing.factories import everything

pytestmark = pytest.mark.django_db
TODAY = date(2025, 7, 21)  # koers.conf.ci: KOERS_TODAY


# --- the method ---------------------------------------------------------------------------------------------------
# Hand computation for 2020..2023 = 10, 12, 15, 17: x̄ = 2021,5, Sxx = 5, Sxy = 12, slope 2,4, ȳ = 13,5;
# residuals 0,1 / -0,3 / 0,3 / -0,1, SSE 0,2, s² = 0,1 (n - 2 = 2); t(0,975; 2) = 4,302653.
# 2024: ŷ = 13,5 + 2,4 × 2,5 = 19,5; se = √0,1 × √(1 + 1/4 + 6,25/5) = 0,5; half width 2,151327.
# 2025: ŷ = 21,9; se = √0,1 × √(1 + 1/4 + 12,25/5) = 0,608276; half width 2,617203.
SERIES = [(2020, 10), (2021, 12), (2022, 15), (2023, 17)]


def test_linear_trend_and_interval_against_hand_computation():
    trend, points = method.forecast(SERIES, 2025)
    assert trend.slope == pytest.approx(2.4)
    assert trend.residual_sd == pytest.approx(0.1**0.5)
    assert [p.school_year for p in points] == [2024, 2025]
    assert [p.horizon for p in points] == [1, 2]
    assert points[0].value == pytest.approx(19.5)
    assert points[0].low == pytest.approx(19.5 - 2.151327, abs=1e-5)
    assert points[0].high == pytest.approx(19.5 + 2.151327, abs=1e-5)
    assert points[1].value == pytest.approx(21.9)
    assert points[1].high - points[1].value == pytest.approx(2.617203, abs=1e-5)
    assert "3 schooljaren" not in method.method_text(trend)
    assert "4 schooljaren (2020-2021 t/m 2023-2024)" in method.method_text(trend)


def test_too_little_history_gives_no_number():
    with pytest.raises(method.TooLittleHistory, match="te weinig historie voor een voorspelling"):
        method.forecast([(2022, 10), (2023, 12)], 2025)


def test_a_year_without_data_keeps_the_years_in_place():
    # 2022 is missing: the trend is fitted against the year itself (10, 12, _, 16, 18 lies on 2 per year)
    trend, points = method.forecast([(2020, 10), (2021, 12), (2023, 16), (2024, 18)], 2025)
    assert trend.slope == pytest.approx(2.0)
    assert points[0].value == pytest.approx(20.0)
    assert points[0].low == pytest.approx(20.0)  # an exact line: no spread


def test_zero_counts_and_a_falling_trend_stay_at_zero():
    trend, points = method.forecast([(2020, 4), (2021, 2), (2022, 0), (2023, 0)], 2026)
    assert all(p.value >= 0 and p.low >= 0 for p in points)
    trend, points = method.forecast([(2020, 0), (2021, 0), (2022, 0)], 2024)
    assert [(p.value, p.low, p.high) for p in points] == [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0)]


def test_percentages_are_capped_at_100():
    _trend, points = method.forecast([(2020, 90), (2021, 95), (2022, 99)], 2025, upper=100.0)
    assert all(p.high <= 100 for p in points)


def test_window_uses_the_most_recent_years_only():
    history = [(2010 + i, 100.0) for i in range(6)] + [(2016 + i, 200.0) for i in range(6)]
    trend = method.fit(history)
    assert trend.years == tuple(range(2016, 2022))
    assert trend.predict(2022).value == pytest.approx(200.0)


# --- from the registers ------------------------------------------------------------------------------------------


def _tlv(swv, n, voorziening, besluit, *, start=None, end=None, cat="M", brin6="11AA00"):
    return Tlv.unscoped.create(
        swv=swv,
        dossiernummer=str(n),
        aanvraagsoort=f"TLV {voorziening}",
        brin6=brin6,
        ontvangstdatum=besluit,
        besluitdatum=besluit,
        besluit="afgegeven",
        voorziening=voorziening,
        bekostigingscategorie=cat,
        ingangsdatum=start or besluit,
        einddatum=end,
    )


def _issued(swv, per_year: dict, voorziening="SO", years_valid=2):
    n = 0
    for year, count in per_year.items():
        for i in range(count):
            n += 1
            day = date(year, 10, 1 + i % 28)
            _tlv(swv, f"{voorziening}{year}-{i}", voorziening, day, end=date(year + years_valid, 7, 31))
    return n


def test_issued_tlvs_forecast_from_the_register(swv, schools):
    _issued(swv, {2020: 10, 2021: 12, 2022: 15, 2023: 17})
    fc = measure_forecast("tlv_afgegeven", everything(swv), today=TODAY)
    assert [(h.school_year, h.value) for h in fc.history] == [(2020, 10), (2021, 12), (2022, 15), (2023, 17)]
    # the running school year 2024-2025 is not history: forecast for it and the two after it
    assert [(p.school_year, p.value) for p in fc.points] == [(2024, 20), (2025, 22), (2026, 24)]
    assert fc.points[0].interval_display == "17 tot 22"
    assert "Lineaire trend" in fc.method and "scipy.stats" in fc.method


def test_a_school_year_without_any_rows_is_a_gap_not_a_zero(swv, schools):
    _issued(swv, {2019: 10, 2020: 12, 2022: 16, 2023: 18})
    fc = measure_forecast("tlv_afgegeven", everything(swv), today=TODAY)
    assert [h.school_year for h in fc.history] == [2019, 2020, 2022, 2023]
    assert fc.points[0].value == 20


def test_short_history_says_so(swv, schools):
    _issued(swv, {2022: 10, 2023: 12})
    fc = measure_forecast("tlv_afgegeven", everything(swv), today=TODAY)
    assert fc.points == [] and not fc.available
    assert fc.reason.startswith("te weinig historie voor een voorspelling")


def test_suppression_of_small_history_and_small_forecasts(swv, schools):
    _issued(swv, {2020: 9, 2021: 7, 2022: 6, 2023: 4})
    toezicht = for_command_line(swv, "toezicht")
    fc = measure_forecast("tlv_afgegeven", toezicht, today=TODAY)
    assert fc.suppressed and fc.points == [] and "afgeschermd" in fc.reason
    assert fc.history[-1].display == "minder dan 5" and fc.history[-1].value is None
    bureau = measure_forecast("tlv_afgegeven", everything(swv), today=TODAY)
    assert bureau.available and bureau.history[-1].value == 4


def test_a_small_forecast_count_is_suppressed(swv, schools):
    _issued(swv, {2020: 20, 2021: 15, 2022: 10, 2023: 6}, voorziening="SBO")
    fc = measure_forecast("tlv_afgegeven", Audience.public(swv), today=TODAY)
    assert not fc.suppressed
    assert fc.points[0].suppressed and fc.points[0].value is None and fc.points[0].display == "minder dan 5"


def test_participation_forecast_per_count_year(swv, schools):
    for year, (bo, sbo) in {2021: (1000, 20), 2022: (1000, 22), 2023: (1000, 24), 2024: (1000, 26)}.items():
        for kind, n in (("BO", bo), ("SBO", sbo)):
            PupilCount.unscoped.create(swv=swv, peiljaar=year, peildatum=date(year, 10, 1), school_type=kind, count=n)
    fc = measure_forecast("deelname_sbo", everything(swv), today=TODAY)
    assert [h.school_year for h in fc.history] == [2021, 2022, 2023, 2024]  # 1 October 2024 is known
    assert [p.school_year for p in fc.points] == [2025, 2026]
    assert float(fc.points[0].value) == pytest.approx(28 / 1028 * 100 - 0.0, abs=0.05)


# --- the composition model -----------------------------------------------------------------------------------------


def _register(swv):
    _issued(swv, {2020: 10, 2021: 12, 2022: 14, 2023: 16}, voorziening="SO", years_valid=2)
    _issued(swv, {2020: 6, 2021: 6, 2022: 7, 2023: 7}, voorziening="SBO", years_valid=1)
    # this year's TLV's with different einddata (some end before 1 February 2026, one has no einddatum)
    _tlv(swv, "x1", "SO", date(2024, 9, 10), end=date(2025, 7, 31), cat="H")
    _tlv(swv, "x2", "SO", date(2024, 9, 11), end=date(2026, 7, 31), cat="L")
    _tlv(swv, "x3", "SO", date(2024, 9, 12), end=None, cat="L")
    _tlv(swv, "x4", "VSO", date(2024, 9, 12), end=date(2027, 7, 31), cat="H")


def _duckdb_counts(rows, previous: date, day: date, today: date):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    try:
        con.execute(
            "create table tlv (voorziening varchar, categorie varchar, besluitdatum date, ingang date, einde date)"
        )
        con.executemany("insert into tlv values (?, ?, ?, ?, ?)", rows)
        query = """
            select voorziening, categorie,
                   count(*) filter (where ingang <= $day and (einde is null or einde >= $day)) as bekend,
                   count(*) filter (where ingang <= $prev and (einde is null or einde >= $prev)
                                    and not (ingang <= $day and (einde is null or einde >= $day))) as vervalt
            from tlv where besluitdatum <= $today group by all order by all
        """
        return {
            (v, c): (k, e)
            for v, c, k, e in con.execute(query, {"day": day, "prev": previous, "today": today}).fetchall()
        }
    finally:
        con.close()


def test_expiring_and_known_stock_match_an_independent_duckdb_count(swv, schools):
    _register(swv)
    rows = [
        (v, c or "", b, i or b, e)
        for v, c, b, i, e in Tlv.unscoped.filter(swv=swv, besluit="afgegeven").values_list(
            "voorziening", "bekostigingscategorie", "besluitdatum", "ingangsdatum", "einddatum"
        )
    ]
    result = expected_funded_pupils(swv, today=TODAY)
    assert sorted({r.school_year for r in result}) == [2025, 2026]  # 1 February 2026 and 2027
    for year in (2025, 2026):
        reference = _duckdb_counts(rows, count_date(year - 1), count_date(year), TODAY)
        mine = {(r.school_type, r.category): (r.known, r.expiring) for r in result if r.school_year == year}
        for key, (known, expiring) in reference.items():
            assert mine.get(key, (0, 0)) == (known, expiring), (year, key)
        assert sum(k for k, _e in mine.values()) == sum(k for k, _e in reference.values())


def test_composition_adds_expected_new_tlvs_with_an_interval(swv, schools):
    _register(swv)
    so = [r for r in expected_funded_pupils(swv, today=TODAY) if r.school_type == "SO" and r.school_year == 2025]
    total_known = sum(r.known for r in so)
    total_new = sum(r.new for r in so)
    assert total_new > 0  # the SO trend (10, 12, 14, 16) goes on
    assert all(r.low <= r.expected <= r.high for r in so)
    assert sum(r.expected for r in so) == pytest.approx(total_known + total_new)
    # VSO: no VSO TLV's in four school years of register (zero counts): no new ones expected, the known one stays
    vso = [r for r in expected_funded_pupils(swv, today=TODAY) if r.school_type == "VSO" and r.school_year == 2025]
    assert sum(r.new for r in vso) == 0 and sum(r.expected for r in vso) == sum(r.known for r in vso) == 1


def test_composition_without_enough_history_gives_no_number(swv, schools):
    _issued(swv, {2022: 10, 2023: 12}, voorziening="SO", years_valid=3)
    so = [r for r in expected_funded_pupils(swv, today=TODAY) if r.school_type == "SO"]
    assert so and all(r.expected is None and r.reason.startswith("te weinig historie") for r in so)
    assert sum(r.known for r in so if r.school_year == 2025) == 12  # the 2023 TLV's still run (known)


def test_tlv_rows_use_besluitdatum_without_ingangsdatum(swv, schools):
    t = _tlv(swv, "y", "SBO", date(2024, 3, 1))
    Tlv.unscoped.filter(pk=t.pk).update(ingangsdatum=None)
    (row,) = tlv_rows(swv)
    assert row.start == date(2024, 3, 1) and row.active(date(2025, 2, 1))


# --- properties ---------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=60)  # no timing: the first call imports scipy
@given(
    st.lists(st.integers(min_value=0, max_value=5000), min_size=3, max_size=10),
    st.integers(min_value=1, max_value=3),
)
def test_interval_holds_the_forecast_and_counts_stay_non_negative(values, ahead):
    history = [(2010 + i, v) for i, v in enumerate(values)]
    trend, points = method.forecast(history, 2010 + len(values) - 1 + ahead)
    assert len(points) == ahead
    for p in points:
        assert 0 <= p.low <= p.value <= p.high
    _trend, free = method.forecast(history, 2010 + len(values) - 1 + ahead, lower=None)
    widths = [p.high - p.low for p in free]  # before cutting off at 0: further ahead is never narrower
    assert all(b >= a - 1e-9 for a, b in zip(widths, widths[1:], strict=False))


@settings(deadline=None, max_examples=60)
@given(
    st.integers(min_value=-50, max_value=50),
    st.integers(min_value=100, max_value=1000),
    st.integers(min_value=3, max_value=8),
)
def test_an_exact_line_is_extrapolated_exactly(slope, start, n):
    history = [(2015 + i, start + slope * i) for i in range(n)]
    _trend, points = method.forecast(history, 2015 + n, lower=None)
    assert points[0].value == pytest.approx(start + slope * n, abs=1e-6)
    assert points[0].high - points[0].low == pytest.approx(0, abs=1e-6)
