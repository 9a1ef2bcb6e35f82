"""The text of a draft plan per element, as an invitee reads it: speerpunten, doelen and hoofdactiviteiten with
their texts only (no indicators, no figures, no people), and the jaaractiviteiten of the draft's first jaarplan
(code and description only: no owner, no budget, no hours), each under the element it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import Truncator

from koers.plans.models import Activity, Goal, MainActivity, Theme, YearPlan

TITLE_MAX = 160  # an activity has a description only: its first characters are its title


@dataclass(frozen=True)
class Element:
    key: str
    level: str  # the plan's own label ("Speerpunt", "Doel", "Hoofdactiviteit", "Jaaractiviteit")
    code: str
    title: str
    text: str
    depth: int


def first_year_plan(plan, audience):
    """The jaarplan of the draft's first school year (the activities a feedback round can be held on), or None."""
    return YearPlan.objects.restrict(audience).filter(plan=plan, school_year=plan.first_year).first()


def _activity(plan, activity, depth) -> Element:
    description = " ".join(activity.description.split())
    title = Truncator(description).chars(TITLE_MAX)
    text = activity.description if title != description else ""
    return Element(f"activity:{activity.pk}", plan.activity_label, activity.code, title, text, depth)


def draft_elements(plan, audience) -> list[Element]:
    """Every element of ``plan`` in the plan's order, read through ``audience``."""
    themes = Theme.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk")
    goals = list(Goal.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk"))
    mains = list(MainActivity.objects.restrict(audience).filter(plan=plan).order_by("order", "code", "pk"))
    year_plan = first_year_plan(plan, audience)
    activities = (
        list(Activity.objects.restrict(audience).filter(year_plan=year_plan).order_by("order", "code", "pk"))
        if year_plan
        else []
    )
    main_ids = {m.pk for m in mains}
    goal_ids = {g.pk for g in goals}
    out: list[Element] = []

    def add_activities(depth, *, main=None, goal=None, theme=None):
        for activity in activities:
            if main is not None:
                fits = activity.main_activity_id == main.pk
            elif activity.main_activity_id in main_ids:
                continue
            elif goal is not None:
                fits = activity.goal_id == goal.pk
            elif activity.goal_id in goal_ids:
                continue
            else:
                fits = activity.theme_id == theme.pk
            if fits:
                out.append(_activity(plan, activity, depth))

    def add_main(main, depth):
        out.append(Element(f"main:{main.pk}", plan.main_activity_label, main.code, main.title, "", depth))
        add_activities(depth + 1, main=main)

    def add_goal(goal, depth):
        out.append(Element(f"goal:{goal.pk}", plan.goal_label, goal.code, goal.title, goal.ambition, depth))
        for main in (m for m in mains if m.goal_id == goal.pk):
            add_main(main, depth + 1)
        add_activities(depth + 1, goal=goal)

    for theme in themes:
        out.append(Element(f"theme:{theme.pk}", plan.theme_label, theme.code, theme.title, theme.description, 0))
        for goal in (g for g in goals if g.theme_id == theme.pk):
            add_goal(goal, 1)
        for main in (m for m in mains if m.theme_id == theme.pk and m.goal_id is None):
            add_main(main, 1)
        add_activities(1, theme=theme)
    for goal in (g for g in goals if g.theme_id is None):
        add_goal(goal, 0)
    seen = {e.key for e in out}
    for main in mains:
        if f"main:{main.pk}" not in seen:
            add_main(main, 0)
    seen = {e.key for e in out}
    for activity in activities:
        if f"activity:{activity.pk}" not in seen:
            out.append(_activity(plan, activity, 0))
    return out
