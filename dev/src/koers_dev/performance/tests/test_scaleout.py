"""Smoke test of the scale-out load test: synthetic SWV's with markers, users per role, two "servers", rounds."""

import os

import pytest

from koers_dev.performance import scale, scaleout

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "schaal-wachtwoord-2026"


@pytest.fixture
def roles(transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:  # a flush between transactional tests drops the shipped roles
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})


def test_generated_swvs_each_have_their_own_marker_and_data(roles):
    from koers.monitoring.models import Tlv
    from koers.organisations.models import Swv
    from koers.plans.models import Activity, Indicator

    scale.generate(3, rows_per_swv=40, activities_per_swv=8)
    assert scale.generate(3) == 0.0  # a second run finds them and makes nothing
    for i in range(3):
        swv = Swv.objects.get(code=scale.swv_code(i))
        assert scale.marker(i) in swv.name
        activities = list(Activity.objects.for_swv(swv).values_list("description", flat=True))
        assert len(activities) == 8
        assert all(scale.marker(i) in text for text in activities)
        assert Indicator.objects.for_swv(swv).exclude(measure_code="").exists()
        pupils = list(Tlv.objects.for_swv(swv).values_list("pupil", flat=True))
        assert pupils and all(len(p) == 64 and not p.isdigit() for p in pupils)  # pseudonyms, no BSN


def test_foreign_markers_finds_another_swvs_marker_only():
    page = f"<h1>{scale.marker(7)}</h1> <td>{scale.marker(12)}</td>"
    assert scale.foreign_markers(page, scale.marker(7)) == {scale.marker(12)}
    assert scale.foreign_markers(page.replace(scale.marker(12), ""), scale.marker(7)) == set()


def test_steps_are_parsed_with_a_clear_message():
    from django.core.management.base import CommandError

    assert scaleout.parse_steps("50, 100,200", 7) == [50, 100, 200]
    assert scaleout.parse_steps("", 7) == [7]
    with pytest.raises(CommandError, match="50,100,200"):
        scaleout.parse_steps("vijftig", 7)


def test_cpu_of_this_process_is_counted():
    sum(i * i for i in range(300_000))
    assert scaleout.own_cpu_seconds() > 0
    assert scaleout.tree_cpu_seconds(os.getpid()) > 0
    assert scaleout.tree_cpu_seconds(2**22 + 12345) == 0.0  # a process that does not exist


def _tertiaal():
    from koers.core import clock
    from koers.core.periods import Tertiaal, school_year_of

    return Tertiaal(school_year_of(clock.today()) + 1, 1).key


def _sim_users():
    scale.generate(3, rows_per_swv=40, activities_per_swv=8)
    worlds = scale.worlds(scale.active_indices(3, 3))
    return scale.make_users(worlds, 6, PASSWORD)


def test_users_of_three_swvs_on_two_servers_browse_post_and_see_only_their_own_swv(live_server, roles):
    from django.db import connection

    users = _sim_users()
    assert {u.role for u in users} == {"bureau", "eigenaar", "toezicht"}
    assert len({u.world.index for u in users}) == 3
    sequential = connection.vendor == "sqlite"  # the test server shares one SQLite connection between threads
    bases = [live_server.url, live_server.url]
    clients, errors = scaleout.login_all(users, bases, PASSWORD, parallel=1 if sequential else 4)
    assert errors == [] and set(clients) == {u.username for u in users}
    assert scaleout.warm_up(users, clients, parallel=1) == len({(u.world.index, u.role) for u in users})
    step = scaleout.run_step(
        users, bases, PASSWORD, _tertiaal(), 60, 0.0, rounds=5, sequential=sequential, clients=clients
    )
    scaleout.count_stored(step)
    assert step.result.errors == []
    writers = {u.username for u in users if u.may_update}
    posters = {marker.split()[1] for _activity, marker in step.result.posted}
    assert posters == writers  # every bureau and eigenaar posted; toezicht did not
    assert step.posted == step.stored == len(writers)
    kinds = {row[0] for row in scaleout.summary_rows(step.result)}
    assert {"dashboard", "plan", "activiteit", "indicator", "update", "alles"} <= kinds
    lines = scaleout.report_lines(step, 2)
    assert any(line.startswith("Fouten: 0") for line in lines)
    assert scaleout.table_row(step, 2).startswith("| 6 |")


def test_a_wrong_password_is_a_login_error(live_server, roles):
    users = _sim_users()[:1]
    clients, errors = scaleout.login_all(users, [live_server.url], "fout-wachtwoord", parallel=1)
    assert clients == {} and errors == [f"login van {users[0].username} mislukt"]


def test_a_page_with_another_swvs_marker_is_an_error(live_server, roles):
    users = _sim_users()
    spy = users[0]
    spy.world = scale.World(**{**spy.world.__dict__, "marker": scale.marker(99)})  # "own" marker is not its SWV's
    step = scaleout.run_step([spy], [live_server.url], PASSWORD, _tertiaal(), 60, 0.0, rounds=1, sequential=True)
    assert step.result.errors
    assert all("toont gegevens van een ander SWV" in e for e in step.result.errors)
