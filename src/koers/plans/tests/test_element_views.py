from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.plans.models import Amendment, Budget, BudgetLine, BudgetRealisation, Goal, Indicator, Plan, Theme
from koers_dev.testing.factories import GoalFactory, IndicatorFactory, PlanFactory, UserFactory, YearPlanFactory, member

pytestmark = pytest.mark.django_db


def test_new_plan_with_level_template(bureau_client, swv):
    response = bureau_client.post(
        reverse("plans:plan_new"),
        {"title": "OSP 2026-2030", "code": "osp-2026", "first_year": 2026, "last_year": 2029, "template": "thema"},
    )
    assert response.status_code == 302
    plan = Plan.unscoped.get(code="osp-2026")
    assert (plan.swv, plan.theme_label, plan.indicator_label) == (swv, "Thema", "Resultaat")


def test_add_theme_goal_and_indicator_with_norm_validation(bureau_client, swv):
    plan = PlanFactory(swv=swv)
    bureau_client.post(
        reverse("plans:element_new", args=["thema", plan.pk]), {"code": "1", "title": "Inclusief", "order": 1}
    )
    theme = Theme.unscoped.get(plan=plan)
    bureau_client.post(
        reverse("plans:element_new", args=["doel", plan.pk]),
        {"theme": theme.pk, "code": "1", "title": "Visie", "order": 1},
    )
    goal = Goal.unscoped.get(plan=plan)
    url = reverse("plans:element_new", args=["indicator", plan.pk])
    data = {"goal": goal.pk, "code": "I1", "title": "Thuiszitters", "norm_kind": "drempel", "order": 1}
    response = bureau_client.post(url, data)
    assert "vergelijking" in response.content.decode()  # threshold needs operator and value
    assert not Indicator.unscoped.exists()
    response = bureau_client.post(url, {**data, "norm_operator": "<=", "norm_value": "1"})
    assert response.status_code == 302
    assert Indicator.unscoped.get().norm_value == 1
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
    assert Goal.unscoped.get(pk=goal.pk).title != "Nieuwe titel"
    response = bureau_client.post(url, {**data, "reason": "Besluit RvT"})
    assert response.status_code == 302
    assert Amendment.unscoped.get().reason == "Besluit RvT"


def test_concurrent_indicator_edit_is_detected(bureau_client, swv):
    indicator = IndicatorFactory(goal__theme__plan__swv=swv)
    url = reverse("plans:element_edit", args=["indicator", indicator.pk])
    base = {"goal": indicator.goal_id, "code": indicator.code, "norm_kind": "geen", "order": 0, "version": 1}
    assert bureau_client.post(url, {**base, "title": "Eerste"}).status_code == 302
    response = bureau_client.post(url, {**base, "title": "Tweede"})
    assert response.status_code == 200
    assert "Iemand anders" in response.content.decode()
    assert Indicator.unscoped.get(pk=indicator.pk).title == "Eerste"


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
    assert BudgetRealisation.unscoped.get().amount == 1500
    page = bureau_client.get(reverse("plans:budget", args=[year_plan.pk])).content.decode()
    assert "EUR\u00a0-348.262" in page  # 10.397.136 - 5.027.067 - 5.718.331; EUR never on a line of its own
    assert "EUR\u00a01.500" in page


def test_budget_page_labels_every_cell_and_rounds_totals_once_like_the_dashboard(bureau_client, swv):
    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    budget = Budget.unscoped.create(
        swv=swv, year_plan=year_plan, total=1000, mandatory_contributions=0, note="Totaal: € 1.301,00 (was €300)."
    )
    lines = [
        BudgetLine.unscoped.create(swv=swv, budget=budget, label=f"Regel {n}", amount=Decimal("100.40"), order=n)
        for n in range(3)
    ]
    BudgetRealisation.unscoped.create(swv=swv, line=lines[0], tertiaal="2024-T3", amount=Decimal("10.50"))
    BudgetRealisation.unscoped.create(swv=swv, line=lines[1], tertiaal="2025-T1", amount=Decimal("20"))
    page = bureau_client.get(reverse("plans:budget", args=[year_plan.pk])).content.decode()
    # 3 x 100,40 = 301,20: rounded once, at the end (rounding each line first would give 300)
    assert '<td class="num" data-label="Begroot">EUR\u00a0301</td>' in page
    # on a phone the stacked cells keep their column: every <td> has a data-label, also per tertiaal
    assert '<td class="num" data-label="Gerealiseerd in T3 2024">EUR\u00a011</td>' in page  # 10,50 rounded
    assert '<td class="num" data-label="Gerealiseerd in T1 2025">EUR\u00a020</td>' in page  # the total row
    assert "<td>" not in page and "<td " in page
    assert page.count("data-label=") == page.count("<td ")
    # the plan's own note in the app's money format, with a non-breaking space, and why it may differ
    assert "Totaal: EUR\u00a01.301 (was EUR\u00a0300)." in page and "€" not in page
    assert "Koers telt de totalen op uit de regels" in page
    # the dashboard shows the same total
    home = bureau_client.get(reverse("dashboard:home"), {"schooljaar": "2024", "tertiaal": "2025-T2"}).content.decode()
    assert "EUR 31 van EUR 301 gerealiseerd" in home


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


