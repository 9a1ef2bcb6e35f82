from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from koers.core import clock, formatting
from koers.core.access import get_owned, has_perm, require
from koers.core.periods import Tertiaal, tertiaal_period
from koers.plans import selectors, services
from koers.plans.filters import NO_TERTIAAL, ActivityFilter
from koers.plans.forms import (
    ActivityForm,
    AdoptionForm,
    RolloverForm,
    RoundForm,
    UpdateForm,
    main_activities_for_goal,
)
from koers.plans.models import Activity, ActivityUpdate, Evidence, Goal, Plan, UpdateRound, YearPlan
from koers.plans.round_forms import CommentForm, EvidenceForm, ReviewForm
from koers.plans.round_status import open_round_for, round_status, site_url_missing


@require("plan.view")
def plan_list(request):
    plans = Plan.objects.restrict(request.audience).prefetch_related("year_plans")
    return render(request, "plans/plan_list.html", {"plans": plans, "nav": "plans"})


@require("plan.view")
def plan_detail(request, pk):
    """The ondersteuningsplan: themes, doelen, indicatoren and hoofdactiviteiten."""
    plan = get_owned(request, Plan, pk=pk)
    tree = selectors.plan_tree(plan)
    edit_mode = has_perm(request, "plan.edit")
    return render(
        request, "plans/plan_detail.html", {"plan": plan, "tree": tree, "edit_mode": edit_mode, "nav": "plans"}
    )


