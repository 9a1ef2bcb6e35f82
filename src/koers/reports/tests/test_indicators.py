"""The adapter to koers.monitoring: converts its measurements for an audience, and lets errors through."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from koers.accounts.audience import for_readers
from koers.core.periods import period_of
from koers.monitoring.evaluation import Measurement
from koers.reports import indicators as adapter
from koers_dev.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _point(value, status="op_koers", suppressed=False):
    return Measurement("T3 2024", date(2024, 12, 31), value, "2,5%", status, "x", "", suppressed)


def test_conversion_of_monitoring_measurements():
    value = adapter._convert(_point(Decimal("2.5")))
    assert value.value == 2.5 and value.date == "2024-12-31" and value.status == "op_koers"
    assert adapter._convert(None).display == "–"
    hidden = adapter._convert(_point(None, "geen_meting", suppressed=True))
    assert hidden.value is None and hidden.suppressed


def test_an_unknown_status_is_a_bug_not_a_quiet_geen_meting():
    with pytest.raises(ValueError):
        adapter._convert(_point(Decimal(1), status="onbekend"))


def test_a_failing_measure_fails_loudly(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    fake = SimpleNamespace(indicator_series=broken, latest=broken, definition_text=broken)
    monkeypatch.setattr(adapter, "evaluation", fake)
    indicator = IndicatorFactory(definition="eigen definitie")
    readers = for_readers(indicator.swv)
    for call in (
        lambda: adapter.latest(indicator, readers, period_of("peildatum", date(2024, 12, 31))),
        lambda: adapter.series_and_chart(indicator, readers),
        lambda: adapter.definition(indicator),
    ):
        with pytest.raises(ZeroDivisionError):
            call()


def test_the_audience_is_required():
    indicator = IndicatorFactory()
    with pytest.raises(TypeError):
        adapter.latest(indicator, indicator.swv, period_of("peildatum", date(2024, 12, 31)))
