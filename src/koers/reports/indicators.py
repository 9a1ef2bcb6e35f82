"""The one place where reports and the dashboard ask koers.monitoring for indicator values.

Every value is asked for an :class:`~koers.core.audience.Audience`: the dashboard passes the request's, a
tertiaalrapportage its readers' (ADR 0011). Errors are not caught here: a broken measure is a bug that must fail
loudly, never a "geen meting" that issuing would freeze into a report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from koers.core.audience import Audience
from koers.core.periods import Period
from koers.monitoring import cache, charts, evaluation
from koers.monitoring.evaluation import OFF_TRACK, ON_TRACK, Status

STATUSES = tuple(Status.values)
__all__ = [
    "OFF_TRACK",
    "ON_TRACK",
    "STATUSES",
    "Value",
    "for_period",
    "latest",
    "latest_many",
    "series",
    "series_and_chart",
]


def status_labels() -> dict[str, str]:
    """Status -> label with a capital, as reports show it ("Op koers")."""
    return {value: str(label)[:1].upper() + str(label)[1:] for value, label in Status.choices}


@dataclass(frozen=True)
class Value:
    """One measurement of an indicator as reports show it; plain data, so it can be frozen as JSON."""

    period_label: str
    date: str  # ISO date or ""
    value: float | None
    display: str
    status: str
    status_label: str
    suppressed: bool = False
    comparison: str = ""  # a trend norm's comparison: "T3 2024: 79, T3 2023: 86"
    measured_text: str = ""  # "gemeten t/m 31-07-2025"

    def as_dict(self) -> dict:
        return asdict(self)


def no_measurement() -> Value:
    return Value("", "", None, "–", Status.GEEN_METING, status_labels()[Status.GEEN_METING])


def _convert(point: evaluation.Measurement | None) -> Value:
    if point is None:
        return no_measurement()
    return Value(
        period_label=str(point.period_label or ""),
        date=point.date.isoformat() if point.date else "",
        value=None if point.value is None else float(point.value),
        display=str(point.display or "–"),
        status=Status(point.status).value,
        status_label=str(point.status_label or status_labels()[point.status]),
        suppressed=point.suppressed,
        comparison=str(getattr(point, "comparison", "") or ""),
        measured_text=str(getattr(point, "measured_text", "") or ""),
    )


def series(indicator, audience: Audience, *, until: date | None = None) -> list[Value]:
    return [_convert(p) for p in evaluation.indicator_series(indicator, audience, until=until)]


def latest(indicator, audience: Audience, period: Period) -> Value:
    return _convert(evaluation.latest(indicator, audience, period))


def latest_many(indicators, audience: Audience, period: Period) -> dict[int, Value]:
    """The value for ``period`` per indicator pk (the cached values of all of them read at once)."""
    indicators = list(indicators)
    with cache.batch():
        evaluation.prefetch(indicators, audience, [period.measured_until])
        return {ind.pk: latest(ind, audience, period) for ind in indicators}


def for_period(indicators, audience: Audience, period: Period) -> dict[int, tuple[Value, list[Value]]]:
    """Per indicator pk: its value for ``period`` and its series up to then (for a sparkline), in one pass.

    The value is the last of the series, which is what :func:`latest` gives for the same period.
    """
    if not isinstance(period, Period):
        raise TypeError(f"for_period needs a Period (koers.core.periods), not {period!r}")
    out = {}
    indicators = list(indicators)
    with cache.batch():
        evaluation.prefetch(indicators, audience, [period.measured_until])
        for ind in indicators:
            values = series(ind, audience, until=period.measured_until)
            out[ind.pk] = (values[-1] if values else no_measurement(), values)
    return out


def definition(indicator, on=None) -> str:
    return evaluation.definition_text(indicator, on) or indicator.definition or ""


def series_and_chart(indicator, audience: Audience, *, until: date | None = None) -> tuple[list[Value], str]:
    """The series up to ``until`` and its SVG chart."""
    points = evaluation.indicator_series(indicator, audience, until=until)
    values = [_convert(p) for p in points]
    if not values:
        return values, ""
    return values, charts.indicator_chart_svg(indicator, points) or ""
