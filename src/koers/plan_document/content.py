"""The ondersteuningsplan as plain data for its document (PDF and Word): the plan tree whatever its shape, the
texts, indicators with nulmeting and norm, hoofdactiviteiten, the begroting per speerpunt, the adoption record and,
for a plan that had a consultation, the appendix of koers.consultation.documents (its own payload, reused).

The tree and the texts come from koers.consultation.content.draft_elements (the same elements and keys a version
records), or, for a version, from the version's immutable snapshot. Every read goes through ``for_swv`` (this is
Koers' own work for the document); figures are not measured here: the plan's own nulmeting and norm as written.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.audience import for_readers
from koers.consultation import documents as appendix
from koers.consultation.content import draft_elements
from koers.consultation.models import DecisionVersion, FeedbackRound, PlanVersion
from koers.core.formatting import dutch_date, money, number
from koers.core.periods import school_year_label
from koers.plans.models import Adoption, Amendment, BudgetLine, Goal, Indicator, MainActivity, Plan

KIND = "ondersteuningsplan"


def _indicator(indicator: Indicator) -> dict:
    baseline = indicator.baseline
    if not baseline and indicator.baseline_value is not None:
        baseline = number(indicator.baseline_value, 2).rstrip("0").rstrip(",") + (
            f" {indicator.unit}" if indicator.unit else ""
        )
    if baseline and indicator.baseline_date:
        baseline = f"{baseline} ({dutch_date(indicator.baseline_date)})"
    norm = indicator.norm_text
    if not norm and indicator.norm_kind == Indicator.NormKind.MILESTONE:
        norm = _("mijlpaal, uiterlijk %(d)s") % {"d": indicator.milestone_due_label}
    elif not norm and indicator.norm_kind != Indicator.NormKind.NONE:
        norm = str(indicator.get_norm_kind_display())
    return {
        "code": indicator.code,
        "title": indicator.title,
        "definition": indicator.definition,
        "baseline": baseline or "–",
        "norm": norm or _("geen norm"),
        "moments": indicator.measurement_moments,
    }


def _main(main: MainActivity | None, element: dict) -> dict:
    return {
        "code": element["code"],
        "title": element["title"],
        "kind": str(main.get_kind_display()) if main else "",
        "years": ", ".join(main.school_year_labels) if main else "",
    }


def _node(element: dict, kind: str) -> dict:
    return {
        "key": element["key"],
        "kind": kind,
        "anchor": element["key"].replace(":", "-"),
        "label": element["level"],
        "code": element["code"],
        "title": element["title"],
        "text": element.get("text", ""),
        "indicators": [],
        "main_activities": [],
        "goals": [],
    }


def _elements(plan: Plan, version: PlanVersion | None) -> list[dict]:
    if version is not None:
        return [dict(e) for e in version.elements]
    audience = for_readers(plan.swv)
    return [{k: v for k, v in asdict(e).items() if k != "depth"} for e in draft_elements(plan, audience)]


def _tree(plan: Plan, elements: list[dict]) -> tuple[list[dict], dict]:
    """The sections (one per speerpunt, then what hangs under the plan itself) from the elements in their order.

    Where an element hangs is read from the plan (doel -> speerpunt, hoofdactiviteit -> doel or speerpunt); an
    element of a version that the plan no longer has hangs under the element before it."""
    swv_id = plan.swv_id
    goal_theme = dict(Goal.objects.for_swv(swv_id).filter(plan=plan).values_list("pk", "theme_id"))
    mains = {m.pk: m for m in MainActivity.objects.for_swv(swv_id).filter(plan=plan)}
    themes, root = [], _node({"key": "plan:root", "level": "", "code": "", "title": "", "text": ""}, "root")
    nodes: dict[str, dict] = {}
    last_theme = last_goal = None
    for element in elements:
        kind, _sep, raw_pk = element["key"].partition(":")
        pk = int(raw_pk) if raw_pk.isdigit() else None
        if kind == "theme":
            node = _node(element, "theme")
            themes.append(node)
            last_theme, last_goal = node, None
        elif kind == "goal":
            node = _node(element, "goal")
            if pk in goal_theme:
                theme_id = goal_theme[pk]
                parent = nodes.get(f"theme:{theme_id}") if theme_id else root
            else:
                parent = last_theme
            (parent or root)["goals"].append(node)
            last_goal = node
        elif kind == "main":
            main = mains.get(pk)
            if main is not None:
                parent = nodes.get(f"goal:{main.goal_id}") if main.goal_id else None
                parent = parent or (nodes.get(f"theme:{main.theme_id}") if main.theme_id else None)
            else:
                parent = last_goal or last_theme
            (parent or root)["main_activities"].append(_main(main, element))
            continue
        else:
            continue
        nodes[element["key"]] = node
    for indicator in Indicator.objects.for_swv(swv_id).filter(plan=plan).order_by("order", "code", "pk"):
        if indicator.goal_id:
            parent = nodes.get(f"goal:{indicator.goal_id}")
        elif indicator.theme_id:
            parent = nodes.get(f"theme:{indicator.theme_id}")
        else:
            parent = root
        if parent is not None:  # an indicator of an element that this version does not have
            parent["indicators"].append(_indicator(indicator))
    if root["goals"] or root["indicators"] or root["main_activities"]:
        root["title"] = _("Overige onderdelen van het plan") if themes else ""
        root["anchor"] = "overig"
        themes.append(root)
    return themes, nodes


def _budget(plan: Plan, sections: list[dict]) -> dict | None:
    """Begroot per speerpunt per schooljaar, from the jaarplannen' begrotingen (where there are any)."""
    lines = list(
        BudgetLine.objects.for_swv(plan.swv_id)
        .filter(budget__year_plan__plan=plan)
        .select_related("budget__year_plan", "goal")
        .order_by("order", "pk")
    )
    if not lines:
        return None
    planned: dict[tuple, Decimal] = defaultdict(Decimal)
    others: dict[str, str] = {}
    years = sorted({line.budget.year_plan.school_year for line in lines})
    for line in lines:
        theme_id = line.theme_id or (line.goal.theme_id if line.goal_id else None)
        key = f"theme:{theme_id}" if theme_id else f"label:{line.label or line.code}"
        if not theme_id:
            others[key] = line.label or line.code or _("Overig")
        planned[key, line.budget.year_plan.school_year] += line.amount
    titles = [(s["key"], f"{s['label']} {s['code']}: {s['title']}") for s in sections if s["kind"] == "theme"]
    rows = []
    for key, title in titles + list(others.items()):
        if any((key, y) in planned for y in years):
            rows.append(
                {
                    "title": title,
                    "amounts": [money(planned.get((key, y), 0)) for y in years],
                    "total": money(sum(planned.get((key, y), 0) for y in years)),
                }
            )
    totals = [money(sum(v for (_k, y), v in planned.items() if y == year)) for year in years]
    return {
        "years": [school_year_label(y) for y in years],
        "rows": rows,
        "totals": totals,
        "total": money(sum(planned.values())),
    }


