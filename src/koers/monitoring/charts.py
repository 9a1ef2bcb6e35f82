"""Server-side SVG charts: accessible (role="img", <title>, <desc>), no JS, no external fonts; usable in WeasyPrint.

The same SVG is shown on the indicator page (up to the full width of the page on a phone, about 360 px) and in the
PDF report (at most 120 mm, print.css). The drawing is therefore small (WIDTH user units) with large text, so that
the labels stay at least about 11 px high on a phone; koers.css keeps it from growing too wide on a screen.

The chart is returned as a SafeString, so that templates insert it with ``{{ chart }}``: every text in it (the
indicator's title, the labels, the description) goes through ``escape``; all else is numbers and constants."""

import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.core.formatting import number

WIDTH, HEIGHT = 480, 280
RIGHT, TOP, BOTTOM = 12, 28, 40
FONT = 15  # user units: 15 x 358 / 480 = 11.2 px on a phone of 390 px wide
CHAR = 0.6  # the width of a digit or letter of the sans-serif font, in FONT; on the safe side
COLOURS = {
    "behaald": "#1a7f37",
    "niet_behaald": "#b42318",
    "op_koers": "#1a7f37",
    "niet_op_koers": "#b54708",
    "geen_meting": "#667085",
}
MAX_SLOT = 96  # the room of one point at most: one or two measurements are not spread over the whole width
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def _fmt(value):
    value = Decimal(value)
    return number(value, 0 if value == value.to_integral() else 1)


def nice_ticks(low, high, *, steps: tuple[int, int] = (3, 6)) -> list[Decimal]:
    """Round axis values from at most ``low`` to at least ``high``, 0 / 25 / 50 / 75 / 100 rather than
    0 / 28,8 / 57,5 / 86,3 / 115: a step of 1, 2, 2,5 or 5 times a power of ten, with between ``steps[0]`` and
    ``steps[1]`` steps. Of those, the axis that wastes the least room, and then the one with the fewest lines."""
    low, high = Decimal(low), Decimal(high)
    if high <= low:
        high = low + 1
    fewest, most = steps
    exponent = math.floor(math.log10((high - low) / fewest))
    best = None
    for power in (exponent - 1, exponent, exponent + 1):
        for nice in NICE_STEPS:
            step = nice * Decimal(10) ** power
            first, last = math.floor(low / step), math.ceil(high / step)
            if fewest <= last - first <= most:
                key = ((last - first) * step, last - first)
                if best is None or key < best[0]:
                    best = (key, step, first, last)
    _key, step, first, last = best
    return [step * i for i in range(first, last + 1)]


def _tick_label(value: Decimal, step: Decimal) -> str:
    """A tick in Dutch notation, with as many decimals as the step needs (2,5 / 5 / 7,5; 0,025 / 0,05)."""
    decimals = max(0, -step.normalize().as_tuple().exponent)
    text = number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _crosses(baseline: float, lines: list[float]) -> bool:
    """Whether a text on ``baseline`` (its letters reach FONT * 0.75 above it) lies over one of the lines."""
    return any(baseline - FONT * 0.8 - 2 <= line <= baseline + 3 for line in lines)


def _label_baseline(baseline: float, point_y: float, norm_lines: list[float], *, bar: bool) -> float:
    """Where a value label goes: above its point, unless that puts it over a norm line; then below the point
    (a line chart) or just above the norm line (a bar, whose label must stay outside the bar)."""
    if not _crosses(baseline, norm_lines):
        return baseline
    if bar:
        return min(norm_lines) - 6
    below = point_y + FONT + 8
    return below if not _crosses(below, norm_lines) else baseline


def _text_width(text: str) -> float:
    return len(text) * FONT * CHAR


def _svg(parts: list[str]) -> SafeString:
    """The parts of a chart as one SafeString: each part is markup built here with its texts escaped."""
    return mark_safe("".join(parts))  # noqa: S308 - every text in the parts went through escape()


