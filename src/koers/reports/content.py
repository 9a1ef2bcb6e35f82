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

from koers.core import clock, formatting
from koers.core.audience import Audience
from koers.core.periods import Tertiaal, tertiaal_period
from koers.plans import selectors
from koers.plans.models import Activity, ActivityUpdate, Budget, BudgetLine, BudgetRealisation, YearPlan
from koers.reports import indicators as indicator_values

PAYLOAD_VERSION = 1


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


def _activity_dict(activity, reference: date | None, with_update: bool = True) -> dict:
    labels = _activity_status_labels()
    latest = activity.report_updates[0] if getattr(activity, "report_updates", None) else None
    if latest:
        status = latest.status
    elif getattr(activity, "update_count", 0):
        status = Activity.Status.NOT_STARTED  # its first update came after this tertiaal
    else:
        status = activity.status  # never updated: the status as set in the plan
    late = bool(reference and status in Activity.OPEN_STATUSES and activity.deadline and activity.deadline < reference)
    data = {
        "pk": activity.pk,
        "code": activity.code,
        "description": activity.description,
        "main_activity": activity.main_activity.title if activity.main_activity else "",
        "main_activity_pk": activity.main_activity_id,
        "start": activity.start_text,
        "deadline": activity.deadline.isoformat() if activity.deadline else "",
        "deadline_display": formatting.dutch_date(activity.deadline) if activity.deadline else "",
        "owner": _str(activity.owner) if activity.owner_id else "",
        "involved": [str(a) for a in activity.involved.all()],
        "priority": activity.priority,
        "status": status,
        "status_label": str(labels.get(status, status)),
        "late": late,
    }
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
        "measurement_moments": indicator.measurement_moments,
        "definition": indicator_values.definition(indicator),
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


def _flatten_activities(node) -> list:
    """Activities directly under a node and under its hoofdactiviteiten, in plan order."""
    found = list(node.activities)
    for main in node.main_activities:
        found.extend(main.activities)
    return found


def _section(node, kind: str, plan, reference, tertiaal, audience: Audience | None, with_update: bool) -> dict:
    obj = node.obj
    label = plan.theme_label if kind == "theme" else plan.goal_label
    return {
        "kind": kind,
        "pk": obj.pk,
        "code": obj.code,
        "label": f"{label} {obj.code}",
        "title": obj.title,
        "ambition": getattr(obj, "ambition", "") or getattr(obj, "description", ""),
        "indicators": [_indicator_dict(i, reference, audience) for i in node.indicators],
        "main_activities": [{"pk": m.obj.pk, "code": m.obj.code, "title": m.obj.title} for m in node.main_activities],
        "activities": [_activity_dict(a, reference, with_update) for a in _flatten_activities(node)],
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
            "theme_label": year_plan.plan.theme_label,
            "theme_label_plural": year_plan.plan.theme_label_plural,
            "goal_label": year_plan.plan.goal_label,
            "indicator_label": year_plan.plan.indicator_label,
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
    root = _section(tree["root"], "theme", plan, reference, tertiaal, audience, True)
    root.update({"pk": None, "code": "", "label": "", "title": _("Overige onderdelen van het plan"), "ambition": ""})
    sections = themes + ([root] if root["indicators"] or root["activities"] or root["goals"] else [])

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
    }
    return payload


def year_plan_payload(year_plan: YearPlan) -> dict:
    """The jaar- en activiteitenplan as a document: per theme and doel the SPOW table, adoption, budget, portfolio."""
    year_plan = YearPlan.objects.for_swv(year_plan.swv_id).select_related("plan", "swv").get(pk=year_plan.pk)
    plan = year_plan.plan
    activities = _activities(year_plan, None)
    tree = selectors.year_plan_tree(year_plan, activities)
    themes = [_section(t, "theme", plan, None, None, None, False) for t in tree["themes"]]
    root = _section(tree["root"], "theme", plan, None, None, None, False)
    root.update({"pk": None, "code": "", "label": "", "title": _("Overige onderdelen van het plan"), "ambition": ""})
    sections = themes + ([root] if root["indicators"] or root["activities"] or root["goals"] else [])
    _set_anchors(sections)
    for section in _walk(sections):
        section["rows"] = _plan_rows(section)
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
        "adoptions": adoptions,
        "budget": _budget(year_plan, None),
        "portfolio": portfolio,
    }


def _plan_rows(section) -> list[dict]:
    """Rows of the SPOW table: indicator | hoofdactiviteit | jaaractiviteit | start | eigenaar | betrokkenen.

    The indicators of the doel fill the first column of the first rows; a hoofdactiviteit is named in the row of
    its first jaaractiviteit, and continuation rows leave the cell empty, as in the printed plan.
    """
    rows = []
    seen_main = set()
    grouped = sorted(
        section["activities"],
        key=lambda a: (
            [m["pk"] for m in section["main_activities"]].index(a["main_activity_pk"])
            if a["main_activity_pk"] in [m["pk"] for m in section["main_activities"]]
            else len(section["main_activities"]),
        ),
    )
    for activity in grouped:
        main = activity["main_activity"] if activity["main_activity_pk"] not in seen_main else ""
        seen_main.add(activity["main_activity_pk"])
        rows.append({"indicator": "", "main": main, "activity": activity})
    planned = {a["main_activity_pk"] for a in section["activities"]}
    for main in section["main_activities"]:
        if main["pk"] not in planned:
            rows.append({"indicator": "", "main": main["title"], "activity": None})
    for i, indicator in enumerate(section["indicators"]):
        if i < len(rows):
            rows[i]["indicator"] = indicator["title"]
        else:
            rows.append({"indicator": indicator["title"], "main": "", "activity": None})
    return rows
