"""The PowerPoint file of a tertiaalrapportage: made with the PDF and Word on issue, downloaded, made again after
a failure, and not offered for a document that has none."""

import io

import pytest
from django.urls import reverse
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.reports import content, slides
from koers.reports.models import Report
from koers.reports.tests.test_files_failure import _issued

pytestmark = pytest.mark.django_db
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_issuing_makes_the_presentation_and_readers_download_it(
    bureau_client, toezicht_client, plan_world, monitoring_values, django_capture_on_commit_callbacks
):
    report = _issued(bureau_client, plan_world.year_plan, django_capture_on_commit_callbacks)
    assert report.files_status == Report.FilesStatus.DONE and report.pptx
    page = toezicht_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:download", args=[report.pk, "pptx"]) in page and "Download PowerPoint" in page
    response = toezicht_client.get(reverse("reports:download", args=[report.pk, "pptx"]))
    assert response.status_code == 200 and response["Content-Type"] == PPTX
    assert response["Content-Disposition"].endswith('.pptx"')
    presentation = Presentation(io.BytesIO(response.content))
    from koers.reports.tests.test_boardpack import expected_slide_count

    assert len(presentation.slides) == expected_slide_count(report.payload)
    assert toezicht_client.get(reverse("reports:download", args=[report.pk, "xlsx"])).status_code == 404


def test_a_draft_downloads_as_a_concept_presentation(bureau_client, plan_world, monitoring_values):
    bureau_client.post(reverse("reports:new"), {"year_plan": plan_world.year_plan.pk, "tertiaal": "2024-T3"})
    report = Report.unscoped.get()
    page = bureau_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Concept als PowerPoint" in page
    response = bureau_client.get(reverse("reports:download", args=[report.pk, "pptx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-concept.pptx"')


def test_a_failing_presentation_marks_the_files_failed_and_retry_makes_all_three(
    bureau_client, plan_world, monitoring_values, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(payload, report=None):
        raise ValueError("tekst uit de rapportage")

    monkeypatch.setattr(slides, "tertiaal_pptx", broken)
    report = _issued(bureau_client, plan_world.year_plan, django_capture_on_commit_callbacks)
    assert report.files_status == Report.FilesStatus.FAILED
    assert "PowerPoint" in report.files_error and "tekst uit" not in report.files_error
    assert not report.pptx
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("reports:retry_files", args=[report.pk]))
    report.refresh_from_db()
    assert report.files_status == Report.FilesStatus.DONE and report.pdf and report.docx and report.pptx


def test_the_logo_is_on_the_title_slide(plan_world, monitoring_values):
    from PIL import Image

    from koers.organisations.models import SwvLogo

    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 86, 122)).save(buffer, "PNG")
    SwvLogo.objects.create(swv=plan_world.year_plan.swv, data=buffer.getvalue(), content_type="image/png")
    payload = content.tertiaal_payload(plan_world.year_plan, Tertiaal(2024, 3), for_readers(plan_world.year_plan.swv))
    title = next(iter(Presentation(io.BytesIO(slides.tertiaal_pptx(payload))).slides))
    logos = [s for s in title.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(logos) == 1 and logos[0].image.size == (120, 60)
    assert logos[0]._element.nvPicPr.cNvPr.get("descr") == f"Logo {payload['swv']['name']}"


def test_a_year_plan_document_has_no_presentation(bureau_client, plan_world):
    response = bureau_client.get(reverse("reports:year_plan_document", args=[plan_world.year_plan.pk, "pptx"]))
    assert response.status_code == 404
