"""The dashboard (home page): queries in a fixed number, whatever the number of activities or measurements.

Indicator values come through the monitoring adapter (one call per indicator, or one bulk call when monitoring
offers it); everything else is a handful of grouped queries.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.periods import (
    Period,
    Tertiaal,
    school_year_label,
    school_year_of,
    tertiaal_period,
    tertialen_of_school_year,
)
from koers.core.tables import Column, Table
from koers.finance.summary import add_to_dashboard as add_money
from koers.monitoring import cache as monitoring_cache
from koers.monitoring import charts, definitions
from koers.plans.models import Activity, Budget, BudgetLine, Goal, Indicator, Plan, Theme, YearPlan
from koers.plans.selectors import activities_for_user, late_activities, with_status_at
from koers.reports import indicators as indicator_values


@dataclass
class Group:
    """A theme or doel on the dashboard with its indicators (and, for a theme, its doelen)."""

    label: str
    title: str
    pk: int | None = None
    indicators: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    statuses: list = field(default_factory=list)  # [(status, label, count, url)] of the theme's activities
    budget: dict | None = None  # allocated and realised of the theme's budget lines
    bar: str = ""  # SVG: the theme's activities by status (the statuses above are its table alternative)

    @property
    def all_indicators(self) -> list:
        """The theme's own indicators and those of its doelen: the cells of its status matrix."""
        return self.indicators + [item for goal in self.goals for item in goal.indicators]

    @property
    def is_empty(self) -> bool:
        return not self.indicators and not any(g.indicators for g in self.goals) and not self.statuses


def default_period(today: date) -> tuple[int, Tertiaal]:
    return school_year_of(today), Tertiaal.of(today)


def _choose(swv, params, today: date):
    year_plans = list(YearPlan.objects.for_swv(swv).select_related("plan").order_by("-school_year", "-pk"))
    school_year, tertiaal = default_period(today)
    with contextlib.suppress(ValueError):
        school_year = int(params.get("schooljaar") or school_year)
    years = sorted({yp.school_year for yp in year_plans}, reverse=True)
    if years and school_year not in years:
        school_year = max(years) if school_year > max(years) else min(years)
    year_plan = next((yp for yp in year_plans if yp.school_year == school_year), None)
    options = tertialen_of_school_year(school_year)
    chosen = Tertiaal.try_parse(params.get("tertiaal") or "")
    if chosen not in options:
        chosen = tertiaal if tertiaal in options else (options[0] if today < options[0].start else options[-1])
    return year_plans, years, year_plan, options, chosen


def _indicator_groups(plan: Plan, period: Period, audience, previous: Period | None = None, key: str = ""):
    themes = list(Theme.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "pk"))
    goals = list(Goal.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "pk"))
    indicators = list(Indicator.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "pk"))
    for indicator in indicators:
        indicator.plan = plan  # every series asks for its plan's years: no query per indicator
    with monitoring_cache.batch():  # one batch: frozen values and count dates read once for both periods
        values = indicator_values.for_period(indicators, audience, period)
        before = indicator_values.latest_many(indicators, audience, previous) if previous is not None else {}
    theme_groups = {t.pk: Group(f"{plan.theme_label} {t.code}", t.title, t.pk) for t in themes}
    goal_groups = {g.pk: Group(f"{plan.goal_label} {g.code}", g.title) for g in goals}
    loose = Group("", _("Plan als geheel"))
    for goal in goals:
        (theme_groups[goal.theme_id].goals if goal.theme_id in theme_groups else loose.goals).append(
            goal_groups[goal.pk]
        )
    counts = Counter()
    changed = []
    for indicator in indicators:
        value, series = values[indicator.pk]
        counts[value.status] += 1
        item = {
            "indicator": indicator,
            "value": value,
            "series": series[-8:],
            "sparkline": charts.sparkline_svg(indicator, series[-8:], ident=f"i{indicator.pk}"),
            "url": reverse("monitoring:indicator", args=[indicator.pk]) + (f"?tertiaal={key}" if key else ""),
            # the definition used, in words (no query: the count date without its year; the page names the year)
            "definition": definitions.sentence(indicator.measure_code, indicator.measure_params),
        }
        target = goal_groups.get(indicator.goal_id) or theme_groups.get(indicator.theme_id) or loose
        target.indicators.append(item)
        earlier = before.get(indicator.pk)
        if earlier is not None and earlier.status != value.status:
            changed.append({**item, "before": earlier})
    groups = [g for g in theme_groups.values() if not g.is_empty]
    if not loose.is_empty:
        groups.append(loose)
    labels = indicator_values.status_labels()
    summary = [{"status": s, "label": labels[s], "count": counts.get(s, 0)} for s in indicator_values.STATUSES]
    return groups, summary, len(indicators), changed


