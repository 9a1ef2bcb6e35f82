"""The content of documents as plain JSON-ready data (a payload).

A payload holds every text, figure and chart a document shows. The web preview, the PDF and the Word file are
all rendered from it, and issuing a report stores it: an issued report is rendered from its frozen payload.
The number of SQL queries to build a payload does not grow with the number of activities or updates (it grows
only with the number of indicators, through the monitoring adapter).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock, formatting
from koers.core.audience import Audience
from koers.core.periods import Tertiaal, tertiaal_period
from koers.finance import report as finance_report
from koers.monitoring.flow_section import flows_payload
from koers.monitoring.forecast import display as forecast_display
from koers.plans import selectors
from koers.plans.models import Activity, ActivityUpdate, Budget, BudgetLine, BudgetRealisation, YearPlan
from koers.reports import indicators as indicator_values

PAYLOAD_VERSION = 2


def upgrade(payload: dict) -> dict:
    """A payload frozen by an older Koers in the shape of today's, so an issued report can still be rendered.

    Version 1 had no activity groups (per hoofdactiviteit or project), no separate theme description and no
    plan title with its period; its activities are shown as one group, as they were."""
    if payload.get("version", 1) >= PAYLOAD_VERSION:
        return payload
    payload = {**payload, "version": PAYLOAD_VERSION}
    plan = dict(payload.get("plan", {}))
    title, period = plan.get("title", ""), plan.get("period", "")
    plan.setdefault("title_with_period", title if period in title else f"{title} ({period})")
    plan.setdefault("mission", "")
    plan.setdefault("indicator_prefix", _label_prefix(plan.get("indicator_label", "")))
    payload["plan"] = plan

    def section(old: dict) -> dict:
        new = {**old}
        new.setdefault("description", "")
        new.setdefault("groups", [{"main": None, "activities": old.get("activities", [])}])
        new.setdefault("idle_main_activities", [])
        for group in new["groups"]:
            if group.get("main"):
                group["main"].setdefault(
                    "caption",
                    f"{group['main'].get('kind_label', '')} {group['main']['code']}: {group['main']['title']}",
                )
        new["goals"] = [section(g) for g in old.get("goals", [])]
        return new

    payload["sections"] = [section(s) for s in payload.get("sections", [])]
    if payload.get("kind") == "jaarplan" and "columns" not in payload:
        from types import SimpleNamespace

        found = list(_walk(payload["sections"]))
        labels = SimpleNamespace(activity_label=plan.get("activity_label", ""))
        payload["columns"] = activity_columns([a for x in found for a in x["activities"]], labels)
        payload["indicator_columns"] = indicator_columns([i for x in found for i in x["indicators"]])
        for x in found:
            for activity in x["activities"]:
                activity["cells"] = activity_cells(activity, payload["columns"])
            for indicator in x["indicators"]:
                indicator["cells"] = indicator_cells(indicator, payload["indicator_columns"])
    return payload


def _activity_status_labels():
    return dict(Activity.Status.choices)


def _str(value) -> str:
    return "" if value is None else str(value)


def _activities(year_plan, tertiaal: Tertiaal | None):
    updates = ActivityUpdate.unscoped.select_related("author").order_by("-tertiaal", "-created_at", "-id")
    if tertiaal is not None:
        updates = updates.filter(tertiaal__lte=tertiaal.key)
    return list(
        Activity.objects.for_swv(year_plan.swv_id)
        .filter(year_plan=year_plan)
        .annotate(update_count=Count("updates"))
        .select_related("owner", "main_activity")
        .prefetch_related("involved", Prefetch("updates", queryset=updates, to_attr="report_updates"))
        .order_by("order", "id")
    )


def _status_as_of(activity, updates) -> str:
    """The status from the newest of ``updates`` (newest first); none: not started yet, or as set in the plan."""
    if updates:
        return updates[0].status
    if getattr(activity, "update_count", 0):
        return Activity.Status.NOT_STARTED  # its first update came after this tertiaal
    return activity.status  # never updated: the status as set in the plan


def _activity_dict(
    activity, reference: date | None, with_update: bool = True, tertiaal: Tertiaal | None = None
) -> dict:
    labels = _activity_status_labels()
    updates = getattr(activity, "report_updates", None) or []
    latest = updates[0] if updates else None
    status = _status_as_of(activity, updates)
    late = bool(reference and status in Activity.OPEN_STATUSES and activity.deadline and activity.deadline < reference)
    data = {
        "pk": activity.pk,
        "code": activity.code,
        "description": activity.description,
        "main_activity": activity.main_activity.title if activity.main_activity else "",
        "main_activity_pk": activity.main_activity_id,
        "start": activity.start_text,
        # "" for a start that names no moment ("doorlopend"): shown as "doorlopend / geen tertiaal"
        "start_tertiaal": str(Tertiaal.try_parse(activity.start_tertiaal) or "") if activity.start_tertiaal else "",
        "deadline": activity.deadline.isoformat() if activity.deadline else "",
        "deadline_display": formatting.dutch_date(activity.deadline) if activity.deadline else "",
        "deadline_text": activity.deadline_text,
        "budget_code": activity.budget_code,
        "budget_amount_display": formatting.money(activity.budget_amount) if activity.budget_amount is not None else "",
        "hours_budget_display": _hours(activity.hours_budget),
        "owner": _str(activity.owner) if activity.owner_id else "",
        "involved": [str(a) for a in activity.involved.all()],
        "priority": activity.priority,
        "incidental": activity.incidental,
        "status": status,
        "status_label": str(labels.get(status, status)),
        "late": late,
    }
    if tertiaal is not None:  # the status one tertiaal earlier: the board pack shows what changed since then
        previous = tertiaal.previous().key
        data["previous_status"] = _status_as_of(activity, [u for u in updates if u.tertiaal <= previous])
    if with_update:
        data["update"] = (
            {
                "tertiaal": str(Tertiaal.try_parse(latest.tertiaal) or latest.tertiaal),
                "happened": latest.happened,
                "next_step": latest.next_step,
                "risk": latest.risk,
                "author": _str(latest.author) if latest.author_id else "",
                "date": formatting.dutch_date(latest.created_at.date()),
            }
            if latest
            else None
        )
    return data


def _hours(value) -> str:
    """An hours budget as "120 uur" (one decimal only when it has one), or ''."""
    if value is None:
        return ""
    return _("%(n)s uur") % {"n": formatting.number(value, 0 if value == int(value) else 1)}


def _main_dict(main, plan) -> dict:
    """A hoofdactiviteit or project, named as such: a project is a project whatever the plan calls the level."""
    obj = main.obj
    is_project = obj.kind == obj.Kind.PROJECT
    kind_label = str(obj.Kind.PROJECT.label) if is_project else plan.main_activity_label
    # "Project P1: Project Ondersteuning in de klas" names the level twice: leave it out when the title has it
    named = obj.title.lower().startswith(kind_label.lower())
    caption = f"{obj.code}: {obj.title}" if named else f"{kind_label} {obj.code}: {obj.title}"
    return {
        "pk": obj.pk,
        "code": obj.code,
        "title": obj.title,
        "kind": obj.kind,
        "kind_label": kind_label,
        "caption": caption,
        "is_project": is_project,
        "hours_budget_display": _hours(obj.hours_budget),
        "school_years": obj.school_year_labels,
    }


def _groups(node, plan, reference, with_update: bool, tertiaal: Tertiaal | None = None) -> list[dict]:
    """The activities of a node in groups: first those directly under it (``main`` None), then one group per
    hoofdactiviteit or project, in plan order; a group without activities in this jaarplan has an empty list."""
    groups = []
    if node.activities:
        groups.append(
            {"main": None, "activities": [_activity_dict(a, reference, with_update, tertiaal) for a in node.activities]}
        )
    for main in node.main_activities:
        groups.append(
            {
                "main": _main_dict(main, plan),
                "activities": [_activity_dict(a, reference, with_update, tertiaal) for a in main.activities],
            }
        )
    return groups


def _indicator_dict(indicator, reference: date | None, audience: Audience | None) -> dict:
    """An indicator with its values for ``audience``; without an audience (the jaarplan document) no values."""
    values, svg = indicator_values.series_and_chart(indicator, audience, until=reference) if audience else ([], "")
    latest = values[-1] if values else indicator_values.no_measurement()
    return {
        "pk": indicator.pk,
        "code": indicator.code,
        "title": indicator.title,
        "norm": indicator.norm_text,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "norm_kind": indicator.norm_kind,
        "milestone_due": indicator.milestone_due_label,  # "eind 2024-2025" or "31-07-2025" or ""
        "measurement_moments": indicator.measurement_moments,
        "definition": indicator_values.definition(indicator, reference),
        "latest": latest.as_dict(),
        "series": [v.as_dict() for v in values],
        "chart_svg": svg,
    }


def _budget(year_plan, tertiaal: Tertiaal | None) -> dict | None:
    budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
    if budget is None:
        return None
    realisations = BudgetRealisation.objects.for_swv(budget.swv_id).filter(line__budget=budget)
    if tertiaal is not None:
        realisations = realisations.filter(tertiaal__lte=tertiaal.key)
    realised = dict(realisations.values_list("line").annotate(total=Sum("amount")).values_list("line", "total"))
    lines = []
    for line in BudgetLine.objects.for_swv(budget.swv_id).filter(budget=budget).select_related("theme", "goal"):
        spent = realised.get(line.pk) or Decimal("0")
        theme_label = f"{year_plan.plan.theme_label} {line.theme.code}: {line.theme.title}" if line.theme else ""
        goal_label = f"{year_plan.plan.goal_label} {line.goal.code}" if line.goal else ""
        lines.append(
            {
                "label": line.label or theme_label or goal_label or line.code,
                "theme": theme_label,
                "theme_pk": line.theme_id or (line.goal.theme_id if line.goal else None),
                "goal_pk": line.goal_id,
                "goals": line.label if line.theme else goal_label,
                "code": line.code,
                "amount": str(line.amount),
                "amount_display": formatting.money(line.amount),
                "realised": str(spent),
                "realised_display": formatting.money(spent),
                "remaining_display": formatting.money(line.amount - spent),
                "share_display": formatting.percentage(spent * 100 / line.amount, 0) if line.amount else "–",
            }
        )
    allocated = sum((Decimal(x["amount"]) for x in lines), Decimal("0"))
    spent = sum((Decimal(x["realised"]) for x in lines), Decimal("0"))
    return {
        "total_display": formatting.money(budget.total),
        "mandatory_display": formatting.money(budget.mandatory_contributions),
        "allocated_display": formatting.money(allocated),
        "realised_display": formatting.money(spent),
        "remaining_display": formatting.money(allocated - spent),
        "share_display": formatting.percentage(spent * 100 / allocated, 0) if allocated else "–",
        "result_display": formatting.money(budget.total - budget.mandatory_contributions - allocated),
        "note": budget.note,
        "lines": lines,
    }


def _section(node, kind: str, plan, reference, tertiaal, audience: Audience | None, with_update: bool) -> dict:
    """A theme or doel with everything under it. ``activities`` holds every activity of the node in plan order;
    ``groups`` holds the same activities grouped per hoofdactiviteit or project (see ``_groups``)."""
    obj = node.obj
    label = plan.theme_label if kind == "theme" else plan.goal_label
    groups = _groups(node, plan, reference, with_update, tertiaal)
    return {
        "kind": kind,
        "pk": obj.pk,
        "code": obj.code,
        "label": f"{label} {obj.code}",
        "title": obj.title,
        "description": getattr(obj, "description", "") if kind == "theme" else "",
        "ambition": getattr(obj, "ambition", "") if kind == "goal" else "",
        "indicators": [_indicator_dict(i, reference, audience) for i in node.indicators],
        "main_activities": [g["main"] for g in groups if g["main"]],
        "idle_main_activities": [g["main"] for g in groups if g["main"] and not g["activities"]],
        "groups": groups,
        "activities": [a for g in groups for a in g["activities"]],
        "goals": [_section(g, "goal", plan, reference, tertiaal, audience, with_update) for g in node.goals if g.obj],
    }


def _set_anchors(sections):
    for number, section in enumerate(_walk(sections), start=1):
        section["anchor"] = f"s{number}"


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section["goals"])


def _logo(swv) -> str:
    """The SWV's logo as a data: URI (kept in the payload, so an issued report keeps the logo it had), or ''."""
    from koers.organisations.models import SwvLogo

    logo = SwvLogo.objects.filter(swv=swv).first()
    return logo.data_uri if logo else ""


