"""The load-test user against a live server: logs in, browses, posts updates that all end up in the database."""

import threading
import time

import pytest

from koers.core.periods import Tertiaal
from koers_dev.performance.loadtest import Result, simulate_user, summary_rows
from koers_dev.testing.factories import ActivityFactory, ActorFactory, SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def owner_world(transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:  # a flush between transactional tests drops the shipped roles
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    swv = SwvFactory(code="PO2806")
    actor = ActorFactory(swv=swv, name="Belastingstest")
    users = []
    for i in range(2):
        user = UserFactory(username=f"last{i}")
        member(user, swv, "eigenaar")
        actor.users.add(user)
        users.append(user)
    activity = ActivityFactory(swv=swv, year_plan__plan__swv=swv, owner=actor)
    return activity, users


def test_simulated_users_browse_and_every_posted_update_is_stored(live_server, owner_world):
    from django.db import connection

    from koers.plans.models import ActivityUpdate

    activity, users = owner_world
    if connection.vendor == "sqlite":  # the test server shares one in-memory SQLite connection between threads
        users = users[:1]
    result = Result()
    ready = threading.Barrier(len(users) + 1, action=lambda: setattr(result, "deadline", time.monotonic() + 4))
    plan_urls = [f"/plannen/jaarplan/{activity.year_plan_id}/"]
    tertiaal = Tertiaal(activity.year_plan.school_year + 1, 1).key
    threads = [
        threading.Thread(
            target=simulate_user,
            args=(
                live_server.url,
                u.username,
                "geheim-wachtwoord-123",
                plan_urls,
                [activity.pk],
                [],
                ready,
                result,
                tertiaal,
                0.0,
                5,
            ),
        )  # fmt: skip
        for u in users
    ]
    for t in threads:
        t.start()
    ready.wait()
    for t in threads:
        t.join()
    assert result.errors == []
    assert result.posted, "after 5 rounds each user has posted an update"
    stored = set(ActivityUpdate.unscoped.values_list("activity_id", "happened"))
    assert set(result.posted) <= stored
    kinds = {row[0] for row in summary_rows(result)}
    assert {"dashboard", "plan", "activiteit", "update", "alles"} <= kinds


def test_a_failed_login_is_an_error_and_does_not_block_the_others(live_server, owner_world):
    activity, users = owner_world
    result = Result()
    ready = threading.Barrier(2, action=lambda: setattr(result, "deadline", time.monotonic() + 1))
    thread = threading.Thread(
        target=simulate_user,
        args=(live_server.url, users[0].username, "fout-wachtwoord", [], [activity.pk], [], ready, result, "", 0.0),
    )
    thread.start()
    ready.wait(timeout=30)
    thread.join(timeout=30)
    assert result.errors == ["login: login van last0 mislukt"]