def indicator_groups(plan: Plan, period: Period, audience, *, key: str = "") -> list[Group]:
    """The plan's indicators per theme and doel with their values for ``period`` (the tertiaal page shows them)."""
    return _indicator_groups(plan, period, audience, None, key)[0]


def _changed_activities(year_plan, tertiaal: Tertiaal, limit: int = 6):
    """Activities whose status as of ``tertiaal`` differs from that of the tertiaal before: (count, first rows)."""
    base = Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan)
    now = dict(with_status_at(base, tertiaal).values_list("pk", "status_at"))
    before = dict(with_status_at(base, tertiaal.previous()).values_list("pk", "status_at"))
    changed = [pk for pk, status in now.items() if before.get(pk) != status]
    labels = dict(Activity.Status.choices)
    rows = []
    for activity in base.filter(pk__in=changed).order_by("order", "pk")[:limit]:
        rows.append(
            {
                "activity": activity,
                "before": (before.get(activity.pk), labels.get(before.get(activity.pk), "")),
                "now": (now[activity.pk], labels.get(now[activity.pk], "")),
            }
        )
    return len(changed), rows


def _theme_activity_statuses(groups: list[Group], year_plan, tertiaal) -> None:
    """Per theme the number of activities by status as of the tertiaal, in one grouped query (activities hang at
    any level)."""
    rows = (
        with_status_at(Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan), tertiaal)
        .values_list(
            "theme_id", "goal__theme_id", "main_activity__theme_id", "main_activity__goal__theme_id", "status_at"
        )
        .annotate(n=Count("id"))
    )
    counts: dict[int, Counter] = {}
    for theme_id, goal_theme, main_theme, main_goal_theme, status, n in rows:
        key = theme_id or goal_theme or main_theme or main_goal_theme
        counts.setdefault(key, Counter())[status] += n
    url = reverse("plans:year_plan", args=[year_plan.pk])
    for group in groups:
        found = counts.get(group.pk)
        if group.pk is None or not found:
            continue
        group.statuses = [
            (value, label, found[value], f"{url}?theme={group.pk}&status={value}&stand={tertiaal.key}")
            for value, label in Activity.Status.choices
            if found.get(value)
        ]
        group.bar = charts.status_bar_svg(
            [(value, str(label), n) for value, label, n, _url in group.statuses],
            title=_("Activiteiten van %(g)s per status (%(t)s)") % {"g": group.label or group.title, "t": tertiaal},
            ident=f"t{group.pk}",
        )


def _status_table(year_plan, status_counts, late_count, tertiaal) -> Table:
    url = reverse("plans:year_plan", args=[year_plan.pk])
    table = Table(
        _("Jaaractiviteiten per status"),
        [Column("status", _("Status")), Column("count", _("Aantal"), "number")],
        filename=f"activiteiten-per-status-{year_plan.school_year}",
    )
    for value, label in Activity.Status.choices:
        link = {"count": f"{url}?status={value}&stand={tertiaal.key}"}  # the jaarplan as of this tertiaal
        table.add_row(status=str(label), count=status_counts.get(value, 0), link=link)
    table.add_row(status=_("Te laat"), count=late_count, link={"count": f"{url}?status=te_laat&stand={tertiaal.key}"})
    table.add_row(status=_("Totaal"), count=sum(status_counts.values()), link={"count": url})
    return table