def _label_prefix(label: str) -> str:
    """A level name before a text: "Indicator: ", but "Hoe meten we dit? " (no colon after a question)."""
    return f"{label} " if label.rstrip()[-1:] in "?:!" and label.strip() else f"{label}: "


def _title_with_period(plan) -> str:
    """ "Ondersteuningsplan 2024-2028 (2024-2028)" says the period twice: add it only when the title lacks it."""
    period = plan.period_label
    return plan.title if period in plan.title else f"{plan.title} ({period})"


def _root_section(tree, plan, reference, tertiaal, audience, with_update: bool, has_themes: bool) -> dict | None:
    """What hangs under the plan itself. In a plan with themes it is a section "Overige onderdelen"; in a plan
    without themes it has no heading of its own (its doelen are the top level). None when it holds nothing."""
    root = _section(tree["root"], "theme", plan, reference, tertiaal, audience, with_update)
    if not (root["indicators"] or root["activities"] or root["goals"] or root["main_activities"]):
        return None
    title = _("Overige onderdelen van het plan") if has_themes else ""
    root.update({"pk": None, "code": "", "label": "", "title": title, "description": "", "is_root": True})
    return root


def _header(year_plan) -> dict:
    swv = year_plan.swv
    return {
        "version": PAYLOAD_VERSION,
        "swv": {
            "name": swv.name,
            "short_name": str(swv),
            "code": swv.code,
            "colour": swv.main_colour,
            "logo": _logo(swv),
        },
        "is_demo": swv.is_demo,
        "plan": {
            "pk": year_plan.plan.pk,
            "code": year_plan.plan.code,
            "title": year_plan.plan.title,
            "period": year_plan.plan.period_label,
            "title_with_period": _title_with_period(year_plan.plan),
            "mission": year_plan.plan.mission,
            "theme_label": year_plan.plan.theme_label,
            "theme_label_plural": year_plan.plan.theme_label_plural,
            "goal_label": year_plan.plan.goal_label,
            "indicator_label": year_plan.plan.indicator_label,
            "indicator_prefix": _label_prefix(year_plan.plan.indicator_label),
            "main_activity_label": year_plan.plan.main_activity_label,
            "activity_label": year_plan.plan.activity_label,
        },
        "year_plan": {
            "pk": year_plan.pk,
            "title": year_plan.title,
            "school_year": year_plan.school_year_label,
            "introduction": year_plan.introduction,
            "adopted_on": formatting.dutch_date(year_plan.adopted_on) if year_plan.adopted_on else "",
            "adopted_by": year_plan.adopted_by,
        },
        "generated_at": formatting.dutch_date(timezone.now()),
    }


