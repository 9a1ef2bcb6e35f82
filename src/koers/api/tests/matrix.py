"""Entries of the API for the access matrix in ``tests/test_access_matrix.py`` (which is not owned by the API).

Use there::

    from koers.api.tests.matrix import api_expectations, api_world
    EXPECTATIONS.update(api_expectations(Rule))
    # and in _world(swv): world.update(api_world(swv, world))

API endpoints answer an anonymous request with 401 (no redirect to the login page): ``anonymous="deny"``.
"""

from datetime import date

from koers.organisations.models import Gemeente, Gremium, Ketenpartner, StaffMember, Werkgebied
from koers.plans.models import Activity, ActivityUpdate, UpdateRound
from koers_dev.testing.factories import SchoolFactory

ALL = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
ORGANISATIONS = {"beheerder", "bureau", "eigenaar", "schoolbestuur"}
MONITORING = {"beheerder", "bureau", "schoolbestuur", "toezicht"}

# route basename -> (roles, world key of the object)
_VIEWSETS = {
    "schoolbestuur": (ORGANISATIONS, "api_bestuur"),
    "school": (ORGANISATIONS, "api_school"),
    "werkgebied": (ORGANISATIONS, "api_werkgebied"),
    "gemeente": (ORGANISATIONS, "api_gemeente"),
    "ketenpartner": (ORGANISATIONS, "api_ketenpartner"),
    "gremium": (ORGANISATIONS, "api_gremium"),
    "medewerker": (ORGANISATIONS, "api_staff"),
    "eigenaar": (ALL, "api_owner"),
    "plan": (ALL, "plan"),
    "thema": (ALL, "api_theme"),
    "doel": (ALL, "goal"),
    "indicator": (ALL, "indicator"),
    "hoofdactiviteit": (ALL, "main_activity"),
    "jaarplan": (ALL, "year_plan"),
    "activiteit": (ALL, "activity"),
    "voortgang": (ALL, "api_update"),
    "ronde": (ALL, "api_round"),
    "traject": ({"beheerder", "bureau"}, "trajectory"),
    "thematafel": ({"beheerder", "bureau"}, "table"),
}


def api_expectations(rule):
    """``rule`` is the matrix's Rule(allowed, kwargs, anonymous=..., scoped=...)."""
    entries = {
        "api:swv": rule(ORGANISATIONS, {}, anonymous="deny", scoped=False),
        "api:maten": rule(MONITORING, {}, anonymous="deny", scoped=False),
        "api:metingen": rule(MONITORING, {"pk": "indicator"}, anonymous="deny"),
        "api:maat": rule(MONITORING, {"code": "=tlv_afgegeven"}, anonymous="deny", scoped=False),
        "api:indicator_vooruitblik": rule(MONITORING, {"pk": "api_forecast_indicator"}, anonymous="deny"),
        "api:maat_vooruitblik": rule(MONITORING, {"code": "=tlv_afgegeven"}, anonymous="deny", scoped=False),
        "api:vooruitblik_leerlingen": rule(MONITORING, {}, anonymous="deny", scoped=False),
        "api:verzuim_redenen": rule(MONITORING, {}, anonymous="deny", scoped=False),
        "api:schema": rule(ALL, {}, anonymous="allow", scoped=False),
        "api:docs": rule(ALL, {}, anonymous="allow", scoped=False),
        # a new token is shown once on the page itself: 201
        "api:tokens": rule(
            ALL,
            {},
            scoped=False,
            methods=("GET", "POST"),
            post={"name": "Koppeling", "scopes": "plans:read"},
            post_ok=(201,),
        ),
        # the user's own token (another user's is not found: the other SWV's case)
        "api:token_revoke": rule(ALL, {"pk": "api_token"}, methods=("POST",)),
        # money (koers.finance): for whoever may read plans
        "api:geld_tarieven": rule(ALL, {}, anonymous="deny", scoped=False),
        "api:geld_netwerk": rule(ALL, {}, anonymous="deny", scoped=False),
        "api:geld_jaarrekeningen": rule(ALL, {}, anonymous="deny", scoped=False),
        "api:geld_begroting": rule(ALL, {"pk": "api_budget_year_plan"}, anonymous="deny"),
        "api:geld_vooruitblik": rule(ALL, {}, anonymous="deny", scoped=False),
    }
    for basename, (roles, key) in _VIEWSETS.items():
        entries[f"api:{basename}-list"] = rule(roles, {}, anonymous="deny", scoped=False)
        entries[f"api:{basename}-detail"] = rule(roles, {"pk": key}, anonymous="deny")
    return entries


def _budget_year_plan(swv, year_plan):
    """A jaarplan with a begroting, for /api/v1/geld/begroting/<id>/."""
    from koers.plans.models import Budget

    Budget.unscoped.get_or_create(swv=swv, year_plan=year_plan, defaults={"total": 1})
    return year_plan.pk


def api_world(swv, world):
    """The objects the API needs beyond the matrix's own world."""
    from koers.api.models import ApiToken
    from koers_dev.testing.factories import UserFactory

    activity = Activity.unscoped.get(pk=world["activity"])
    from koers.plans.models import Goal
    from koers_dev.testing.factories import IndicatorFactory

    school = SchoolFactory(swv=swv)
    from koers.trajectory.tests.matrix import world as trajectory_world

    holder = UserFactory()  # the access matrix revokes each user's own token instead
    goal = Goal.unscoped.filter(plan=activity.year_plan.plan).order_by("pk").first()
    return {
        **trajectory_world(swv, world),  # "trajectory" and "table" for the trajectory endpoints
        "api_token": ApiToken.issue(user=holder, swv=swv, name="Koppeling", scopes=["plans:read"])[0].pk,
        "api_bestuur": school.bestuur_id,
        "api_school": school.pk,
        "api_werkgebied": Werkgebied.unscoped.create(swv=swv, name="Kern").pk,
        "api_gemeente": Gemeente.unscoped.create(swv=swv, name="Gemeente").pk,
        "api_ketenpartner": Ketenpartner.unscoped.create(swv=swv, name="Jeugdteam").pk,
        "api_gremium": Gremium.unscoped.create(swv=swv, name="OPR").pk,
        "api_staff": StaffMember.unscoped.create(swv=swv, name="Medewerker").pk,
        "api_owner": activity.owner_id,
        "api_forecast_indicator": IndicatorFactory(goal=goal, measure_code="tlv_afgegeven").pk,
        "api_theme": activity.year_plan.plan.themes.first().pk,
        "api_update": ActivityUpdate.unscoped.create(
            swv=swv, activity=activity, tertiaal="2024-T3", status="loopt", happened="Gestart."
        ).pk,
        "api_budget_year_plan": _budget_year_plan(swv, activity.year_plan),
        "api_round": UpdateRound.unscoped.create(
            swv=swv, year_plan=activity.year_plan, tertiaal="2025-T1", deadline=date(2099, 1, 31)
        ).pk,
    }
