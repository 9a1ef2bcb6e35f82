"""The invitee as a principal of its own in the access matrix: a browser that opened its personal link (and so
holds its cookies) gets no more than anyone on the internet. Every route that is not open to the public is
refused; the public ones answer exactly as they answer a stranger; only its own consultation page opens."""

import pytest
from django.test import Client

from tests.matrix_forms import changes, snapshot
from tests.test_access_matrix import EXPECTATIONS, Matrix, _to_login, _url

INVITEE_ALLOWED = {"consultation:respond"}


@pytest.fixture
def matrix(db):
    return Matrix()


def _invitee_client(world):
    client = Client()
    assert client.get(_url("consultation:respond", EXPECTATIONS["consultation:respond"], world)).status_code == 200
    return client


def _refused(response):
    return _to_login(response) or response.status_code in (401, 403, 404, 405)


def test_an_invitee_gets_nothing_but_its_consultation_page(matrix):
    world = matrix.worlds["own"]
    invitee, stranger = _invitee_client(world), Client()
    problems = []
    before = snapshot()
    for name, rule in sorted(EXPECTATIONS.items()):
        if rule is None or name in INVITEE_ALLOWED:
            continue
        url = _url(name, rule, world)
        for method in rule.methods:
            answer = invitee.generic(method, url) if method == "GET" else invitee.post(url, {})
            if rule.anonymous == "allow":
                same = stranger.generic(method, url) if method == "GET" else stranger.post(url, {})
                if answer.status_code != same.status_code:
                    problems.append(f"{method} {name}: genodigde {answer.status_code}, onbekende {same.status_code}")
            elif not _refused(answer):
                problems.append(f"{method} {name}: genodigde kreeg {answer.status_code}")
    assert not problems, "; ".join(problems)
    changed = changes(before, snapshot())
    assert not changed, changed


def test_the_invitee_page_of_another_swv_is_not_opened_by_this_swvs_link(matrix):
    own, other = matrix.worlds["own"], matrix.worlds["other"]
    client = _invitee_client(own)
    page = client.get(_url("consultation:respond", EXPECTATIONS["consultation:respond"], own)).content.decode()
    assert matrix.swvs["other"].name not in page
    # the other SWV's round page, by its id, is refused to the invitee's browser
    response = client.get(f"/consultatie/ronde/{other['consult_round']}/")
    assert _to_login(response)