@require("plan.view")
def year_plan_detail(request, pk):
    """The jaarplan as a tree: theme -> doel -> indicator / hoofdactiviteit -> jaaractiviteit, with filters."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    base = (
        Activity.objects.restrict(request.audience)
        .filter(year_plan=year_plan)
        .select_related("owner", "main_activity", "carried_over_from")
        .prefetch_related("involved")
    )
    # the one activity filter, shared with the API (koers.plans.filters): the same query string, the same activities
    filterset = ActivityFilter(request.GET or None, queryset=base, year_plan=year_plan)
    form = filterset.form
    activities = list(filterset.qs)
    labels = dict(Activity.Status.choices)
    for a in activities:  # the status shown: as of the chosen tertiaal ("stand"), else today's
        a.shown_status = getattr(a, "status_at", a.status)
        a.shown_status_label = labels.get(a.shown_status, a.shown_status)
    filtered = filterset.active
    tree = selectors.year_plan_tree(year_plan, activities, prune=filtered)
    state = request.user.tree_state or {}
    for node in [*tree["themes"], tree["root"]]:  # a filtered tree shows what matched: everything open
        node.apply_state(state, selectors.TREE_DEFAULT_OPEN, force_open=filtered)
    context = {
        "year_plan": year_plan,
        "plan": year_plan.plan,
        "tree": tree,
        "form": form,
        "filtered": filtered,
        "count": len(activities),
        "today": clock.today(),
        "nav": "plans",
        "tertialen": [
            Tertiaal.parse(k) for k, _label in form.fields["start_tertiaal"].widget.choices[1:] if k != NO_TERTIAAL
        ],
        "activities": activities,
        "other_year_plans": year_plan.plan.year_plans.exclude(pk=year_plan.pk),
    }
    template = "plans/_tree.html" if request.htmx else "plans/year_plan_detail.html"
    return render(request, template, context)


@require("plan.view")
@require_POST
def tree_state(request):
    """Remember branches opened or closed (htmx, on a <details> toggle or "alles in-/uitklappen"; ``tak``: keys
    separated by commas). Without JavaScript nothing is sent and the tree opens as before."""
    from koers.accounts import services as account_services

    try:
        keys = request.POST.get("tak", "").split(",")
        account_services.remember_branches(request.user, keys, request.POST.get("open") == "1")
    except ValueError:
        return HttpResponse(status=400)
    return HttpResponse(status=204)


@require("plan.view")
def activity_detail(request, pk):
    activity = get_owned(
        request,
        Activity.objects.restrict(request.audience).select_related(
            "year_plan__plan",
            "owner__staff_member",
            "goal",
            "theme",
            "main_activity",
            "carried_over_from__year_plan",
        ),
        pk=pk,
    )
    may_update = services.can_update(request.membership, request.user, activity)
    open_round = open_round_for(activity.year_plan)
    form = UpdateForm(activity=activity, open_round=open_round) if may_update else None
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        form = UpdateForm(request.POST, activity=activity, open_round=open_round)
        if form.is_valid():
            try:
                services.post_update(activity, request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("reason" if isinstance(exc, services.PlanLocked) else None, exc)
            else:
                messages.success(request, _("Uw update is opgeslagen."))
                if request.POST.get("next") == "ronde":  # save and go on with the next activity of the round
                    return redirect("plans:my_round")
                return redirect("plans:activity", pk=activity.pk)
    updates = list(activity.updates.select_related("author", "reviewed_by"))
    evidence = {}
    for item in Evidence.objects.restrict(request.audience).filter(update__activity=activity).order_by("id"):
        evidence.setdefault(item.update_id, []).append(item)
    for u in updates:
        u.visible_evidence = evidence.get(u.pk, [])
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "plan": activity.year_plan.plan,
            "updates": updates,
            "form": form,
            "may_edit": has_perm(request, "plan.edit"),
            "may_review": has_perm(request, "rounds.manage"),
            "may_update": may_update,
            "may_comment": may_update or has_perm(request, "rounds.manage"),
            "open_round": open_round,
            "comments": activity.comments.select_related("author", "update").order_by("created_at", "id"),
            "comment_form": CommentForm(),
            "evidence_form": EvidenceForm(),
            "review_form": ReviewForm(),
            "carried_to": activity.carried_over_to.select_related("year_plan"),
            "today": clock.today(),
            "nav": "plans",
        },
    )


def _prefill_place(form, params):
    """ "Activiteit toevoegen" under a doel or hoofdactiviteit: that place (and the levels above it) preselected.
    Only elements of this plan count (the form's querysets); anything else is ignored."""
    main = goal = None
    value = params.get("hoofdactiviteit", "")
    if value.isdecimal():
        main = form.fields["main_activity"].queryset.filter(pk=value).first()
    value = params.get("doel", "")
    if value.isdecimal():
        goal = form.fields["goal"].queryset.filter(pk=value).first()
    if main:
        form.initial["main_activity"] = main.pk
        goal = goal or (main.goal_id and form.fields["goal"].queryset.filter(pk=main.goal_id).first())
        if main.theme_id and not goal:
            form.initial["theme"] = main.theme_id
    if goal:
        form.initial["goal"] = goal.pk
        if goal.theme_id:
            form.initial["theme"] = goal.theme_id


@require("plan.edit")
@require_GET
def main_activity_options(request, year_plan_pk):
    """htmx: the <option>s of the hoofdactiviteit select that fit the chosen doel (?goal=ID) of the activity form."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=year_plan_pk)
    plan = year_plan.plan
    goal = None
    if request.GET.get("goal", "").isdigit():
        goal = Goal.objects.restrict(request.audience).filter(plan=plan, pk=int(request.GET["goal"])).first()
    rows = main_activities_for_goal(plan, goal)  # in the order of the form's select
    selected = request.GET.get("main_activity", "")
    return render(
        request,
        "plans/_main_activity_options.html",
        {"main_activities": rows, "selected": selected},
    )


@require("plan.edit")
def activity_edit(request, pk=None, year_plan_pk=None):
    if pk:
        activity = get_owned(
            request, Activity.objects.restrict(request.audience).select_related("year_plan__plan"), pk=pk
        )
        year_plan = activity.year_plan
    else:
        year_plan = get_owned(
            request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=year_plan_pk
        )
        last = year_plan.activities.order_by("-order").first()
        activity = Activity(swv=request.swv, year_plan=year_plan, order=(last.order + 1) if last else 1)
        activity.code = selectors.next_activity_code(year_plan)
    form = ActivityForm(request.POST or None, instance=activity, year_plan=year_plan)
    if not pk and not form.is_bound:
        _prefill_place(form, request.GET)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.save_activity(
                form,
                request.user,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Iemand anders heeft deze activiteit gewijzigd nadat u haar opende. Hieronder staat de huidige versie; neem over wat u wilt bewaren en sla opnieuw op."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as exc:
            form.add_error("reason" if "reason" in form.fields else None, exc)
        else:
            messages.success(request, _("De activiteit is opgeslagen."))
            return redirect("plans:activity", pk=activity.pk)
    return render(
        request,
        "plans/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "year_plan": year_plan,
            "conflict": conflict,
            "nav": "plans",
        },
    )


@require("activity.update_own")
def my_activities(request):
    activities = (
        selectors.activities_for_user(request.swv, request.user)
        .prefetch_related(Prefetch("updates", queryset=ActivityUpdate.unscoped.order_by("-created_at")))
        .order_by("year_plan__school_year", "order")
    )
    rounds = UpdateRound.objects.restrict(request.audience).filter(closed_at__isnull=True).select_related("year_plan")
    return render(
        request,
        "plans/my_activities.html",
        {"activities": activities, "rounds": rounds, "nav": "mine", "today": clock.today()},
    )


@require("plan.view")
def tertiaal_overview(request, pk, tertiaal):
    """Per tertiaal: what starts in it, and what is late at its end."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    try:
        period = Tertiaal.parse(tertiaal)
    except ValueError as exc:
        from django.http import Http404

        raise Http404 from exc
    base = selectors.with_status_at(
        Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).select_related("owner"), period
    )  # the status as of this tertiaal, as the dashboard and the report count it
    starting = base.filter(start_tertiaal=period.key)
    ongoing = base.filter(start_tertiaal="")  # "doorlopend": started in no tertiaal, so shown in every one
    measured = tertiaal_period(period, clock.today())  # the one period model: T2 up to 31 July
    reference = measured.measured_until
    late = selectors.late_activities(base, reference, status_field="status_at")
    not_started = base.filter(status_at=Activity.Status.NOT_STARTED, start_date__lt=reference)
    updates = (
        ActivityUpdate.objects.for_swv(year_plan.swv_id)
        .filter(activity__year_plan=year_plan, tertiaal=period.key)
        .select_related("activity", "author")
    )
    return render(
        request,
        "plans/tertiaal.html",
        {
            "year_plan": year_plan,
            "period": period,
            "starting": starting,
            "ongoing": ongoing,
            "late": late,
            "not_started": not_started,
            "reference": reference,
            "measured": measured,
            "updates": updates,
            "prev": period.previous(),
            "next": period.next(),
            "nav": "plans",
        },
    )


