"""The forecast chart: history, forecast line, interval band and the indicator's norm, as server-side SVG.

Same conventions as :mod:`koers.monitoring.charts` (role="img", <title> and <desc>, every text escaped); the page
shows a table with the same figures under it.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from koers.monitoring.charts import FONT, _fmt, _svg, _text_width, _tick_label, nice_ticks

WIDTH, HEIGHT = 480, 280
RIGHT, TOP, BOTTOM = 12, 28, 40
HISTORY, FORECAST, BAND, NORM = "#1d4ed8", "#b54708", "#f79009", "#344054"


def norms_of(indicator) -> list[Decimal]:
    if indicator is None or indicator.norm_kind in ("trend", "mijlpaal", "geen", "nulmeting", "", None):
        return []
    if indicator.norm_kind == "nul":
        return [Decimal(0)]
    return [v for v in (indicator.norm_value, indicator.norm_value_high) if v is not None]


def forecast_chart_svg(forecast, *, title: str, ident: str, norms=(), width: int = WIDTH) -> str:
    """A line chart of ``forecast`` (a :class:`~.series.MeasureForecast`) with its band and the norm lines."""
    history = [h for h in forecast.history if h.value is not None]
    points = [p for p in forecast.points if p.value is not None]
    title = escape(str(title)[:200])
    if not history:
        return ""
    norms = [Decimal(n) for n in norms]
    values = [Decimal(h.value) for h in history]
    values += [Decimal(p.low) for p in points] + [Decimal(p.high) for p in points] + [Decimal(p.value) for p in points]
    ticks = nice_ticks(min(values + norms), max(values + norms))  # a line: the axis need not start at 0
    step = ticks[1] - ticks[0]
    bottom, top = ticks[0], ticks[-1]
    labels = [_tick_label(t, step) for t in ticks]
    left = math.ceil(max(_text_width(t) for t in labels)) + 14
    years = [h.school_year for h in history] + [p.school_year for p in points]
    first, last = min(years), max(years)
    plot_w, plot_h = width - left - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / (last - first + 1)

    def x(year):
        return left + slot * (year - first + 0.5)

    def y(value):
        return TOP + plot_h - float((Decimal(value) - bottom) / (top - bottom)) * plot_h

    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        parts.append(f'<line x1="{left}" x2="{width - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7ec"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y(tick) + FONT * 0.35:.1f}" text-anchor="end" font-size="{FONT}" '
            f'fill="#475467">{escape(label)}</text>'
        )
    if points:
        anchor = history[-1]
        upper = [(anchor.school_year, anchor.value)] + [(p.school_year, p.high) for p in points]
        lower = [(anchor.school_year, anchor.value)] + [(p.school_year, p.low) for p in points]
        outline = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in upper + lower[::-1])
        parts.append(f'<polygon points="{outline}" fill="{BAND}" fill-opacity="0.22" stroke="none" class="band"/>')
        line = " ".join(
            f"{x(a):.1f},{y(b):.1f}"
            for a, b in [(anchor.school_year, anchor.value)] + [(p.school_year, p.value) for p in points]
        )
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{FORECAST}" stroke-width="2.5" '
            f'stroke-dasharray="8 5" class="forecast"/>'
        )
    for n in norms:
        parts.append(
            f'<line x1="{left}" x2="{width - RIGHT}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="{NORM}" '
            f'stroke-width="2" stroke-dasharray="2 3" class="norm"/>'
            f'<text x="{width - RIGHT}" y="{y(n) - 5:.1f}" text-anchor="end" font-size="{FONT}" fill="{NORM}">'
            f"{escape(_('norm'))} {escape(_fmt(n))}</text>"
        )
    path = " ".join(f"{x(h.school_year):.1f},{y(h.value):.1f}" for h in history)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{HISTORY}" stroke-width="2.5" class="history"/>')
    for h in history:
        parts.append(
            f'<circle cx="{x(h.school_year):.1f}" cy="{y(h.value):.1f}" r="4.5" fill="{HISTORY}" stroke="#fff"/>'
        )
    for p in points:
        parts.append(
            f'<circle cx="{x(p.school_year):.1f}" cy="{y(p.value):.1f}" r="4.5" fill="#fff" stroke="{FORECAST}" '
            f'stroke-width="2"/>'
        )
    every = max(1, math.ceil((_text_width("2024-25") + 8) / slot))
    for year in range(first, last + 1):
        if (last - year) % every:
            continue
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + FONT + 8}" text-anchor="middle" font-size="{FONT}" '
            f'fill="#475467">{year}-{str(year + 1)[2:]}</text>'
        )
    desc = "; ".join(f"{h.label}: {h.display}" for h in history)
    if points:
        desc += ". " + _("Voorspelling") + ": "
        desc += "; ".join(f"{p.label}: {p.display} ({p.interval_display})" for p in points)
    if norms:
        desc += ". " + _("Norm") + ": " + ", ".join(_tick_label(n, step) for n in norms)
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'font-family="sans-serif" aria-labelledby="fc-t{i} fc-d{i}" class="chart chart--forecast">'
        '<title id="fc-t{i}">{title}</title><desc id="fc-d{i}">{desc}</desc>',
        w=width,
        h=HEIGHT,
        i=escape(ident),
        title=title,
        desc=desc,
    )
    return _svg([head, *parts, "</svg>"])