def _locked_year_plan(swv):
    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    year_plan.adopted_on = date(2024, 10, 7)
    year_plan.save()
    return year_plan


def test_budget_edit_over_an_adopted_year_plan_needs_a_reason_and_writes_an_amendment(bureau_client, swv):
    year_plan = _locked_year_plan(swv)
    Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000)
    url = reverse("plans:budget_edit", args=[year_plan.pk])
    data = {"total": "2000", "mandatory_contributions": "0"}
    page = bureau_client.post(url, data).content.decode()
    assert "Dit jaarplan is vastgesteld op 07-10-2024. Geef de reden van de wijziging op." in page
    assert Budget.unscoped.get().total == 1000 and not Amendment.unscoped.exists()
    assert page.count('name="reason"') == 1  # the form's own field, not a second hand-written one
    response = bureau_client.post(url, {**data, "reason": "Begrotingswijziging AB 12-11"})
    assert response.status_code == 302 and Budget.unscoped.get().total == 2000
    amendment = Amendment.unscoped.get()
    assert (amendment.reason, amendment.year_plan, amendment.plan) == (
        "Begrotingswijziging AB 12-11",
        year_plan,
        year_plan.plan,
    )
    assert "Totaal begroting" in amendment.summary and "Reden" not in amendment.summary


def test_realisation_in_an_open_tertiaal_needs_no_reason_after_adoption(bureau_client, swv):
    """Every realisation is entered after the vaststelling: that alone asks no reason, and writes no amendment."""
    year_plan = _locked_year_plan(swv)
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000)
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, label="Speerpunt 1", amount=500)
    url = reverse("plans:realisation_add", args=[year_plan.pk])
    page = bureau_client.get(url).content.decode()
    assert 'name="reason"' not in page
    assert bureau_client.post(url, {"line": line.pk, "tertiaal": "2024-T3", "amount": "100"}).status_code == 302
    assert BudgetRealisation.unscoped.get().amount == 100 and not Amendment.unscoped.exists()


def test_realisation_after_adoption_and_an_issued_tertiaal_needs_a_reason_there(bureau_client, swv):
    from koers.reports.models import Report

    year_plan = _locked_year_plan(swv)
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000)
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, label="Speerpunt 1", amount=500)
    Report.unscoped.create(swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="T3", status=Report.Status.ISSUED)
    url = reverse("plans:realisation_add", args=[year_plan.pk])
    data = {"line": line.pk, "tertiaal": "2024-T3", "amount": "100"}
    page = bureau_client.post(url, data).content.decode()
    assert "De tertiaalrapportage over T3 2024 is al uitgebracht." in page and not BudgetRealisation.unscoped.exists()
    assert "Alleen verplicht als de tertiaalrapportage over dit tertiaal al is uitgebracht" in page
    assert bureau_client.post(url, {**data, "reason": "Factuur T3"}).status_code == 302
    amendment = Amendment.unscoped.get()
    assert amendment.reason == "Factuur T3" and "Realisatie T3 2024" in amendment.summary
    # the next tertiaal is open: no reason, no amendment
    assert bureau_client.post(url, {**data, "tertiaal": "2025-T1"}).status_code == 302
    assert Amendment.unscoped.count() == 1 and BudgetRealisation.unscoped.count() == 2


