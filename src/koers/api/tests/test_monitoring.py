"""Measurements and measures in the API: the audience of the token decides scope and suppression, as on the pages.

(An earlier version of this file pinned the leak: the API gave toezicht and a schoolbestuur the raw SWV total.)
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from koers.api.models import ApiToken
from koers.api.tests.conftest import ALL_SCOPES
from koers_dev.testing.worlds import ON, small_counts_world, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return small_counts_world()


def _client(world, role, bestuur=None):
    user = user_with(world["swv"], role, schoolbestuur=bestuur)
    _, key = ApiToken.issue(user=user, swv=world["swv"], name="test", scopes=ALL_SCOPES)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _measure(client, code="tlv_afgegeven"):
    return client.get(reverse("api:maat", args=[code]), {"datum": ON.isoformat()}).json()


def test_a_measure_is_scoped_and_suppressed_per_audience(world):
    assert _measure(_client(world, "bureau"))["value"] == 13
    assert _measure(_client(world, "toezicht"))["value"] == 13  # 13 is not a small count
    own_b = _measure(_client(world, "schoolbestuur", world["b"]))
    assert own_b["value"] == 10 and not own_b["suppressed"]  # its own schools, not the SWV total
    own_a = _measure(_client(world, "schoolbestuur", world["a"]))
    assert own_a["value"] is None and own_a["suppressed"] and own_a["display"] == "minder dan 5"
    assert own_a["reason"] == "afgeschermd: minder dan 5"
    nothing = _measure(_client(world, "schoolbestuur"))  # a schoolbestuur role without a bestuur sees no school
    assert nothing["value"] in (None, 0)


def test_measurements_of_an_indicator(world):
    url = reverse("api:metingen", args=[world["indicator"].pk])
    data = _client(world, "toezicht").get(url, {"tot": ON.isoformat()}).json()
    assert data["indicator"] == world["indicator"].pk
    last = data["measurements"][-1]
    assert last["period_label"] == "2024-2025" and last["value"] == 13 and last["status"] == "geen_meting"
    assert last["suppressed"] is False and last["reason"] == ""
    a = _client(world, "schoolbestuur", world["a"]).get(url, {"tot": ON.isoformat()}).json()["measurements"][-1]
    assert a["value"] is None and a["suppressed"] and a["reason"] == "minder dan 5"
    b = _client(world, "schoolbestuur", world["b"]).get(url, {"tot": ON.isoformat()}).json()["measurements"][-1]
    assert b["value"] == 10
    assert _client(world, "toezicht").get(url, {"tot": "1-1-2024"}).status_code == 400


def test_measures_list_and_unknown(world):
    client = _client(world, "toezicht")
    codes = [m["code"] for m in client.get(reverse("api:maten")).json()]
    assert "tlv_afgegeven" in codes and codes == sorted(codes)
    assert client.get(reverse("api:maat", args=["onbekend"])).status_code == 404
    assert _client(world, "eigenaar").get(reverse("api:maat", args=["tlv_afgegeven"])).status_code == 403


def test_another_swvs_indicator_is_not_found(world):
    other = small_counts_world("PO7102")
    url = reverse("api:metingen", args=[other["indicator"].pk])
    assert _client(world, "bureau").get(url).status_code == 404
