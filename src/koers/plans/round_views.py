"""The voortgangsronde: the bureau's round page (who has updated, reminders, review), the owner's round view
(what still needs an update, inline, with save-and-next), comments and evidence. Thin: the rules are in
``services`` and the state in ``round_status``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.core.access import get_owned, has_perm, require
from koers.organisations.models import Actor
from koers.plans import services
from koers.plans.forms import UpdateForm
from koers.plans.models import Activity, ActivityUpdate, Evidence, UpdateRound
from koers.plans.round_forms import CommentForm, EvidenceForm, ReviewForm
from koers.plans.round_status import latest_updates, round_status, site_url_missing


def _error(request, exc: ValidationError):
    for text in exc.messages:
        messages.error(request, text)


@require("rounds.manage")
def round_detail(request, pk):
    """Per owner and per activity: updated or not, sent back or accepted, the last reminder; remind, review and
    close from here."""
    update_round = get_owned(
        request, UpdateRound.objects.restrict(request.audience).select_related("year_plan__plan"), pk=pk
    )
    return render(
        request,
        "plans/round_detail.html",
        {
            "round": update_round,
            "year_plan": update_round.year_plan,
            "status": round_status(update_round),
            "site_url_missing": site_url_missing(),
            "review_form": ReviewForm(),
            "nav": "plans",
        },
    )


@require("rounds.manage")
@require_POST
def round_remind(request, pk):
    """ "Herinner": one owner (``owner``) or everyone who still has something to update (no ``owner``)."""
    update_round = get_owned(request, UpdateRound, pk=pk)
    owner_pk = request.POST.get("owner", "")
    try:
        if owner_pk:
            if not owner_pk.isdigit():
                raise Http404
            owner = get_owned(request, Actor, pk=int(owner_pk))
            n = services.remind_owner(update_round, owner, request.user)
        else:
            n = services.remind_all(update_round, request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "Er is %(n)s herinnering verstuurd.",
                "Er zijn %(n)s herinneringen verstuurd.",
                n,
            )
            % {"n": n}
            if n
            else _("Iedereen heeft alles bijgewerkt; er is geen herinnering verstuurd."),
        )
    return redirect("plans:round", pk=update_round.pk)


@require("rounds.manage")
@require_POST
def round_close(request, pk):
    update_round = get_owned(request, UpdateRound, pk=pk)
    try:
        services.close_round(update_round, request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("De ronde is gesloten."))
    return redirect("plans:round", pk=update_round.pk)


@require("rounds.manage")
@require_POST
def update_review(request, pk):
    """The bureau accepts an update or sends it back with a comment."""
    update = get_owned(
        request, ActivityUpdate.objects.restrict(request.audience).select_related("activity__year_plan"), pk=pk
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies accepteren of terugsturen."))
    else:
        data = form.cleaned_data
        accept = data["decision"] == "accepteren"
        try:
            services.review_update(update, request.user, accept=accept, comment=data["comment"], reason=data["reason"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("De update is geaccepteerd.")
                if accept
                else _("De update is teruggestuurd; de eigenaar heeft een bericht gekregen."),
            )
    if update.round_id:
        return redirect("plans:round", pk=update.round_id)
    return redirect("plans:activity", pk=update.activity_id)


def _my_round_context(request, current_pk=None, form=None):
    """The open rounds that ask this user something: per round the activities still to update first (the
    current one with its form open), then the updated ones."""
    from koers.plans import selectors

    mine = list(
        selectors.activities_for_user(request.swv, request.user)
        .filter(status__in=Activity.OPEN_STATUSES)
        .select_related("year_plan")
        .order_by("year_plan__school_year", "order", "id")
    )
    rounds = [
        r
        for r in UpdateRound.objects.restrict(request.audience)
        .filter(closed_at__isnull=True, year_plan__in={a.year_plan_id for a in mine})
        .select_related("year_plan")
        .order_by("deadline", "id")
        if r.is_open
    ]
    sections = []
    current = None
    for update_round in rounds:
        activities = [a for a in mine if a.year_plan_id == update_round.year_plan_id]
        latest = latest_updates(update_round.year_plan, update_round.tertiaal, [a.pk for a in activities])
        todo, done = [], []
        for activity in activities:
            update = latest.get(activity.pk)
            activity.round_update = update
            returned = update is not None and update.review == ActivityUpdate.Review.RETURNED
            activity.returned_comment = update.comments.order_by("-created_at", "-id").first() if returned else None
            (todo if update is None or returned else done).append(activity)
        sections.append({"round": update_round, "todo": todo, "done": done})
        if current is None:
            wanted = [a for a in todo if a.pk == current_pk] or (todo[:1] if current_pk is None else [])
            if wanted:
                current = wanted[0]
                current.form = form or UpdateForm(activity=current, open_round=update_round)
                current.form_round = update_round
    if current is None and current_pk is not None:  # asked for one that is done: open the first still to do
        return _my_round_context(request, None, None)
    return {"sections": sections, "current": current, "nav": "mine"}


@require("activity.update_own")
def my_round(request):
    """The owner's round view; ``?activiteit=<id>`` opens that activity's form."""
    wanted = request.GET.get("activiteit", "")
    context = _my_round_context(request, int(wanted) if wanted.isdigit() else None)
    template = "plans/_my_round_list.html" if request.htmx else "plans/my_round.html"
    return render(request, template, context)


@require("activity.update_own")
@require_POST
def round_update(request, pk):
    """Save an update from the owner's round view, then open the next activity still to update (htmx swaps the
    list; without JavaScript the page is loaded again)."""
    activity = get_owned(request, Activity.objects.restrict(request.audience).select_related("year_plan"), pk=pk)
    if not services.can_update(request.membership, request.user, activity):
        raise PermissionDenied
    form = UpdateForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            services.post_update(activity, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reason" if isinstance(exc, services.PlanLocked) else None, exc)
        else:
            saved = _("Uw update van %(code)s is opgeslagen.") % {"code": activity.code}
            if not request.htmx:
                messages.success(request, saved)
                return redirect("plans:my_round")
            return render(request, "plans/_my_round_list.html", {**_my_round_context(request), "saved": saved})
    if not request.htmx:
        context = _my_round_context(request, activity.pk, form)
        return render(request, "plans/my_round.html", context)
    return render(request, "plans/_my_round_list.html", _my_round_context(request, activity.pk, form))


def _may_comment(request, activity) -> bool:
    return has_perm(request, "rounds.manage") or services.can_update(request.membership, request.user, activity)


@require("plan.view")
@require_POST
def activity_comment(request, pk):
    activity = get_owned(request, Activity, pk=pk)
    if not _may_comment(request, activity):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(activity, request.user, form.cleaned_data["text"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Uw opmerking is geplaatst."))
    else:
        messages.error(request, _("Schrijf een opmerking."))
    return redirect("plans:activity", pk=activity.pk)


@require("activity.update_own")
@require_POST
def evidence_add(request, pk):
    update = get_owned(
        request, ActivityUpdate.objects.restrict(request.audience).select_related("activity__year_plan"), pk=pk
    )
    if not services.can_update(request.membership, request.user, update.activity):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_evidence(
                update,
                request.user,
                title=data["title"],
                url=data["url"],
                upload=data["upload"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Het bewijsstuk is toegevoegd."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("plans:activity", pk=update.activity_id)


@require("plan.view")
def evidence_file(request, pk):
    """An evidence file, only for whom the audience rules let see it (the bureau, the activity's owner); every
    opening is logged in the inzagelog."""
    evidence = get_owned(request, Evidence.objects.restrict(request.audience).select_related("update__activity"), pk=pk)
    content = services.evidence_content(evidence)
    if content is None:
        raise Http404
    services.log_evidence_viewed(evidence, request.user)
    response = HttpResponse(content, content_type="application/octet-stream")
    safe_name = "".join(c if c.isalnum() or c in "._- " else "_" for c in evidence.file_name) or "bestand"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
