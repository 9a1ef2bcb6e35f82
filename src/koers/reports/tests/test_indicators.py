"""The adapter to koers.monitoring: converts its objects, survives its failures, passes raw points to charts."""

import sys
from datetime import date
from decimal import Decimal
from types import ModuleType, SimpleNamespace

import pytest

from koers.reports import indicators as adapter
from koers.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _point(value, status="op_koers"):
    return SimpleNamespace(
        period_label="T3 2024", date=date(2024, 12, 31), value=value, display="2,5%", status=status, status_label="x"
    )


def test_conversion_of_monitoring_objects():
    value = adapter._convert(_point(Decimal("2.5")))
    assert value.value == 2.5 and value.date == "2024-12-31" and value.status == "op_koers"
    assert adapter._convert(_point(True)).value == 1.0
    assert adapter._convert(_point(None, status="onbekend")).status == "geen_meting"
    assert adapter._convert(None).display == "–"


def test_without_monitoring_every_indicator_has_no_measurement(monkeypatch):
    monkeypatch.setattr(adapter, "_evaluation", lambda: None)
    indicator = IndicatorFactory(definition="SBO / (BO + SBO)")
    assert adapter.latest(indicator, date(2024, 12, 31)).status == "geen_meting"
    assert adapter.series_and_chart(indicator) == ([], "")
    assert adapter.definition(indicator) == "SBO / (BO + SBO)"


def test_a_failing_measure_does_not_break_a_report(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    fake = SimpleNamespace(indicator_series=broken, latest=broken, definition_text=broken)
    monkeypatch.setattr(adapter, "_evaluation", lambda: fake)
    indicator = IndicatorFactory(definition="eigen definitie")
    assert adapter.latest(indicator, date(2024, 12, 31)).status == "geen_meting"
    assert adapter.latest_many([indicator], date(2024, 12, 31))[indicator.pk].status == "geen_meting"
    assert adapter.series_and_chart(indicator) == ([], "")
    assert adapter.definition(indicator) == "eigen definitie"


def test_charts_get_the_raw_points_of_monitoring(monkeypatch):
    points = [_point(Decimal("2.5"))]
    seen = {}
    fake = SimpleNamespace(indicator_series=lambda indicator, *, until=None, public=False: points)
    monkeypatch.setattr(adapter, "_evaluation", lambda: fake)
    charts = ModuleType("koers.monitoring.charts")

    def indicator_chart_svg(indicator, series):
        seen["series"] = series
        return "<svg>grafiek</svg>"

    charts.indicator_chart_svg = indicator_chart_svg
    monkeypatch.setitem(sys.modules, "koers.monitoring.charts", charts)
    values, svg = adapter.series_and_chart(IndicatorFactory(), until=date(2024, 12, 31))
    assert svg == "<svg>grafiek</svg>" and seen["series"] == points and values[0].display == "2,5%"
