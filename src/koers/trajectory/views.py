"""The bureau's pages of the trajectory: thin, every change through koers.trajectory.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.core import clock
from koers.core.access import get_owned, require
from koers.trajectory import calendar, ical, services
from koers.trajectory.forms import (
    GroupForm,
    NewTrajectoryForm,
    OutcomeForm,
    PhaseForm,
    StepForm,
    TableForm,
    TrajectoryForm,
)
from koers.trajectory.models import (
    FeedToken,
    Outcome,
    Phase,
    StakeholderGroup,
    Step,
    Thematafel,
    Trajectory,
)

EDIT = "plan.edit"


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require(EDIT)
def trajectory_list(request):
    trajectories = Trajectory.objects.restrict(request.audience).order_by("-first_year", "id")
    return render(request, "trajectory/list.html", {"trajectories": trajectories, "nav": "plans"})


@require(EDIT)
def trajectory_new(request):
    form = NewTrajectoryForm(request.POST or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.create_trajectory(swv=request.swv, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Het traject is aangemaakt, met de fasen en stappen volgens de wet."))
            return redirect("trajectory:detail", trajectory.pk)
    return render(request, "trajectory/form.html", {"form": form, "title": _("Nieuw traject"), "nav": "plans"})


def _overview(trajectory, audience):
    today = clock.today()
    phases = list(Phase.objects.restrict(audience).filter(trajectory=trajectory).order_by("order", "id"))
    steps = list(
        Step.objects.restrict(audience)
        .filter(trajectory=trajectory)
        .select_related("gemeente", "adoption__gremium")
        .order_by("order", "gemeente__name", "id")
    )
    found = calendar.findings(trajectory, steps, today)
    overdue = calendar.overdue_ids(trajectory, steps, today)
    rows = [
        {
            "step": s,
            "deadline": calendar.deadline(s, trajectory),
            "overdue": s.pk in overdue,
            "findings": [f for f in found if f.step_id == s.pk],
        }
        for s in steps
    ]
    return {"phases": phases, "steps": rows, "findings": found, "current": calendar.current_phase(phases, today)}


@require(EDIT)
def trajectory_detail(request, pk):
    trajectory = get_owned(request, Trajectory, pk=pk)
    tables = (
        Thematafel.objects.restrict(request.audience)
        .filter(trajectory=trajectory)
        .select_related("group")
        .prefetch_related("participants", "outcomes")
        .order_by("held_on", "id")
    )
    context = {
        "trajectory": trajectory,
        "tables": tables,
        "today": clock.today(),
        "nav": "plans",
        **_overview(trajectory, request.audience),
    }
    return render(request, "trajectory/detail.html", context)


@require(EDIT)
def trajectory_edit(request, pk):
    trajectory = get_owned(request, Trajectory, pk=pk)
    form = TrajectoryForm(request.POST or None, instance=trajectory)
    if request.method == "POST" and form.is_valid():
        services.save_form(form, request.user)
        added = services.sync_oogo_steps(trajectory)
        messages.success(request, _("Opgeslagen."))
        if added:
            messages.info(request, _("Er zijn OOGO-stappen toegevoegd voor nieuwe gemeenten."))
        return redirect("trajectory:detail", trajectory.pk)
    context = {"form": form, "trajectory": trajectory, "title": _("Traject wijzigen"), "nav": "plans"}
    return render(request, "trajectory/form.html", context)


@require(EDIT)
def phase_edit(request, pk):
    phase = get_owned(request, Phase.objects.restrict(request.audience).select_related("trajectory"), pk=pk)
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        services.save_form(form, request.user)
        messages.success(request, _("Opgeslagen."))
        return redirect("trajectory:detail", phase.trajectory_id)
    title = _("Fase %(f)s") % {"f": phase.get_kind_display()}
    context = {"form": form, "trajectory": phase.trajectory, "title": title, "nav": "plans"}
    return render(request, "trajectory/form.html", context)


@require(EDIT)
def step_edit(request, pk):
    step = get_owned(request, Step.objects.restrict(request.audience).select_related("trajectory", "gemeente"), pk=pk)
    initial = {f: getattr(step, f) for f in ("planned_on", "sent_on", "done_on", "outcome", "notes", "document_url")}
    form = StepForm(request.POST or None, request.FILES or None, initial=initial, step=step)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("document", "remove_document")}
        try:
            services.record_step(
                step,
                request.user,
                data=data,
                upload=form.cleaned_data.get("document"),
                remove_document=form.cleaned_data.get("remove_document", False),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("De stap is opgeslagen."))
            return redirect("trajectory:detail", step.trajectory_id)
    trajectory = step.trajectory
    context = {
        "form": form,
        "step": step,
        "trajectory": trajectory,
        "deadline": calendar.deadline(step, trajectory),
        "nav": "plans",
    }
    return render(request, "trajectory/step_form.html", context)


@require(EDIT)
@require_GET
def step_document(request, pk):
    step = get_owned(request, Step, pk=pk)
    if not step.has_document:
        raise Http404
    response = HttpResponse(bytes(step.document_data), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{_safe_name(step.document_name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in name)[:120] or "document"


@require(EDIT)
def groups(request):
    services.ensure_groups(request.swv)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_group(request.swv, request.user, form.cleaned_data["name"])
        messages.success(request, _("De groep is toegevoegd."))
        return redirect("trajectory:groups")
    items = StakeholderGroup.objects.restrict(request.audience).order_by("order", "name")
    return render(request, "trajectory/groups.html", {"form": form, "groups": items, "nav": "plans"})


def _table_form(request, trajectory, table, data):
    form = TableForm(data, instance=table, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        table = services.save_table(form, request.user, counts=form.counts(), new_themes=form.new_theme_names())
        messages.success(request, _("De thematafel is opgeslagen."))
        return redirect("trajectory:table", table.pk)
    context = {"form": form, "trajectory": trajectory, "nav": "plans"}
    return render(request, "trajectory/table_form.html", context)


@require(EDIT)
def table_new(request, pk):
    trajectory = get_owned(request, Trajectory, pk=pk)
    services.ensure_groups(trajectory.swv)
    table = Thematafel(swv_id=trajectory.swv_id, trajectory=trajectory)
    return _table_form(request, trajectory, table, request.POST or None)


@require(EDIT)
def table_edit(request, pk):
    table = get_owned(request, Thematafel.objects.restrict(request.audience).select_related("trajectory"), pk=pk)
    return _table_form(request, table.trajectory, table, request.POST or None)


@require(EDIT)
def table_detail(request, pk):
    table = get_owned(
        request, Thematafel.objects.restrict(request.audience).select_related("trajectory", "group"), pk=pk
    )
    outcomes = (
        Outcome.objects.restrict(request.audience)
        .filter(table=table)
        .select_related("theme")
        .prefetch_related("goals", "main_activities")
        .order_by("theme__name", "id")
    )
    context = {
        "table": table,
        "trajectory": table.trajectory,
        "outcomes": outcomes,
        "participants": table.participants.select_related("group"),
        "nav": "plans",
    }
    return render(request, "trajectory/table_detail.html", context)


def _outcome_form(request, table, outcome, data):
    form = OutcomeForm(data, instance=outcome, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_outcome(
                form.instance,
                request.user,
                goals=form.cleaned_data["goals"],
                main_activities=form.cleaned_data["main_activities"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("De opbrengst is opgeslagen."))
            return redirect("trajectory:table", table.pk)
    context = {"form": form, "table": table, "trajectory": table.trajectory, "outcome": outcome, "nav": "plans"}
    return render(request, "trajectory/outcome_form.html", context)


@require(EDIT)
def outcome_new(request, pk):
    table = get_owned(request, Thematafel.objects.restrict(request.audience).select_related("trajectory"), pk=pk)
    return _outcome_form(request, table, Outcome(swv_id=table.swv_id, table=table), request.POST or None)


@require(EDIT)
def outcome_edit(request, pk):
    outcome = get_owned(request, Outcome.objects.restrict(request.audience).select_related("table__trajectory"), pk=pk)
    return _outcome_form(request, outcome.table, outcome, request.POST or None)


@require(EDIT)
def themes(request, pk):
    """Per theme: what we heard, at which thematafel, and what we did with it."""
    trajectory = get_owned(request, Trajectory, pk=pk)
    outcomes = (
        Outcome.objects.restrict(request.audience)
        .filter(table__trajectory=trajectory)
        .select_related("theme", "table__group")
        .prefetch_related("goals", "main_activities")
        .order_by("theme__name", "table__held_on", "id")
    )
    by_theme = {}
    for outcome in outcomes:
        by_theme.setdefault(outcome.theme, []).append(outcome)
    context = {"trajectory": trajectory, "by_theme": list(by_theme.items()), "nav": "plans"}
    return render(request, "trajectory/themes.html", context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    key = None
    if request.method == "POST":
        if request.POST.get("actie") == "intrekken":
            services.revoke_feeds(request.user, request.swv)
            messages.success(request, _("Uw agendakoppeling is ingetrokken; het oude adres werkt niet meer."))
            return redirect("trajectory:feed_settings")
        key = services.issue_feed(request.user, request.swv)
    active = FeedToken.objects.restrict(request.audience).filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = request.build_absolute_uri(_feed_path(key)) if key else None
    context = {"active": active, "feed_url": feed_url, "nav": "plans"}
    return render(request, "trajectory/feed_settings.html", context)


def _feed_path(key):
    from django.urls import reverse

    return reverse("trajectory:feed", args=[key])


@require_GET
def feed(request, key):
    """The calendar feed: no login (a calendar program cannot log in), the secret key in the address instead."""
    token = services.feed_owner(key)
    if token is None:
        raise Http404
    response = HttpResponse(ical.feed(token.swv, host=request.get_host()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="traject.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
