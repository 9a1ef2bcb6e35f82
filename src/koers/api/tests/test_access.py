"""Every endpoint × every role × own and other SWV, by token and by session."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from koers.api.tests.conftest import ROLES
from koers_dev.testing.factories import UserFactory, member

PLAN_ROLES = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
ORG_ROLES = {"beheerder", "bureau", "eigenaar", "schoolbestuur"}
MONITORING_ROLES = {"beheerder", "bureau", "schoolbestuur", "toezicht"}

# route basename -> (roles allowed, world key of its object, or None for an endpoint without detail)
ENDPOINTS = {
    "schoolbestuur": (ORG_ROLES, "bestuur"),
    "school": (ORG_ROLES, "school"),
    "werkgebied": (ORG_ROLES, "werkgebied"),
    "gemeente": (ORG_ROLES, "gemeente"),
    "ketenpartner": (ORG_ROLES, "ketenpartner"),
    "gremium": (ORG_ROLES, "gremium"),
    "medewerker": (ORG_ROLES, "staff"),
    "eigenaar": (PLAN_ROLES, "owner"),
    "plan": (PLAN_ROLES, "plan"),
    "thema": (PLAN_ROLES, "theme"),
    "doel": (PLAN_ROLES, "goal"),
    "indicator": (PLAN_ROLES, "indicator"),
    "hoofdactiviteit": (PLAN_ROLES, "main_activity"),
    "jaarplan": (PLAN_ROLES, "year_plan"),
    "activiteit": (PLAN_ROLES, "activity"),
    "voortgang": (PLAN_ROLES, "update"),
}


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("basename", sorted(ENDPOINTS))
def test_list_and_detail_per_role(basename, own, other, make_client):
    allowed_roles, key = ENDPOINTS[basename]
    for role in ROLES:
        client = make_client(role)
        listing = client.get(reverse(f"api:{basename}-list"))
        detail = client.get(reverse(f"api:{basename}-detail", args=[own[key]]))
        foreign = client.get(reverse(f"api:{basename}-detail", args=[other[key]]))
        if role in allowed_roles:
            assert listing.status_code == 200, (role, listing.content)
            assert own[key] in _ids(listing)
            assert other[key] not in _ids(listing), "object of another SWV in the list"
            assert detail.status_code == 200
            assert detail.json()["id"] == own[key]
            assert foreign.status_code == 404, "object of another SWV must be 404"
        else:
            assert listing.status_code == 403, (role, basename)
            assert detail.status_code == 403


@pytest.mark.parametrize(
    "name,kwargs_key,roles",
    [
        ("api:swv", None, ORG_ROLES),
        ("api:metingen", "indicator", MONITORING_ROLES),
        ("api:maten", None, MONITORING_ROLES),
    ],
)
def test_single_endpoints_per_role(name, kwargs_key, roles, own, other, make_client):
    for role in ROLES:
        client = make_client(role)
        args = [own[kwargs_key]] if kwargs_key else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == (200 if role in roles else 403), (role, response.content)
        if kwargs_key and role in roles:
            assert client.get(reverse(name, args=[other[kwargs_key]])).status_code == 404


def test_swv_is_the_tokens_swv(own, make_client):
    response = make_client("bureau").get(reverse("api:swv"))
    assert response.json()["code"] == "PO7001"


def test_anonymous_is_refused(own):
    response = APIClient().get(reverse("api:plan-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_uses_the_current_swv_of_the_session(own, other, client):
    user = UserFactory()
    member(user, own["swv"], "toezicht")
    member(user, other["swv"], "bureau")
    client.force_login(user)
    session = client.session
    session["koers_swv_id"] = own["swv"].pk
    session.save()
    response = client.get(reverse("api:plan-list"))
    assert response.status_code == 200
    assert _ids(response) == {own["plan"]}
    assert client.get(reverse("api:school-list")).status_code == 403  # toezicht in the current SWV
    assert client.get(reverse("api:plan-detail", args=[other["plan"]])).status_code == 404
    session = client.session
    session["koers_swv_id"] = other["swv"].pk
    session.save()
    assert _ids(client.get(reverse("api:plan-list"))) == {other["plan"]}
    assert client.get(reverse("api:school-list")).status_code == 200


def test_user_without_membership_is_refused(own, client):
    client.force_login(UserFactory())
    assert client.get(reverse("api:plan-list")).status_code == 403


def test_plan_detail_holds_the_tree(own, make_client):
    data = make_client("eigenaar").get(reverse("api:plan-detail", args=[own["plan"]])).json()
    assert [t["id"] for t in data["themes"]] == [own["theme"]]
    assert own["goal"] in [g["id"] for g in data["goals"]]
    assert [i["id"] for i in data["indicators"]] == [own["indicator"]]
    assert [m["id"] for m in data["main_activities"]] == [own["main_activity"]]
    assert [y["id"] for y in data["year_plans"]] == [own["year_plan"]]


def test_year_plan_detail_holds_the_budget(own, make_client):
    data = make_client("toezicht").get(reverse("api:jaarplan-detail", args=[own["year_plan"]])).json()
    assert data["budget"]["total"] == "1000.00"
    assert data["budget"]["lines"][0]["amount"] == "600.00"


def test_no_pupil_level_or_secret_fields(own, make_client):
    client = make_client("bureau")
    for basename in ENDPOINTS:
        for row in client.get(reverse(f"api:{basename}-list")).json()["results"]:
            assert not {"bsn", "pseudonym", "key_hash", "password", "user"} & set(row)
