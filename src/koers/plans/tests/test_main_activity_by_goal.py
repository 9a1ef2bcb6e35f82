"""The hoofdactiviteit of an activity follows its doel: the select lists what fits (htmx swaps it when the doel
changes), and the server refuses a pair that does not belong together (also without JavaScript)."""

import pytest
from django.urls import reverse

from koers.plans.forms import ActivityForm
from koers.plans.models import Activity
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    MainActivityFactory,
    PlanFactory,
    ThemeFactory,
    YearPlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(swv):
    plan = PlanFactory(swv=swv)
    theme_a, theme_b = ThemeFactory(plan=plan), ThemeFactory(plan=plan)
    goal_a, goal_b = GoalFactory(theme=theme_a), GoalFactory(theme=theme_b)
    return {
        "plan": plan,
        "year_plan": YearPlanFactory(plan=plan),
        "goal_a": goal_a,
        "goal_b": goal_b,
        "main_a": MainActivityFactory(goal=goal_a, title="Van doel A"),
        "main_b": MainActivityFactory(goal=goal_b, title="Van doel B"),
        "main_theme_a": MainActivityFactory(goal=None, theme=theme_a, plan=plan, swv=swv, title="Onder thema A"),
        "main_plan": MainActivityFactory(goal=None, theme=None, plan=plan, swv=swv, title="Onder het plan"),
    }


def _titles(queryset):
    return sorted(m.title for m in queryset)


def test_the_select_lists_the_hoofdactiviteiten_of_the_chosen_doel(tree):
    activity = ActivityFactory(year_plan=tree["year_plan"], goal=tree["goal_a"])
    form = ActivityForm(instance=activity, year_plan=tree["year_plan"])
    assert _titles(form.fields["main_activity"].queryset) == ["Onder het plan", "Onder thema A", "Van doel A"]
    form = ActivityForm(
        instance=Activity(swv=tree["plan"].swv, year_plan=tree["year_plan"]), year_plan=tree["year_plan"]
    )
    assert len(form.fields["main_activity"].queryset) == 4  # no doel yet: every hoofdactiviteit of the plan
    assert form.fields["goal"].widget.attrs["hx-get"] == reverse(
        "plans:main_activity_options", args=[tree["year_plan"].pk]
    )


def test_a_pair_that_does_not_belong_together_is_refused_with_a_clear_message(bureau_client, tree):
    activity = ActivityFactory(year_plan=tree["year_plan"], goal=tree["goal_a"], main_activity=tree["main_a"])
    url = reverse("plans:activity_edit", args=[activity.pk])
    data = {
        "description": "Andere doel, oude hoofdactiviteit",
        "goal": tree["goal_b"].pk,
        "main_activity": tree["main_a"].pk,  # of doel A: the page was posted without JS after changing the doel
        "owner": activity.owner_id,
        "status": activity.status,
        "priority": activity.priority,
        "version": activity.version,
    }
    response = bureau_client.post(url, data)
    assert response.status_code == 200
    assert "hoort niet bij het gekozen doel" in response.content.decode()
    activity.refresh_from_db()
    assert activity.goal_id == tree["goal_a"].pk and activity.description != data["description"]
    # the page now offers the hoofdactiviteiten of doel B
    options = response.context["form"].fields["main_activity"].queryset
    assert _titles(options) == ["Onder het plan", "Van doel B"]

    response = bureau_client.post(url, {**data, "main_activity": tree["main_b"].pk})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.goal_id, activity.main_activity_id) == (tree["goal_b"].pk, tree["main_b"].pk)


def test_the_htmx_options_follow_the_doel_and_keep_the_choice(bureau_client, tree):
    url = reverse("plans:main_activity_options", args=[tree["year_plan"].pk])
    html = bureau_client.get(url, {"goal": tree["goal_b"].pk, "main_activity": tree["main_b"].pk}).content.decode()
    assert "Van doel B" in html and "Onder het plan" in html
    assert "Van doel A" not in html and "Onder thema A" not in html
    assert f'value="{tree["main_b"].pk}" selected' in html
    everything = bureau_client.get(url, {"goal": ""}).content.decode()
    assert all(t in everything for t in ("Van doel A", "Van doel B", "Onder thema A", "Onder het plan"))


def test_another_swvs_doel_gives_no_options_of_it(bureau_client, tree, other_swv):
    foreign = MainActivityFactory(goal=GoalFactory(theme=ThemeFactory(plan=PlanFactory(swv=other_swv))))
    url = reverse("plans:main_activity_options", args=[tree["year_plan"].pk])
    html = bureau_client.get(url, {"goal": foreign.goal_id}).content.decode()
    assert foreign.title not in html