def _budget_table(year_plan, tertiaal: Tertiaal) -> tuple[Table | None, dict]:
    budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
    if budget is None:
        return None, {}
    lines = list(
        BudgetLine.objects.for_swv(budget.swv_id)
        .filter(budget=budget)
        .select_related("theme", "goal")
        .annotate(spent=Sum("realisations__amount", filter=Q(realisations__tertiaal__lte=tertiaal.key)))
        .order_by("order", "pk")
    )
    url = reverse("plans:budget", args=[year_plan.pk])
    table = Table(
        _("Begroting: toegewezen en gerealiseerd tot en met %(t)s") % {"t": tertiaal},
        [
            Column("line", _("Regel")),
            Column("amount", _("Toegewezen"), "money"),
            Column("spent", _("Gerealiseerd"), "money"),
            Column("share", _("Deel"), "percentage", 0),
        ],
        filename=f"begroting-{year_plan.school_year}-{tertiaal.key}",
    )
    allocated = spent = Decimal("0")
    for line in lines:
        realised = line.spent or Decimal("0")
        allocated += line.amount
        spent += realised
        name = (
            f"{year_plan.plan.theme_label} {line.theme.code}: {line.theme.title}"
            if line.theme
            else (line.label or str(line))
        )
        table.add_row(
            line=name,
            amount=line.amount,
            spent=realised,
            share=(realised * 100 / line.amount) if line.amount else None,
            link={"spent": url, "amount": url},
        )
    table.add_row(
        line=_("Totaal"),
        amount=allocated,
        spent=spent,
        share=(spent * 100 / allocated) if allocated else None,
        link={"spent": url, "amount": url},
    )
    per_theme: dict[int, dict] = {}
    for line in lines:
        theme_id = line.theme_id or (line.goal.theme_id if line.goal_id else None)
        if theme_id:
            entry = per_theme.setdefault(theme_id, {"allocated": Decimal("0"), "spent": Decimal("0"), "url": url})
            entry["allocated"] += line.amount
            entry["spent"] += line.spent or Decimal("0")
    totals = {"allocated": allocated, "spent": spent, "share": (spent * 100 / allocated) if allocated else None}
    return table, {**totals, "per_theme": per_theme}


def dashboard(request, params=None, today: date | None = None) -> dict:
    swv = request.swv
    today = today or clock.today()
    params = params if params is not None else request.GET
    year_plans, years, year_plan, options, tertiaal = _choose(swv, params, today)
    context = {
        "year_options": [(y, school_year_label(y)) for y in years],
        "tertiaal_options": options,
        "tertiaal": tertiaal,
        "year_plan": year_plan,
        "plans": Plan.objects.for_swv(swv).prefetch_related("year_plans"),
        "my_open_count": activities_for_user(swv, request.user).filter(status__in=Activity.OPEN_STATUSES).count(),
        "tables": {},
    }
    if year_plan is None:
        return context
    period = tertiaal_period(tertiaal, today)  # the one period model: what T2 is measured up to, and until today
    as_of = period.measured_until
    activities = with_status_at(
        Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan), tertiaal
    )  # as of the chosen tertiaal
    status_counts = dict(activities.values_list("status_at").annotate(n=Count("id")).values_list("status_at", "n"))
    late_qs = late_activities(activities, as_of, status_field="status_at")
    late = list(late_qs.select_related("owner").order_by("deadline", "pk")[:10])
    late_count = late_qs.count()
    previous = tertiaal.previous()
    groups, indicator_summary, indicator_total, changed_indicators = _indicator_groups(
        year_plan.plan, period, request.audience, tertiaal_period(previous, today), tertiaal.key
    )
    changed_count, changed_activities = _changed_activities(year_plan, tertiaal)
    _theme_activity_statuses(groups, year_plan, tertiaal)
    status_table = _status_table(year_plan, status_counts, late_count, tertiaal)
    budget_table, budget_totals = _budget_table(year_plan, tertiaal)
    for group in groups:
        group.budget = budget_totals.get("per_theme", {}).get(group.pk)
    context.update(
        {
            "plan": year_plan.plan,
            "as_of": as_of,
            "period": period,
            "previous": previous,
            "changed_indicators": changed_indicators,
            "changed_activities": changed_activities,
            "changed_count": changed_count,
            "total_activities": sum(status_counts.values()),
            "late": late,
            "late_count": late_count,
            "groups": groups,
            "indicator_summary": indicator_summary,
            "indicator_total": indicator_total,
            "budget_totals": budget_totals,
            "tables": {"status": status_table, **({"begroting": budget_table} if budget_table else {})},
        }
    )
    add_money(context, swv, request.audience, year_plan, today)  # the "Geld" section (koers.finance)
    return context
