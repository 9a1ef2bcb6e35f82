"""The flow of plan and organisation files through the task worker (koers.core.uploads, ADR 0036)."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from koers.core import staging, uploads
from koers.core.models import FileImport
from koers.monitoring.services import purge_expired_uploads
from koers.organisations.models import School
from koers.organisations.services import (
    apply_organisation_upload,
    confirm_organisation_upload,
    start_organisation_upload,
)
from koers.plans.models import Plan
from koers.plans.services import apply_plan_upload, confirm_plan_upload, start_plan_upload

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"
WARNING_CSV = (
    b"BEVOEGD GEZAG NUMMER,INSTELLINGSCODE,VESTIGINGSCODE,VESTIGINGSNAAM,STRAATNAAM,POSTCODE,PLAATSNAAM,GEMEENTENAAM\n"
    b"41234,19HY,00,School,Straat 1,12345,Plaats,Gemeente\n"
)


def test_start_seals_and_enqueues_on_commit(swv, bureau_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    assert len(callbacks) == 1  # the task is enqueued only once the run is committed
    assert run.status == FileImport.Status.QUEUED and run.expires_at is not None
    assert b"Ondersteuningsplan" not in bytes(run.data) and staging.unseal(run.data) == EXAMPLE.read_bytes()
    assert run.swv == swv and run.kind == "plan"


def test_process_reads_a_plan_and_keeps_it_for_the_confirmation(swv, bureau_user):
    run = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    assert uploads.process(run.pk) == FileImport.Status.DONE
    run.refresh_from_db()
    assert run.progress == 100 and run.result["items"] and run.data is not None and not Plan.unscoped.exists()
    assert uploads.process(run.pk) == FileImport.Status.DONE  # a second delivery of the task does nothing
    outcome = apply_plan_upload(run, bureau_user, reason="", digest=run.result["digest"])
    assert outcome.plan.swv == swv and Plan.unscoped.count() == 1
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED and run.data is None
    with pytest.raises(ValidationError):  # used once
        apply_plan_upload(run, bureau_user, reason="", digest=run.result["digest"])


def test_a_plan_file_with_problems_is_wiped_at_once(swv, bureau_user):
    run = start_plan_upload(swv, bureau_user, file_name="kapot.yaml", data=b"plan: [kapot")
    assert uploads.process(run.pk) == FileImport.Status.PROBLEMS
    run.refresh_from_db()
    assert run.data is None and run.expires_at is None and run.problems
    assert all(set(p) >= {"file", "row", "column", "problem"} for p in run.problems)


def test_an_expired_seal_fails_the_run(swv, bureau_user, settings):
    run = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    settings.UPLOAD_KEY = "een-andere-sleutel"  # the seal no longer opens: as if expired
    assert uploads.process(run.pk) == FileImport.Status.FAILED
    run.refresh_from_db()
    assert run.data is None and "niet meer beschikbaar" in run.problems[0]["problem"]


def test_cancel_before_the_worker_wipes_and_the_worker_skips_it(swv, bureau_user):
    run = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    uploads.cancel(run, bureau_user)
    run.refresh_from_db()
    assert run.status == FileImport.Status.CANCELLED and run.data is None
    assert uploads.process(run.pk) == FileImport.Status.CANCELLED
    with pytest.raises(ValidationError):
        uploads.cancel(run, bureau_user)


def test_the_maintenance_job_purges_expired_runs(swv, bureau_user, settings):
    waiting = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    fresh = start_plan_upload(swv, bureau_user, file_name="nieuw.yaml", data=EXAMPLE.read_bytes())
    FileImport.unscoped.filter(pk=waiting.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purge_expired_uploads() >= 1
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.data is None and waiting.status == FileImport.Status.CANCELLED
    assert fresh.data is not None and fresh.status == FileImport.Status.QUEUED
    FileImport.unscoped.filter(pk=fresh.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("onderhoud", "--stap", "uploads", stdout=io.StringIO())  # the daily job covers these runs
    fresh.refresh_from_db()
    assert fresh.data is None and fresh.status == FileImport.Status.CANCELLED


def test_organisation_file_with_warnings_waits_for_toch_importeren(swv, bureau_user):
    run = start_organisation_upload(
        swv, bureau_user, file_name="w.csv", data=WARNING_CSV, options={"format": "duo", "only_own": False}
    )
    assert uploads.process(run.pk) == FileImport.Status.DONE
    run.refresh_from_db()
    assert run.result["warnings"] and not run.result["saved"] and run.data is not None and not School.unscoped.exists()
    run = apply_organisation_upload(run, bureau_user)
    assert run.status == FileImport.Status.APPLIED and run.data is None
    assert School.unscoped.filter(swv=swv, brin6="19HY00").exists()


def test_a_clean_organisation_file_is_saved_by_the_worker(swv, bureau_user):
    data = (Path(__file__).resolve().parents[1] / "docs" / "voorbeelden" / "vestigingenbo-voorbeeld.csv").read_bytes()
    run = start_organisation_upload(
        swv, bureau_user, file_name="vestigingenbo.csv", data=data, options={"format": "duo", "only_own": False}
    )
    assert uploads.process(run.pk) == FileImport.Status.APPLIED
    run.refresh_from_db()
    assert run.data is None and run.result["saved"] and School.unscoped.filter(swv=swv).exists()


def test_a_confirmation_is_recorded_and_imported_by_the_worker_once(
    swv, bureau_user, monkeypatch, django_capture_on_commit_callbacks
):
    run = start_plan_upload(swv, bureau_user, file_name="plan.yaml", data=EXAMPLE.read_bytes())
    uploads.process(run.pk)
    run.refresh_from_db()
    monkeypatch.setattr(uploads, "load", lambda run: pytest.fail("the confirmation read the file"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert confirm_plan_upload(run, bureau_user, reason="", digest=run.result["digest"])
        assert not confirm_plan_upload(run, bureau_user, reason="", digest=run.result["digest"])  # nothing twice
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == FileImport.Status.QUEUED and run.options["confirm"]["user"] == bureau_user.pk
    assert run.get_status_display() == "wachtrij" and "bevestigd" in run.stage
    assert uploads.process(run.pk) == FileImport.Status.QUEUED  # a late read task leaves a confirmed run alone
    monkeypatch.undo()
    assert uploads.apply_confirmed(run.pk) == FileImport.Status.APPLIED
    assert uploads.apply_confirmed(run.pk) == FileImport.Status.APPLIED and Plan.unscoped.count() == 1
    run.refresh_from_db()
    assert run.data is None and run.result["applied_summary"] and run.options["next"]


def test_a_confirmed_run_whose_file_expired_fails_with_a_message(swv, bureau_user, settings):
    run = start_organisation_upload(
        swv, bureau_user, file_name="w.csv", data=WARNING_CSV, options={"format": "duo", "only_own": False}
    )
    uploads.process(run.pk)
    run.refresh_from_db()
    assert confirm_organisation_upload(run, bureau_user)
    settings.UPLOAD_KEY = "een-andere-sleutel"  # the seal no longer opens: as if expired
    assert uploads.apply_confirmed(run.pk) == FileImport.Status.FAILED
    run.refresh_from_db()
    assert run.data is None and "er niet meer" in run.problems[0]["problem"] and not School.unscoped.exists()


def test_a_cancelled_confirmation_is_not_imported(swv, bureau_user):
    run = start_organisation_upload(
        swv, bureau_user, file_name="w.csv", data=WARNING_CSV, options={"format": "duo", "only_own": False}
    )
    uploads.process(run.pk)
    run.refresh_from_db()
    assert confirm_organisation_upload(run, bureau_user)
    uploads.cancel(run, bureau_user)
    assert uploads.apply_confirmed(run.pk) == FileImport.Status.CANCELLED and not School.unscoped.exists()
