from datetime import date

import pytest
from django.urls import reverse

from koers.plans.models import Amendment, BudgetRealisation, Goal, Indicator, Plan, Theme
from koers.testing.factories import GoalFactory, IndicatorFactory, PlanFactory, UserFactory, YearPlanFactory, member

pytestmark = pytest.mark.django_db


def test_new_plan_with_level_template(bureau_client, swv):
    response = bureau_client.post(
        reverse("plans:plan_new"),
        {"title": "OSP 2026-2030", "code": "osp-2026", "first_year": 2026, "last_year": 2029, "template": "thema"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(code="osp-2026")
    assert (plan.swv, plan.theme_label, plan.indicator_label) == (swv, "Thema", "Resultaat")


def test_add_theme_goal_and_indicator_with_norm_validation(bureau_client, swv):
    plan = PlanFactory(swv=swv)
    bureau_client.post(
        reverse("plans:element_new", args=["thema", plan.pk]), {"code": "1", "title": "Inclusief", "order": 1}
    )
    theme = Theme.objects.get(plan=plan)
    bureau_client.post(
        reverse("plans:element_new", args=["doel", plan.pk]),
        {"theme": theme.pk, "code": "1", "title": "Visie", "order": 1},
    )
    goal = Goal.objects.get(plan=plan)
    url = reverse("plans:element_new", args=["indicator", plan.pk])
    data = {"goal": goal.pk, "code": "I1", "title": "Thuiszitters", "norm_kind": "drempel", "order": 1}
    response = bureau_client.post(url, data)
    assert "vergelijking" in response.content.decode()  # threshold needs operator and value
    assert not Indicator.objects.exists()
    response = bureau_client.post(url, {**data, "norm_operator": "<=", "norm_value": "1"})
    assert response.status_code == 302
    assert Indicator.objects.get().norm_value == 1
    # the code must be unique within the plan
    response = bureau_client.post(url, {**data, "norm_operator": "<=", "norm_value": "1"})
    assert "bestaat al" in response.content.decode()


def test_locked_plan_needs_reason_and_records_amendment(bureau_client, swv):
    goal = GoalFactory(theme__plan__swv=swv)
    plan = goal.plan
    plan.adopted_on = date(2024, 10, 7)
    plan.save()
    url = reverse("plans:element_edit", args=["doel", goal.pk])
    data = {"theme": goal.theme_id, "code": goal.code, "title": "Nieuwe titel", "order": 0}
    response = bureau_client.post(url, data)
    assert response.status_code == 200 and "reden" in response.content.decode().lower()
    assert Goal.objects.get(pk=goal.pk).title != "Nieuwe titel"
    response = bureau_client.post(url, {**data, "reason": "Besluit RvT"})
    assert response.status_code == 302
    assert Amendment.objects.get().reason == "Besluit RvT"


def test_concurrent_indicator_edit_is_detected(bureau_client, swv):
    indicator = IndicatorFactory(goal__theme__plan__swv=swv)
    url = reverse("plans:element_edit", args=["indicator", indicator.pk])
    base = {"goal": indicator.goal_id, "code": indicator.code, "norm_kind": "geen", "order": 0, "version": 1}
    assert bureau_client.post(url, {**base, "title": "Eerste"}).status_code == 302
    response = bureau_client.post(url, {**base, "title": "Tweede"})
    assert response.status_code == 200
    assert "Iemand anders" in response.content.decode()
    assert Indicator.objects.get(pk=indicator.pk).title == "Eerste"


def test_budget_and_realisation_per_tertiaal(bureau_client, swv):
    year_plan = YearPlanFactory(plan__swv=swv)
    bureau_client.post(
        reverse("plans:budget_edit", args=[year_plan.pk]), {"total": "10397136", "mandatory_contributions": "5027067"}
    )
    bureau_client.post(
        reverse("plans:element_new", args=["begrotingsregel", year_plan.pk]),
        {"label": "Speerpunt 1", "amount": "5718331", "order": 1},
    )
    line = year_plan.budget.lines.get()
    url = reverse("plans:realisation_add", args=[year_plan.pk])
    bureau_client.post(url, {"line": line.pk, "tertiaal": "2024-T3", "amount": "1000"})
    bureau_client.post(url, {"line": line.pk, "tertiaal": "2024-T3", "amount": "1500"})
    assert BudgetRealisation.objects.get().amount == 1500
    page = bureau_client.get(reverse("plans:budget", args=[year_plan.pk])).content.decode()
    assert "EUR -348.262" in page  # 10.397.136 - 5.027.067 - 5.718.331
    assert "EUR 1.500" in page


def test_owner_cannot_edit_structure(client, swv):
    user = UserFactory()
    member(user, swv, "eigenaar")
    client.force_login(user)
    plan = PlanFactory(swv=swv)
    assert client.get(reverse("plans:element_new", args=["thema", plan.pk])).status_code == 403


def test_other_swv_element_is_not_found(bureau_client, other_swv):
    goal = GoalFactory(theme__plan__swv=other_swv)
    assert bureau_client.get(reverse("plans:element_edit", args=["doel", goal.pk])).status_code == 404
    assert bureau_client.get(reverse("plans:element_new", args=["doel", goal.plan.pk])).status_code == 404
