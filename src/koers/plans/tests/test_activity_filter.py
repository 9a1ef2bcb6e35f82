"""One activity filter (koers.plans.filters.ActivityFilter) for the jaarplan page and the API: the same query string
gives the same activities in both."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from koers.api.filters import ActivityFilter as ApiActivityFilter
from koers.api.models import ApiToken, Scope
from koers.plans.filters import ActivityFilter
from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GoalFactory,
    MainActivityFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(swv):
    plan = PlanFactory(swv=swv)
    theme_a, theme_b = ThemeFactory(plan=plan), ThemeFactory(plan=plan)
    goal = GoalFactory(theme=theme_a)
    main = MainActivityFactory(goal=goal)
    year_plan = YearPlanFactory(plan=plan, school_year=2024)
    owner_a, owner_b = ActorFactory(swv=swv, name="Bureau"), ActorFactory(swv=swv, name="Scholen")
    make = lambda **kw: ActivityFactory(year_plan=year_plan, swv=swv, **kw)  # noqa: E731
    activities = [
        make(description="Werkgroep starten", owner=owner_a, status="loopt", priority=True, start_text="T3 2024",
             theme=theme_a, deadline=date(2025, 3, 1)),  # late on 21-07-2025
        make(description="Netwerk onderhouden", owner=owner_b, status="afgerond", start_text="T1 2025", goal=goal),
        make(description="Scholing", owner=owner_a, status="niet_gestart", start_text="doorlopend",
             main_activity=main, deadline=date(2026, 1, 1)),
        make(description="Werkgroep evalueren", owner=owner_b, status="loopt", theme=theme_b, start_text="T2 2025"),
    ]  # fmt: skip
    user = UserFactory()
    member(user, swv, "bureau")
    page = Client()
    page.force_login(user)
    _token, key = ApiToken.issue(user=user, swv=swv, name="test", scopes=[s.value for s in Scope])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return {
        "year_plan": year_plan, "activities": activities, "page": page, "api": api,
        "owner_a": owner_a, "theme_a": theme_a,
    }  # fmt: skip


def _page_ids(world, params):
    response = world["page"].get(reverse("plans:year_plan", args=[world["year_plan"].pk]), params)
    assert response.status_code == 200
    return {a.pk for a in response.context["activities"]}


def _api_ids(world, params):
    response = world["api"].get(reverse("api:activiteit-list"), {**params, "year_plan": world["year_plan"].pk})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_api_uses_the_same_filter_class():
    assert ApiActivityFilter is ActivityFilter


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "loopt"},
        {"status": "te_laat"},
        {"status": "te_laat", "stand": "2024-T3"},
        {"stand": "2024-T3", "status": "loopt"},
        {"priority": "true"},
        {"priority": "false"},
        {"start_tertiaal": "2024-T3"},
        {"start_tertiaal": "T1 2025"},
        {"start_tertiaal": "geen"},
        {"q": "werkgroep"},
        {"q": "werkgroep", "status": "loopt", "priority": "false"},
        {"owner": "owner_a"},
        {"theme": "theme_a"},
        {"theme": "theme_a", "owner": "owner_a", "q": "scholing"},
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "alles",
)
def test_the_same_query_string_gives_the_same_activities_in_page_and_api(world, params):
    params = {k: (world[v].pk if v in ("owner_a", "theme_a") else v) for k, v in params.items()}
    page, api = _page_ids(world, params), _api_ids(world, params)
    assert page == api, params


def test_the_filters_do_filter(world):
    werkgroep_start, netwerk, scholing, werkgroep_eval = (a.pk for a in world["activities"])
    assert _api_ids(world, {"status": "te_laat"}) == {werkgroep_start}
    assert _api_ids(world, {"theme": world["theme_a"].pk}) == {werkgroep_start, netwerk, scholing}
    assert _api_ids(world, {"q": "werkgroep"}) == {werkgroep_start, werkgroep_eval}
    assert _api_ids(world, {"start_tertiaal": "geen"}) == {scholing}
    assert _page_ids(world, {"priority": "true", "owner": world["owner_a"].pk}) == {werkgroep_start}


def test_the_page_form_as_the_browser_sends_it_with_every_field(world):
    """htmx sends the whole form: the empty fields count as "all"."""
    scholing = world["activities"][2].pk
    empty = {"q": "", "owner": "", "stand": "", "status": "", "priority": "", "start_tertiaal": "", "theme": ""}
    response = world["page"].get(
        reverse("plans:year_plan", args=[world["year_plan"].pk]), {**empty, "start_tertiaal": "geen"}
    )
    assert response.context["form"].errors == {}
    assert response.context["filtered"] is True
    assert {a.pk for a in response.context["activities"]} == {scholing}
    assert "Scholing" in response.content.decode()


def test_the_page_form_leaves_out_the_api_only_ids(world):
    form = ActivityFilter({}, queryset=None, year_plan=world["year_plan"]).form
    assert set(form.fields) == {"q", "owner", "stand", "status", "priority", "start_tertiaal", "theme"}
    assert "year_plan" in ActivityFilter({}).form.fields
