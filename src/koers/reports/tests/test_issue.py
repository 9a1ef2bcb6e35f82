"""Making, previewing and issuing a report; an issued report is frozen; who may see what."""

import pytest
from django.urls import reverse

from koers.accounts.models import Notification
from koers.reports.models import Report
from koers.reports.tests.test_documents import docx_text, flat, pdf_text
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _draft(bureau_client, year_plan):
    response = bureau_client.post(reverse("reports:new"), {"year_plan": year_plan.pk, "tertiaal": "2024-T3"})
    assert response.status_code == 302
    return Report.unscoped.get()


def test_preview_intro_conclusion_and_issue(
    bureau_client, plan_world, monitoring_values, swv, django_capture_on_commit_callbacks
):
    reader = UserFactory(username="lezer")
    member(reader, swv, "toezicht")
    report = _draft(bureau_client, plan_world.year_plan)
    url = reverse("reports:detail", args=[report.pk])
    page = bureau_client.get(url).content.decode()
    assert "Concept" in page and "Deelnamepercentage SBO" in page and "2,9%" in page
    response = bureau_client.post(
        url, {"title": report.title, "introduction": "Een rustig tertiaal.", "conclusion": "Door naar T1."}
    )
    assert response.status_code == 302
    assert "Een rustig tertiaal." in bureau_client.get(url).content.decode()
    # a draft can be downloaded as PDF and Word before issuing
    draft_pdf = bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert draft_pdf["Content-Type"] == "application/pdf" and "concept" in draft_pdf["Content-Disposition"]

    with django_capture_on_commit_callbacks(execute=True):  # the files and the readers' notice: after commit
        response = bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.issued_at and report.issued_by_name
    assert report.files_status == Report.FilesStatus.DONE and report.pdf and report.docx
    assert Notification.objects.filter(user=reader, link=url).exists()
    # issuing twice is refused
    bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    assert Report.unscoped.get().issued_at == report.issued_at


