"""The money section ("Geld") as one dict, for the finance page, the dashboard and the board pack alike.

``money_section(swv, audience, year_plan)`` gives: the begroting (total, afdrachten, result), the afdrachten
computed from the TLV register against the begroting, the result projected to the end of the school year, and
the ratios of the latest jaarrekening with their status, with the trend charts (SVG) and plain rows for tables,
Word and PowerPoint. Amounts stay ``Decimal`` (Excel keeps -348.261 a number); ``*_display`` are the Dutch texts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from koers.core import clock, formatting
from koers.core.periods import school_year_label
from koers.core.tables import Column, Table
from koers.finance import charts, services
from koers.plans.models import Budget

RATIOS = [
    # key, label, kind, higher is better, what the norm means
    ("solvency", "Solvabiliteit 2", "percentage", True),
    ("liquidity", "Liquiditeit (current ratio)", "number", True),
    ("resistance", "Weerstandsvermogen", "percentage", True),
    ("reserve", "EV / signaleringswaarde", "number", False),
]


def _ratio_value(row, key):
    return {
        "solvency": row.ratios.solvency,
        "liquidity": row.ratios.liquidity,
        "resistance": row.ratios.resistance,
        "reserve": row.ratios.reserve_ratio,
    }[key]


def status_text(key: str, ok: bool | None) -> str:
    if ok is None:
        return _("geen meting")
    if key == "reserve":
        return _("onder de signaleringswaarde") if ok else _("mogelijk bovenmatig")
    return _("voldoet aan de norm") if ok else _("onder de norm")


def health_section(swv) -> dict:
    rows = services.health(swv)
    ratios = []
    for key, label, kind, higher in RATIOS:
        points = [(r.account.year, _ratio_value(r, key)) for r in rows]
        latest = rows[-1] if rows else None
        ok, norm = latest.statuses[key] if latest else (None, None)
        ratios.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "value": _ratio_value(latest, key) if latest else None,
                "display": charts.ratio_text(_ratio_value(latest, key), kind) if latest else "–",
                "norm": norm,
                "norm_display": ("≤ " if not higher else "≥ ") + charts.ratio_text(norm, kind)
                if norm is not None
                else "–",
                "ok": ok,
                "status": status_text(key, ok),
                "points": [{"year": str(y), "display": charts.ratio_text(v, kind)} for y, v in points],
                "svg": charts.trend_svg(
                    label, points, norm if key != "liquidity" else norm, kind=kind, ident=key, higher_is_better=higher
                ),  # fmt: skip
            }
        )
    latest = rows[-1] if rows else None
    return {
        "rows": rows,
        "ratios": ratios,
        "latest": latest,
        "reserve_threshold": latest.ratios.reserve_threshold if latest else None,
        "reserve_threshold_display": formatting.money(latest.ratios.reserve_threshold) if latest else "–",
        "years": [r.account.year for r in rows],
        "table": [
            {
                "account": r.account,
                "ratios": r.ratios,
                "solvency": charts.ratio_text(r.ratios.solvency, "percentage"),
                "liquidity": charts.ratio_text(r.ratios.liquidity, "number"),
                "resistance": charts.ratio_text(r.ratios.resistance, "percentage"),
                "reserve": charts.ratio_text(r.ratios.reserve_ratio, "number"),
            }
            for r in rows
        ],
    }


def money_section(swv, audience, year_plan=None, *, rule: str = services.DEFAULT_COUNT_DATE,
                  today: date | None = None) -> dict:  # fmt: skip
    """Everything the "Geld" section shows; ``year_plan`` chooses the begroting (its school year)."""
    today = today or clock.today()
    budget = None
    if year_plan is not None:
        budget = Budget.objects.for_swv(swv).filter(year_plan=year_plan).first()
    section = {"budget": budget, "health": health_section(swv), "rule": rule}
    section["rule_label"] = services.COUNT_DATE_LABELS.get(rule, rule)
    if budget is None:
        section["has_any"] = bool(section["health"]["rows"])
        return section
    school_year = year_plan.school_year
    contributions = services.budget_contributions(budget, audience, rule=rule)
    projection = services.projection(budget, contributions, today)
    section.update(
        {
            "has_any": True,
            "school_year": school_year,
            "school_year_label": school_year_label(school_year),
            "calendar_year": budget.covered_calendar_year,
            "budget_year_label": _budget_year_label(budget),
            "year_end_label": projection.year_end_label,
            "contributions": contributions,
            "projection": projection,
            "figures": figures(budget, contributions, projection),
        }
    )
    section["table"] = figures_table(section["figures"], school_year, budget=budget)
    return section


def _budget_year_label(budget) -> str:
    if budget.covered_calendar_year is not None:
        return _("kalenderjaar %(y)s") % {"y": budget.covered_calendar_year}
    return _("schooljaar %(y)s") % {"y": budget.year_plan.school_year_label}


def figures_table(rows: list[dict], school_year: int, budget=None) -> Table:
    """The key amounts as a table with CSV and Excel export: amounts stay numbers (-348261 in Excel)."""
    calendar_year = budget.covered_calendar_year if budget is not None else None
    end = _("31 december") if calendar_year is not None else _("31 juli")
    table = Table(
        _("Begroting %(y)s: begroot, berekend uit de registers en geprojecteerd naar %(end)s")
        % {"y": calendar_year or school_year_label(school_year), "end": end},
        [
            Column("label", _("Post")),
            Column("budget", _("Begroot"), "money"),
            Column("computed", _("Berekend"), "money"),
            Column("projected", _("Projectie %(end)s") % {"end": end}, "money"),
        ],
        filename=f"geld-{calendar_year or school_year}",
    )
    for row in rows:
        table.add_row(
            label=str(row["label"]), budget=row["budget"], computed=row["computed"], projected=row["projected"]
        )
    return table


def add_to_dashboard(context: dict, swv, audience, year_plan, today) -> None:
    """The dashboard's hook: the "Geld" section and its table (exported like the dashboard's other tables)."""
    context["money"] = money_section(swv, audience, year_plan, today=today)
    if "table" in context["money"]:
        context["tables"]["geld"] = context["money"]["table"]


def figures(budget, contributions, projection) -> list[dict]:
    """The key amounts side by side: begroot, berekend from the registers, projected to the year end."""
    rows = [
        {"label": _("Totaal begroting (baten)"), "budget": budget.total, "computed": None, "projected": budget.total},
        {
            "label": _("Verplichte afdrachten"),
            "budget": budget.mandatory_contributions,
            "computed": contributions.computed if contributions.shown else None,
            "projected": projection.lines[0].projected,
        },
        {
            "label": _("Resultaat"),
            "budget": projection.budget_result,
            "computed": None,
            "projected": projection.projected_result,
        },
    ]
    for row in rows:
        for key in ("budget", "computed", "projected"):
            row[f"{key}_display"] = formatting.money(row[key]) if row[key] is not None else "–"
    return rows


def plain(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal(1))
