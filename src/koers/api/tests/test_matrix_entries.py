"""The access-matrix entries of the API cover every API route, and hold in the matrix's own way of testing."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from koers.api.tests.matrix import api_expectations, api_world
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    SwvFactory,
    UserFactory,
    member,
)


@dataclass(frozen=True)
class Rule:
    allowed: set
    kwargs: dict
    anonymous: str = "login"
    scoped: bool = True
    methods: tuple = ("GET",)
    post: object = None
    post_ok: tuple = (302,)


def _api_routes():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace == "api":
                yield f"api:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_entries_cover_every_api_route():
    assert _api_routes() == set(api_expectations(Rule))


def _world(swv):
    activity = ActivityFactory(year_plan__plan__swv=swv)
    goal = GoalFactory(theme__plan=activity.year_plan.plan, swv=swv)
    world = {
        "plan": activity.year_plan.plan_id,
        "year_plan": activity.year_plan_id,
        "activity": activity.pk,
        "goal": goal.pk,
        "indicator": IndicatorFactory(goal=goal).pk,
        "main_activity": MainActivityFactory(goal=goal).pk,
    }
    world.update(api_world(swv, world))
    return world


def _kwargs(rule, world):
    """URL kwargs from the world; a value starting with "=" is a literal (a measure code)."""
    return {k: v[1:] if v.startswith("=") else world[v] for k, v in rule.kwargs.items()}


@pytest.mark.django_db
def test_entries_hold_per_role_with_a_session():
    own, other = _world(SwvFactory(code="PO7001")), _world(SwvFactory(code="PO7002"))
    own_swv = SwvFactory(code="PO7001")
    problems = []
    for role in ("eigenaar", "toezicht"):  # between them: allowed and refused for each group of endpoints
        user = UserFactory()
        member(user, own_swv, role)
        client = Client()
        client.force_login(user)
        for name, rule in api_expectations(Rule).items():
            if rule is None or "GET" not in rule.methods:
                continue
            kwargs = _kwargs(rule, own)
            status = client.get(reverse(name, kwargs=kwargs)).status_code
            if (role in rule.allowed) != (status == 200):
                problems.append(f"{name} {role}: {status}")
            if rule.scoped:
                status = client.get(reverse(name, kwargs=_kwargs(rule, other))).status_code
                if status not in (403, 404):
                    problems.append(f"{name} {role} ander SWV: {status}")
    anonymous = Client()
    for name, rule in api_expectations(Rule).items():
        if rule is not None and rule.anonymous == "deny":
            status = anonymous.get(reverse(name, kwargs=_kwargs(rule, own))).status_code
            if status not in (401, 403):
                problems.append(f"{name} anoniem: {status}")
    assert not problems, problems