def tertiaal_payload(year_plan: YearPlan, tertiaal: Tertiaal, audience: Audience, *, today: date | None = None) -> dict:
    """Everything a tertiaalrapportage shows, for one jaarplan and tertiaal, as ``audience`` may see it.

    A tertiaalrapportage is written by the bureau and read by toezicht: callers pass the readers' audience
    (``koers.accounts.audience.for_readers``), so the preview shows exactly what the issued report will (ADR 0011).
    """
    if audience.swv_id != year_plan.swv_id:
        raise PermissionError("the audience belongs to another SWV than the jaarplan")
    year_plan = YearPlan.objects.for_swv(year_plan.swv_id).select_related("plan", "swv").get(pk=year_plan.pk)
    plan = year_plan.plan
    period = tertiaal_period(tertiaal, today or clock.today())  # the one period model (T2 up to 31 July)
    reference = period.measured_until
    activities = _activities(year_plan, tertiaal)
    tree = selectors.year_plan_tree(year_plan, activities)
    themes = [_section(t, "theme", plan, reference, tertiaal, audience, True) for t in tree["themes"]]
    root = _root_section(tree, plan, reference, tertiaal, audience, True, bool(themes))
    sections = themes + ([root] if root else [])

    _set_anchors(sections)
    all_activities = [a for s in _walk(sections) for a in s["activities"]]
    all_indicators = [i for s in _walk(sections) for i in s["indicators"]]
    labels = _activity_status_labels()
    status_counts = Counter(a["status"] for a in all_activities)
    indicator_counts = Counter(i["latest"]["status"] for i in all_indicators)
    status_names = indicator_values.status_labels()
    budget = _budget(year_plan, tertiaal)
    if budget:
        for section in sections:
            section["budget"] = [
                line
                for line in budget["lines"]
                if line["theme_pk"] == section["pk"] or line["goal_pk"] in {g["pk"] for g in section["goals"]}
            ]
    payload = {
        **_header(year_plan),
        "kind": "tertiaalrapportage",
        "tertiaal": {"key": tertiaal.key, "label": str(tertiaal), "start": formatting.dutch_date(tertiaal.start)},
        "reference_date": formatting.dutch_date(reference),
        "measured_text": period.measured_text,
        "sections": sections,
        "budget": budget,
        "flows": flows_payload(audience, reference),  # Leerlingstromen (koers.monitoring.flow_section)
        "summary": {
            "activity_total": len(all_activities),
            "activity_statuses": [
                {"status": value, "label": str(label), "count": status_counts.get(value, 0)}
                for value, label in labels.items()
            ],
            "late_count": sum(1 for a in all_activities if a["late"]),
            "late": [
                {"code": a["code"], "description": a["description"], "owner": a["owner"], "deadline": a["deadline"]}
                for a in all_activities
                if a["late"]
            ],
            "indicator_total": len(all_indicators),
            "indicator_statuses": [
                {"status": value, "label": status_names[value], "count": indicator_counts.get(value, 0)}
                for value in indicator_values.STATUSES
            ],
            "on_track": [
                {"code": i["code"], "title": i["title"], "display": i["latest"]["display"]}
                for i in all_indicators
                if i["latest"]["status"] in indicator_values.ON_TRACK
            ],
            "off_track": [
                {"code": i["code"], "title": i["title"], "display": i["latest"]["display"], "norm": i["norm"]}
                for i in all_indicators
                if i["latest"]["status"] in indicator_values.OFF_TRACK
            ],
            "done_share": formatting.percentage(
                status_counts.get(Activity.Status.DONE, 0) * 100 / len(all_activities), 0
            )
            if all_activities
            else "–",
        },
        "evidence": _evidence(year_plan, tertiaal),
        "vooruitblik": forecast_display.payload(audience, today=reference),  # the board pack's Vooruitblik
        "money": finance_report.payload(year_plan, tertiaal, audience, today=today),  # the money page (finance)
    }
    return payload


