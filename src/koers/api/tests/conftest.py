import pytest
from rest_framework.test import APIClient

from koers.api.models import ApiToken, Scope
from koers.organisations.models import Gemeente, Gremium, Ketenpartner, StaffMember, Werkgebied
from koers.plans.models import ActivityUpdate, Budget, BudgetLine
from koers_dev.testing.factories import (
    ActivityFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    SchoolFactory,
    SwvFactory,
    UserFactory,
    member,
)

ROLES = ["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"]
ALL_SCOPES = [s.value for s in Scope]


def build_world(swv):
    """One of everything the API shows, in ``swv``; returns the ids by name."""
    activity = ActivityFactory(year_plan__plan__swv=swv, status="loopt", priority=True)
    year_plan = activity.year_plan
    plan = year_plan.plan
    goal = GoalFactory(theme__plan=plan, swv=swv)
    indicator = IndicatorFactory(goal=goal, unit="%")
    main = MainActivityFactory(goal=goal)
    other_activity = ActivityFactory(year_plan=year_plan, start_text="T1 2025", status="afgerond")
    update = ActivityUpdate.unscoped.create(
        swv=swv, activity=activity, tertiaal="2024-T3", status="loopt", happened="Eerste bijeenkomst gehouden."
    )
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000, mandatory_contributions=400)
    BudgetLine.unscoped.create(swv=swv, budget=budget, theme=goal.theme, amount=600)
    school = SchoolFactory(swv=swv, school_type="SBO")
    bo_school = SchoolFactory(swv=swv, school_type="BO")
    werkgebied = Werkgebied.unscoped.create(swv=swv, name=f"Kern {swv.code}")
    gemeente = Gemeente.unscoped.create(swv=swv, name=f"Gemeente {swv.code}")
    partner = Ketenpartner.unscoped.create(swv=swv, name="Jeugdteam", kind="jeugdhulp")
    gremium = Gremium.unscoped.create(swv=swv, name="Ondersteuningsplanraad", kind="OPR")
    staff = StaffMember.unscoped.create(swv=swv, name="A. de Vries", function="beleidsadviseur")
    return {
        "swv": swv,
        "plan": plan.pk,
        "theme": goal.theme_id,
        "goal": goal.pk,
        "indicator": indicator.pk,
        "main_activity": main.pk,
        "year_plan": year_plan.pk,
        "activity": activity.pk,
        "other_activity": other_activity.pk,
        "owner": activity.owner_id,
        "update": update.pk,
        "school": school.pk,
        "bo_school": bo_school.pk,
        "bestuur": school.bestuur_id,
        "werkgebied": werkgebied.pk,
        "gemeente": gemeente.pk,
        "ketenpartner": partner.pk,
        "gremium": gremium.pk,
        "staff": staff.pk,
    }


@pytest.fixture
def own(db):
    return build_world(SwvFactory(code="PO7001", name="Eigen SWV"))


@pytest.fixture
def other(db):
    return build_world(SwvFactory(code="PO7002", name="Ander SWV"))


@pytest.fixture
def make_client(own):
    """A client with a token of a user with ``role`` in the own SWV."""

    def make(role="bureau", scopes=ALL_SCOPES, swv=None):
        user = UserFactory()
        member(user, swv or own["swv"], role)
        _, key = ApiToken.issue(user=user, swv=swv or own["swv"], name="test", scopes=scopes)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        client.user = user
        return client

    return make


__all__ = ["ROLES", "build_world"]
