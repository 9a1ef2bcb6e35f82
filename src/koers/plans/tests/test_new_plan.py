"""A new plan from the ending one (plans.services.start_new_plan): structure, carried over only what is unfinished,
links to the origin, nothing of another SWV, one transaction."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.plans import services
from koers.plans.models import Activity, Goal, Indicator, MainActivity, Plan, Theme
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    YearPlanFactory,
)


@pytest.fixture
def old(db):
    plan = PlanFactory(first_year=2021, last_year=2024, code="osp-2021-2025", title="Plan 2021-2025")
    theme = ThemeFactory(plan=plan, code="1", title="Basisondersteuning")
    goal = GoalFactory(theme=theme, plan=plan, code="1.1", title="Doelmatig")
    IndicatorFactory(
        goal=goal, plan=plan, code="R1", title="Deelname SBO", norm_kind="drempel", norm_operator="<", norm_value=2
    )
    IndicatorFactory(goal=goal, plan=plan, code="R2", title="Zonder meting")
    done = MainActivityFactory(goal=goal, plan=plan, code="H1", title="Afgerond werk")
    running = MainActivityFactory(goal=goal, plan=plan, code="H2", title="Loopt nog")
    MainActivityFactory(goal=goal, plan=plan, code="H3", title="Nooit begonnen")
    carried = MainActivityFactory(goal=goal, plan=plan, code="H4", title="Doorgeschoven en afgerond")
    first = YearPlanFactory(plan=plan, school_year=2023, title="Jaarplan 2023-2024")
    last = YearPlanFactory(plan=plan, school_year=2024, title="Jaarplan 2024-2025")
    ActivityFactory(year_plan=first, main_activity=done, goal=goal, status="afgerond")
    ActivityFactory(year_plan=last, main_activity=running, goal=goal, status="loopt")
    before = ActivityFactory(year_plan=first, main_activity=carried, goal=goal, status="loopt")
    ActivityFactory(year_plan=last, main_activity=carried, goal=goal, status="afgerond", carried_over_from=before)
    return plan


def _start(old, **kwargs):
    values = {"code": "osp-2025-2029", "title": "Plan 2025-2029", "first_year": 2025, "last_year": 2028}
    return services.start_new_plan(old, UserFactory(), **{**values, **kwargs})


def test_the_structure_is_copied_and_every_copy_names_its_origin(old):
    indicator = Indicator.unscoped.get(plan=old, code="R1")
    baseline = services.NewBaseline(Decimal("2.3"), date(2024, 10, 1), "2,3% (01-10-2024)")
    new = _start(old, baselines={indicator.pk: baseline})
    assert new.status == Plan.Status.DRAFT and new.is_draft and new.origin == old
    assert (new.first_year, new.last_year, new.period_label) == (2025, 2028, "2025-2029")
    theme = Theme.unscoped.get(plan=new)
    assert (theme.code, theme.title, theme.origin.plan) == ("1", "Basisondersteuning", old)
    goal = Goal.unscoped.get(plan=new)
    assert goal.theme == theme and goal.origin == Goal.unscoped.get(plan=old)
    copied = Indicator.unscoped.get(plan=new, code="R1")
    assert copied.origin == indicator and copied.goal == goal
    assert (copied.norm_kind, copied.norm_operator, copied.norm_value) == ("drempel", "<", 2)
    assert (copied.baseline_value, copied.baseline_date) == (Decimal("2.3"), date(2024, 10, 1))
    assert Indicator.unscoped.get(plan=new, code="R2").baseline_value is None  # no measurement, no nulmeting


def test_only_unfinished_hoofdactiviteiten_are_carried_over(old):
    new = _start(old)
    mains = MainActivity.unscoped.filter(plan=new).order_by("code")
    # H1 finished; H4 was carried over in the old plan and finished there; H2 runs, H3 never began
    assert [m.code for m in mains] == ["H2", "H3"]
    assert all(m.origin.plan == old and m.school_years == [2025] for m in mains)
    assert not Activity.unscoped.filter(year_plan__plan=new).exists()


def test_a_plan_without_hoofdactiviteiten_carries_over_the_open_activities_of_its_last_jaarplan(db):
    plan = PlanFactory(first_year=2021, last_year=2024)
    theme = ThemeFactory(plan=plan)
    first = YearPlanFactory(plan=plan, school_year=2023)
    last = YearPlanFactory(plan=plan, school_year=2024, title="Jaarplan 2024-2025")
    ActivityFactory(year_plan=first, theme=theme, status="loopt", description="Vorig jaar open")
    open_one = ActivityFactory(year_plan=last, theme=theme, status="uitgesteld", description="Nog te doen")
    ActivityFactory(year_plan=last, theme=theme, status="afgerond", description="Klaar")
    ActivityFactory(year_plan=last, theme=theme, status="vervallen", description="Vervallen")
    new = _start(plan)
    main = MainActivity.unscoped.get(plan=new)
    assert (main.title, main.origin_activity, main.theme.origin) == ("Nog te doen", open_one, theme)


def test_a_blank_plan_has_no_elements(old):
    new = _start(old, from_old=False)
    assert new.is_draft and new.origin == old
    for model in (Theme, Goal, Indicator, MainActivity):
        assert not model.unscoped.filter(plan=new).exists()


def test_nothing_of_another_swv_is_copied(old):
    other = PlanFactory(first_year=2021, last_year=2024)
    ThemeFactory(plan=other, title="Van een ander")
    IndicatorFactory(goal=GoalFactory(theme__plan=other, plan=other), plan=other)
    new = _start(old)
    for model in (Theme, Goal, Indicator, MainActivity):
        assert set(model.unscoped.filter(plan=new).values_list("swv_id", flat=True)) == {old.swv_id}
    assert not Theme.unscoped.filter(plan=new, title="Van een ander").exists()


def test_a_failure_leaves_nothing_behind(old, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(services, "unfinished_main_activities", broken)
    with pytest.raises(RuntimeError):
        _start(old)
    assert not Plan.unscoped.filter(code="osp-2025-2029").exists()
    assert Theme.unscoped.count() == 1


def test_a_taken_code_or_wrong_years_are_refused(old):
    with pytest.raises(ValidationError):
        _start(old, code=old.code)
    with pytest.raises(ValidationError):
        _start(old, first_year=2028, last_year=2025)
