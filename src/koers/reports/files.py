"""The files of an issued report (PDF, Word and, for a tertiaalrapportage, PowerPoint): made by the background
task (:mod:`.tasks`), never inside a web request."""

from __future__ import annotations

import zipfile
from functools import partial
from xml.etree.ElementTree import ParseError

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.reports import render
from koers.reports.models import Report

# What Koers' renderers raise on content they cannot lay out or write (WeasyPrint, cairosvg, python-docx,
# python-pptx, lxml): files and fonts (OSError), values and lookups, XML and zips. A programming error of Koers'
# own (NameError, ImportError and the like) is not caught here: it reaches the task worker's log as it is.
RENDER_ERRORS = (
    OSError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RuntimeError,
    ParseError,
    zipfile.BadZipFile,
)


class FilesFailed(Exception):
    """A file of an issued report could not be made; the report is marked "mislukt"."""


def make_files(report: Report, progress=None) -> None:
    """Render the frozen payload as PDF, Word and (a tertiaalrapportage) PowerPoint, and store them with the report.

    When Koers' own rendering fails, the report does not stay "bezig": it ends as "mislukt" with a message
    without personal data (no text of the report), the bureau is told, and :class:`FilesFailed` is raised
    (with the original error as its cause, for the log)."""
    payload = report.payload
    rows = Report.objects.for_swv(report.swv_id).filter(pk=report.pk)

    def step(percent):
        rows.update(files_progress=percent, files_status=Report.FilesStatus.RUNNING)
        if progress:
            progress(percent)

    which = "PDF"
    try:
        step(10)
        pdf = render.render_pdf(payload, report)
        which = "Word"
        step(55)
        docx = document_docx(payload, report)
        pptx = None
        if "pptx" in report.formats:
            which = "PowerPoint"
            step(80)
            pptx = document_pptx(payload, report)
    except RENDER_ERRORS as exc:  # a failure of the renderers: recorded, the report never stays "bezig"
        error = _files_failed(report, which, exc)
        raise FilesFailed(error) from exc
    rows.update(pdf=pdf, docx=docx, pptx=pptx, files_progress=100, files_status=Report.FilesStatus.DONE, files_error="")


def _files_failed(report: Report, which: str, exc: Exception) -> str:
    """Mark the files as failed and tell the bureau. Only the kind of error is kept: its text may quote the
    report (names, texts), which does not belong in a status field or a notification."""
    error = _("Het %(which)s-bestand kon niet worden gemaakt (%(kind)s).") % {
        "which": which,
        "kind": type(exc).__name__,
    }
    Report.objects.for_swv(report.swv_id).filter(pk=report.pk).update(
        files_status=Report.FilesStatus.FAILED, files_progress=0, files_error=error
    )
    transaction.on_commit(partial(_notify_bureau_failed, report, error), robust=True)
    return error


def _notify_bureau_failed(report: Report, error: str) -> None:
    """A notification to everyone who makes reports, and an e-mail to those who want one."""
    from koers.accounts.mail import site_url
    from koers.accounts.models import Membership
    from koers.accounts.notifications import notify_and_mail
    from koers.accounts.roles import PERMISSIONS

    link = reverse("reports:detail", args=[report.pk])
    subject = _("Bestanden van rapportage mislukt: %(title)s") % {"title": report.title}
    body = _(
        "De bestanden van de rapportage (PDF, Word, PowerPoint) konden niet worden gemaakt. %(error)s "
        "Op de pagina van de rapportage maakt u ze met 'Opnieuw maken' opnieuw.\n\n%(url)s"
    ) % {"error": error, "url": site_url(link)}
    memberships = (
        Membership.objects.for_swv(report.swv_id)
        .filter(role__code__in=PERMISSIONS["reports.make"])
        .select_related("user")
    )
    for membership in memberships:
        notify_and_mail(membership.user, subject, body, link)


def document_docx(payload: dict, report=None) -> bytes:
    from koers.reports import word  # python-docx is slow to import; only the Word download needs it

    if payload["kind"] == "jaarplan":
        return word.year_plan_docx(payload)
    return word.tertiaal_docx(payload, report)


def document_pptx(payload: dict, report=None) -> bytes:
    """The board pack as a PowerPoint presentation (tertiaalrapportage only)."""
    from koers.reports import slides  # python-pptx and cairo load slowly; only this file needs them

    if payload["kind"] != "tertiaalrapportage":
        raise ValueError("alleen een tertiaalrapportage heeft een PowerPoint-presentatie")
    return slides.tertiaal_pptx(payload, report)
