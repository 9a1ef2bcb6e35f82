"""Trusted proxies (attack 4), the client address in the history, the e-mail migration and production settings."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from koers.accounts.tests.helpers import login
from koers.audit.models import HistoryEntry
from koers.core.ip import client_ip
from koers_dev.testing.factories import UserFactory, member


def _request(remote="127.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("setting", "remote", "forwarded", "expected"),
    [
        ("", "127.0.0.1", "203.0.113.5", "127.0.0.1"),  # off: the header is ignored
        ("1", "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("1", "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged first entry is skipped
        ("1", "127.0.0.1", None, "127.0.0.1"),
        ("2", "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        ("127.0.0.1,10.0.0.0/8", "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        ("127.0.0.1", "198.51.100.9", "203.0.113.5", "198.51.100.9"),  # not from a trusted proxy
        ("1", "127.0.0.1", "geen-adres", "127.0.0.1"),
        ("1", "127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, setting, remote, forwarded, expected):
    settings.KOERS_TRUSTED_PROXIES = setting
    assert client_ip(_request(remote, forwarded)) == expected


def _fail_five_times(client, username, forwarded):
    for _ in range(5):
        login(client, username, "fout", HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_behind_proxy_one_client_does_not_lock_out_another(client, swv, settings):
    settings.KOERS_REQUIRE_2FA = True
    settings.KOERS_TRUSTED_PROXIES = "1"
    member(UserFactory(username="anna"), swv, "eigenaar")
    _fail_five_times(client, "anna", "203.0.113.5")  # an attacker, through nginx on 127.0.0.1
    assert login(client, "anna", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    response = login(client, "anna", HTTP_X_FORWARDED_FOR="198.51.100.7")  # Anna herself
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, swv, settings):
    settings.KOERS_TRUSTED_PROXIES = ""
    member(UserFactory(username="anna"), swv, "eigenaar")
    _fail_five_times(client, "anna", "203.0.113.5")
    response = login(client, "anna", HTTP_X_FORWARDED_FOR="198.51.100.7")  # a forged header changes nothing
    assert response.status_code == 429 and "Te veel mislukte pogingen" in response.content.decode()


@pytest.mark.django_db
def test_history_records_the_same_client_address(client, bureau_user, settings):
    settings.KOERS_TRUSTED_PROXIES = "1"
    client.force_login(bureau_user)
    client.post(reverse("accounts:profile"), {"first_name": "Bert", "email": bureau_user.email},
                HTTP_X_FORWARDED_FOR="203.0.113.5")  # fmt: skip
    entry = HistoryEntry.objects.filter(model="accounts.user", object_id=str(bureau_user.pk)).first()
    assert entry.changes["first_name"] == ["", "Bert"] and entry.ip_address == "203.0.113.5"


# ---------------------------------------------------------------------------------------------------------------
# The data migration that makes e-mail addresses unique


@pytest.mark.django_db(transaction=True)  # roles come back through the root conftest
def test_migration_keeps_the_address_for_the_most_recent_login():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0003_roles"), ("audit", "0002_history_ip_address")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("accounts", "User")
    now = timezone.now()
    old = User.objects.create(username="oud", email="Gedeeld@Example.org", last_login=now - timedelta(days=30))
    User.objects.create(username="recent", email="gedeeld@example.org", last_login=now)
    never = User.objects.create(username="nooit", email="GEDEELD@example.org", last_login=None)
    User.objects.create(username="alleen", email="alleen@example.org")
    blank = [User.objects.create(username=f"leeg{i}", email="") for i in range(2)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from koers.accounts.models import User as CurrentUser

    emails = dict(CurrentUser.objects.values_list("username", "email"))
    assert emails["recent"] == "gedeeld@example.org"
    assert emails["oud"] == "" and emails["nooit"] == ""
    assert emails["alleen"] == "alleen@example.org" and all(emails[u.username] == "" for u in blank)
    entries = HistoryEntry.objects.filter(model="accounts.user", username="systeem")
    assert {e.object_id for e in entries} == {str(old.pk), str(never.pk)}
    assert entries.get(object_id=str(old.pk)).changes == {"email": ["Gedeeld@Example.org", ""]}


# ---------------------------------------------------------------------------------------------------------------
# Production settings: the site URL is required and https


def _import_production(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("KOERS_", "DJANGO_"))}
    base.update({"SECRET_KEY": "s", "KOERS_PSEUDONYM_KEY": "p", "KOERS_UPLOAD_KEY": "u", **env})
    return subprocess.run(
        [sys.executable, "-c", "import koers.conf.production as p; print(p.SITE_URL)"],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("value", ["", "p"])
def test_production_requires_an_upload_key_of_its_own(value):
    result = _import_production(KOERS_SITE_URL="https://koers.voorbeeld.nl", KOERS_UPLOAD_KEY=value)
    assert result.returncode != 0 and "KOERS_UPLOAD_KEY" in result.stderr


@pytest.mark.parametrize("value", [None, "", "http://koers.voorbeeld.nl", "https://"])
def test_production_requires_an_https_site_url(value):
    result = _import_production(**({} if value is None else {"KOERS_SITE_URL": value}))
    assert result.returncode != 0
    assert "KOERS_SITE_URL is verplicht in productie" in result.stderr


def test_production_accepts_an_https_site_url():
    result = _import_production(KOERS_SITE_URL="https://koers.voorbeeld.nl")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://koers.voorbeeld.nl"
