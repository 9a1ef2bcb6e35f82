"""The evaluation of an ondersteuningsplan over its whole period, as plain data for the page, the PDF and Word.

- per indicator: the measurements over the period against its norm and nulmeting, with a status per school year
  (judged by ``koers.monitoring.evaluation``, through ``koers.reports.indicators``), a chart and a table;
- per speerpunt, doel and hoofdactiviteit: what was done per school year (jaaractiviteiten by status, carried over
  into the next jaarplan, taken over from the previous one, dropped);
- the begroting per speerpunt per school year (begroot and gerealiseerd);
- the bureau's conclusions (koers.evaluation.models.Conclusion).

Every figure is asked for an audience: the page, the PDF and Word use the readers' (ADR 0011/0012), so what the
bureau sees is what the thematafels and the boards get.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import clock
from koers.core.audience import Audience
from koers.core.formatting import dutch_date, money
from koers.core.periods import school_year_bounds, school_year_label
from koers.evaluation.models import Conclusion
from koers.monitoring import evaluation as monitoring_evaluation
from koers.plans.models import (
    Activity,
    BudgetLine,
    BudgetRealisation,
    Goal,
    Indicator,
    MainActivity,
    Plan,
    Theme,
    YearPlan,
)
from koers.reports import indicators as indicator_values

STATUS_ORDER = ["afgerond", "loopt", "uitgesteld", "niet_gestart", "vervallen"]


def _status_label(value: str) -> str:
    return str(Activity.Status(value).label)


def measured_until(plan: Plan):
    """The evaluation looks at the whole period, up to today while its last school year runs."""
    return min(school_year_bounds(plan.last_year)[1], clock.today())


def _conclusion_dict(conclusion: Conclusion | None) -> dict:
    if conclusion is None:
        return {"pk": None, "text": "", "by": "", "at": ""}
    author = conclusion.author
    return {
        "pk": conclusion.pk,
        "text": conclusion.text,
        "by": (author.get_full_name() or author.username) if author else "",
        "at": dutch_date(conclusion.updated_at),
    }


def _indicator(indicator: Indicator, audience: Audience, years: list[int], until) -> dict:
    points = monitoring_evaluation.indicator_series(indicator, audience, until=until)
    values = [indicator_values._convert(p) for p in points]
    chart = ""
    if values:
        from koers.monitoring import charts

        chart = str(charts.indicator_chart_svg(indicator, points) or "")
    per_year = []
    for year in years:
        start, end = school_year_bounds(year)
        inside = [v for p, v in zip(points, values, strict=True) if p.date and start <= p.date <= end]
        last = inside[-1] if inside else None
        per_year.append(
            {
                "label": school_year_label(year),
                "display": last.display if last else "–",
                "status": last.status if last else "geen_meting",
                "status_label": last.status_label if last else str(_("geen meting")),
                "period_label": last.period_label if last else "",
            }
        )
    return {
        "pk": indicator.pk,
        "code": indicator.code,
        "title": indicator.title,
        "norm": indicator.norm_text or str(_("geen norm")),
        "baseline": monitoring_evaluation.baseline_text(indicator, points, audience),
        "definition": indicator_values.definition(indicator),
        "years": per_year,
        "series": [v.as_dict() for v in values],
        "chart_svg": chart,
    }


def _summary(counts: dict[str, int]) -> str:
    """'3 afgerond, 1 loopt' ('–' without activities)."""
    parts = [f"{counts[s]} {_status_label(s).lower()}" for s in STATUS_ORDER if counts.get(s)]
    return ", ".join(parts) or "–"


def _activity_years(activities: list[Activity], years: list[int], carried_on: set[int]) -> list[dict]:
    rows = []
    for year in years:
        of_year = [a for a in activities if a._school_year == year]
        counts = defaultdict(int)
        for a in of_year:
            counts[a.status] += 1
        rows.append(
            {
                "label": school_year_label(year),
                "total": len(of_year),
                "counts": [counts.get(s, 0) for s in STATUS_ORDER],
                "taken_over": sum(1 for a in of_year if a.carried_over_from_id),
                "carried_on": sum(1 for a in of_year if a.pk in carried_on),
                "dropped": [a.description for a in of_year if a.status == Activity.Status.CANCELLED],
                "summary": _summary(counts),
            }
        )
    return rows


def _node(kind, obj, plan, indicators, activities, mains, years, carried_on, conclusions) -> dict:
    label = {"theme": plan.theme_label, "goal": plan.goal_label}.get(kind, "")
    main_rows = []
    for main in mains:
        own = [a for a in activities if a.main_activity_id == main.pk]
        main_rows.append(
            {
                "code": main.code,
                "title": main.title,
                "years": [_summary(_count([a for a in own if a._school_year == year])) for year in years],
            }
        )
    direct = activities
    key = ("root", None) if obj is None else (kind, obj.pk)
    conclusion = conclusions.get(key)
    return {
        "kind": kind,
        "kind_slug": {"theme": "thema", "goal": "doel"}.get(kind, ""),
        "pk": obj.pk if obj is not None else None,
        "anchor": f"{kind}-{obj.pk}" if obj is not None else "overig",
        "label": f"{label} {obj.code}" if obj is not None else "",
        "title": obj.title if obj is not None else _("Overige onderdelen van het plan"),
        "indicators": indicators,
        "main_activities": main_rows,
        "activity_years": _activity_years(direct, years, carried_on) if direct else [],
        "activity_count": len(direct),
        "conclusion": _conclusion_dict(conclusion),
        "goals": [],
    }


def _count(activities) -> dict[str, int]:
    counts = defaultdict(int)
    for a in activities:
        counts[a.status] += 1
    return counts


def _budget(plan: Plan, themes: list[Theme], years: list[int]) -> dict | None:
    lines = list(
        BudgetLine.objects.for_swv(plan.swv_id)
        .filter(budget__year_plan__plan=plan)
        .select_related("budget__year_plan", "goal")
        .order_by("order", "pk")
    )
    if not lines:
        return None
    realised = defaultdict(Decimal)
    for line_id, amount in (
        BudgetRealisation.objects.for_swv(plan.swv_id)
        .filter(line__budget__year_plan__plan=plan)
        .values_list("line_id", "amount")
    ):
        realised[line_id] += amount
    planned = defaultdict(Decimal)
    spent = defaultdict(Decimal)
    other_labels = {}
    for line in lines:
        theme_id = line.theme_id or (line.goal.theme_id if line.goal_id else None)
        key = theme_id if theme_id else f"label:{line.label or line.code}"
        if not theme_id:
            other_labels[key] = line.label or line.code or str(_("Overig"))
        year = line.budget.year_plan.school_year
        planned[key, year] += line.amount
        spent[key, year] += realised[line.pk]
    rows = []
    for key, title in [(t.pk, f"{plan.theme_label} {t.code}: {t.title}") for t in themes] + list(other_labels.items()):
        if not any((key, y) in planned for y in years):
            continue
        rows.append(
            {
                "title": title,
                "years": [
                    {"planned": money(planned.get((key, y), 0)), "realised": money(spent.get((key, y), 0))}
                    for y in years
                ],
                "total_planned": money(sum(planned.get((key, y), 0) for y in years)),
            }
        )
    totals = [
        {
            "planned": money(sum(v for (k, y), v in planned.items() if y == year)),
            "realised": money(sum(v for (k, y), v in spent.items() if y == year)),
        }
        for year in years
    ]
    return {"rows": rows, "totals": totals, "total_planned": money(sum(planned.values()))}


def evaluation_payload(plan: Plan, audience: Audience) -> dict:
    """Everything the evaluation page and documents show, as plain data; figures for ``audience``."""
    if not isinstance(audience, Audience):
        raise TypeError(f"evaluation_payload needs an Audience, not {audience!r}")
    swv_id = plan.swv_id
    years = plan.school_years
    until = measured_until(plan)
    themes = list(Theme.objects.for_swv(swv_id).filter(plan=plan).order_by("order", "pk"))
    goals = list(Goal.objects.for_swv(swv_id).filter(plan=plan).order_by("order", "pk"))
    indicators = list(
        Indicator.objects.for_swv(swv_id).filter(plan=plan).select_related("goal").order_by("order", "pk")
    )
    mains = list(MainActivity.objects.for_swv(swv_id).filter(plan=plan).order_by("order", "pk"))
    year_plans = {y.pk: y.school_year for y in YearPlan.objects.for_swv(swv_id).filter(plan=plan)}
    activities = list(
        Activity.objects.for_swv(swv_id)
        .filter(year_plan__plan=plan)
        .select_related("main_activity")
        .order_by("year_plan__school_year", "order", "pk")
    )
    carried_on = set(
        Activity.objects.for_swv(swv_id)
        .filter(year_plan__plan=plan, carried_over_to__isnull=False)
        .values_list("pk", flat=True)
    )
    for a in activities:
        a._school_year = year_plans[a.year_plan_id]
    conclusions = {}
    for c in Conclusion.objects.for_swv(swv_id).filter(plan=plan).select_related("author"):
        key = (
            ("plan", None, None)
            if not (c.theme_id or c.goal_id)
            else ("goal", c.goal_id)
            if c.goal_id
            else (
                "theme",
                c.theme_id,
            )
        )
        conclusions[key] = c
    goal_theme = {g.pk: g.theme_id for g in goals}

    def place(obj):
        """(theme id, goal id) where an element hangs; a doel's theme comes from the doel."""
        goal_id = obj.goal_id or (obj.main_activity.goal_id if getattr(obj, "main_activity", None) else None)
        theme_id = obj.theme_id or (goal_theme.get(goal_id) if goal_id else None)
        if theme_id is None and getattr(obj, "main_activity", None):
            theme_id = obj.main_activity.theme_id
        return theme_id, goal_id

    measured = {ind.pk: _indicator(ind, audience, years, until) for ind in indicators}

    def node(kind, obj, theme_id, goal_id):
        return _node(
            kind,
            obj,
            plan,
            [measured[i.pk] for i in indicators if place(i) == (theme_id, goal_id)],
            [a for a in activities if place(a) == (theme_id, goal_id)],
            [m for m in mains if (m.theme_id or goal_theme.get(m.goal_id), m.goal_id) == (theme_id, goal_id)],
            years,
            carried_on,
            conclusions,
        )

    sections = []
    for theme in themes:
        section = node("theme", theme, theme.pk, None)
        section["goals"] = [node("goal", g, theme.pk, g.pk) for g in goals if g.theme_id == theme.pk]
        sections.append(section)
    root = node("root", None, None, None)
    root["goals"] = [node("goal", g, None, g.pk) for g in goals if g.theme_id is None]
    if root["indicators"] or root["activity_count"] or root["main_activities"] or root["goals"]:
        if not themes:
            root["title"] = ""
        sections.append(root)
    all_indicators = list(measured.values())
    on_track = (
        sum(1 for i in all_indicators if i["years"] and i["years"][-1]["status"] in ("behaald", "op_koers"))
        if all_indicators
        else 0
    )
    last_with_value = [next((y for y in reversed(i["years"]) if y["display"] != "–"), None) for i in all_indicators]
    reached = sum(1 for y in last_with_value if y and y["status"] in ("behaald", "op_koers"))
    totals = _count(activities)
    from koers.organisations.models import SwvLogo

    logo = SwvLogo.objects.filter(swv_id=swv_id).first()
    swv = plan.swv
    return {
        "kind": "evaluatie",
        "swv": {
            "name": swv.name,
            "short_name": swv.short_name or swv.name,
            "colour": swv.main_colour or "#00567a",
            "logo": logo.data_uri if logo else "",
            "demo": bool(swv.is_demo),
        },
        "plan": {
            "pk": plan.pk,
            "code": plan.code,
            "title": plan.title,
            "period": plan.period_label,
            "theme_label": plan.theme_label,
            "theme_label_plural": plan.theme_label_plural,
            "goal_label": plan.goal_label,
            "indicator_label": plan.indicator_label,
            "main_activity_label": plan.main_activity_label,
            "activity_label": plan.activity_label,
            "mission": plan.mission,
        },
        "title": _("Evaluatie ondersteuningsplan %(p)s") % {"p": plan.period_label},
        "years": [school_year_label(y) for y in years],
        "statuses": [_status_label(s) for s in STATUS_ORDER],
        "measured_text": _("Gemeten t/m %(d)s") % {"d": until.strftime("%d-%m-%Y")},
        "summary": {
            "indicators": len(all_indicators),
            "reached": reached,
            "on_track_last_year": on_track,
            "activities": len(activities),
            "activities_text": ngettext(
                "%(n)s jaaractiviteit in %(y)s jaarplannen",
                "%(n)s jaaractiviteiten in %(y)s jaarplannen",
                len(activities),
            )
            % {"n": len(activities), "y": len(year_plans)},
            "status_text": _summary(totals),
        },
        "conclusion": _conclusion_dict(conclusions.get(("plan", None, None))),
        # the plan as a whole: a node with only a conclusion, for the same template as the speerpunten
        "conclusion_node": {
            "kind": "plan",
            "kind_slug": "plan",
            "pk": plan.pk,
            "label": "",
            "conclusion": _conclusion_dict(conclusions.get(("plan", None, None))),
            "indicators": [],
            "activity_years": [],
            "main_activities": [],
        },
        "sections": sections,
        "budget": _budget(plan, themes, years),
    }


def last_measurements(plan: Plan, audience: Audience) -> dict:
    """Old indicator pk -> the last measured value of the period (for the nulmeting of its copy in a new plan)."""
    from koers.plans.services import NewBaseline

    until = measured_until(plan)
    out = {}
    for indicator in Indicator.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "pk"):
        points = [
            p
            for p in monitoring_evaluation.indicator_series(indicator, audience, until=until)
            if p.value is not None and p.date is not None
        ]
        if points:
            last = points[-1]
            out[indicator.pk] = NewBaseline(last.value, last.date, f"{last.display} ({last.period_label})")
    return out