def _evidence(year_plan, tertiaal: Tertiaal) -> list[dict]:
    """Per activity the evidence attached to its updates over ``tertiaal``: titles and links. A file is named,
    never included: it may hold personal data and opens only in Koers, for the bureau and the owner."""
    from koers.plans.models import Evidence

    per_activity: dict[int, dict] = {}
    items = (
        Evidence.objects.for_swv(year_plan.swv_id)
        .filter(update__activity__year_plan=year_plan, update__tertiaal=tertiaal.key)
        .select_related("update__activity")
        .order_by("update__activity__order", "update__activity_id", "created_at", "id")
    )
    for item in items:
        activity = item.update.activity
        entry = per_activity.setdefault(
            activity.pk, {"pk": activity.pk, "code": activity.code, "description": activity.description, "items": []}
        )
        entry["items"].append(
            {"title": item.title, "kind": "bestand", "url": ""}
            if item.is_file
            else {"title": item.title, "kind": "link", "url": item.url}
        )
    return list(per_activity.values())


def year_plan_payload(year_plan: YearPlan) -> dict:
    """The jaar- en activiteitenplan as a document: per theme and doel the SPOW table, adoption, budget, portfolio."""
    year_plan = YearPlan.objects.for_swv(year_plan.swv_id).select_related("plan", "swv").get(pk=year_plan.pk)
    plan = year_plan.plan
    activities = _activities(year_plan, None)
    tree = selectors.year_plan_tree(year_plan, activities)
    themes = [_section(t, "theme", plan, None, None, None, False) for t in tree["themes"]]
    root = _root_section(tree, plan, None, None, None, False, bool(themes))
    sections = themes + ([root] if root else [])
    _set_anchors(sections)
    columns = activity_columns([a for x in _walk(sections) for a in x["activities"]], plan)
    ind_columns = indicator_columns([i for x in _walk(sections) for i in x["indicators"]])
    for section in _walk(sections):
        for activity in section["activities"]:
            activity["cells"] = activity_cells(activity, columns)
        for indicator in section["indicators"]:
            indicator["cells"] = indicator_cells(indicator, ind_columns)
    adoptions = [
        {"gremium": str(a.gremium), "date": formatting.dutch_date(a.date), "kind": a.get_kind_display(), "note": a.note}
        for a in year_plan.adoptions.select_related("gremium")
    ]
    portfolio = [
        {
            "label": entry.label,
            "goals": entry.goals_text or ", ".join(f"{plan.goal_label} {g.code}" for g in entry.goals.all()),
            "holders": [str(h) for h in entry.holders.all()],
            "taakgroepen": entry.taakgroepen,
        }
        for entry in year_plan.portfolio.prefetch_related("goals", "holders")
    ]
    return {
        **_header(year_plan),
        "kind": "jaarplan",
        "sections": sections,
        "columns": columns,
        "indicator_columns": ind_columns,
        "adoptions": adoptions,
        "budget": _budget(year_plan, None),
        "portfolio": portfolio,
    }


