import pytest
from django.urls import reverse

from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GoalFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

pytestmark = pytest.mark.django_db


def test_year_plan_tree_and_filter(bureau_client, swv):
    goal = GoalFactory(theme__plan__swv=swv)
    year_plan = YearPlanFactory(plan=goal.plan)
    besturen = ActorFactory(swv=swv, name="Schoolbesturen")
    ActivityFactory(year_plan=year_plan, goal=goal, owner=besturen, description="Procesbegeleiding herijking")
    ActivityFactory(year_plan=year_plan, goal=goal, description="Website vernieuwen")
    url = reverse("plans:year_plan", args=[year_plan.pk])
    page = bureau_client.get(url).content.decode()
    assert "Procesbegeleiding herijking" in page and "Website vernieuwen" in page
    page = bureau_client.get(url, {"owner": besturen.pk}).content.decode()
    assert "Procesbegeleiding herijking" in page and "Website vernieuwen" not in page


def test_other_swv_objects_are_not_found(bureau_client, other_swv):
    activity = ActivityFactory(year_plan__plan__swv=other_swv)
    assert bureau_client.get(reverse("plans:activity", args=[activity.pk])).status_code == 404
    assert bureau_client.get(reverse("plans:year_plan", args=[activity.year_plan.pk])).status_code == 404


def test_owner_posts_update_but_cannot_edit(client, swv):
    user = UserFactory()
    member(user, swv, "eigenaar")
    actor = ActorFactory(swv=swv)
    actor.users.add(user)
    activity = ActivityFactory(year_plan__plan__swv=swv, owner=actor)
    client.force_login(user)
    url = reverse("plans:activity", args=[activity.pk])
    response = client.post(url, {"tertiaal": "2025-T1", "status": "loopt", "happened": "Eerste bijeenkomst gehouden."})
    assert response.status_code == 302
    assert "Eerste bijeenkomst gehouden." in client.get(url).content.decode()
    assert client.get(reverse("plans:activity_edit", args=[activity.pk])).status_code == 403
    mine = client.get(reverse("plans:my_activities")).content.decode()
    assert activity.description in mine


def test_owner_cannot_update_someone_elses_activity(client, swv):
    user = UserFactory()
    member(user, swv, "eigenaar")
    activity = ActivityFactory(year_plan__plan__swv=swv)
    client.force_login(user)
    response = client.post(
        reverse("plans:activity", args=[activity.pk]),
        {"tertiaal": "2025-T1", "status": "loopt", "happened": "x"},
    )
    assert response.status_code == 403
    assert activity.updates.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("plans:plan_list"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_jaarplan_filter_by_status_as_of_a_tertiaal(bureau_client, swv):
    """The dashboard's counts for T3 2024 link here with stand=2024-T3: the list must match them."""
    from koers.plans.models import ActivityUpdate
    from koers_dev.testing.factories import ActivityFactory, YearPlanFactory

    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    done_later = ActivityFactory(year_plan=year_plan, status="afgerond", description="Later afgerond")
    ActivityUpdate.unscoped.create(swv=swv, activity=done_later, tertiaal="2024-T3", status="loopt", happened="x")
    ActivityUpdate.unscoped.create(swv=swv, activity=done_later, tertiaal="2025-T2", status="afgerond", happened="x")
    url = reverse("plans:year_plan", args=[year_plan.pk])
    now = bureau_client.get(url, {"status": "afgerond"}).content.decode()
    assert "Later afgerond" in now
    then = bureau_client.get(url, {"status": "afgerond", "stand": "2024-T3"}).content.decode()
    assert "Later afgerond" not in then
    running = bureau_client.get(url, {"status": "loopt", "stand": "2024-T3"}).content.decode()
    assert "Later afgerond" in running and "status--loopt" in running
    # every tertiaal of the school year is a valid choice (T3 2024, T1 2025, T2 2025), as the dashboard links them
    for key, shown in (("2025-T1", True), ("2025-T2", False)):
        page = bureau_client.get(url, {"status": "loopt", "stand": key}).content.decode()
        assert "geen beschikbare keuze" not in page and ("Later afgerond" in page) == shown, key
