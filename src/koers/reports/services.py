"""Making, issuing and freezing reports."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.audience import for_readers
from koers.accounts.mail import render_text, site_url
from koers.accounts.models import Membership
from koers.accounts.notifications import notify_and_mail
from koers.accounts.roles import PERMISSIONS
from koers.audit.context import acting_as
from koers.core.periods import Tertiaal
from koers.reports import content, render
from koers.reports.models import Report
from koers.reports.tasks import generate_report_files


def default_title(year_plan, tertiaal: Tertiaal) -> str:
    return _("Tertiaalrapportage %(t)s – %(y)s") % {"t": tertiaal, "y": year_plan.title}


def create_tertiaal_report(year_plan, tertiaal: Tertiaal, user, title: str = "") -> Report:
    """A draft for this jaarplan and tertiaal; an existing draft is reused rather than doubled."""
    existing = (
        Report.objects.for_swv(year_plan.swv)
        .filter(
            kind=Report.Kind.TERTIAAL,
            year_plan=year_plan,
            tertiaal=tertiaal.key,
            status=Report.Status.DRAFT,
        )
        .first()
    )
    if existing:
        return existing
    return Report.objects.create(
        swv=year_plan.swv,
        kind=Report.Kind.TERTIAAL,
        year_plan=year_plan,
        tertiaal=tertiaal.key,
        title=title or default_title(year_plan, tertiaal),
        created_by=user,
    )


def save_text(form, user) -> Report:
    """The draft's title, introduction and conclusion from a ``ReportTextForm``, in the history as ``user``.

    Under a row lock: a report issued in the meantime is frozen, so its text is refused (``ValidationError``).
    """
    with transaction.atomic(), acting_as(user):
        current = Report.objects.for_swv(form.instance.swv_id).select_for_update().get(pk=form.instance.pk)
        if current.is_issued:
            raise ValidationError(_("Deze rapportage is al uitgebracht."))
        return form.save()


def payload_for(report: Report) -> dict:
    """The frozen payload of an issued report; the live content of a draft."""
    if report.is_issued and report.payload:
        return report.payload
    if report.year_plan is None:
        raise ValidationError(_("Het jaarplan van deze rapportage bestaat niet meer."))
    if report.kind == Report.Kind.YEAR_PLAN:
        return content.year_plan_payload(report.year_plan)
    return content.tertiaal_payload(report.year_plan, Tertiaal.parse(report.tertiaal), for_readers(report.swv))


def issue(report: Report, user) -> Report:
    """Freeze the content, store it, and once that is committed start making the files and tell the SWV's
    readers (a rolled-back issue enqueues and tells nothing)."""
    with transaction.atomic():
        report = Report.objects.for_swv(report.swv_id).select_for_update().get(pk=report.pk)
        if report.is_issued:
            raise ValidationError(_("Deze rapportage is al uitgebracht."))
        payload = payload_for(report)
        report.payload = payload
        report.status = Report.Status.ISSUED
        report.issued_by = user
        report.issued_by_name = str(user)
        report.issued_at = timezone.now()
        report.content_html = render.render_body(payload, report)
        report.files_status = Report.FilesStatus.PENDING
        report.files_progress = 0
        report.save()
        transaction.on_commit(partial(_after_issue, report, user))
    report.refresh_from_db()
    return report


def _after_issue(report: Report, user) -> None:
    generate_report_files.enqueue(report.pk)
    _notify_readers(report, user)


def _notify_readers(report: Report, issuer) -> None:
    """A notification for every reader of the SWV (everyone who may see issued reports, except who issued it),
    and an e-mail with an absolute link to those who want notifications by e-mail."""
    roles = PERMISSIONS["reports.view_issued"]
    link = reverse("reports:detail", args=[report.pk])
    subject = _("Rapportage uitgebracht: %(title)s") % {"title": report.title}
    body = _("%(who)s heeft de rapportage uitgebracht. U vindt haar in het archief van Koers.") % {
        "who": report.issued_by_name
    }
    memberships = (
        Membership.objects.for_swv(report.swv_id)
        .filter(role__code__in=roles)
        .exclude(user_id=getattr(issuer, "pk", None))
        .select_related("user", "swv")
        .order_by("user_id")
    )
    for membership in memberships:  # one membership per user and SWV: one message per reader
        user = membership.user
        mail_body = render_text(
            "reports/mail/issued.txt",
            {"user": user, "report": report, "title": report.title, "swv": membership.swv, "link": site_url(link)},
        )
        notify_and_mail(user, subject, body, link, mail_body=mail_body)


def requeue_files(report: Report) -> None:
    """The files of an issued report are lost (the task never ran, or they are gone): the task again, once this
    is committed. Not after "mislukt": that is the bureau's "Opnieuw maken" (:func:`retry_files`)."""
    with transaction.atomic():
        rows = Report.objects.for_swv(report.swv_id).filter(pk=report.pk, status=Report.Status.ISSUED)
        changed = rows.exclude(files_status__in=[Report.FilesStatus.FAILED, Report.FilesStatus.RUNNING]).update(
            files_status=Report.FilesStatus.PENDING, files_progress=0, files_error=""
        )
        if changed:
            transaction.on_commit(partial(generate_report_files.enqueue, report.pk))


def retry_files(report: Report, user=None) -> Report:
    """Make the files of an issued report again (after "mislukt"): back in the queue, the task starts once
    this is committed."""
    with transaction.atomic():
        report = Report.objects.for_swv(report.swv_id).select_for_update().get(pk=report.pk)
        if not report.is_issued:
            raise ValidationError(_("Alleen van een uitgebrachte rapportage maakt Koers bestanden."))
        if report.files_status in (Report.FilesStatus.PENDING, Report.FilesStatus.RUNNING):
            raise ValidationError(_("De bestanden worden al gemaakt."))
        report.files_status = Report.FilesStatus.PENDING
        report.files_progress = 0
        report.files_error = ""
        report.save(update_fields=["files_status", "files_progress", "files_error", "updated_at"])
        transaction.on_commit(partial(generate_report_files.enqueue, report.pk))
    report.refresh_from_db()
    return report
