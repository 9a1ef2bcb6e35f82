"""The one place where reports and the dashboard ask koers.monitoring for indicator values.

Every call to ``koers.monitoring.evaluation`` and ``koers.monitoring.charts`` goes through this module, so a change
in their signatures is a fix in this file only. Until monitoring can evaluate an indicator, each indicator shows
"geen meting" and the definition written in the plan.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from html import escape

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STATUSES = ("behaald", "niet_behaald", "op_koers", "niet_op_koers", "geen_meting")
ON_TRACK = {"behaald", "op_koers"}
OFF_TRACK = {"niet_behaald", "niet_op_koers"}


def status_labels() -> dict[str, str]:
    return {
        "behaald": _("Behaald"),
        "niet_behaald": _("Niet behaald"),
        "op_koers": _("Op koers"),
        "niet_op_koers": _("Niet op koers"),
        "geen_meting": _("Geen meting"),
    }


@dataclass(frozen=True)
class Value:
    """One measurement of an indicator as reports show it; plain data, so it can be frozen as JSON."""

    period_label: str
    date: str  # ISO date or ""
    value: float | None
    display: str
    status: str
    status_label: str

    def as_dict(self) -> dict:
        return asdict(self)


def no_measurement() -> Value:
    return Value("", "", None, "–", "geen_meting", status_labels()["geen_meting"])


def _evaluation():
    try:
        from koers.monitoring import evaluation
    except ImportError:
        return None
    return evaluation


def _convert(point) -> Value:
    if point is None:
        return no_measurement()
    raw_date = getattr(point, "date", None)
    raw_value = getattr(point, "value", None)
    try:
        value = float(raw_value) if raw_value is not None and not isinstance(raw_value, bool) else None
    except (TypeError, ValueError):
        value = None
    if isinstance(raw_value, bool):
        value = 1.0 if raw_value else 0.0
    status = getattr(point, "status", "") or "geen_meting"
    if status not in STATUSES:
        status = "geen_meting"
    return Value(
        period_label=str(getattr(point, "period_label", "") or ""),
        date=raw_date.isoformat() if hasattr(raw_date, "isoformat") else str(raw_date or ""),
        value=value,
        display=str(getattr(point, "display", "") or "–"),
        status=status,
        status_label=str(getattr(point, "status_label", "") or status_labels()[status]),
    )


def series(indicator, *, until: date | None = None, public: bool = False) -> list[Value]:
    evaluation = _evaluation()
    if evaluation is None:
        return []
    try:
        points = evaluation.indicator_series(indicator, until=until, public=public)
    except Exception:  # a broken measure must not break a report; it shows as "geen meting"
        logger.exception("indicator_series faalde voor indicator %s", indicator.pk)
        return []
    return [_convert(p) for p in points or []]


def latest(indicator, as_of: date) -> Value:
    evaluation = _evaluation()
    if evaluation is None:
        return no_measurement()
    try:
        return _convert(evaluation.latest(indicator, as_of))
    except Exception:
        logger.exception("latest faalde voor indicator %s", indicator.pk)
        return no_measurement()


def latest_many(indicators, as_of: date) -> dict[int, Value]:
    """Latest value per indicator pk. Uses a bulk call of monitoring when it offers one."""
    evaluation = _evaluation()
    indicators = list(indicators)
    bulk = getattr(evaluation, "latest_many", None) if evaluation else None
    if bulk is not None:
        try:
            found = bulk(indicators, as_of)
            return {ind.pk: _convert(found.get(ind.pk)) for ind in indicators}
        except Exception:
            logger.exception("latest_many faalde")
    return {ind.pk: latest(ind, as_of) for ind in indicators}


def definition(indicator) -> str:
    evaluation = _evaluation()
    text = ""
    if evaluation is not None and hasattr(evaluation, "definition_text"):
        try:
            text = evaluation.definition_text(indicator) or ""
        except Exception:
            logger.exception("definition_text faalde voor indicator %s", indicator.pk)
    return text or indicator.definition or ""


def series_and_chart(indicator, *, until: date | None = None) -> tuple[list[Value], str]:
    """The series up to ``until`` and its SVG chart (drawn by monitoring; a plain fallback when it cannot)."""
    evaluation = _evaluation()
    if evaluation is None:
        return [], ""
    try:
        points = list(evaluation.indicator_series(indicator, until=until) or [])
    except Exception:
        logger.exception("indicator_series faalde voor indicator %s", indicator.pk)
        return [], ""
    values = [_convert(p) for p in points]
    if not values:
        return values, ""
    try:
        from koers.monitoring.charts import indicator_chart_svg
    except ImportError:
        return values, fallback_chart_svg(indicator, values)
    try:
        return values, indicator_chart_svg(indicator, points) or ""
    except Exception:
        logger.exception("indicator_chart_svg faalde voor indicator %s", indicator.pk)
        return values, fallback_chart_svg(indicator, values)


def fallback_chart_svg(indicator, values: list[Value]) -> str:
    """A plain bar chart: used only when monitoring has no chart for the series."""
    numeric = [v for v in values if v.value is not None]
    if not numeric:
        return ""
    width, height, pad = 480, 160, 28
    top = max(max(v.value for v in numeric), 0) or 1
    step = (width - 2 * pad) / len(numeric)
    bars = []
    for i, v in enumerate(numeric):
        h = max((v.value / top) * (height - 2 * pad), 0)
        x = pad + i * step + step * 0.15
        y = height - pad - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="#1d4f91"/>'
            f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle">'
            f"{escape(v.display)}</text>"
            f'<text x="{x + step * 0.35:.1f}" y="{height - pad + 14:.1f}" font-size="10" text-anchor="middle">'
            f"{escape(v.period_label)}</text>"
        )
    title = escape(str(indicator.title)[:120])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#4a4a4a"/>'
        + "".join(bars)
        + "</svg>"
    )