@require("rounds.manage")
def rounds(request, pk):
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    form = RoundForm(request.POST or None, year_plan=year_plan)
    if request.method == "POST" and form.is_valid():
        try:
            update_round = services.open_round(year_plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            asked = update_round.notices.count()
            messages.success(
                request,
                ngettext(
                    "De ronde is geopend; %(n)s eigenaar heeft een bericht gekregen.",
                    "De ronde is geopend; %(n)s eigenaren hebben een bericht gekregen.",
                    asked,
                )
                % {"n": asked},
            )
            return redirect("plans:round", pk=update_round.pk)
    round_list = []
    for update_round in year_plan.rounds.order_by("-opened_at", "-id"):
        status = round_status(update_round)
        round_list.append((update_round, status.done, status.total))
    return render(
        request,
        "plans/rounds.html",
        {
            "year_plan": year_plan,
            "form": form,
            "round_list": round_list,
            "site_url_missing": site_url_missing(),
            "nav": "plans",
        },
    )


@require("plan.edit")
def rollover(request, pk):
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    next_label = f"{year_plan.school_year + 1}-{year_plan.school_year + 2}"
    form = RolloverForm(
        request.POST or None,
        initial={"title": year_plan.title.replace(year_plan.school_year_label, next_label)},
    )
    open_count = year_plan.activities.filter(status__in=Activity.OPEN_STATUSES).count()
    if request.method == "POST" and form.is_valid():
        try:
            new = services.rollover(year_plan, request.user, title=form.cleaned_data["title"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Jaarplan %(y)s is gemaakt; %(n)s onafgeronde activiteiten zijn overgenomen.")
                % {"y": next_label, "n": new.activities.count()},
            )
            return redirect("plans:year_plan", pk=new.pk)
    return render(
        request,
        "plans/rollover.html",
        {
            "year_plan": year_plan,
            "form": form,
            "open_count": open_count,
            "next_label": next_label,
            "nav": "plans",
        },
    )


@require("plan.view")
def budget(request, pk):
    """The budget per line with its realisation per tertiaal.

    Totals are added up from the exact amounts (cents included) and rounded once, when shown: the same way as
    the dashboard, so both show the same euro.
    """
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    overview = selectors.budget_overview(year_plan)
    if overview.get("budget") is not None:
        tertialen, lines = overview["tertialen"], overview["lines"]
        for line in lines:  # per cell its tertiaal, for the column label of the stacked table on a phone
            line.tertiaal_cells = list(zip(tertialen, line.per_tertiaal, strict=True))
        overview["tertiaal_totals"] = [
            (t, sum((line.per_tertiaal[i] or Decimal("0") for line in lines), Decimal("0")))
            for i, t in enumerate(tertialen)
        ]
        overview["remaining"] = overview["allocated"] - overview["realised"]
        # the note is the plan's own text: its amounts may differ from the totals Koers adds up from the lines
        overview["note_has_amounts"] = formatting.has_money(overview["budget"].note)
    return render(request, "plans/budget.html", {"year_plan": year_plan, **overview, "nav": "plans"})


@require("plan.view")
def portfolio(request, pk):
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    entries = year_plan.portfolio.select_related("theme").prefetch_related("goals", "holders")
    return render(
        request,
        "plans/portfolio.html",
        {"year_plan": year_plan, "entries": entries, "nav": "plans"},
    )


@require("plan.view")
def adoptions(request, pk):
    """Discussions and decisions of a jaarplan by gremia; 'vastgesteld' locks it."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    form = None
    if has_perm(request, "plan.edit"):
        form = AdoptionForm(request.POST or None, swv=request.swv, locked=year_plan.is_locked)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.adopt(
                    gremium=data["gremium"],
                    date_=data["date"],
                    kind=data["kind"],
                    note=data["note"],
                    reason=data.get("reason", ""),
                    user=request.user,
                    year_plan=year_plan,
                )
            except ValidationError as exc:
                form.add_error("reason" if "reason" in form.fields else None, exc)
            else:
                messages.success(request, _("De bespreking is vastgelegd."))
                return redirect("plans:adoptions", pk=year_plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "plans/adoptions.html",
        {
            "year_plan": year_plan,
            "form": form,
            "entries": year_plan.adoptions.select_related("gremium"),
            "plan_entries": year_plan.plan.adoptions.select_related("gremium"),
            "amendments": year_plan.amendments.select_related("user"),
            "nav": "plans",
        },
    )