def _adoption(plan: Plan, version: PlanVersion | None) -> dict:
    swv_id = plan.swv_id
    adoptions = [
        {"gremium": str(a.gremium), "date": dutch_date(a.date), "kind": str(a.get_kind_display()), "note": a.note}
        for a in Adoption.objects.for_swv(swv_id).filter(plan=plan).select_related("gremium").order_by("date", "pk")
    ]
    amendments = [
        {
            "date": dutch_date(timezone.localtime(a.created_at).date()),
            "by": (a.user.get_full_name() or a.user.username) if a.user else "",
            "reason": a.reason,
            "summary": a.summary,
        }
        for a in Amendment.objects.for_swv(swv_id)
        .filter(plan=plan, year_plan__isnull=True)
        .select_related("user")
        .order_by("created_at", "pk")
    ]
    decisions = []
    # a version: the steps that decide on it; the plan itself: every decision step, with the version it decided on
    found = DecisionVersion.objects.for_swv(swv_id).filter(
        **({"version": version} if version else {"version__plan": plan})
    )
    for d in found.select_related("step", "step__gemeente", "version").order_by("pk"):
        step = d.step
        decisions.append(
            {
                "version": d.version.number,
                "step": str(step),
                "sent_on": dutch_date(step.sent_on) if step.sent_on else "",
                "done_on": dutch_date(step.done_on) if step.done_on else "",
                "outcome": str(step.get_outcome_display()) if step.outcome else "",
            }
        )
    return {
        "adopted_on": dutch_date(plan.adopted_on) if plan.adopted_on else "",
        "adoptions": adoptions,
        "amendments": amendments,
        "decisions": decisions,
    }


def _swv(plan: Plan) -> dict:
    from koers.organisations.models import SwvLogo

    swv = plan.swv
    logo = SwvLogo.objects.filter(swv_id=plan.swv_id).first()
    return {
        "name": swv.name,
        "short_name": swv.short_name or swv.name,
        "colour": swv.main_colour or "#00567a",
        "logo": logo.data_uri if logo else "",
        "demo": bool(swv.is_demo),
    }


def mark(plan: Plan, version: PlanVersion | None) -> str:
    """What every page of a draft's document says: "Concept – versie N", or "Concept" for the draft as it is."""
    if version is not None:
        return _("Concept – versie %(n)s") % {"n": version.number}
    return _("Concept") if plan.is_draft else ""


def support_plan_payload(plan: Plan, version: PlanVersion | None = None) -> dict:
    """Everything the document shows, as plain data (JSON): frozen with the document."""
    plan = Plan.objects.for_swv(plan.swv_id).select_related("swv").get(pk=plan.pk)
    if version is not None and version.plan_id != plan.pk:
        raise ValueError("the version belongs to another plan")
    sections, _nodes = _tree(plan, _elements(plan, version))
    has_consultation = FeedbackRound.objects.for_swv(plan.swv_id).filter(plan=plan).exists()
    return {
        "kind": KIND,
        "swv": _swv(plan),
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
            "mission": plan.mission,
            "status": str(plan.get_status_display()),
        },
        "title": plan.title,
        "mark": mark(plan, version),
        "version": (
            {
                "number": version.number,
                "date": dutch_date(timezone.localtime(version.created_at).date()),
                "reason": str(version.get_reason_display()),
                "note": version.note,
            }
            if version is not None
            else {}
        ),
        "sections": sections,
        "budget": _budget(plan, sections),
        "adoption": _adoption(plan, version),
        "appendix": appendix.appendix_payload(plan, for_readers(plan.swv)) if has_consultation else None,
    }


def digest(payload: dict) -> str:
    """A fingerprint of the content: a document of the same content is not made twice."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
