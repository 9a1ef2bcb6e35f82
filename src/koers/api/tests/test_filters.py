"""Filters and pagination."""

from django.urls import reverse

from koers_dev.testing.factories import ActivityFactory


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_activity_filters(own, other, make_client):
    client = make_client("eigenaar")
    url = reverse("api:activiteit-list")
    both = {own["activity"], own["other_activity"]}
    assert _ids(client.get(url, {"year_plan": own["year_plan"]})) == both
    assert _ids(client.get(url, {"year_plan": other["year_plan"]})) == set()  # another SWV's id: nothing
    assert _ids(client.get(url, {"status": "loopt"})) == {own["activity"]}
    assert _ids(client.get(url, {"status": ["loopt", "afgerond"]})) == both
    assert _ids(client.get(url, {"priority": "true"})) == {own["activity"]}
    assert _ids(client.get(url, {"owner": own["owner"]})) == {own["activity"]}
    assert _ids(client.get(url, {"start_tertiaal": "2024-T3"})) == {own["activity"]}
    assert _ids(client.get(url, {"start_tertiaal": "T1 2025"})) == {own["other_activity"]}
    assert _ids(client.get(url, {"start_tertiaal": "T9 2025"})) == set()
    assert _ids(client.get(url, {"plan": own["plan"], "q": "activiteit"})) == both


def test_invalid_filter_values_are_a_400(own, make_client):
    client = make_client("bureau")
    for params in ({"year_plan": "abc"}, {"status": "onzin"}, {"owner": "0"}, {"owner": str(2**70)}):
        response = client.get(reverse("api:activiteit-list"), params)
        assert response.status_code == 400, params


def test_updates_by_activity(own, make_client):
    client = make_client("toezicht")
    url = reverse("api:voortgang-list")
    assert _ids(client.get(url, {"activity": own["activity"]})) == {own["update"]}
    assert _ids(client.get(url, {"activity": own["other_activity"]})) == set()
    assert _ids(client.get(url, {"tertiaal": "T3 2024"})) == {own["update"]}


def test_school_filters(own, make_client):
    client = make_client("schoolbestuur")
    url = reverse("api:school-list")
    assert _ids(client.get(url, {"school_type": "SBO"})) == {own["school"]}
    assert _ids(client.get(url, {"bestuur": own["bestuur"]})) == {own["school"]}
    assert _ids(client.get(url)) == {own["school"], own["bo_school"]}


def test_plan_part_filters(own, make_client):
    client = make_client("bureau")
    assert _ids(client.get(reverse("api:indicator-list"), {"goal": own["goal"]})) == {own["indicator"]}
    assert _ids(client.get(reverse("api:doel-list"), {"theme": own["theme"]})) == {own["goal"]}
    assert _ids(client.get(reverse("api:jaarplan-list"), {"school_year": 2024})) == {own["year_plan"]}
    assert _ids(client.get(reverse("api:jaarplan-list"), {"school_year": 2030})) == set()


def test_pagination(own, make_client):
    from koers.plans.models import YearPlan

    year_plan = YearPlan.unscoped.get(pk=own["year_plan"])
    for _ in range(5):
        ActivityFactory(year_plan=year_plan)
    client = make_client("bureau")
    url = reverse("api:activiteit-list")
    first = client.get(url, {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get(url, {"page_size": 3, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    seen = {r["id"] for page in (1, 2, 3) for r in client.get(url, {"page_size": 3, "page": page}).json()["results"]}
    assert len(seen) == 7
    assert client.get(url, {"page": 99}).status_code == 404
    assert len(client.get(url, {"page_size": 10_000}).json()["results"]) == 7  # capped at 500, not an error


def test_odd_stored_school_years_do_not_break_the_list(own, make_client):
    from koers.plans.models import MainActivity

    MainActivity.unscoped.filter(pk=own["main_activity"]).update(school_years=[2024, "2025", "doorlopend", None])
    response = make_client("bureau").get(reverse("api:hoofdactiviteit-detail", args=[own["main_activity"]]))
    assert response.json()["school_years"] == [2024, 2025]