def test_realisation_for_an_issued_tertiaal_needs_a_reason(bureau_client, swv):
    from koers.reports.models import Report

    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)  # not adopted
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000)
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, label="Speerpunt 1", amount=500)
    Report.unscoped.create(swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="T3", status=Report.Status.ISSUED)
    url = reverse("plans:realisation_add", args=[year_plan.pk])
    page = bureau_client.post(url, {"line": line.pk, "tertiaal": "2024-T3", "amount": "100"}).content.decode()
    assert "De tertiaalrapportage over T3 2024 is al uitgebracht." in page
    assert not BudgetRealisation.unscoped.exists()
    # another tertiaal is open as before
    assert bureau_client.post(url, {"line": line.pk, "tertiaal": "2025-T1", "amount": "50"}).status_code == 302
    assert not Amendment.unscoped.exists()
    data = {"line": line.pk, "tertiaal": "2024-T3", "amount": "100", "reason": "Late factuur"}
    assert bureau_client.post(url, data).status_code == 302
    assert Amendment.unscoped.get().reason == "Late factuur" and BudgetRealisation.unscoped.count() == 2


def test_year_plan_edit_over_an_adopted_year_plan_needs_a_reason(bureau_client, swv):
    year_plan = _locked_year_plan(swv)
    url = reverse("plans:year_plan_edit", args=[year_plan.pk])
    data = {"title": "Nieuwe titel", "introduction": ""}
    page = bureau_client.post(url, data).content.decode()
    assert "Geef de reden van de wijziging op." in page
    year_plan.refresh_from_db()
    assert year_plan.title != "Nieuwe titel" and not Amendment.unscoped.exists()
    assert bureau_client.post(url, {**data, "reason": "Typefout"}).status_code == 302
    year_plan.refresh_from_db()
    assert year_plan.title == "Nieuwe titel"
    amendment = Amendment.unscoped.get()
    assert (amendment.reason, amendment.year_plan) == ("Typefout", year_plan) and "Titel" in amendment.summary


def test_plan_edit_over_an_adopted_plan_needs_a_reason(bureau_client, swv):
    plan = PlanFactory(swv=swv, adopted_on=date(2024, 6, 1))
    url = reverse("plans:plan_edit", args=[plan.pk])
    data = {
        "title": "Nieuwe titel", "code": plan.code, "first_year": plan.first_year, "last_year": plan.last_year,
        "theme_label": "Speerpunt", "theme_label_plural": "Speerpunten", "goal_label": "Doel",
        "goal_label_plural": "Doelen", "indicator_label": "Indicator", "main_activity_label": "Hoofdactiviteit",
        "activity_label": "Jaaractiviteit",
    }  # fmt: skip
    page = bureau_client.post(url, data).content.decode()
    assert "Dit plan is vastgesteld op 01-06-2024. Geef de reden van de wijziging op." in page
    assert Plan.unscoped.get().title != "Nieuwe titel" and not Amendment.unscoped.exists()
    assert bureau_client.post(url, {**data, "reason": "Besluit AB"}).status_code == 302
    assert Plan.unscoped.get().title == "Nieuwe titel"
    amendment = Amendment.unscoped.get()
    assert (amendment.plan, amendment.year_plan, amendment.reason) == (plan, None, "Besluit AB")


def test_adoption_after_the_vaststelling_needs_a_reason(bureau_client, swv):
    from koers_dev.testing.factories import GremiumFactory

    year_plan = _locked_year_plan(swv)
    gremium = GremiumFactory(swv=swv)
    url = reverse("plans:adoptions", args=[year_plan.pk])
    data = {"gremium": gremium.pk, "kind": "besproken", "date": "12-11-2024", "note": ""}
    page = bureau_client.post(url, data).content.decode()
    assert "Geef de reden van de wijziging op." in page and not year_plan.adoptions.exists()
    assert bureau_client.post(url, {**data, "reason": "OPR achteraf geïnformeerd"}).status_code == 302
    assert year_plan.adoptions.count() == 1
    assert Amendment.unscoped.get().reason == "OPR achteraf geïnformeerd"


def test_first_budget_line_brings_its_budget_and_a_get_writes_nothing(bureau_client, swv):
    year_plan = YearPlanFactory(plan__swv=swv)
    url = reverse("plans:element_new", args=["begrotingsregel", year_plan.pk])
    assert bureau_client.get(url).status_code == 200
    assert not Budget.unscoped.exists()  # opening the form used to create an empty budget
    assert bureau_client.post(url, {"label": "Speerpunt 1", "amount": "10", "order": 1}).status_code == 302
    assert Budget.unscoped.get().lines.get().label == "Speerpunt 1"