# The columns of the jaarplan's activity tables: the description, then only the fields that some activity of
# the plan fills. ``weight`` is a share of the width next to the description's.
_ACTIVITY_FIELDS = [
    ("start", gettext_lazy("Start"), lambda a: a.get("start", ""), 1.4),
    ("deadline", gettext_lazy("Gereed"), lambda a: a.get("deadline_text", "") or a.get("deadline_display", ""), 1.4),
    ("owner", gettext_lazy("Eigenaar"), lambda a: a.get("owner", ""), 1.6),
    ("involved", gettext_lazy("Betrokkenen"), lambda a: ", ".join(a.get("involved", [])), 2.0),
    (
        "budget",
        gettext_lazy("Begroting"),
        lambda a: " · ".join(x for x in (a.get("budget_code", ""), a.get("budget_amount_display", "")) if x),
        1.6,
    ),
    ("hours", gettext_lazy("Uren"), lambda a: a.get("hours_budget_display", ""), 0.9),
]
_DESCRIPTION_WEIGHT = 5.0


def activity_columns(activities: list[dict], plan) -> list[dict]:
    """The columns of the activity tables of a document, each with its share of the width in percent.

    A column that no activity fills is left out, so a plan without betrokkenen or budgets gets no empty column
    and the description takes the room. A short column (Start, Uren) is at least as wide as its longest value,
    up to a limit, and does not wrap when all its values are short ("T3 2024")."""
    present = [
        (key, label, weight, max((len(get(a)) for a in activities), default=0))
        for key, label, get, weight in _ACTIVITY_FIELDS
        if any(get(a) for a in activities)
    ]
    weights = [_DESCRIPTION_WEIGHT] + [max(weight, min(longest, 24) / 9) for _key, _label, weight, longest in present]
    total = sum(weights)
    columns = [
        {"key": "description", "label": plan.activity_label, "width": _width(weights[0], total), "nowrap": False}
    ]
    for (key, label, _weight, longest), weight in zip(present, weights[1:], strict=True):
        columns.append({"key": key, "label": str(label), "width": _width(weight, total), "nowrap": longest <= 16})
    return columns


