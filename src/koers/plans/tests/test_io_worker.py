"""A plan file from upload to confirmed plan, read by ``koers taakwerker`` from the database task queue (ADR 0036).

The test commits (``transaction=True``): the task is enqueued on commit into the django-tasks database backend, as
in production, and stays queued until the worker command runs (in this process, on the test database, like
tests/test_operations.py does it: an in-memory test database is not visible to another process).
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from koers.core.models import FileImport
from koers.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_plan_upload_is_read_by_the_worker_and_confirmed(bureau_client, bureau_user, swv, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    response = bureau_client.post(
        reverse("plans:plan_import"), {"file": SimpleUploadedFile("voorbeeldplan.yaml", EXAMPLE.read_bytes())}
    )
    run = FileImport.unscoped.get()
    assert response["Location"] == reverse("plans:plan_import_progress", args=[run.pk])
    assert run.status == FileImport.Status.QUEUED and DBTaskResult.objects.count() == 1  # waits for the worker
    fragment = bureau_client.get(reverse("plans:plan_import_status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "wachtrij" in fragment

    call_command("taakwerker", "--batch", "--no-startup-delay", "--worker-id", "proef-import", "-v", "0")

    run.refresh_from_db()
    assert run.status == FileImport.Status.DONE and run.result["items"] and run.data is not None
    fragment = bureau_client.get(reverse("plans:plan_import_status", args=[run.pk])).content.decode()
    assert "Import klaar" in fragment and 'hx-trigger="every 1s"' not in fragment
    confirm = reverse("plans:plan_import_confirm", args=[run.pk])
    page = bureau_client.get(confirm).content.decode()
    assert "als nieuw plan" in page and not Plan.unscoped.exists()
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    response = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest})
    progress = reverse("plans:plan_import_progress", args=[run.pk])
    assert response["Location"] == progress  # the confirmation goes through the worker too
    run.refresh_from_db()
    assert run.status == FileImport.Status.QUEUED and not Plan.unscoped.exists()
    assert run.options["confirm"]["user"] == bureau_user.pk and run.options["confirm"]["digest"] == digest
    assert "bevestigd" in bureau_client.get(reverse("plans:plan_import_status", args=[run.pk])).content.decode()

    call_command("taakwerker", "--batch", "--no-startup-delay", "--worker-id", "proef-import", "-v", "0")

    plan = Plan.unscoped.get(swv=swv)
    assert plan.year_plans.exists()
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED and run.data is None and run.expires_at is None
    assert run.result["applied_plan"] == plan.pk
    fragment = bureau_client.get(reverse("plans:plan_import_status", args=[run.pk])).content.decode()
    assert "Import klaar" in fragment and "toegevoegd" in fragment  # the summary of what was saved
    assert "Naar het plan" in fragment and "het bestand is ingelezen" in fragment


def test_the_confirm_request_reads_nothing_and_a_second_confirm_does_nothing(bureau_client, swv, monkeypatch, settings):
    from django_tasks_db.models import DBTaskResult

    from koers.audit.models import HistoryEntry
    from koers.core import uploads

    settings.TASKS = DB_TASKS
    bureau_client.post(
        reverse("plans:plan_import"), {"file": SimpleUploadedFile("voorbeeldplan.yaml", EXAMPLE.read_bytes())}
    )
    call_command("taakwerker", "--batch", "--no-startup-delay", "--worker-id", "proef-import", "-v", "0")
    run = FileImport.unscoped.get()
    confirm = reverse("plans:plan_import_confirm", args=[run.pk])
    digest = re.search(r'name="digest" value="([^"]+)"', bureau_client.get(confirm).content.decode()).group(1)

    def refuse(run):
        raise AssertionError("the confirm request read the sealed file")

    with monkeypatch.context() as patched:
        patched.setattr(uploads, "load", refuse)
        first = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest})
        second = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest})
    progress = reverse("plans:plan_import_progress", args=[run.pk])
    assert first["Location"] == progress and second["Location"] == progress
    assert DBTaskResult.objects.count() == 2  # read, and one import: the second click enqueued nothing
    assert not Plan.unscoped.exists()

    call_command("taakwerker", "--batch", "--no-startup-delay", "--worker-id", "proef-import", "-v", "0")
    assert Plan.unscoped.count() == 1
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED
    assert uploads.apply_confirmed(run.pk) == FileImport.Status.APPLIED  # a second delivery imports nothing twice
    assert Plan.unscoped.count() == 1
    history = HistoryEntry.objects.filter(model="plans.plan")
    assert history.filter(username="bureau").exists() and not history.exclude(username="bureau").exists()
