"""The files of an ondersteuningsplan document: made by the background task (:mod:`.tasks`), never inside a web
request. A failure of the renderers leaves the document "mislukt" with the kind of error only (no text of the
plan)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from koers.plan_document import render
from koers.plan_document.models import PlanDocument
from koers.reports.files import RENDER_ERRORS


class FilesFailed(Exception):
    """A file of an ondersteuningsplan document could not be made; the document is marked "mislukt"."""


def make_files(document: PlanDocument) -> None:
    rows = PlanDocument.objects.for_swv(document.swv_id).filter(pk=document.pk)
    which = "PDF"
    try:
        rows.update(files_status=PlanDocument.FilesStatus.RUNNING, files_progress=10)
        pdf = render.render_pdf(document.payload)
        which = "Word"
        rows.update(files_progress=60)
        docx = render.render_docx(document.payload)
    except RENDER_ERRORS as exc:  # recorded: the document never stays "bezig"
        error = _("Het %(which)s-bestand kon niet worden gemaakt (%(kind)s).") % {
            "which": which,
            "kind": type(exc).__name__,
        }
        rows.update(files_status=PlanDocument.FilesStatus.FAILED, files_progress=0, files_error=error)
        raise FilesFailed(error) from exc
    rows.update(pdf=pdf, docx=docx, files_status=PlanDocument.FilesStatus.DONE, files_progress=100, files_error="")