def test_issued_report_does_not_change_when_data_changes(
    bureau_client, plan_world, monitoring_values, django_capture_on_commit_callbacks
):
    report = _draft(bureau_client, plan_world.year_plan)
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    activity = plan_world.activities[0]
    old_description = activity.description
    activity.description = "Een heel andere omschrijving"
    activity.save()
    monitoring_values["I-SBO"] = (2.1, "2,1%", "behaald", "Behaald")
    page = bureau_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert old_description in page and "Een heel andere omschrijving" not in page
    assert "2,9%" in page and "2,1%" not in page
    pdf = flat(pdf_text(bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"])).content))
    assert flat(old_description) in pdf and "2,9%" in pdf and "2,1%" not in pdf
    docx = docx_text(bureau_client.get(reverse("reports:download", args=[report.pk, "docx"])).content)
    assert old_description in docx and "Een heel andere omschrijving" not in docx
    # files are rendered again from the frozen payload, not from the database
    Report.unscoped.filter(pk=report.pk).update(pdf=None, docx=None, files_status=Report.FilesStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("reports:retry_files", args=[report.pk]))
    pdf = flat(pdf_text(bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"])).content))
    assert flat(old_description) in pdf and "2,1%" not in pdf


def test_toezicht_sees_only_issued_reports(
    bureau_client, toezicht_client, plan_world, monitoring_values, django_capture_on_commit_callbacks
):
    draft = _draft(bureau_client, plan_world.year_plan)
    assert toezicht_client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404
    assert toezicht_client.get(reverse("reports:download", args=[draft.pk, "pdf"])).status_code == 404
    assert toezicht_client.post(reverse("reports:issue", args=[draft.pk])).status_code == 403
    assert toezicht_client.post(reverse("reports:new"), {"year_plan": plan_world.year_plan.pk}).status_code == 403
    archive = toezicht_client.get(reverse("reports:archive")).content.decode()
    assert draft.title not in archive and "Nieuwe tertiaalrapportage" not in archive

    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("reports:issue", args=[draft.pk]), {"bevestigd": "ja"})
    archive = toezicht_client.get(reverse("reports:archive")).content.decode()
    assert draft.title in archive
    assert toezicht_client.get(reverse("reports:detail", args=[draft.pk])).status_code == 200
    response = toezicht_client.get(reverse("reports:download", args=[draft.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # toezicht cannot change an issued report
    assert toezicht_client.post(reverse("reports:detail", args=[draft.pk]), {"title": "x"}).status_code == 403


def test_reports_of_another_swv_are_not_found(bureau_client, other_swv, plan_world):
    report = Report.unscoped.create(swv=other_swv, title="Van een ander", status=Report.Status.ISSUED)
    assert bureau_client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404
    assert bureau_client.get(reverse("reports:progress", args=[report.pk])).status_code == 404


def test_progress_fragment_polls_until_files_are_ready(bureau_client, plan_world, monitoring_values):
    report = _draft(bureau_client, plan_world.year_plan)
    bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    Report.unscoped.filter(pk=report.pk).update(files_status=Report.FilesStatus.RUNNING, files_progress=40)
    fragment = bureau_client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "40%" in fragment
    Report.unscoped.filter(pk=report.pk).update(files_status=Report.FilesStatus.DONE, files_progress=100)
    fragment = bureau_client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert "hx-trigger" not in fragment and "Download PDF" in fragment


def test_year_plan_document_downloads(bureau_client, toezicht_client, plan_world):
    for client in (bureau_client, toezicht_client):
        response = client.get(reverse("reports:year_plan_document", args=[plan_world.year_plan.pk, "docx"]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
    response = bureau_client.get(reverse("reports:year_plan_document", args=[plan_world.year_plan.pk, "pdf"]))
    assert response.content.startswith(b"%PDF")


def test_archive_exports_its_list(bureau_client, plan_world, monitoring_values):
    report = _draft(bureau_client, plan_world.year_plan)
    bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    response = bureau_client.get(reverse("reports:archive"), {"export": "csv", "tabel": "archief"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Titel;Tertiaal;Uitgebracht door;Uitgebracht op"
    assert "T3 2024" in lines[1]


def test_issuing_is_recorded_in_the_history(bureau_client, plan_world, monitoring_values):
    from koers.audit.models import HistoryEntry

    report = _draft(bureau_client, plan_world.year_plan)
    bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    entry = HistoryEntry.objects.filter(model="reports.report", object_id=str(report.pk), action="update").first()
    assert entry and entry.changes["status"] == ["concept", "uitgebracht"]
    assert "pdf" not in entry.changes and "payload" not in entry.changes


def test_lost_files_go_back_to_the_task_never_rendered_in_the_request(
    bureau_client, plan_world, monitoring_values, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    report = _draft(bureau_client, plan_world.year_plan)
    bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"})
    url = reverse("reports:download", args=[report.pk, "pdf"])
    Report.unscoped.filter(pk=report.pk).update(pdf=None, docx=None, files_status=Report.FilesStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert bureau_client.get(url).status_code == 302  # just issued: the worker is making them
    assert callbacks == []
    Report.unscoped.filter(pk=report.pk).update(issued_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = bureau_client.get(url)  # no worker picked it up: queued again, not rendered here
    assert response.status_code == 302 and len(callbacks) == 1
    assert not Report.unscoped.get(pk=report.pk).pdf
    callbacks[0]()  # the task worker (the ImmediateBackend runs the task at once)
    response = bureau_client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_issue_from_the_preview_saves_the_text_and_asks_first(bureau_client, plan_world, monitoring_values):
    """The reviewer lost typed text by clicking Uitbrengen without Tekst opslaan: now the text goes along."""
    report = _draft(bureau_client, plan_world.year_plan)
    url = reverse("reports:issue", args=[report.pk])
    text = {"title": report.title, "introduction": "Getypte inleiding.", "conclusion": "Getypte conclusie."}
    page = bureau_client.post(url, text).content.decode()
    report.refresh_from_db()
    assert not report.is_issued and report.introduction == "Getypte inleiding."  # saved, not yet issued
    assert "uitbrengen?" in page and 'name="bevestigd" value="ja"' in page
    bureau_client.post(url, {"bevestigd": "ja"})
    report.refresh_from_db()
    assert report.is_issued and "Getypte conclusie." in report.content_html
    assert bureau_client.post(url, {"bevestigd": "ja"}).status_code == 302  # twice: a message, nothing changes
    opened = bureau_client.get(url)  # opening the address itself shows the report, not a bare 405
    assert opened.status_code == 302 and opened["Location"] == reverse("reports:detail", args=[report.pk])


def test_new_report_form_preselects_the_only_jaarplan(swv):
    from koers.reports.forms import NewReportForm
    from koers_dev.testing.factories import YearPlanFactory

    year_plan = YearPlanFactory(plan__swv=swv)
    html = str(NewReportForm(swv=swv)["year_plan"])
    assert "---------" not in html and f'value="{year_plan.pk}" selected' in html


def test_issue_enqueues_and_notifies_only_after_commit(
    bureau_client, plan_world, monitoring_values, swv, bureau_user, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from koers.reports import services

    reader = UserFactory(username="lezer")
    member(reader, swv, "toezicht")
    report = _draft(bureau_client, plan_world.year_plan)
    # rolled back: nothing enqueued, nobody told
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.issue(report, bureau_user)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.filter(user=reader).exists()
    assert Report.unscoped.get(pk=report.pk).files_status == Report.FilesStatus.NONE
    # committed: then the files are made and the readers told
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.issue(report, bureau_user)
    assert len(callbacks) == 1
    assert not Notification.objects.filter(user=reader).exists()  # not before the commit
    callbacks[0]()
    assert Notification.objects.filter(user=reader).exists()
    assert Report.unscoped.get(pk=report.pk).files_status == Report.FilesStatus.DONE


def test_the_text_goes_through_the_service_in_the_history_and_not_into_an_issued_report(
    bureau_client, bureau_user, plan_world, monitoring_values
):
    from django.core.exceptions import ValidationError

    from koers.audit.models import HistoryEntry
    from koers.reports import services
    from koers.reports.forms import ReportTextForm

    report = _draft(bureau_client, plan_world.year_plan)
    text = {"title": report.title, "introduction": "Inleiding.", "conclusion": "Conclusie."}
    assert bureau_client.post(reverse("reports:detail", args=[report.pk]), text).status_code == 302
    entry = HistoryEntry.objects.filter(model="reports.report", object_id=str(report.pk), action="update").last()
    assert entry.username == bureau_user.username
    # a form opened on the draft, saved after someone else issued it: refused, the frozen report stays as it was
    stale = ReportTextForm({**text, "introduction": "Te laat."}, instance=Report.unscoped.get(pk=report.pk))
    assert stale.is_valid()
    Report.unscoped.filter(pk=report.pk).update(status=Report.Status.ISSUED)
    with pytest.raises(ValidationError, match="al uitgebracht"):
        services.save_text(stale, bureau_user)
    assert Report.unscoped.get(pk=report.pk).introduction == "Inleiding."
