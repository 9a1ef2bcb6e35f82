"""Trend norms compare with the same period a year earlier (or the baseline), and say so."""

from datetime import date
from decimal import Decimal

from koers.core.periods import Tertiaal, tertiaal_period
from koers.monitoring.evaluation import indicator_series, latest
from koers.monitoring.models import ManualMeasurement
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything


def _indicator(swv, **kwargs):
    plan = PlanFactory(swv=swv, first_year=2022, last_year=2027)
    return IndicatorFactory(
        swv=swv,
        plan=plan,
        norm_kind="trend",
        norm_direction="stijgt",
        unit="%",
        norm_text="neemt jaarlijks toe",
        **kwargs,
    )


def _measure(indicator, day, label, value):
    ManualMeasurement.unscoped.create(
        swv=indicator.swv, indicator=indicator, date=day, period_label=label, value=Decimal(value)
    )


def test_t3_is_compared_with_t3_a_year_earlier_not_with_the_tertiaal_before(swv):
    indicator = _indicator(swv)
    _measure(indicator, date(2023, 12, 31), "T3 2023", 86)
    _measure(indicator, date(2024, 4, 30), "T1 2024", 70)
    _measure(indicator, date(2024, 7, 31), "T2 2024", 72)
    _measure(indicator, date(2024, 12, 31), "T3 2024", 79)  # up from T2 2024 (72), but down from T3 2023 (86)
    point = latest(indicator, everything(swv), tertiaal_period(Tertiaal(2024, 3)))
    assert point.status == "niet_op_koers"
    assert point.comparison == "T3 2024: 79,0%, T3 2023: 86,0%"


def test_without_a_value_a_year_earlier_the_baseline_counts(swv):
    indicator = _indicator(swv, baseline="75%")
    _measure(indicator, date(2024, 12, 31), "T3 2024", 79)
    point = indicator_series(indicator, everything(swv), until=date(2025, 1, 1))[-1]
    assert point.status == "op_koers" and point.comparison == "T3 2024: 79,0%, nulmeting: 75%"
    without = _indicator(swv)
    _measure(without, date(2024, 12, 31), "T3 2024", 79)
    point = indicator_series(without, everything(swv), until=date(2025, 1, 1))[-1]
    assert point.status == "geen_meting" and point.comparison == "" and point.status_label == "geen vergelijking"


def test_school_years_are_compared_with_the_school_year_before(swv):
    indicator = _indicator(swv)
    indicator.norm_direction = "daalt"
    indicator.save()
    _measure(indicator, date(2023, 7, 31), "2022-2023", 12)
    _measure(indicator, date(2024, 7, 31), "2023-2024", 10)
    point = indicator_series(indicator, everything(swv), until=date(2024, 8, 1))[-1]
    assert point.status == "op_koers" and point.comparison == "2023-2024: 10,0%, 2022-2023: 12,0%"