def _width(weight: float, total: float) -> str:
    """A share of the width as CSS ("12.5%"; a string, so templates do not write a decimal comma)."""
    return f"{weight * 100 / total:.1f}%"


def activity_cells(activity: dict, columns: list[dict]) -> list[dict]:
    """The texts of an activity's cells after the description, in the order of ``columns``."""
    fields = {key: get for key, _label, get, _weight in _ACTIVITY_FIELDS}
    return [
        {"key": c["key"], "text": fields[c["key"]](activity), "nowrap": c["nowrap"]}
        for c in columns
        if c["key"] != "description"
    ]


_INDICATOR_FIELDS = [
    ("norm", gettext_lazy("Norm"), lambda i: i.get("norm", "")),
    ("baseline", gettext_lazy("Nulmeting"), lambda i: i.get("baseline", "")),
    ("unit", gettext_lazy("Eenheid"), lambda i: i.get("unit", "")),
    ("measurement_moments", gettext_lazy("Meetmomenten"), lambda i: i.get("measurement_moments", "")),
]


def indicator_columns(indicators: list[dict]) -> list[dict]:
    """The columns of the indicator tables after the indicator itself: only fields that some indicator fills."""
    return [{"key": k, "label": str(label)} for k, label, get in _INDICATOR_FIELDS if any(get(i) for i in indicators)]


def indicator_cells(indicator: dict, columns: list[dict]) -> list[str]:
    fields = {key: get for key, _label, get in _INDICATOR_FIELDS}
    return [fields[c["key"]](indicator) for c in columns]
