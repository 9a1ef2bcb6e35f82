"""A feedback round on the jaaractiviteiten of the draft's first jaarplan: an invitee comments per activity (code
and description only, no owner), the round and the appendix group the comments per activity, under the element
the activity belongs to; activities of a later jaarplan or another plan are not part of the draft's text."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from koers.consultation import services
from koers.consultation.content import draft_elements
from koers.consultation.documents import appendix_payload
from koers.consultation.models import Comment
from koers.core.audience import Audience
from koers.plans.models import Plan
from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GoalFactory,
    MainActivityFactory,
    PlanFactory,
    SwvFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    swv = SwvFactory()
    plan = PlanFactory(swv=swv, status=Plan.Status.DRAFT, first_year=2025, last_year=2028, activity_label="Actie")
    goal = GoalFactory(theme__plan=plan, plan=plan, swv=swv, code="1.1", title="Elk kind een passende plek")
    main = MainActivityFactory(goal=goal, plan=plan, swv=swv, code="1.1.1", title="Arrangementen dichtbij huis")
    first = YearPlanFactory(plan=plan, school_year=2025, title="Jaarplan 2025-2026")
    owner = ActorFactory(swv=swv, name="Geheime eigenaar")
    under_main = ActivityFactory(year_plan=first, main_activity=main, goal=goal, code="A1", owner=owner,
                                 description="Een arrangement in elke wijk")  # fmt: skip
    under_goal = ActivityFactory(year_plan=first, goal=goal, code="A2", description="Startgesprek op elke school")
    loose = ActivityFactory(year_plan=first, code="A3", description="Nieuwsbrief voor ouders " + "lang " * 60)
    later = YearPlanFactory(plan=plan, school_year=2026, title="Jaarplan 2026-2027")
    ActivityFactory(year_plan=later, code="B1", description="Activiteit van het tweede jaar")
    ActivityFactory(description="Activiteit van een ander plan")
    bureau = UserFactory()
    member(bureau, swv, "bureau")
    round_ = services.open_round(
        plan, bureau, title="Reacties op het jaarplan", opens_on=date(2025, 7, 1), closes_on=date(2025, 8, 31)
    )
    return {"plan": plan, "main": main, "goal": goal, "acts": (under_main, under_goal, loose), "round": round_,
            "bureau": bureau}  # fmt: skip


def test_the_first_jaarplans_activities_are_elements_under_their_main_activity_or_goal(world):
    plan = world["plan"]
    under_main, under_goal, loose = world["acts"]
    elements = draft_elements(plan, Audience.system(plan.swv, reason="test"))
    keys = [e.key for e in elements]
    main_at, goal_at = keys.index(f"main:{world['main'].pk}"), keys.index(f"goal:{world['goal'].pk}")
    assert keys.index(f"activity:{under_main.pk}") == main_at + 1
    assert goal_at < keys.index(f"activity:{under_goal.pk}") and keys[-1] == f"activity:{loose.pk}"
    by_key = {e.key: e for e in elements}
    assert by_key[f"activity:{under_main.pk}"].level == "Actie"
    assert by_key[f"activity:{under_main.pk}"].depth == by_key[f"main:{world['main'].pk}"].depth + 1
    long = by_key[f"activity:{loose.pk}"]
    assert len(long.title) <= 160 and long.text == loose.description  # a long description: title cut, text whole
    assert len([k for k in keys if k.startswith("activity:")]) == 3  # not the second year, not another plan


def test_an_invitee_comments_on_an_activity_and_the_appendix_groups_it(world):
    under_main, under_goal, _loose = world["acts"]
    _invitee, token = services.invite(world["round"], world["bureau"], name="Ouder", email="o@example.org",
                                      group="ouder")  # fmt: skip
    url = reverse("consultation:respond", args=[token])
    html = Client().get(url).content.decode()
    assert "Uw reactie op Actie A1" in html and "Een arrangement in elke wijk" in html
    assert "Geheime eigenaar" not in html and "Activiteit van het tweede jaar" not in html
    for activity, text in ((under_main, "Ook in de kleine kernen."), (under_goal, "Liefst met de ouders erbij.")):
        response = Client().post(url, {"element": f"activity:{activity.pk}", "text": text})
        assert response.status_code == 302
    assert Comment.objects.for_swv(world["plan"].swv).filter(element__startswith="activity:").count() == 2
    payload = appendix_payload(world["plan"], Audience.system(world["plan"].swv, reason="test"))
    titles = [s["title"] for s in payload["sections"]]
    assert titles == ["Actie A1: Een arrangement in elke wijk", "Actie A2: Startgesprek op elke school"]
    assert payload["sections"][0]["comments"][0]["text"] == "Ook in de kleine kernen."


def test_a_round_can_be_limited_to_activities(world):
    plan = world["plan"]
    under_main, under_goal, _loose = world["acts"]
    round_ = services.open_round(plan, world["bureau"], title="Alleen acties", opens_on=date(2025, 7, 1),
                                 closes_on=date(2025, 8, 31), elements=[f"activity:{under_main.pk}"])  # fmt: skip
    invitee, _token = services.invite(round_, world["bureau"], name="Leerkracht", email="l@example.org",
                                      group="leerkracht")  # fmt: skip
    keys = {e.key for e in draft_elements(plan, Audience.system(plan.swv, reason="test"))}
    services.comment(round_, f"activity:{under_main.pk}", "Goed plan.", keys=keys, invitee=invitee)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.comment(round_, f"activity:{under_goal.pk}", "Niet open.", keys=keys, invitee=invitee)


def test_once_the_plan_is_adopted_the_links_stop_working_and_no_comment_is_taken(world):
    from django.core.exceptions import ValidationError

    from koers.plans import services as plan_services
    from koers.plans.models import Adoption
    from koers_dev.testing.factories import GremiumFactory

    plan = world["plan"]
    invitee, token = services.invite(world["round"], world["bureau"], name="Ouder", email="o@example.org",
                                     group="ouder")  # fmt: skip
    url = reverse("consultation:respond", args=[token])
    assert Client().get(url).status_code == 200
    plan_services.adopt(gremium=GremiumFactory(swv=plan.swv), date_=date(2025, 7, 20), kind=Adoption.Kind.ADOPTED,
                        user=world["bureau"], plan=plan)  # fmt: skip
    assert Client().get(url).status_code == 404
    world["round"].refresh_from_db()
    keys = {e.key for e in draft_elements(plan, Audience.system(plan.swv, reason="test"))}
    with pytest.raises(ValidationError):
        services.comment(world["round"], sorted(keys)[0], "Te laat.", keys=keys, invitee=invitee)