def indicator_chart_svg(indicator, series, *, kind: str | None = None) -> SafeString:
    """A line chart (bars for counts) of ``series`` with the norm as a dashed line (a band for a range)."""
    points = [p for p in series if getattr(p, "value", None) is not None]
    title = escape(str(indicator.title)[:200])
    if not points:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} 48" width="100%" '
            'aria-labelledby="t{pk} d{pk}"><title id="t{pk}">{title}</title><desc id="d{pk}">{none}</desc>'
            '<text x="8" y="30" font-family="sans-serif" font-size="{font}" fill="#344054">{none}</text></svg>',
            width=WIDTH,
            pk=indicator.pk,
            title=title,
            none=_("Nog geen metingen."),
            font=FONT,
        )
    values = [Decimal(p.value) for p in points]
    norms = [v for v in (indicator.norm_value, indicator.norm_value_high) if v is not None]
    if indicator.norm_kind == "nul":
        norms = [Decimal(0)]
    if indicator.norm_kind in ("trend", "mijlpaal", "geen"):
        norms = []
    ticks = nice_ticks(min(values + norms + [Decimal(0)]), max(values + norms + [Decimal(0)]))
    step = ticks[1] - ticks[0]
    bottom, top = ticks[0], ticks[-1]
    labels = [_tick_label(t, step) for t in ticks]
    left = math.ceil(max(_text_width(t) for t in labels)) + 14  # room for the longest axis label
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    slot = min(plot_w / len(points), MAX_SLOT)  # few points stay at the left, next to the axis

    def y(value):
        return TOP + plot_h - float((Decimal(value) - bottom) / (top - bottom)) * plot_h

    def x(i):
        return left + slot * (i + 0.5)

    # Many points (tertials over years) do not all fit a label: label every n-th point, counted back from the most
    # recent one. The description and the table under the chart give every value.
    widest = max(_text_width(str(p.period_label)) for p in points)
    widest = max(widest, max(_text_width(str(p.display)) for p in points))
    every = max(1, math.ceil((widest + 8) / slot))
    labelled = {i for i in range(len(points)) if (len(points) - 1 - i) % every == 0}

    kind = kind or ("bar" if (indicator.unit or "").lower() in ("aantal", "") and len(points) > 1 else "line")
    parts = []
    for tick, label in zip(ticks, labels, strict=True):  # grid and axis labels
        parts.append(f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7ec"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y(tick) + FONT * 0.35:.1f}" text-anchor="end" font-size="{FONT}" '
            f'fill="#475467">{escape(label)}</text>'
        )
    if indicator.norm_kind == "bereik" and len(norms) == 2:
        parts.append(
            f'<rect x="{left}" y="{y(norms[1]):.1f}" width="{plot_w}" height="{y(norms[0]) - y(norms[1]):.1f}" '
            f'fill="#1a7f37" fill-opacity="0.10"/>'
        )
    for n in norms:
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="#344054" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(n) - 5:.1f}" text-anchor="end" font-size="{FONT}" fill="#344054">'
            f"{escape(_('norm'))} {escape(_fmt(n))}</text>"
        )
    if kind == "bar":
        bar_w = slot * 0.6
        for i, (p, v) in enumerate(zip(points, values, strict=True)):
            colour = COLOURS.get(p.status, COLOURS["geen_meting"])
            parts.append(
                f'<rect x="{x(i) - bar_w / 2:.1f}" y="{min(y(v), y(0)):.1f}" width="{bar_w:.1f}" '
                f'height="{abs(y(0) - y(v)):.1f}" fill="{colour}"/>'
            )
    else:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>')
        for i, (p, v) in enumerate(zip(points, values, strict=True)):
            colour = COLOURS.get(p.status, COLOURS["geen_meting"])
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="5" fill="{colour}" stroke="#fff"/>')
    for i, (p, v) in enumerate(zip(points, values, strict=True)):
        if i not in labelled:
            continue
        above = min(y(v), y(0)) if kind == "bar" else y(v)
        baseline = _label_baseline(above - 9, y(v), [y(n) for n in norms], bar=kind == "bar")
        parts.append(
            f'<text x="{x(i):.1f}" y="{baseline:.1f}" text-anchor="middle" font-size="{FONT}" '
            f'fill="#101828">{escape(p.display)}</text>'
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + FONT + 8}" text-anchor="middle" font-size="{FONT}" '
            f'fill="#475467">{escape(str(p.period_label))}</text>'
        )
    desc = "; ".join(f"{p.period_label}: {p.display} ({p.status_label})" for p in points)
    if indicator.norm_text:
        desc = _("Norm: %(n)s. ") % {"n": indicator.norm_text} + desc
    pk = indicator.pk
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'font-family="sans-serif" aria-labelledby="chart-t{pk} chart-d{pk}" class="chart">'
        '<title id="chart-t{pk}">{title}</title><desc id="chart-d{pk}">{desc}</desc>',
        w=WIDTH,
        h=HEIGHT,
        pk=pk,
        title=title,
        desc=desc,
    )
    return _svg([head, *parts, "</svg>"])


