"""The ondersteuningsplan as a document: ask for it (the content is frozen, the task makes the files), follow its
progress, download it; a version of the draft as the OPR and the bestuur decide on it; the public PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.consultation import versions as diffing
from koers.consultation.models import PlanVersion
from koers.core.access import get_owned, has_perm, require
from koers.core.audience import Audience
from koers.plan_document import render as document_render
from koers.plan_document import services
from koers.plan_document.content import support_plan_payload
from koers.plan_document.models import PlanDocument
from koers.plans.models import Plan

VIEW = "plan.view"
EDIT = "plan.edit"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _file(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require(VIEW)
@require_POST
def make(request, pk):
    """ "Document maken": of the plan as it is, or (``versie``) of one recorded version of its draft."""
    plan = get_owned(request, Plan.objects.restrict(request.audience).select_related("swv"), pk=pk)
    version = None
    number = request.POST.get("versie", "")
    if number:
        if not number.isdigit():
            raise Http404
        version = get_owned(request, PlanVersion.objects.restrict(request.audience), plan=plan, number=int(number))
    document = services.request_document(plan, request.user, version)
    return redirect("plan_document:detail", document.pk)


def _document(request, pk) -> PlanDocument:
    return get_owned(request, PlanDocument.objects.restrict(request.audience).select_related("plan", "version"), pk=pk)


@require(VIEW)
@require_GET
def detail(request, pk):
    document = _document(request, pk)
    context = {
        "document": document,
        "plan": document.plan,
        "may_edit": has_perm(request, EDIT),
        "nav": "plans",
    }
    return render(request, "plan_document/detail.html", context)


@require(VIEW)
@require_GET
def progress(request, pk):
    document = _document(request, pk)
    return render(request, "plan_document/_progress.html", {"document": document, "may_edit": has_perm(request, EDIT)})


@require(VIEW)
@require_GET
def download(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    document = _document(request, pk)
    data = getattr(document, fmt)
    if not document.is_done or not data:  # never rendered in the request: the task makes the files
        messages.info(request, _("Het document wordt nog gemaakt. Probeer het zo opnieuw."))
        return redirect("plan_document:detail", document.pk)
    return _file(data, fmt, document.file_stem)


@require(EDIT)
@require_POST
def retry(request, pk):
    document = _document(request, pk)
    try:
        services.retry(document, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Koers maakt de bestanden van het document opnieuw."))
    return redirect("plan_document:detail", document.pk)


@require(EDIT)
@require_POST
def publish(request, pk):
    """Put the PDF of the adopted plan on the public page, or take it off."""
    document = _document(request, pk)
    public = request.POST.get("openbaar") == "ja"
    try:
        services.set_public(document, request.user, public)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("De PDF staat op de publieke pagina.") if public else _("De PDF staat niet meer op de publieke pagina."),
        )
    return redirect("plan_document:detail", document.pk)


@require(VIEW)
@require_GET
def version(request, pk):
    """One recorded version of a draft, exactly as the OPR and the bestuur decide on it: its text, the steps that
    decide on it, the difference with the version before and with the draft as it is now, and its document."""
    from koers.consultation.content import draft_elements

    recorded = get_owned(
        request, PlanVersion.objects.restrict(request.audience).select_related("plan", "plan__swv"), pk=pk
    )
    plan = recorded.plan
    previous = (
        PlanVersion.objects.restrict(request.audience)
        .filter(plan=plan, number__lt=recorded.number)
        .order_by("-number")
        .first()
    )
    diff_previous = diffing.compare(previous.elements, recorded.elements) if previous else []
    diff_draft = []
    if plan.is_draft:
        current = [
            {"key": e.key, "level": e.level, "code": e.code, "title": e.title, "text": e.text}
            for e in draft_elements(plan, request.audience)
        ]
        diff_draft = diffing.compare(recorded.elements, current)
    context = {
        "plan": plan,
        "version": recorded,
        "previous": previous,
        "decisions": recorded.decisions.select_related("step", "step__trajectory", "step__gemeente").order_by("pk"),
        "diff_previous": [d for d in diff_previous if d.status != diffing.SAME],
        "diff_draft": [d for d in diff_draft if d.status != diffing.SAME],
        "body": document_render.render_body(support_plan_payload(plan, recorded)),
        "document": services.latest(plan, request.audience, recorded),
        "nav": "plans",
    }
    return render(request, "plan_document/version.html", context)


@require_GET
def public_download(request, code):
    """The PDF of the adopted plan on the public page, when the SWV put it there (no login)."""
    from koers.core.normalise import normalise_swv_code
    from koers.organisations.models import Swv
    from koers.public.models import PublicPage

    try:
        swv = Swv.objects.get(code=normalise_swv_code(code))
    except (ValueError, Swv.DoesNotExist) as exc:
        raise Http404 from exc
    audience = Audience.public(swv)
    page = PublicPage.objects.restrict(audience).filter(published=True, plan__isnull=False).first()
    if page is None:
        raise Http404
    document = get_object_or_404(
        PlanDocument.objects.restrict(audience).filter(
            plan_id=page.plan_id, public=True, is_draft=False, files_status=PlanDocument.FilesStatus.DONE
        )
    )
    response = _file(document.pdf, "pdf", document.file_stem)
    response["Content-Disposition"] = f'inline; filename="{document.file_stem}.pdf"'
    return response
