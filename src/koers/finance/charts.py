"""Server-side SVG of the financial ratios over the years: one small line per ratio with its norm dashed.

Every text goes through ``escape``; the page and the board pack give the same figures in a table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.core import formatting

FONT = "DejaVu Sans, sans-serif"
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 220, 120, 34, 10, 22, 22


def ratio_text(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "percentage":
        return formatting.percentage(Decimal(value) * 100, 1)
    return formatting.number(value, 2)


def trend_svg(title: str, points: list[tuple[int, Decimal | None]], norm: Decimal | None, *, kind: str, ident: str,
              higher_is_better: bool = True) -> SafeString:  # fmt: skip
    """A small line chart of ``points`` (year, value) with the norm as a dashed line."""
    shown = [(y, v) for y, v in points if v is not None]
    desc = "; ".join(f"{y}: {ratio_text(v, kind)}" for y, v in shown) or _("Nog geen jaarrekening.")
    if norm is not None:
        desc += "; " + _("norm %(n)s") % {"n": ratio_text(norm, kind)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'font-family="{FONT}" class="finance-chart" aria-labelledby="fc-t{escape(ident)} fc-d{escape(ident)}">'
        f'<title id="fc-t{escape(ident)}">{escape(title)}</title><desc id="fc-d{escape(ident)}">{escape(desc)}</desc>',
        f'<text x="0" y="14" font-size="12" font-weight="bold" fill="#101828">{escape(title)}</text>',
    ]
    if not shown:
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()
    values = [Decimal(v) for _y, v in shown] + ([Decimal(norm)] if norm is not None else [])
    low, high = min(values + [Decimal(0)]), max(values)
    if high == low:
        high = low + 1
    years = [y for y, _v in shown]

    def x(year):
        if len(years) == 1:
            return PAD_L + (W - PAD_L - PAD_R) / 2
        return PAD_L + (W - PAD_L - PAD_R) * (year - years[0]) / (years[-1] - years[0])

    def y(value):
        return PAD_T + (H - PAD_T - PAD_B) * float((high - Decimal(value)) / (high - low))

    parts.append(f'<line x1="{PAD_L}" y1="{y(low):.1f}" x2="{W - PAD_R}" y2="{y(low):.1f}" stroke="#98a2b3"/>')
    for value in (low, high):
        parts.append(
            f'<text x="{PAD_L - 4}" y="{y(value) + 4:.1f}" font-size="10" text-anchor="end" fill="#475467">'
            f"{escape(ratio_text(value, kind))}</text>"
        )
    if norm is not None:
        parts.append(
            f'<line x1="{PAD_L}" y1="{y(norm):.1f}" x2="{W - PAD_R}" y2="{y(norm):.1f}" stroke="#b42318" '
            f'stroke-dasharray="4 3"/>'
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(yr):.1f},{y(v):.1f}" for i, (yr, v) in enumerate(shown))
    parts.append(f'<path d="{path}" fill="none" stroke="#0b4f8a" stroke-width="2"/>')
    for yr, v in shown:
        ok = norm is None or (Decimal(v) >= norm if higher_is_better else Decimal(v) <= norm)
        fill = "#1a7f37" if ok else "#b42318"
        parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3.5" fill="{fill}"/>')
        parts.append(
            f'<text x="{x(yr):.1f}" y="{H - 6}" font-size="10" text-anchor="middle" fill="#475467">{yr}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()