ACTIVITY_COLOURS = {
    "afgerond": "#1a7f37",
    "loopt": "#1d4ed8",
    "uitgesteld": "#b54708",
    "niet_gestart": "#98a2b3",
    "vervallen": "#475467",
}
BAR_W, BAR_H = 320, 28  # narrow: on a phone the counts in the bar stay about 15 px high


def status_bar_svg(parts, *, title: str, ident: str) -> SafeString:
    """A stacked horizontal bar of activities by status: ``parts`` is [(status, label, count)].

    Each part carries its count in the bar when it fits; the <desc> and the table beside the bar give every count.
    """
    total = sum(n for _s, _l, n in parts)
    desc = "; ".join(f"{label}: {n}" for _s, label, n in parts) or _("Geen activiteiten.")
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'font-family="sans-serif" aria-labelledby="bar-t{i} bar-d{i}" class="chart chart--bar">'
        '<title id="bar-t{i}">{title}</title><desc id="bar-d{i}">{desc}</desc>',
        w=BAR_W,
        h=BAR_H,
        i=escape(ident),
        title=title,
        desc=desc,
    )
    shapes, x = [], 0.0
    for status, _label, n in parts:
        if not n or not total:
            continue
        width = BAR_W * n / total
        colour = ACTIVITY_COLOURS.get(status, "#667085")
        shapes.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR_H}" fill="{colour}" stroke="#fff"/>')
        if width >= _text_width(str(n)) + 8:
            shapes.append(
                f'<text x="{x + width / 2:.1f}" y="{BAR_H / 2 + FONT * 0.35:.1f}" text-anchor="middle" '
                f'font-size="{FONT}" fill="#fff">{n}</text>'
            )
        x += width
    return _svg([head, *shapes, "</svg>"])


SPARK_W, SPARK_H, SPARK_PAD = 120, 32, 4


def sparkline_svg(indicator, points, *, ident: str) -> SafeString:
    """A small line of an indicator's measured values (the last point coloured by its status), with the norm as a
    dashed line. The <desc> lists every value; the dashboard gives the same values in a table."""
    shown = [p for p in points if getattr(p, "value", None) is not None]
    title = escape(str(indicator.title)[:200])
    desc = "; ".join(f"{p.period_label}: {p.display}" for p in shown) or _("Nog geen metingen.")
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="spark-t{i} spark-d{i}" class="sparkline">'
        '<title id="spark-t{i}">{title}</title><desc id="spark-d{i}">{desc}</desc>',
        w=SPARK_W,
        h=SPARK_H,
        i=escape(ident),
        title=title,
        desc=desc,
    )
    if not shown:
        return _svg([head, "</svg>"])
    values = [Decimal(str(p.value)) for p in shown]
    norm = indicator.norm_value if indicator.norm_kind in ("drempel", "bereik") else None
    if indicator.norm_kind == "nul":
        norm = Decimal(0)
    scale = values + ([Decimal(norm)] if norm is not None else [])
    low, high = min(scale), max(scale)
    if high == low:
        high = low + 1

    def y(v):
        return SPARK_PAD + (SPARK_H - 2 * SPARK_PAD) * float((high - Decimal(v)) / (high - low))

    def x(i):
        return SPARK_PAD + (SPARK_W - 2 * SPARK_PAD) * (i / (len(values) - 1) if len(values) > 1 else 0.5)

    parts = []
    if norm is not None:
        parts.append(
            f'<line x1="0" x2="{SPARK_W}" y1="{y(norm):.1f}" y2="{y(norm):.1f}" stroke="#344054" '
            f'stroke-dasharray="3 2"/>'
        )
    if len(values) > 1:
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
    colour = COLOURS.get(shown[-1].status, COLOURS["geen_meting"])
    parts.append(f'<circle cx="{x(len(values) - 1):.1f}" cy="{y(values[-1]):.1f}" r="3.5" fill="{colour}"/>')
    return _svg([head, *parts, "</svg>"])
