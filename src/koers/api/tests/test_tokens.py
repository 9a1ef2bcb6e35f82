"""Tokens: hashed, shown once, scoped, revocable, expiring, bound to one SWV; the page to manage them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from koers.api.models import ApiToken, hash_key
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import UserFactory, member


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_only_a_hash_is_stored(own):
    user = UserFactory()
    member(user, own["swv"], "bureau")
    token, key = ApiToken.issue(user=user, swv=own["swv"], name="x", scopes=["plans:read"])
    token.refresh_from_db()
    assert key.startswith("koers_") and len(key) > 40
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.startswith(token.prefix) and len(token.prefix) < 16
    history = HistoryEntry.objects.filter(model="api.apitoken", object_id=str(token.pk)).get()
    assert "key_hash" not in history.changes


@pytest.mark.parametrize(
    "scopes,allowed",
    [
        (["plans:read"], {"plan-list", "activiteit-list", "eigenaar-list"}),
        (["organisations:read"], {"school-list", "swv", "medewerker-list"}),
        (["monitoring:read"], {"maten"}),
    ],
)
def test_scopes_limit_the_endpoints(scopes, allowed, own, make_client):
    client = make_client("bureau", scopes=scopes)
    for name in ["plan-list", "activiteit-list", "eigenaar-list", "school-list", "swv", "medewerker-list", "maten"]:
        response = client.get(reverse(f"api:{name}"))
        assert response.status_code == (200 if name in allowed else 403), (name, scopes)
    response = client.get(reverse("api:metingen", args=[own["indicator"]]))
    assert response.status_code == (200 if "monitoring:read" in scopes else 403)


def test_a_scope_does_not_reach_beyond_the_role(own, make_client):
    client = make_client("toezicht", scopes=["organisations:read"])  # toezicht may not see organisations
    assert client.get(reverse("api:school-list")).status_code == 403


def test_revoked_expired_and_unknown_keys_are_refused(own, make_client):
    user = UserFactory()
    member(user, own["swv"], "bureau")
    token, key = ApiToken.issue(user=user, swv=own["swv"], name="x", scopes=["plans:read"])
    url = reverse("api:plan-list")
    assert _client(key).get(url).status_code == 200
    token.revoke()
    response = _client(key).get(url)
    assert response.status_code == 401 and "ingetrokken" in response.json()["detail"]
    token2, key2 = ApiToken.issue(
        user=user, swv=own["swv"], name="y", scopes=["plans:read"], expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "verlopen" in _client(key2).get(url).json()["detail"]
    assert _client("koers_onzin").get(url).status_code == 401
    assert APIClient().get(url, HTTP_AUTHORIZATION="Bearer a b").status_code == 401


def test_token_stops_working_when_membership_ends(own, make_client):
    client = make_client("bureau")
    assert client.get(reverse("api:plan-list")).status_code == 200
    client.user.memberships.all().delete()
    assert client.get(reverse("api:plan-list")).status_code == 403


def test_token_of_one_swv_never_sees_the_other(own, other, make_client):
    """The same user is bureau in both SWV's; the token is for the own SWV only."""
    client = make_client("bureau")
    member(client.user, other["swv"], "bureau")
    ids = {row["id"] for row in client.get(reverse("api:plan-list")).json()["results"]}
    assert ids == {own["plan"]}
    assert client.get(reverse("api:plan-detail", args=[other["plan"]])).status_code == 404


def test_last_used_is_recorded(own, make_client):
    client = make_client("bureau")
    client.get(reverse("api:plan-list"))
    assert ApiToken.unscoped.get(user=client.user).last_used_at is not None


def test_token_page_creates_shows_once_and_revokes(own, client):
    user = UserFactory()
    member(user, own["swv"], "eigenaar")
    client.force_login(user)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "plans:read" in content and "organisations:read" in content
    assert "monitoring:read" not in content  # eigenaar has no monitoring rights
    response = client.post(reverse("api:tokens"), {"name": "Power BI", "scopes": ["plans:read"], "expires_in": "90"})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.unscoped.get(user=user)
    assert token.swv == own["swv"] and token.scopes == ["plans:read"]
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert key not in client.get(reverse("api:tokens")).content.decode()  # shown once
    assert _client(key).get(reverse("api:plan-list")).status_code == 200
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert _client(key).get(reverse("api:plan-list")).status_code == 401


def test_token_page_refuses_bad_input_and_foreign_tokens(own, client):
    user = UserFactory()
    member(user, own["swv"], "eigenaar")
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": " ", "scopes": ["monitoring:read"], "expires_in": "9999"})
    assert response.status_code == 200 and not ApiToken.unscoped.exists()
    stranger = UserFactory()
    member(stranger, own["swv"], "bureau")
    token, _ = ApiToken.issue(user=stranger, swv=own["swv"], name="van een ander", scopes=["plans:read"])
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_needs_login(db, client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_the_token_wins_over_a_session_cookie(own, other, make_client):
    """A token request that also carries someone's session acts as the token: its user, its SWV, its scopes."""
    client = make_client("eigenaar", scopes=["plans:read"])
    stranger = UserFactory()
    member(stranger, other["swv"], "bureau")
    client.force_login(stranger)
    ids = {row["id"] for row in client.get(reverse("api:plan-list")).json()["results"]}
    assert ids == {own["plan"]}
    assert client.get(reverse("api:school-list")).status_code == 403  # no organisations:read on the token
