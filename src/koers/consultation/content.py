"""The text of a draft plan per element, as an invitee reads it: speerpunten, doelen and hoofdactiviteiten with
their texts only (no indicators, no figures, no people)."""

from __future__ import annotations

from dataclasses import dataclass

from koers.plans.models import Goal, MainActivity, Theme


@dataclass(frozen=True)
class Element:
    key: str
    level: str  # the plan's own label ("Speerpunt", "Doel", "Hoofdactiviteit")
    code: str
    title: str
    text: str
    depth: int


def draft_elements(plan, audience) -> list[Element]:
    """Every element of ``plan`` in the plan's order, read through ``audience``."""
    themes = Theme.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk")
    goals = list(Goal.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk"))
    mains = list(MainActivity.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk"))
    out: list[Element] = []

    def add_goal(goal, depth):
        out.append(Element(f"goal:{goal.pk}", plan.goal_label, goal.code, goal.title, goal.ambition, depth))
        for main in (m for m in mains if m.goal_id == goal.pk):
            out.append(Element(f"main:{main.pk}", plan.main_activity_label, main.code, main.title, "", depth + 1))

    for theme in themes:
        out.append(Element(f"theme:{theme.pk}", plan.theme_label, theme.code, theme.title, theme.description, 0))
        for goal in (g for g in goals if g.theme_id == theme.pk):
            add_goal(goal, 1)
        for main in (m for m in mains if m.theme_id == theme.pk and m.goal_id is None):
            out.append(Element(f"main:{main.pk}", plan.main_activity_label, main.code, main.title, "", 1))
    for goal in (g for g in goals if g.theme_id is None):
        add_goal(goal, 0)
    seen = {e.key for e in out}
    for main in mains:
        if f"main:{main.pk}" not in seen:
            out.append(Element(f"main:{main.pk}", plan.main_activity_label, main.code, main.title, "", 0))
    return out
