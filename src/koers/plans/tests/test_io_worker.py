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


def test_plan_upload_is_read_by_the_worker_and_confirmed(bureau_client, swv, settings):
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
    assert response.status_code == 302
    plan = Plan.unscoped.get(swv=swv)
    assert plan.year_plans.exists()
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED and run.data is None and run.expires_at is None
    assert run.result["applied_plan"] == plan.pk
