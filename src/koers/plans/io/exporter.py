"""Write a plan as a file: ``export_plan(plan, "yaml" | "xlsx") -> bytes``.

The database is read into the same clean intermediate structure the importer saves (see
:mod:`koers.plans.io.schema`), then written by the YAML or Excel writer. Export → import → export gives the
same content.
"""

from __future__ import annotations

from koers.core import definitions
from koers.plans.io.schema import LABEL_DEFAULTS
from koers.plans.models import (
    Activity,
    Adoption,
    Budget,
    BudgetLine,
    BudgetRealisation,
    Goal,
    Indicator,
    MainActivity,
    PortfolioEntry,
    Theme,
    YearGoal,
)

FORMATS = ("xlsx", "yaml")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml; charset=utf-8",
}


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _adoption(adoption: Adoption) -> dict:
    return {
        "gremium": adoption.gremium.name,
        "kind": adoption.kind,
        "date": adoption.date,
        "note": _text(adoption.note),
    }


def plan_data(plan, *, ids: bool = True) -> dict:
    """The plan as the clean intermediate structure; ``ids``: with every element's Koers-id (``koers_id``)."""
    data = {
        "plan": {
            "koers_id": plan.pk,
            "code": plan.code,
            "title": _text(plan.title),
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            **{key: _text(getattr(plan, key)) or default for key, default in LABEL_DEFAULTS.items()},
            "mission": _text(plan.mission),
            "adopted_on": plan.adopted_on,
        }
    }
    adoptions = Adoption.objects.for_swv(plan.swv_id).filter(plan=plan).select_related("gremium").order_by("date", "id")
    data["adoptions"] = [_adoption(a) for a in adoptions if a.year_plan_id is None]
    themes = list(Theme.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "id"))
    theme_code = {t.pk: t.code for t in themes}
    data["themes"] = [
        {"koers_id": t.pk, "code": t.code, "title": _text(t.title), "description": _text(t.description)} for t in themes
    ]
    goals = list(Goal.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "id"))
    goal_code = {g.pk: g.code for g in goals}
    goal_theme = {g.pk: theme_code.get(g.theme_id, "") for g in goals}
    data["goals"] = [
        {
            "koers_id": g.pk,
            "code": g.code,
            "theme": theme_code.get(g.theme_id, ""),
            "title": _text(g.title),
            "ambition": _text(g.ambition),
        }
        for g in goals
    ]

    def place(obj):
        if obj.goal_id:
            return {"goal": goal_code[obj.goal_id], "theme": goal_theme[obj.goal_id]}
        return {"goal": "", "theme": theme_code.get(obj.theme_id, "")}

    data["indicators"] = [
        {
            "koers_id": i.pk,
            "code": i.code,
            **place(i),
            "title": _text(i.title),
            "definition": _text(i.definition),
            "unit": _text(i.unit),
            "norm_text": _text(i.norm_text),
            "norm_kind": i.norm_kind or "geen",
            "norm_operator": i.norm_operator,
            "norm_value": i.norm_value,
            "norm_value_high": i.norm_value_high,
            "norm_direction": i.norm_direction,
            "norm_deadline": i.norm_deadline,
            "norm_due_year": i.norm_due_year,
            "baseline": _text(i.baseline),
            "baseline_value": i.baseline_value,
            "baseline_date": i.baseline_date,
            "measurement_moments": _text(i.measurement_moments),
            "measure_code": _text(i.measure_code),
            **_params_and_definitions(i.measure_params),
        }
        for i in Indicator.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "id")
    ]
    mains = list(MainActivity.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "id"))
    main_code = {m.pk: m.code for m in mains}
    main_place = {m.pk: place(m) for m in mains}
    data["main_activities"] = [
        {
            "koers_id": m.pk,
            "code": m.code,
            **main_place[m.pk],
            "title": _text(m.title),
            "kind": m.kind,
            "school_years": [int(y) for y in (m.school_years or []) if str(y).isdecimal()],
            "hours_budget": m.hours_budget,
        }
        for m in mains
    ]
    data["year_goals"] = [
        {
            "koers_id": g.pk,
            "theme": theme_code.get(g.theme_id, ""),
            "school_year": g.school_year,
            "title": _text(g.title),
        }
        for g in YearGoal.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("school_year", "order", "id")
    ]
    data["year_plans"] = []
    year_plans = list(plan.year_plans.order_by("school_year"))
    year_of = {y.pk: y.school_year for y in year_plans}
    activity_ref = {
        a.pk: (year_of[a.year_plan_id], a.code)
        for a in Activity.objects.for_swv(plan.swv_id).filter(year_plan__plan=plan).only("pk", "code", "year_plan_id")
    }
    through = Activity.involved.through
    for year_plan in year_plans:
        activities = list(
            Activity.objects.for_swv(year_plan.swv_id)
            .filter(year_plan=year_plan)
            .select_related("owner")
            .order_by("order", "id")
        )
        involved: dict[int, list[str]] = {}
        for activity_id, name in (
            through.objects.filter(activity__year_plan=year_plan)
            .order_by("id")
            .values_list("activity_id", "actor__name")
        ):
            involved.setdefault(activity_id, []).append(name)

        def activity_place(a):
            if a.main_activity_id and a.main_activity_id in main_code:
                return {"main_activity": main_code[a.main_activity_id], **main_place[a.main_activity_id]}
            return {"main_activity": "", **place(a)}

        budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
        budget_data = None
        if budget is not None:
            lines = []
            for line in BudgetLine.objects.for_swv(budget.swv_id).filter(budget=budget).order_by("order", "id"):
                lines.append(
                    {
                        "koers_id": line.pk,
                        "theme": theme_code.get(line.theme_id, ""),
                        "goal": goal_code.get(line.goal_id, ""),
                        "label": _text(line.label),
                        "code": _text(line.code),
                        "amount": line.amount,
                        "realisations": [
                            {"koers_id": r.pk, "tertiaal": r.tertiaal, "amount": r.amount, "note": _text(r.note)}
                            for r in BudgetRealisation.objects.for_swv(line.swv_id)
                            .filter(line=line)
                            .order_by("tertiaal", "id")
                        ],
                    }
                )
            budget_data = {
                "total": budget.total,
                "mandatory_contributions": budget.mandatory_contributions,
                "period": budget.period,
                "calendar_year": budget.calendar_year,
                "note": _text(budget.note),
                "lines": lines,
            }
        portfolio = []
        for entry in (
            PortfolioEntry.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).order_by("order", "id")
        ):
            holders = (
                PortfolioEntry.holders.through.objects.filter(portfolioentry=entry)
                .order_by("id")
                .values_list("staffmember__name", "staffmember__function")
            )
            goals_of = (
                PortfolioEntry.goals.through.objects.filter(portfolioentry=entry)
                .order_by("id")
                .values_list("goal__code", flat=True)
            )
            portfolio.append(
                {
                    "koers_id": entry.pk,
                    "label": _text(entry.label),
                    "theme": theme_code.get(entry.theme_id, ""),
                    "goals": list(goals_of),
                    "goals_text": _text(entry.goals_text),
                    "holders": [{"name": n, "function": _text(f)} for n, f in holders],
                    "taakgroepen": _text(entry.taakgroepen),
                }
            )
        data["year_plans"].append(
            {
                "koers_id": year_plan.pk,
                "school_year": year_plan.school_year,
                "title": _text(year_plan.title),
                "introduction": _text(year_plan.introduction),
                "adopted_on": year_plan.adopted_on,
                "adopted_by": _text(year_plan.adopted_by),
                "created_from": year_of.get(year_plan.created_from_id),
                "adoptions": [
                    _adoption(a)
                    for a in Adoption.objects.for_swv(year_plan.swv_id)
                    .filter(year_plan=year_plan)
                    .select_related("gremium")
                    .order_by("date", "id")
                ],
                "activities": [
                    {
                        "koers_id": a.pk,
                        "code": a.code,
                        "description": _text(a.description),
                        **activity_place(a),
                        "start": _text(a.start_text),
                        "deadline": a.deadline,
                        "deadline_text": _text(a.deadline_text),
                        "owner": a.owner.name if a.owner_id else "",
                        "involved": involved.get(a.pk, []),
                        "priority": a.priority,
                        "incidental": a.incidental,
                        "budget_code": _text(a.budget_code),
                        "budget_amount": a.budget_amount,
                        "hours_budget": a.hours_budget,
                        "hours_spent": a.hours_spent,
                        "status": a.status,
                        "carried_over_from": activity_ref.get(a.carried_over_from_id),
                    }
                    for a in activities
                ],
                "budget": budget_data,
                "portfolio": portfolio,
            }
        )
    if not ids:
        strip_ids(data)
    return data


