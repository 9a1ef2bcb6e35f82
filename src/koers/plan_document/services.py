"""Making an ondersteuningsplan document: freeze the content now, render the files in the background task."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.audit.tracking import record_event
from koers.plan_document import content
from koers.plan_document.models import PlanDocument
from koers.plan_document.tasks import generate_plan_document


def request_document(plan, user, version=None) -> PlanDocument:
    """The document of ``plan`` as it is now (or of ``version`` of its draft). A document of the same content that
    is made or being made is reused; otherwise the content is frozen and, once committed, the task makes the
    files."""
    if version is not None and version.plan_id != plan.pk:
        raise ValidationError(_("Deze versie hoort bij een ander plan."))
    payload = content.support_plan_payload(plan, version)
    fingerprint = content.digest(payload)
    with transaction.atomic(), acting_as(user):
        existing = (
            PlanDocument.objects.for_swv(plan.swv_id)
            .filter(plan=plan, version=version, digest=fingerprint)
            .exclude(files_status=PlanDocument.FilesStatus.FAILED)
            .order_by("-created_at", "-pk")
            .first()
        )
        if existing is not None:
            return existing
        document = PlanDocument.objects.create(
            swv_id=plan.swv_id,
            plan=plan,
            version=version,
            is_draft=plan.is_draft or version is not None,
            digest=fingerprint,
            payload=payload,
        )
        transaction.on_commit(partial(generate_plan_document.enqueue, document.pk))
    return document


def retry(document: PlanDocument, user) -> PlanDocument:
    """Make the files again after "mislukt"."""
    with transaction.atomic(), acting_as(user):
        document = PlanDocument.objects.for_swv(document.swv_id).select_for_update().get(pk=document.pk)
        if document.files_status != PlanDocument.FilesStatus.FAILED:
            raise ValidationError(_("De bestanden van dit document worden al gemaakt of zijn klaar."))
        document.files_status = PlanDocument.FilesStatus.PENDING
        document.files_progress = 0
        document.files_error = ""
        document.save(update_fields=["files_status", "files_progress", "files_error", "updated_at"])
        transaction.on_commit(partial(generate_plan_document.enqueue, document.pk))
    return document


def set_public(document: PlanDocument, user, public: bool) -> PlanDocument:
    """Put the PDF of an adopted plan on the public page (at most one document per plan), or take it off."""
    with transaction.atomic(), acting_as(user):
        document = PlanDocument.objects.for_swv(document.swv_id).select_for_update().get(pk=document.pk)
        if public and (document.is_draft or document.plan.is_draft):
            raise ValidationError(_("Alleen het document van een vastgesteld plan kan openbaar."))
        if public:
            PlanDocument.objects.for_swv(document.swv_id).filter(plan_id=document.plan_id, public=True).exclude(
                pk=document.pk
            ).update(public=False)
        if document.public != public:
            record_event(document.plan, {"PDF op de publieke pagina": [document.public, public]})
        document.public = public
        document.save(update_fields=["public", "updated_at"])
    return document


def latest(plan, audience, version=None) -> PlanDocument | None:
    return (
        PlanDocument.objects.restrict(audience)
        .filter(plan=plan, version=version)
        .order_by("-created_at", "-pk")
        .first()
    )
