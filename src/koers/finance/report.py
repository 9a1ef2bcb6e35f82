"""The money page of the board pack, as plain JSON inside the tertiaal payload (frozen when a report is issued).

``payload(year_plan, tertiaal, audience)`` is what ``koers.reports.content.tertiaal_payload`` stores under
``"money"``: amounts as strings (exact) with their Dutch display, the ratios with status and trend points, and per
ratio a ``chart_svg`` drawn by :mod:`koers.finance.charts` (every text escaped; the renderer marks only such
``<svg>`` values safe). None when there is neither a begroting nor a jaarrekening: the board pack then has no
money page. PDF, Word and PowerPoint all read this one dict.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from koers.core import formatting
from koers.core.periods import Tertiaal, tertiaal_period
from koers.finance import charts, forecast, summary


def _amount(value) -> str | None:
    return None if value is None else str(value)


def payload(year_plan, tertiaal: Tertiaal, audience, *, today: date | None = None) -> dict | None:
    as_of = tertiaal_period(tertiaal, today).measured_until
    section = summary.money_section(year_plan.swv_id, audience, year_plan, today=as_of)
    if not section["has_any"]:
        return None
    money = {"rule_label": section["rule_label"], "figures": [], "lines": [], "ratios": [], "health_year": None}
    if section["budget"] is not None:
        c, p = section["contributions"], section["projection"]
        money.update(
            {
                # the year the begroting covers: "2025-2026", or "2026" for a begroting per kalenderjaar
                "school_year_label": str(section["calendar_year"] or section["school_year_label"]),
                "year_end_label": section["year_end_label"],
                "figures": [
                    {
                        "label": str(row["label"]),
                        "budget": _amount(row["budget"]),
                        "computed": _amount(row["computed"]),
                        "projected": _amount(row["projected"]),
                        "budget_display": row["budget_display"],
                        "computed_display": row["computed_display"],
                        "projected_display": row["projected_display"],
                    }
                    for row in section["figures"]
                ],
                "contribution_method": c.method,
                "contributions_shown": c.shown,
                "difference_display": formatting.money(c.difference) if c.shown and c.difference is not None else "",
                "lines": [
                    {
                        "label": line.label,
                        "amount_display": _("afgeschermd") if line.hidden else formatting.money(line.amount),
                        "budgeted_display": formatting.money(line.budgeted),
                        "difference_display": "–" if line.hidden else formatting.money(line.difference),
                        "explanation": "" if line.hidden else line.explanation,
                    }
                    for line in (c.lines if c.shown else [])
                ],
                "projection_method": p.method,
            }
        )
    money["afdrachten_forecast"] = forecast_payload(year_plan.swv_id, audience, today=as_of)
    health = section["health"]
    if health["latest"] is not None:
        money["health_year"] = str(health["latest"].account.year)
        money["reserve_threshold_display"] = health["reserve_threshold_display"]
        for r in health["ratios"]:
            money["ratios"].append(
                {
                    "label": r["label"],
                    "display": r["display"],
                    "norm_display": r["norm_display"],
                    "status": r["status"],
                    "ok": r["ok"],
                    "points": r["points"],
                    "chart_svg": str(r["svg"]),
                }
            )
    return money


def forecast_payload(swv, audience, *, today: date | None = None) -> dict | None:
    """The expected afdrachten for the board pack (PDF, Word, and a slide): plain values from
    :func:`koers.finance.forecast.plain` (labels, values, low, high, norm as strings) with ``chart_svg``; None
    when there is nothing to show (a schoolbestuur, or no year with a figure)."""
    result = forecast.forecast(swv, audience, today=today)
    if not result.shown or not any(y.expected is not None for y in result.years):
        return None
    data = forecast.plain(result)
    data["chart_svg"] = str(forecast.chart_svg(data, ident="bp-afdr"))
    return data


def status_class(ok) -> str:
    return "behaald" if ok else ("geen_meting" if ok is None else "niet_behaald")


def ratio_rows(money: dict) -> list[list[str]]:
    """The ratios as table rows (Word and PowerPoint): label, value, norm, status."""
    return [[r["label"], r["display"], r["norm_display"], r["status"]] for r in money.get("ratios", [])]


def trend_text(ratio: dict) -> str:
    return ", ".join(f"{pt['year']}: {pt['display']}" for pt in ratio.get("points", []))


__all__ = ["forecast_payload", "payload", "ratio_rows", "status_class", "trend_text", "charts"]
