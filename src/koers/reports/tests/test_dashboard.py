"""The dashboard (home page): figures with links, period choice, exports, and a fixed number of queries."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from koers.plans.models import ActivityUpdate, BudgetRealisation
from koers_dev.testing.factories import ActivityFactory

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard:home")
PERIOD = {"schooljaar": "2024", "tertiaal": "2024-T3"}


def test_dashboard_shows_indicators_activities_late_and_budget(bureau_client, plan_world, monitoring_values):
    page = bureau_client.get(HOME, PERIOD).content.decode()
    year_plan = plan_world.year_plan
    # indicators per theme and doel, with status and a link to the indicator
    assert "Speerpunt 1: Inclusief onderwijs" in page and "Doel 3:" in page
    assert "Deelnamepercentage SBO" in page and "2,9%" in page and "Niet behaald" in page
    for indicator in plan_world.plan.indicators.all():
        assert reverse("monitoring:indicator", args=[indicator.pk]) in page
    # activities by status link to the filtered jaarplan
    base = reverse("plans:year_plan", args=[year_plan.pk])
    assert f"{base}?status=loopt" in page and f"{base}?status=te_laat" in page
    # late: deadline 1-11-2024 passed at the end of T3 2024
    late = plan_world.activities[1]
    assert reverse("plans:activity", args=[late.pk]) in page
    # budget: allocated and realised up to T3 2024 (the T1 2025 realisation is not counted yet)
    assert "EUR 3.328.484" in page and "EUR 1.000.000" in page
    assert reverse("plans:budget", args=[year_plan.pk]) in page
    assert "Tertiaalrapportage T3 2024 maken" in page


def test_dashboard_period_choice(bureau_client, plan_world, monitoring_values):
    page = bureau_client.get(HOME, {"schooljaar": "2024", "tertiaal": "2025-T1"}).content.decode()
    assert 'value="2025-T1" selected' in page
    assert "EUR 1.400.000" in page  # realised through T1 2025
    # a tertiaal outside the school year falls back to one inside it
    page = bureau_client.get(HOME, {"schooljaar": "2024", "tertiaal": "2030-T1"}).content.decode()
    assert 'value="2025-T2" selected' in page and 'value="2030-T1"' not in page


def test_dashboard_keeps_the_demo_notice(bureau_client, plan_world, swv):
    swv.is_demo = True
    swv.save()
    assert "synthetisch" in bureau_client.get(HOME).content.decode()


def test_dashboard_tables_export_to_csv_and_excel(bureau_client, plan_world, monitoring_values):
    response = bureau_client.get(HOME, {**PERIOD, "export": "csv", "tabel": "status"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Status;Aantal" and "Loopt;1" in text
    response = bureau_client.get(HOME, {**PERIOD, "export": "xlsx", "tabel": "begroting"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Regel", "Toegewezen", "Gerealiseerd", "Deel")
    assert rows[1][1] == 3328484 and rows[1][2] == 1000000


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME, PERIOD)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_activities_or_measurements(
    bureau_client, plan_world, monitoring_values, django_assert_max_num_queries
):
    _count_queries(bureau_client)  # warm up: the first request of a process also asks whether Koers is set up
    few = _count_queries(bureau_client)
    goal = plan_world.goals[0]
    for n in range(40):
        activity = ActivityFactory(
            year_plan=plan_world.year_plan, goal=goal, deadline=date(2024, 10, 1), owner=plan_world.activities[0].owner
        )
        ActivityUpdate.unscoped.create(
            swv=activity.swv, activity=activity, tertiaal="2024-T3", status="loopt", happened=f"{n}"
        )
    line = plan_world.budget.lines.first()
    BudgetRealisation.unscoped.create(swv=line.swv, line=line, tertiaal="2024-T2", amount=5)
    many = _count_queries(bureau_client)
    assert many == few
    with django_assert_max_num_queries(few):
        bureau_client.get(HOME, PERIOD)


def test_home_without_plans(bureau_client):
    page = bureau_client.get(HOME).content.decode()
    assert "Nog geen plannen" in page


def test_bench_rows_measure_pdf_and_dashboard(plan_world, monitoring_values, bureau_user):
    from koers.reports.bench import bench_rows

    rows = bench_rows(large_data=False)
    assert [target for _name, _seconds, target in rows] == [5.0, 0.2, 1.0, 0.2, 0.2]
    assert "zonder cache" in rows[1][0] and "met cache" in rows[3][0]
    assert rows[2][0].startswith("dashboard-Vooruitblik, zonder cache") and "Vooruitblik, met cache" in rows[4][0]
    assert all(len(name) <= 68 for name, _seconds, _target in rows)  # koers bench prints 68 characters
    assert all(seconds > 0 for _name, seconds, _target in rows)


def test_per_theme_activity_statuses_and_budget(bureau_client, plan_world, monitoring_values):
    page = bureau_client.get(HOME, PERIOD).content.decode()
    theme = plan_world.themes[1]
    base = reverse("plans:year_plan", args=[plan_world.year_plan.pk])
    assert f"{base}?theme={theme.pk}&amp;status=afgerond" in page
    assert "EUR 0 van EUR 1.182.535 gerealiseerd" in page


def test_activity_statuses_are_those_of_the_chosen_tertiaal(bureau_user, swv):
    """Like the tertiaalrapportage: the latest update up to the tertiaal, not today's status."""
    from django.test import RequestFactory

    from koers.accounts.audience import for_membership
    from koers.accounts.models import Membership
    from koers.plans.models import Activity
    from koers.plans.selectors import with_status_at
    from koers.reports.dashboard import dashboard
    from koers_dev.testing.factories import YearPlanFactory

    year_plan = YearPlanFactory(plan__swv=swv)
    updated = ActivityFactory(year_plan=year_plan, status="afgerond")
    for tertiaal, status in (("2024-T3", "loopt"), ("2025-T2", "afgerond")):
        ActivityUpdate.unscoped.create(swv=swv, activity=updated, tertiaal=tertiaal, status=status, happened="x")
    late_start = ActivityFactory(year_plan=year_plan, status="loopt")
    ActivityUpdate.unscoped.create(swv=swv, activity=late_start, tertiaal="2025-T1", status="loopt", happened="x")
    ActivityFactory(year_plan=year_plan, status="uitgesteld")  # never updated: the status from the plan counts

    def counts(key):
        request = RequestFactory().get("/", {"schooljaar": "2024", "tertiaal": key})
        request.user, request.swv, request.htmx = bureau_user, swv, False
        request.membership = Membership.unscoped.get(user=bureau_user, swv=swv)
        request.audience = for_membership(request.membership)
        rows = dashboard(request)["tables"]["status"].rows
        return {row["status"]: row["count"] for row in rows if row["count"]}

    assert counts("2024-T3") == {"Loopt": 1, "Niet gestart": 1, "Uitgesteld": 1, "Totaal": 3}
    assert counts("2025-T1") == {"Loopt": 2, "Uitgesteld": 1, "Totaal": 3}
    assert counts("2025-T2") == {"Afgerond": 1, "Loopt": 1, "Uitgesteld": 1, "Totaal": 3}
    from koers.core.periods import Tertiaal

    at = dict(
        with_status_at(Activity.unscoped.filter(year_plan=year_plan), Tertiaal(2024, 3)).values_list("pk", "status_at")
    )
    assert at[updated.pk] == "loopt" and at[late_start.pk] == "niet_gestart"


def test_numbers_in_urls_and_form_values_are_not_formatted(bureau_client, plan_world, monitoring_values):
    """USE_THOUSAND_SEPARATOR would turn 2024 into 2.024 in an option value or a link (reviewer found ?schooljaar=2,024)."""
    page = bureau_client.get(HOME, PERIOD).content.decode()
    assert '<option value="2024"' in page and "2.024" not in page
