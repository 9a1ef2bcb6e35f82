"""The PDF and Word files of an issued report: made by the background task (:mod:`.tasks`), or on demand."""

from __future__ import annotations

from koers.reports import render
from koers.reports.models import Report


def make_files(report: Report, progress=None) -> None:
    """Render the frozen payload as PDF and Word and store both with the report."""
    payload = report.payload

    def step(percent):
        Report.objects.for_swv(report.swv_id).filter(pk=report.pk).update(
            files_progress=percent, files_status=Report.FilesStatus.RUNNING
        )
        if progress:
            progress(percent)

    step(10)
    pdf = render.render_pdf(payload, report)
    step(70)
    docx = document_docx(payload, report)
    Report.objects.for_swv(report.swv_id).filter(pk=report.pk).update(
        pdf=pdf, docx=docx, files_progress=100, files_status=Report.FilesStatus.DONE, files_error=""
    )


def document_docx(payload: dict, report=None) -> bytes:
    from koers.reports import word  # python-docx is slow to import; only the Word download needs it

    if payload["kind"] == "jaarplan":
        return word.year_plan_docx(payload)
    return word.tertiaal_docx(payload, report)
