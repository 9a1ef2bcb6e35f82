"""The money pages under /geld/: thin views over :mod:`koers.finance.services` and :mod:`koers.finance.summary`."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from koers.core.access import get_owned, require
from koers.core.importing import problem_report
from koers.core.periods import school_year_label
from koers.finance import forecast, services, summary
from koers.finance.forms import (
    AnnualAccountForm,
    BudgetedContributionForm,
    HealthNormsForm,
    ProvisionForm,
    ProvisionYearForm,
    TariffForm,
    TariffImportForm,
)
from koers.finance.importing import parse_accounts, parse_tariffs
from koers.finance.models import AnnualAccount, HealthNorms, Provision, Tariff
from koers.plans.models import YearPlan

NAV = "finance"


def _year_plan(request):
    year_plans = list(
        YearPlan.objects.restrict(request.audience).select_related("plan").order_by("-school_year", "-pk")
    )
    chosen = None
    with contextlib.suppress(ValueError, TypeError):
        wanted = int(request.GET.get("jaarplan") or 0)
        chosen = next((yp for yp in year_plans if yp.pk == wanted), None)
    if chosen is None:
        from koers.core import clock
        from koers.core.periods import school_year_of

        this_year = school_year_of(clock.today())
        chosen = next((yp for yp in year_plans if yp.school_year == this_year), year_plans[0] if year_plans else None)
    return year_plans, chosen


@require("plan.view")
def overview(request):
    year_plans, year_plan = _year_plan(request)
    rule = request.GET.get("teldatum") or services.DEFAULT_COUNT_DATE
    if rule not in services.COUNT_DATES:
        rule = services.DEFAULT_COUNT_DATE
    section = summary.money_section(request.swv, request.audience, year_plan, rule=rule)
    if "table" in section:
        response = section["table"].export_response(request, name="geld")
        if response is not None:
            return response
    return render(
        request,
        "finance/overview.html",
        {
            "nav": NAV,
            "year_plans": year_plans,
            "year_plan": year_plan,
            "money": section,
            "afdrachten": forecast.section(request.swv, request.audience),
            "rules": list(services.COUNT_DATE_LABELS.items()),
        },
    )


@require("plan.view")
def network(request):
    from koers.core import clock
    from koers.core.periods import school_year_of

    school_year = school_year_of(clock.today())
    with contextlib.suppress(ValueError, TypeError):
        school_year = int(request.GET.get("schooljaar") or school_year)
    rows = services.network(request.swv, request.audience, school_year)
    return render(
        request,
        "finance/network.html",
        {
            "nav": NAV,
            "rows": rows,
            "school_year": school_year,
            "school_year_label": school_year_label(school_year),
            "next_label": school_year_label(school_year + 1),
            "calendar_year": school_year,
            "years": [school_year - 1, school_year, school_year + 1],
        },
    )


@require("plan.edit")
def provision_edit(request, pk=None):
    provision = get_owned(request, Provision, pk=pk) if pk else None
    form = ProvisionForm(request.POST or None, instance=provision, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        saved = services.save_provision(request.swv, provision, **form.cleaned_data)
        messages.success(request, _("Voorziening %(n)s opgeslagen.") % {"n": saved.name})
        return redirect("finance:network")
    return render(
        request,
        "finance/form.html",
        {"nav": NAV, "form": form, "title": provision or _("Nieuwe voorziening"), "back": "finance:network"},
    )


@require("plan.edit")
def provision_year(request, pk):
    provision = get_owned(request, Provision, pk=pk)
    form = ProvisionYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.save_provision_year(provision, **data)
        messages.success(
            request,
            _("Plaatsen en tarief van %(n)s in %(y)s opgeslagen.")
            % {"n": provision.name, "y": school_year_label(data["school_year"])},
        )
        return redirect("finance:network")
    title = _("Plaatsen en tarief per schooljaar: %(n)s") % {"n": provision.name}
    return render(request, "finance/form.html", {"nav": NAV, "form": form, "title": title, "back": "finance:network"})


@require("plan.view")
def tariffs(request):
    rows = Tariff.objects.restrict(request.audience).order_by("-year", "school_type", "category")
    return render(request, "finance/tariffs.html", {"nav": NAV, "tariffs": rows})


@require("plan.edit")
def tariff_edit(request):
    form = TariffForm(request.POST or None)
    form.instance.swv = request.swv
    if request.method == "POST" and form.is_valid():
        services.save_tariff(request.swv, **form.cleaned_data)
        messages.success(request, _("Tarief opgeslagen."))
        return redirect("finance:tariffs")
    return render(
        request,
        "finance/form.html",
        {"nav": NAV, "form": form, "title": _("Tarief invoeren"), "back": "finance:tariffs"},
    )


@require("plan.edit")
@require_http_methods(["GET", "POST"])
def tariff_import(request):
    return _import(request, parse_tariffs, services.import_tariffs, "finance:tariffs", _("Tarieven importeren"))


@require("plan.edit")
@require_http_methods(["GET", "POST"])
def account_import(request):
    return _import(
        request, parse_accounts, services.import_accounts, "finance:overview", _("Jaarrekeningen importeren")
    )


def _import(request, parse, apply, done, title):
    form = TariffImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parse(upload.name, upload.read())
        if parsed.problems:
            report = problem_report(parsed.problems, filename="tarieven-problemen")
            messages.error(
                request,
                ngettext(
                    "Het bestand heeft %(n)s probleem; er is niets opgeslagen.",
                    "Het bestand heeft %(n)s problemen; er is niets opgeslagen.",
                    len(parsed.problems),
                )
                % {"n": len(parsed.problems)},
            )
        else:
            added, changed = apply(request.swv, parsed.rows)
            messages.success(
                request,
                _("%(a)s toegevoegd en %(c)s bijgewerkt uit %(f)s.") % {"a": added, "c": changed, "f": upload.name},
            )
            return redirect(done)
    kind = "tarieven" if parse is parse_tariffs else "jaarrekeningen"
    context = {"nav": NAV, "form": form, "report": report, "title": title, "kind": kind, "back": done}
    return render(request, "finance/tariff_import.html", context)


@require("plan.edit")
def account_edit(request, pk=None):
    account = get_owned(request, AnnualAccount, pk=pk) if pk else None
    form = AnnualAccountForm(request.POST or None, instance=account, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        saved = services.save_annual_account(request.swv, account, **form.cleaned_data)
        messages.success(request, _("Jaarrekening %(y)s opgeslagen.") % {"y": saved.year})
        return redirect("finance:overview")
    title = str(account) if account else _("Jaarrekening invoeren")
    return render(request, "finance/form.html", {"nav": NAV, "form": form, "title": title, "back": "finance:overview"})


@require("plan.edit")
def norms(request):
    instance = HealthNorms.objects.restrict(request.audience).first()
    form = HealthNormsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_norms(request.swv, **form.cleaned_data)
        messages.success(request, _("Normen opgeslagen."))
        return redirect("finance:overview")
    return render(
        request,
        "finance/form.html",
        {
            "nav": NAV,
            "form": form,
            "title": _("Normen financiële gezondheid"),
            "intro": _(
                "Laat een veld leeg voor de signaleringswaarde van de Inspectie: solvabiliteit 2 ten minste 0,30; "
                "liquiditeit naar omvang (baten tot 3 mln 1,5; tot 12 mln 1,0; daarboven 0,75); eigen vermogen "
                "boven 0,035 × de baten (ten minste EUR 250.000) is mogelijk bovenmatig; weerstandsvermogen 0,05."
            ),
            "back": "finance:overview",
        },
    )


@require("plan.edit")
def contribution_edit(request, pk):
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience), pk=pk)
    budget = getattr(year_plan, "budget", None)
    if budget is None:
        messages.error(request, _("Dit jaarplan heeft nog geen begroting."))
        return redirect("finance:overview")
    form = BudgetedContributionForm(request.POST or None)
    form.instance.swv, form.instance.budget = request.swv, budget
    if request.method == "POST" and form.is_valid():
        services.save_budgeted_contribution(budget, **form.cleaned_data)
        messages.success(request, _("Begrote afdracht opgeslagen."))
        return redirect(f"{_overview_url()}?jaarplan={year_plan.pk}")
    title = _("Begrote afdracht per categorie (%(y)s)") % {"y": year_plan.school_year_label}
    return render(request, "finance/form.html", {"nav": NAV, "form": form, "title": title, "back": "finance:overview"})


def _overview_url():
    from django.urls import reverse

    return reverse("finance:overview")