def strip_ids(data):
    """The same structure without Koers-ids: a file that makes a new copy of the plan (as a template)."""
    if isinstance(data, dict):
        data.pop("koers_id", None)
        for value in data.values():
            strip_ids(value)
    elif isinstance(data, list):
        for value in data:
            strip_ids(value)
    return data


def render(data: dict, fmt: str) -> bytes:
    if fmt == "yaml":
        from koers.plans.io.yaml_format import dump_yaml

        return dump_yaml(data)
    if fmt == "xlsx":
        from koers.plans.io.excel_format import dump_xlsx

        return dump_xlsx(data)
    raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")


def export_plan(plan, fmt: str, *, ids: bool = True) -> bytes:
    """The whole plan (with its jaarplannen) as an Excel workbook (``xlsx``) or YAML text (``yaml``).

    Every element carries its Koers-id, so a re-import finds it back however rows are moved; ``ids=False``
    leaves them out (a file to start a new plan from).
    """
    fmt = (fmt or "").lower().lstrip(".")
    fmt = "yaml" if fmt == "yml" else fmt
    return render(plan_data(plan, ids=ids), fmt)


def export_filename(plan, fmt: str) -> str:
    return f"{plan.code}.{'xlsx' if fmt == 'xlsx' else 'yaml'}"


def _params_and_definitions(params) -> dict:
    """``measure_params`` without the definitions chosen by the SWV, and those in their own columns (ADR 0022)."""
    params = definitions.clean_or_keep(params)
    rest = {k: v for k, v in params.items() if k not in definitions.KEYS}
    return {
        "measure_params": rest,
        "noemer": params.get(definitions.DENOMINATOR, ""),
        "teldatum": params.get(definitions.COUNT_DATE, ""),
        "zonder_aanvraagsoorten": list(params.get(definitions.EXCLUDED_KINDS) or []),
        "interval": params.get(definitions.INTERVAL, ""),
    }
