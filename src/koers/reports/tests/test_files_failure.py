"""An issued report whose files cannot be made ends as "mislukt", the bureau is told and may make them again."""

import pytest
from django.core import mail
from django.urls import reverse

from koers.accounts.models import Notification
from koers.reports import word
from koers.reports.models import Report
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _issued(bureau_client, year_plan, capture):
    response = bureau_client.post(reverse("reports:new"), {"year_plan": year_plan.pk, "tertiaal": "2024-T3"})
    assert response.status_code == 302
    report = Report.unscoped.get()
    with capture(execute=True):  # the files are made once the issue is committed
        bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    report.refresh_from_db()
    return report


def _broken_renderer(monkeypatch):
    def broken(payload, report=None):
        raise ValueError("Jan de Vries: tekst met een fout")  # the message quotes the report: it is not kept

    monkeypatch.setattr(word, "tertiaal_docx", broken)


def test_failing_renderer_marks_report_failed_and_retry_succeeds(
    bureau_client, bureau_user, plan_world, monitoring_values, swv, monkeypatch, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="collega", email="collega@example.org", email_notifications=True)
    member(colleague, swv, "bureau")
    reader = UserFactory(username="lezer2")
    member(reader, swv, "toezicht")
    _broken_renderer(monkeypatch)
    report = _issued(bureau_client, plan_world.year_plan, django_capture_on_commit_callbacks)

    assert report.files_status == Report.FilesStatus.FAILED
    assert "Word" in report.files_error and "ValueError" in report.files_error
    assert "Jan de Vries" not in report.files_error
    notice = Notification.objects.get(user=colleague, subject__startswith="Bestanden van rapportage mislukt")
    assert "Jan de Vries" not in notice.body
    assert not Notification.objects.filter(user=reader, subject__startswith="Bestanden").exists()
    assert any(colleague.email in m.to for m in mail.outbox)

    page = bureau_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Opnieuw maken" in page and reverse("reports:retry_files", args=[report.pk]) in page

    # the download renders nothing in the request: back to the report page, still "mislukt", never "bezig"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = bureau_client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert callbacks == []  # no task queued: after "mislukt" the bureau decides ("Opnieuw maken")
    report.refresh_from_db()
    assert report.files_status == Report.FilesStatus.FAILED

    monkeypatch.undo()
    assert bureau_client.get(reverse("reports:retry_files", args=[report.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau_client.post(reverse("reports:retry_files", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.files_status == Report.FilesStatus.DONE and report.files_error == ""
    assert bytes(report.pdf).startswith(b"%PDF") and bytes(report.docx).startswith(b"PK")


def test_download_never_leaves_status_running(
    bureau_client, plan_world, monitoring_values, monkeypatch, django_capture_on_commit_callbacks
):
    report = _issued(bureau_client, plan_world.year_plan, django_capture_on_commit_callbacks)
    Report.unscoped.filter(pk=report.pk).update(pdf=None, docx=None, files_status=Report.FilesStatus.FAILED)
    _broken_renderer(monkeypatch)
    response = bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.files_status == Report.FilesStatus.FAILED and not report.pdf
    page = bureau_client.get(response["Location"]).content.decode()
    assert "Het maken van de bestanden is mislukt." in page and "Opnieuw maken" in page


def test_only_the_bureau_may_retry(
    bureau_client, toezicht_client, plan_world, monitoring_values, monkeypatch, django_capture_on_commit_callbacks
):
    _broken_renderer(monkeypatch)
    report = _issued(bureau_client, plan_world.year_plan, django_capture_on_commit_callbacks)
    assert toezicht_client.post(reverse("reports:retry_files", args=[report.pk])).status_code == 403
    page = toezicht_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Opnieuw maken" not in page
    report.refresh_from_db()
    assert report.files_status == Report.FilesStatus.FAILED
