"""First-run setup in the browser: from an empty installation to an SWV with its own plan, step by step.

Every step stores its result at once and marks itself in :class:`~koers.onboarding.models.Setup`, so the
beheerder can stop at any moment ("Later verder") and carry on after logging in again at /inrichten/.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from koers.core import clock
from koers.core.access import has_perm, require
from koers.core.middleware import SESSION_KEY
from koers.core.normalise import normalise_swv_code
from koers.onboarding import services
from koers.onboarding.forms import FirstAccountForm, FirstActivityForm, NewSwvForm, OrganisationFileForm, describe

MANAGE = "users.manage"  # the wizard is for the beheerder: it invites users and changes settings


def _log_in(request, user, swv):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = swv.pk


def start(request):
    """The open start on an empty installation; afterwards: a new SWV (system manager) or the step overview."""
    if services.is_open():
        form = FirstAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                user, swv = services.create_first_account(
                    username=data["username"], email=data["email"], first_name=data["first_name"],
                    last_name=data["last_name"], password=data["password1"], code=data["swv_code"],
                    name=data["swv_name"], short_name=data["swv_short_name"], extra_codes=data.get("extra_codes", ()),
                )  # fmt: skip
            except services.StartClosed:
                messages.error(request, _("Er is intussen al een account gemaakt. Log in of vraag de beheerder."))
                return redirect("accounts:login")
            _log_in(request, user, swv)
            messages.success(
                request,
                _("Welkom, %(name)s. Uw account en %(swv)s zijn aangemaakt en u bent ingelogd.")
                % {"name": user.first_name or user.username, "swv": swv},
            )
            return redirect("onboarding:overview")
        return render(request, "onboarding/start.html", {"form": form, "first": True})
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_superuser:
        form = NewSwvForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            swv = services.create_swv(
                code=data["swv_code"],
                extra_codes=data.get("extra_codes", ()),
                name=data["swv_name"],
                short_name=data["swv_short_name"],
                user=request.user,
            )
            request.session[SESSION_KEY] = swv.pk
            messages.success(request, _("%(swv)s is aangemaakt. U bent er beheerder van.") % {"swv": swv})
            return redirect("onboarding:overview")
        context = {"form": form, "first": False, "may_continue": has_perm(request, MANAGE)}
        return render(request, "onboarding/start.html", context)
    if has_perm(request, MANAGE):
        return redirect("onboarding:overview")
    raise PermissionDenied


def _step_context(setup, key, **extra):
    rows = services.statuses(setup)
    pages = [r for r in rows if r["step"].page]
    number = next((i for i, r in enumerate(rows, 1) if r["step"].key == key), None)
    return {
        "setup": setup,
        "rows": rows,
        "step": services.PAGES.get(key),
        "number": number,
        "total": len(rows),
        "pages": pages,
        "nav": "onboarding",
        **extra,
    }


@require(MANAGE)
def overview(request):
    setup = services.setup_of(request.swv)
    current = services.current_step(setup)
    plan = services.plan_of(setup)
    context = _step_context(setup, None, current=current, plan=plan, year_plan=setup.year_plan)
    return render(request, "onboarding/overview.html", context)


def _next(setup, key):
    following = services.next_step_after(setup, key)
    if following is None:
        return redirect("onboarding:overview")
    return redirect("onboarding:step", following.key)


@require(MANAGE)
def step(request, step):
    if step not in services.PAGES:
        raise Http404
    setup = services.setup_of(request.swv)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "later":
            messages.info(
                request,
                _("Wat u hebt ingevuld is bewaard. U gaat later verder via Inrichten (het adres /inrichten/)."),
            )
            return redirect("dashboard:home")
        if action == "skip" and services.PAGES[step].optional:
            services.mark(setup, step, skipped=True)
            messages.info(request, _("Stap '%(step)s' is overgeslagen. U kunt hem later nog doen.") % {
                "step": services.PAGES[step].title})  # fmt: skip
            return _next(setup, step)
    return HANDLERS[step](request, setup)


def _finished_run(request, kind):
    """The run named by ?import= (a file the task worker read, ADR 0036), or None."""
    from koers.core.access import get_owned
    from koers.core.models import FileImport

    pk = request.GET.get("import")
    if not (pk and str(pk).isdecimal()):
        return None
    return get_owned(request, FileImport.objects.restrict(request.audience).filter(kind=kind), pk=int(pk))


def _refuse(form, field, message):
    """An error on a form shown again for a file the worker read (the form itself was not posted)."""
    form.errors  # noqa: B018 - cleans an unbound form (to nothing), so that errors can be added
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    form.add_error(field, message)


def _scholen(request, setup):
    from koers.core.models import FileImport
    from koers.organisations import services as organisation_services
    from koers.organisations.uploads import KIND

    form = OrganisationFileForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = form.cleaned_data["data"]
        options = {
            "format": "auto",
            "only_own": form.cleaned_data["only_own"],
            "accept_warnings": form.cleaned_data["accept_warnings"],
            "onboarding": True,
            "nav": "onboarding",
        }
        run = organisation_services.start_organisation_upload(
            request.swv, request.user, file_name=upload.name or "bestand", data=data, options=options
        )
        return redirect("organisations:import_progress", run.pk)
    run = _finished_run(request, KIND) if request.method == "GET" else None
    if run is not None and run.busy:
        return redirect("organisations:import_progress", run.pk)
    if run is not None and run.result:
        result = run.result
        if result["saved"] and result["counts"]:
            services.mark(setup, "scholen")
            added = ", ".join(f"{row['added']} {str(row['kind']).lower()}" for row in result["counts"] if row["added"])
            messages.success(
                request,
                _("Het bestand %(file)s is ingelezen. Toegevoegd: %(added)s.")
                % {"file": run.file_name, "added": added or _("niets nieuws")},
            )
            return _next(setup, "scholen")
        problems = result["problems"]
        if result["saved"]:
            _refuse(
                form,
                "file",
                ngettext("Er stonden geen scholen van %(code)s in dit bestand (%(n)s rij van een ander "
                         "samenwerkingsverband overgeslagen). Klopt het bestand?",
                         "Er stonden geen scholen van %(code)s in dit bestand (%(n)s rijen van andere "
                         "samenwerkingsverbanden overgeslagen). Klopt het bestand?", result["skipped"])
                % {"code": request.swv.code, "n": result["skipped"]},
            )  # fmt: skip
        elif result["errors"]:
            _refuse(form, None, ngettext("Er is niets opgeslagen: het bestand heeft %(n)s fout. Zie de lijst hieronder.",
                                    "Er is niets opgeslagen: het bestand heeft %(n)s fouten. Zie de lijst hieronder.",
                                    result["errors"])
                           % {"n": result["errors"]})  # fmt: skip
        else:
            if run.status == FileImport.Status.DONE:  # nobody confirms it here: the file goes
                from koers.core import uploads

                uploads.cancel(run, request.user)
            _refuse(
                form,
                "accept_warnings",
                _("Er is niets opgeslagen: het bestand heeft waarschuwingen (zie de lijst). Lees ze, vink "
                  "'Waarschuwingen accepteren' aan en kies het bestand opnieuw."),
            )  # fmt: skip
    elif run is not None and run.problems:
        problems = run.problems
        _refuse(form, None, _("Er is niets opgeslagen. Verbeter de punten hieronder en kies het bestand opnieuw."))
    return render(request, "onboarding/scholen.html", _step_context(setup, "scholen", form=form, problems=problems))


WAYS = {
    "leeg": _("Leeg plan"),
    "sjabloon": _("Sjabloon met niveaus"),
    "importeren": _("Plan importeren"),
}


def _plan(request, setup):
    from koers.core.models import FileImport
    from koers.plans import services as plan_services
    from koers.plans.element_forms import NewPlanForm
    from koers.plans.io.uploads import KIND
    from koers.plans.io_views import PlanImportForm
    from koers.plans.models import Plan

    way = request.POST.get("manier") or request.GET.get("manier")
    existing = services.plan_of(setup)
    if way not in WAYS:
        return render(request, "onboarding/plan_choice.html", _step_context(setup, "plan", existing=existing))
    problems = None
    if way == "importeren":
        form = PlanImportForm(request.POST or None, request.FILES or None)
        describe(form)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = plan_services.start_plan_upload(
                request.swv, request.user, file_name=upload.name, data=form.cleaned_data["data"], onboarding=True
            )
            return redirect("plans:plan_import_progress", run.pk)
        run = _finished_run(request, KIND) if request.method == "GET" else None
        if run is not None and run.busy:
            return redirect("plans:plan_import_progress", run.pk)
        if run is not None and run.status == FileImport.Status.APPLIED and run.result.get("applied_plan"):
            plan = Plan.objects.for_swv(request.swv).filter(pk=run.result["applied_plan"]).first()
            if plan is not None:
                setup.plan = plan
                services.mark(setup, "plan")
                return _next(setup, "plan")
        if run is not None and run.problems:
            problems = run.problems
            _refuse(form, None, _("Er is niets opgeslagen. Verbeter de punten hieronder en kies het bestand "
                                   "opnieuw."))  # fmt: skip
    else:
        first, last = services.default_years()
        period = f"{first}-{last + 1}"
        initial = {
            "title": _("Ondersteuningsplan %(period)s") % {"period": period},
            "code": f"osp-{period}",
            "first_year": first,
            "last_year": last,
            "template": "speerpunt" if way == "leeg" else "thema",
        }
        form = NewPlanForm(request.POST or None, instance=Plan(swv=request.swv), swv=request.swv, initial=initial)
        if way == "leeg":
            form.fields["template"].widget = forms.HiddenInput()
        describe(form, {
            "title": _("De naam van het plan, zoals op de voorkant. U kunt hem later wijzigen."),
            "mission": _("Mag leeg. De missie en visie van het samenwerkingsverband, in een paar zinnen."),
            "code": _("Korte naam zonder spaties, voor bestanden. Bijvoorbeeld osp-2025-2029."),
        })  # fmt: skip
        if request.method == "POST" and form.is_valid():
            plan = plan_services.save_plan_object(form, request.user)
            setup.plan = plan
            services.mark(setup, "plan")
            messages.success(request, _("Het plan '%(title)s' is gemaakt.") % {"title": plan.title})
            return _next(setup, "plan")
    context = _step_context(setup, "plan", form=form, way=way, way_label=WAYS[way], problems=problems,
                            existing=existing)  # fmt: skip
    return render(request, "onboarding/plan.html", context)


def _jaarplan(request, setup):
    from koers.core.periods import school_year_label, school_year_of
    from koers.plans.element_forms import YearPlanForm
    from koers.plans.models import Activity, YearPlan

    plan = services.plan_of(setup)
    if plan is None:
        messages.info(request, _("Maak eerst een ondersteuningsplan. Het jaarplan hoort daarbij."))
        return redirect("onboarding:step", "plan")
    existing = YearPlan.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("-school_year").first()
    year_plan_form = None
    data = request.POST if request.method == "POST" else None
    if existing is None:
        year = min(max(school_year_of(clock.today()), plan.first_year), plan.last_year)
        year_plan_form = YearPlanForm(
            data, instance=YearPlan(swv=request.swv, plan=plan), plan=plan, prefix="jaarplan",
            initial={"title": _("Jaarplan %(year)s") % {"year": school_year_label(year)}, "school_year": year},
        )  # fmt: skip
        describe(year_plan_form, {
            "title": _("Bijvoorbeeld Jaarplan 2025-2026 of Jaar- en activiteitenplan 2025-2026."),
            "school_year": _("Het schooljaar van dit jaarplan. Een schooljaar loopt van 1 augustus tot 31 juli."),
            "introduction": _("Mag leeg. Een korte inleiding: waar ligt dit jaar de nadruk?"),
        })  # fmt: skip
    activity_form = FirstActivityForm(data, instance=Activity(swv=request.swv), prefix="activiteit")
    if data is not None:
        valid = [f.is_valid() for f in (year_plan_form, activity_form) if f is not None]
        if all(valid):
            year_plan, activity = services.create_first_year_plan(
                setup, plan, year_plan_form, activity_form, request.user
            )
            messages.success(
                request,
                _("Het jaarplan '%(year_plan)s' en de eerste activiteit zijn opgeslagen.") % {"year_plan": year_plan},
            )
            return _next(setup, "jaarplan")
    context = _step_context(
        setup, "jaarplan", plan=plan, existing=existing, year_plan_form=year_plan_form, activity_form=activity_form
    )
    return render(request, "onboarding/jaarplan.html", context)


def _logo(request, setup):
    from koers.organisations import services as organisation_services
    from koers.organisations.forms import LogoForm

    form = LogoForm(request.POST or None, request.FILES or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        result = organisation_services.save_logo(form, request.swv, request.user)
        if result == "saved":
            services.mark(setup, "logo")
            messages.success(request, _("Het logo is opgeslagen. Het staat nu in de kop van elke pagina."))
            return _next(setup, "logo")
        if result == "removed":
            messages.success(request, _("Het logo is weggehaald."))
            return redirect("onboarding:step", "logo")
        form.add_error("logo", _("Kies een bestand met het logo, of kies 'Overslaan'."))
    return render(request, "onboarding/logo.html", _step_context(setup, "logo", form=form, swv=request.swv))


def _uitnodigen(request, setup):
    from koers.accounts.invitations import invite
    from koers.accounts.member_forms import InviteForm
    from koers.accounts.models import Membership

    if request.method == "POST" and request.POST.get("action") == "finish":
        services.mark(setup, "uitnodigen")
        return _next(setup, "uitnodigen")
    form = InviteForm(request.POST or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = invite(
            request.swv, request.user, data["email"], data["role"], first_name=data["first_name"],
            last_name=data["last_name"], schoolbestuur=data["schoolbestuur"], actors=data["actors"],
        )  # fmt: skip
        messages.success(
            request,
            _("%(email)s is uitgenodigd als %(role)s. Er is een e-mail verstuurd met een link om de uitnodiging te "
              "accepteren. Nodig nog iemand uit, of kies 'Klaar met uitnodigen'.")
            % {"email": invitation.email, "role": invitation.role},
        )  # fmt: skip
        return redirect("onboarding:step", "uitnodigen")
    members = Membership.objects.restrict(request.audience).select_related("user", "role").order_by("user__username")
    context = _step_context(setup, "uitnodigen", form=form, members=members)
    return render(request, "onboarding/uitnodigen.html", context)


HANDLERS = {
    "scholen": _scholen,
    "plan": _plan,
    "jaarplan": _jaarplan,
    "logo": _logo,
    "uitnodigen": _uitnodigen,
}


@require_GET
def logo(request, code):
    """The SWV's logo, for the page header and the public page. Public: a logo is no secret."""
    from koers.organisations.models import SwvLogo

    try:
        code = normalise_swv_code(code)
    except ValueError:
        raise Http404 from None
    item = SwvLogo.objects.filter(swv__code=code).first()
    if item is None:
        raise Http404
    etag = f'"logo-{item.pk}-{int(item.updated_at.timestamp())}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(item.data), content_type=item.content_type)
        extension = "png" if item.content_type == "image/png" else "jpg"
        response["Content-Disposition"] = f'inline; filename="logo-{code.lower()}.{extension}"'
    response["ETag"] = etag
    # a versioned address (?v=...) never changes; without it, check again after an hour
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if request.GET.get("v") else "public, max-age=3600"
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
