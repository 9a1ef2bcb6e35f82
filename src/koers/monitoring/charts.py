"""Server-side SVG charts: accessible (role="img", <title>, <desc>), no JS, no external fonts; usable in WeasyPrint."""

from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from koers.core.formatting import number

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 48
COLOURS = {
    "behaald": "#1a7f37",
    "niet_behaald": "#b42318",
    "op_koers": "#1a7f37",
    "niet_op_koers": "#b54708",
    "geen_meting": "#667085",
}


def _fmt(value):
    value = Decimal(value)
    return number(value, 0 if value == value.to_integral() else 1)


def indicator_chart_svg(indicator, series, *, kind: str | None = None) -> str:
    """A line chart (bars for counts) of ``series`` with the norm as a dashed line (a band for a range)."""
    points = [p for p in series if getattr(p, "value", None) is not None]
    title = escape(str(indicator.title)[:200])
    if not points:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} 60" width="100%" '
            f'aria-labelledby="t{indicator.pk} d{indicator.pk}"><title id="t{indicator.pk}">{title}</title>'
            f'<desc id="d{indicator.pk}">{escape(_("Nog geen metingen."))}</desc>'
            f'<text x="8" y="34" font-family="sans-serif" font-size="14" fill="#344054">'
            f"{escape(_('Nog geen metingen.'))}</text></svg>"
        )
    values = [Decimal(p.value) for p in points]
    norms = [v for v in (indicator.norm_value, indicator.norm_value_high) if v is not None]
    if indicator.norm_kind == "nul":
        norms = [Decimal(0)]
    if indicator.norm_kind in ("trend", "mijlpaal", "geen"):
        norms = []
    top = max(values + norms + [Decimal(0)])
    top = top * Decimal("1.15") if top > 0 else Decimal(1)
    bottom = min(values + norms + [Decimal(0)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)

    def y(value):
        return TOP + plot_h - float((Decimal(value) - bottom) / (top - bottom)) * plot_h

    def x(i):
        return LEFT + step * (i + 0.5)

    kind = kind or ("bar" if (indicator.unit or "").lower() in ("aantal", "") and len(points) > 1 else "line")
    parts = []
    for i in range(5):  # grid and axis labels
        value = bottom + (top - bottom) * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e4e7ec"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#475467">'
            f"{escape(_fmt(value))}</text>"
        )
    if indicator.norm_kind == "bereik" and len(norms) == 2:
        parts.append(
            f'<rect x="{LEFT}" y="{y(norms[1]):.1f}" width="{plot_w}" height="{y(norms[0]) - y(norms[1]):.1f}" '
            f'fill="#1a7f37" fill-opacity="0.10"/>'
        )
    for n in norms:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="#344054" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(n) - 5:.1f}" text-anchor="end" font-size="11" fill="#344054">'
            f"{escape(_('norm'))} {escape(_fmt(n))}</text>"
        )
    if kind == "bar":
        bar_w = step * 0.6
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
        parts.append(
            f'<text x="{x(i):.1f}" y="{y(v) - 9:.1f}" text-anchor="middle" font-size="11" fill="#101828">'
            f"{escape(p.display)}</text>"
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#475467">'
            f"{escape(str(p.period_label))}</text>"
        )
    desc = "; ".join(f"{p.period_label}: {p.display} ({p.status_label})" for p in points)
    if indicator.norm_text:
        desc = _("Norm: %(n)s. ") % {"n": indicator.norm_text} + desc
    pk = indicator.pk
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'font-family="sans-serif" aria-labelledby="chart-t{pk} chart-d{pk}" class="chart">'
        f'<title id="chart-t{pk}">{title}</title><desc id="chart-d{pk}">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
