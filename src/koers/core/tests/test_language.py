"""Koers speaks Dutch to everyone, also to a browser that prefers English (ADR 0002)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_still_gets_dutch_messages(client, bureau_user):  # a user: no first-run setup
    response = client.post("/account/inloggen/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-GB,en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is vereist." in page and "This field is required." not in page
    assert '<html lang="nl"' in page
