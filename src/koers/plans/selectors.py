"""Read-side queries for plan pages, each with a fixed number of SQL queries."""

from datetime import date

from django.db.models import Q

from koers.core import clock
from koers.plans.models import Activity, YearPlan


def activities_for_user(swv, user):
    return (
        Activity.objects.for_swv(swv)
        .filter(Q(owner__users=user) | Q(owner__staff_member__user=user))
        .select_related("year_plan", "goal", "theme", "owner", "main_activity")
        .distinct()
    )


def late_activities(queryset, today: date, status_field: str = "status"):
    """Open activities whose deadline has passed (``status_field``: e.g. ``status_at`` from :func:`with_status_at`)."""
    return queryset.filter(**{f"{status_field}__in": Activity.OPEN_STATUSES}, deadline__lt=today)


def with_status_at(queryset, tertiaal):
    """Annotate ``status_at``: the status as of ``tertiaal`` (a Tertiaal), as the tertiaalrapportage reads it.

    The status of the latest update up to that tertiaal; "niet gestart" when the first update came later; the
    activity's own status when it was never updated (set in the plan). One subquery, so the number of queries does
    not grow with the number of activities.
    """
    from django.db.models import Case, Exists, OuterRef, Subquery, Value, When

    from koers.plans.models import ActivityUpdate

    updates = ActivityUpdate.unscoped.filter(activity=OuterRef("pk"))
    latest = updates.filter(tertiaal__lte=tertiaal.key).order_by("-tertiaal", "-created_at", "-id").values("status")
    return queryset.annotate(
        status_at=Case(
            When(Exists(updates.filter(tertiaal__lte=tertiaal.key)), then=Subquery(latest[:1])),
            When(Exists(updates), then=Value(Activity.Status.NOT_STARTED.value)),
            default="status",
        )
    )


def current_year_plan(swv, today: date | None = None):
    from koers.core.periods import school_year_of

    today = today or clock.today()
    year_plans = YearPlan.objects.for_swv(swv).select_related("plan")
    return year_plans.filter(school_year=school_year_of(today)).first() or year_plans.order_by("-school_year").first()


TREE_KINDS = {"Theme": "thema", "Goal": "doel", "MainActivity": "hoofdactiviteit"}
# A tree opens with its themes and hoofdactiviteiten open and its doelen closed (their counts show what is in them).
TREE_DEFAULT_OPEN = {"thema": True, "doel": False, "hoofdactiviteit": True}


class Node:
    """A level in the plan tree. Empty levels are simply absent: no dummy rows."""

    def __init__(self, obj=None):
        self.obj = obj
        self.is_open = True
        self.goals = []
        self.indicators = []
        self.main_activities = []
        self.activities = []
        self.year_goals = []  # on the plan page: the goals per school year of a theme (or of the plan)

    @property
    def is_empty(self):
        return not (self.goals or self.indicators or self.main_activities or self.activities or self.year_goals)

    @property
    def key(self):
        """The branch's name in a user's remembered tree state: ``thema-12``, ``doel-34``, ``hoofdactiviteit-5``."""
        kind = TREE_KINDS.get(type(self.obj).__name__)
        return f"{kind}-{self.obj.pk}" if kind else ""

    def all_activities(self):
        yield from self.activities
        for child in self.main_activities + self.goals:
            yield from child.all_activities()

    def all_indicators(self):
        yield from self.indicators
        for goal in self.goals:
            yield from goal.all_indicators()

    def totals(self):
        """What a closed branch shows: its activities (all levels below) per status, and its indicators."""
        from collections import Counter

        from koers.plans.models import Activity

        statuses = Counter(getattr(a, "shown_status", a.status) for a in self.all_activities())
        labels = dict(Activity.Status.choices)
        return {
            "activities": sum(statuses.values()),
            "by_status": [(code, labels[code], statuses[code]) for code in labels if statuses[code]],
            "indicators": sum(1 for _i in self.all_indicators()),
        }

    def apply_state(self, state, default_open, force_open=False):
        """Set ``is_open`` on this branch and below from a user's remembered state (``default_open``: per kind)."""
        kind = self.key.partition("-")[0]
        self.is_open = force_open or bool(state.get(self.key, default_open.get(kind, True)))
        for child in self.main_activities + self.goals:
            child.apply_state(state, default_open, force_open)
        return self

    def prune(self):
        """Keep only branches that still hold activities (used when filtering)."""
        for main in self.main_activities:
            main.prune()
        for goal in self.goals:
            goal.prune()
        self.main_activities = [m for m in self.main_activities if m.activities]
        self.goals = [g for g in self.goals if g.activities or g.main_activities]
        self.indicators = []
        return self


