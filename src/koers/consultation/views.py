"""The bureau's pages of a feedback round, and the invitee's page behind its personal link (no account, no
session: every request names the link, ADR 0034)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.audience import for_invitee
from koers.consultation import services
from koers.consultation.content import draft_elements
from koers.consultation.forms import AnswerForm, CommentForm, InviteForm, RoundForm
from koers.consultation.models import Comment, FeedbackRound, Invitee
from koers.core.access import get_owned, has_perm, require
from koers.plans.models import Plan


def _draft(request, pk) -> Plan:
    plan = get_owned(request, Plan.objects.restrict(request.audience), pk=pk)
    if not plan.is_draft:
        raise Http404
    return plan


def _round(request, pk) -> FeedbackRound:
    return get_owned(request, FeedbackRound.objects.restrict(request.audience).select_related("plan"), pk=pk)


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@require("plan.edit")
def rounds(request, pk):
    plan = _draft(request, pk)
    elements = draft_elements(plan, request.audience)
    form = RoundForm(request.POST or None, elements=elements)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(plan, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De reactieronde is aangemaakt."))
            return redirect("consultation:round", round_.pk)
    existing = FeedbackRound.objects.restrict(request.audience).filter(plan=plan).order_by("-opens_on", "pk")
    return render(request, "consultation/rounds.html", {"plan": plan, "form": form, "rounds": existing, "nav": "plans"})


def _grouped(round_, elements, comments):
    by_element = defaultdict(list)
    for comment in comments:
        by_element[comment.element].append(comment)
    return [(e, by_element.get(e.key, [])) for e in elements if round_.open_for(e.key) or by_element.get(e.key)]


@require("plan.view")
def round_page(request, pk):
    round_ = _round(request, pk)
    elements = draft_elements(round_.plan, request.audience)
    comments = list(
        Comment.objects.restrict(request.audience)
        .filter(round=round_)
        .select_related("invitee")
        .order_by("created_at", "pk")
    )
    status = request.GET.get("status", "")
    shown = [c for c in comments if not status or c.answer == status]
    counts = {value: sum(1 for c in comments if c.answer == value) for value, _label in Comment.Answer.choices}
    edit = has_perm(request, "plan.edit")
    return render(
        request,
        "consultation/round.html",
        {
            "round": round_,
            "plan": round_.plan,
            "groups": _grouped(round_, elements, shown),
            "statuses": [(v, label, counts[v]) for v, label in Comment.Answer.choices],
            "status": status,
            "invitees": Invitee.objects.restrict(request.audience).filter(round=round_).order_by("pk") if edit else [],
            "invite_form": InviteForm() if edit else None,
            "answer_form": AnswerForm() if edit else None,
            "edit_mode": edit,
            "is_open": round_.is_open(),
            "nav": "plans",
        },
    )


@require("plan.edit")
@require_POST
def invite(request, pk):
    round_ = _round(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        invitee, _token = services.invite(round_, request.user, **form.cleaned_data)
        messages.success(request, _("De uitnodiging is verstuurd aan %(n)s.") % {"n": invitee.name})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("consultation:round", round_.pk)


def _invitee(request, pk) -> Invitee:
    return get_owned(request, Invitee.objects.restrict(request.audience).select_related("round"), pk=pk)


@require("plan.edit")
@require_POST
def revoke(request, pk):
    invitee = _invitee(request, pk)
    services.revoke(invitee, request.user)
    messages.success(request, _("De link van %(n)s is ingetrokken.") % {"n": invitee.name})
    return redirect("consultation:round", invitee.round_id)


@require("plan.edit")
@require_POST
def resend(request, pk):
    invitee = _invitee(request, pk)
    try:
        services.resend(invitee, request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Er is een nieuwe link verstuurd aan %(n)s.") % {"n": invitee.name})
    return redirect("consultation:round", invitee.round_id)


@require("plan.view")
@require_POST
def member_comment(request, pk):
    round_ = _round(request, pk)
    form = CommentForm(request.POST)
    keys = {e.key for e in draft_elements(round_.plan, request.audience)}
    if form.is_valid():
        try:
            services.comment(
                round_, form.cleaned_data["element"], form.cleaned_data["text"], keys=keys, user=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Uw reactie is opgeslagen."))
    else:
        messages.error(request, _("Schrijf eerst uw reactie."))
    return redirect("consultation:round", round_.pk)


@require("plan.edit")
@require_POST
def answer(request, pk):
    comment = get_owned(request, Comment.objects.restrict(request.audience).select_related("round"), pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(comment, request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Het antwoord is opgeslagen."))
    else:
        messages.error(request, _("Kies wat u met de reactie deed."))
    return redirect("consultation:round", comment.round_id)


def respond(request, token):
    """The invitee's page: the draft of its round, a comment form per open element, its own comments."""
    try:
        invitee = services.invitee_for_token(token)
    except services.LinkRefused:
        return render(request, "consultation/refused.html", status=404)
    round_ = invitee.round
    audience = for_invitee(invitee)
    elements = draft_elements(round_.plan, audience)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment(
                    round_,
                    form.cleaned_data["element"],
                    form.cleaned_data["text"],
                    keys={e.key for e in elements},
                    invitee=invitee,
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Dank u wel. Uw reactie is opgeslagen."))
                return redirect(request.path)
        else:
            messages.error(request, _("Schrijf eerst uw reactie."))
    own = defaultdict(list)
    for comment in (
        Comment.objects.restrict(audience).filter(round=round_, invitee=invitee).order_by("created_at", "pk")
    ):
        own[comment.element].append(comment)
    return render(
        request,
        "consultation/respond.html",
        {
            "round": round_,
            "swv": round_.swv,
            "plan_title": round_.plan.title,
            "elements": [(e, round_.open_for(e.key), own.get(e.key, [])) for e in elements],
            "invitee": invitee,
        },
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require("plan.view")
def appendix(request, pk, fmt):
    """The appendix of the plan as its own PDF or Word file."""
    from django.http import HttpResponse
    from django.utils.text import slugify

    from koers.consultation import documents

    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = get_owned(request, Plan.objects.restrict(request.audience).select_related("swv"), pk=pk)
    payload = documents.appendix_payload(plan, request.audience)
    data = documents.render_pdf(payload) if fmt == "pdf" else documents.render_docx(payload)
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[fmt])
    stem = slugify(f"bijlage-consultatie-{plan.code}") or f"bijlage-consultatie-{plan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require("plan.view")
def versions(request, pk):
    """The recorded versions of a draft and the difference between two of them, per element."""
    from koers.consultation import versions as diffing
    from koers.consultation.models import PlanVersion

    plan = get_owned(request, Plan.objects.restrict(request.audience), pk=pk)
    recorded = list(
        PlanVersion.objects.restrict(request.audience)
        .filter(plan=plan)
        .prefetch_related("decisions__step")
        .order_by("number")
    )
    by_number = {str(v.number): v for v in recorded}
    old = by_number.get(request.GET.get("a", ""))
    new = by_number.get(request.GET.get("b", ""))
    if old is None and new is None and len(recorded) >= 2:
        old, new = recorded[-2], recorded[-1]
    diff = diffing.compare(old.elements, new.elements) if old and new else []
    return render(
        request,
        "consultation/versions.html",
        {
            "plan": plan,
            "versions": recorded,
            "old": old,
            "new": new,
            "diff": [d for d in diff if d.status != diffing.SAME],
            "unchanged": sum(1 for d in diff if d.status == diffing.SAME),
            "edit_mode": has_perm(request, "plan.edit") and plan.is_draft,
            "nav": "plans",
        },
    )


@require("plan.edit")
@require_POST
def version_record(request, pk):
    plan = _draft(request, pk)
    version = services.record_version(plan, request.user, note=request.POST.get("note", ""))
    messages.success(request, _("Versie %(n)s is vastgelegd.") % {"n": version.number})
    return redirect("consultation:versions", plan.pk)