def _build(plan, activities=None):
    from koers.plans.models import Goal, Indicator, MainActivity, Theme

    themes = {t.pk: Node(t) for t in Theme.objects.for_swv(plan.swv_id).filter(plan=plan)}
    root = Node(plan)
    goals = {}
    for goal in Goal.objects.for_swv(plan.swv_id).filter(plan=plan):
        node = Node(goal)
        goals[goal.pk] = node
        (themes[goal.theme_id].goals if goal.theme_id else root.goals).append(node)
    for indicator in Indicator.objects.for_swv(plan.swv_id).filter(plan=plan):
        parent = goals.get(indicator.goal_id) or themes.get(indicator.theme_id) or root
        parent.indicators.append(indicator)
    mains = {}
    for main in MainActivity.objects.for_swv(plan.swv_id).filter(plan=plan):
        node = Node(main)
        mains[main.pk] = node
        parent = goals.get(main.goal_id) or themes.get(main.theme_id) or root
        parent.main_activities.append(node)
    for activity in activities or []:
        parent = (
            mains.get(activity.main_activity_id) or goals.get(activity.goal_id) or themes.get(activity.theme_id) or root
        )
        parent.activities.append(activity)
    return root, list(themes.values())


def plan_tree(plan):
    from koers.plans.models import YearGoal

    root, themes = _build(plan)
    by_theme = {t.obj.pk: t for t in themes}
    for goal in YearGoal.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("school_year", "order", "id"):
        by_theme.get(goal.theme_id, root).year_goals.append(goal)
    return {"root": root, "themes": themes}


def year_plan_tree(year_plan, activities, prune=False):
    root, themes = _build(year_plan.plan, activities)
    if prune:
        root.prune()
        themes = [t.prune() for t in themes]
        themes = [t for t in themes if t.goals or t.main_activities or t.activities]
    return {"root": root, "themes": themes}


def next_activity_code(year_plan):
    codes = [c for c in year_plan.activities.values_list("code", flat=True) if c.isdecimal()]
    return str(max((int(c) for c in codes), default=0) + 1)


def budget_overview(year_plan):
    from decimal import Decimal

    from django.db.models import Sum

    from koers.plans.models import Budget, BudgetRealisation

    budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
    if budget is None:
        return {"budget": None}
    lines = list(budget.lines.select_related("theme", "goal").annotate(realised=Sum("realisations__amount")))
    allocated = sum((line.amount for line in lines), Decimal("0"))
    realised = sum((line.realised or Decimal("0") for line in lines), Decimal("0"))
    realisations = BudgetRealisation.objects.for_swv(budget.swv_id).filter(line__budget=budget).select_related("line")
    tertialen = sorted({r.tertiaal for r in realisations})
    per_line = {(r.line_id, r.tertiaal): r.amount for r in realisations}
    for line in lines:
        line.per_tertiaal = [per_line.get((line.pk, t)) for t in tertialen]
        line.remaining = line.amount - (line.realised or Decimal("0"))
    return {
        "budget": budget,
        "lines": lines,
        "allocated": allocated,
        "realised": realised,
        "result": budget.total - budget.mandatory_contributions - allocated,
        "tertialen": tertialen,
    }
