"""Editing the plan structure: the plan itself, jaarplannen, themes, doelen, indicatoren, hoofdactiviteiten,
budget lines, realisation and portfolio. One generic add/edit/delete flow over a registry of element kinds."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.access import get_owned, require
from koers.plans import services
from koers.plans.element_forms import (
    BudgetForm,
    BudgetLineForm,
    GoalForm,
    IndicatorForm,
    MainActivityForm,
    NewPlanForm,
    PlanForm,
    PortfolioForm,
    RealisationForm,
    ThemeForm,
    YearGoalForm,
    YearPlanForm,
)
from koers.plans.models import (
    Budget,
    BudgetLine,
    Goal,
    Indicator,
    MainActivity,
    Plan,
    PortfolioEntry,
    Theme,
    YearGoal,
    YearPlan,
)


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    parent: str  # "plan" or "year_plan"
    title: str


KINDS = {
    "thema": Kind(Theme, ThemeForm, "plan", gettext_lazy("thema")),
    "doel": Kind(Goal, GoalForm, "plan", gettext_lazy("doel")),
    "indicator": Kind(Indicator, IndicatorForm, "plan", gettext_lazy("indicator")),
    "hoofdactiviteit": Kind(MainActivity, MainActivityForm, "plan", gettext_lazy("hoofdactiviteit")),
    "jaardoel": Kind(YearGoal, YearGoalForm, "plan", gettext_lazy("jaardoel")),
    "begrotingsregel": Kind(BudgetLine, BudgetLineForm, "year_plan", gettext_lazy("begrotingsregel")),
    "portefeuille": Kind(PortfolioEntry, PortfolioForm, "year_plan", gettext_lazy("portefeuille")),
}


def _kind(name):
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def _label(kind, plan):
    labels = {"thema": plan.theme_label, "doel": plan.goal_label, "indicator": plan.indicator_label}
    labels["hoofdactiviteit"] = plan.main_activity_label
    return labels.get(next(k for k, v in KINDS.items() if v is kind), str(kind.title))


def _back(obj, plan, year_plan):
    if year_plan is not None:
        if isinstance(obj, BudgetLine):
            return reverse("plans:budget", args=[year_plan.pk])
        return reverse("plans:portfolio", args=[year_plan.pk])
    return reverse("plans:plan", args=[plan.pk])


def _new_instance(kind, request, parent_pk):
    if kind.parent == "plan":
        plan = get_owned(request, Plan, pk=parent_pk)
        return kind.model(swv=request.swv, plan=plan), plan, None
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=parent_pk)
    if kind.model is BudgetLine:
        budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
        budget = budget or Budget(swv=request.swv, year_plan=year_plan)  # saved with its first line
        return kind.model(swv=request.swv, budget=budget), year_plan.plan, year_plan
    return kind.model(swv=request.swv, year_plan=year_plan), year_plan.plan, year_plan


def _existing(kind, request, pk):
    obj = get_owned(request, kind.model, pk=pk)
    if isinstance(obj, BudgetLine):
        return obj, obj.budget.year_plan.plan, obj.budget.year_plan
    if kind.parent == "year_plan":
        return obj, obj.year_plan.plan, obj.year_plan
    return obj, obj.plan, None


@require("plan.edit")
def element_edit(request, kind_name, pk=None, parent_pk=None):
    kind = _kind(kind_name)
    if pk is None:
        obj, plan, year_plan = _new_instance(kind, request, parent_pk)
    else:
        obj, plan, year_plan = _existing(kind, request, pk)
    target = year_plan if kind.parent == "year_plan" else plan
    form = kind.form(request.POST or None, instance=obj, plan=plan, year_plan=year_plan, locked=target.is_locked)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_plan_object(
                form,
                request.user,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, _("Iemand anders heeft dit gewijzigd nadat u het opende. Hieronder staat de "
                                   "huidige versie; neem over wat u wilt bewaren en sla opnieuw op."))  # fmt: skip
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as exc:
            form.add_error("reason" if "reason" in form.fields else None, exc)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(_back(saved, plan, year_plan))
    context = {
        "form": form,
        "object": obj,
        "plan": plan,
        "year_plan": year_plan,
        "target": target,
        "label": _label(kind, plan),
        "conflict": conflict,
        "back": _back(obj, plan, year_plan),
        "nav": "plans",
    }
    return render(request, "plans/element_form.html", context)


@require("plan.edit")
def element_delete(request, kind_name, pk):
    kind = _kind(kind_name)
    obj, plan, year_plan = _existing(kind, request, pk)
    target = year_plan if kind.parent == "year_plan" else plan
    error = None
    if request.method == "POST":
        try:
            services.delete_plan_object(obj, request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ProtectedError:
            error = _("Dit kan niet worden verwijderd omdat er nog andere gegevens naar verwijzen.")
        else:
            messages.success(request, _("Verwijderd."))
            return redirect(_back(obj, plan, year_plan))
    return render(
        request,
        "plans/element_delete.html",
        {"object": obj, "plan": plan, "target": target, "label": _label(kind, plan), "error": error,
         "back": _back(obj, plan, year_plan), "nav": "plans"},
    )  # fmt: skip


def _save(form, request, *, expected_version=None):
    """Save ``form`` through the plan service; on a refusal the error goes on the form and None is returned."""
    try:
        return services.save_plan_object(
            form, request.user, expected_version=expected_version, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        form.add_error("reason" if "reason" in form.fields else None, exc)
        return None


@require("plan.edit")
def plan_edit(request, pk=None):
    plan = get_owned(request, Plan, pk=pk) if pk else Plan(swv=request.swv)
    form_class = PlanForm if pk else NewPlanForm
    form = form_class(request.POST or None, instance=plan, swv=request.swv, locked=plan.is_locked)
    if request.method == "POST" and form.is_valid() and (saved := _save(form, request)) is not None:
        messages.success(request, _("Het plan is opgeslagen."))
        return redirect("plans:plan", pk=saved.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "nav": "plans"})


@require("plan.edit")
def year_plan_edit(request, plan_pk=None, pk=None):
    if pk:
        year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
        plan = year_plan.plan
    else:
        plan = get_owned(request, Plan, pk=plan_pk)
        year_plan = YearPlan(swv=request.swv, plan=plan)
    form = YearPlanForm(request.POST or None, instance=year_plan, plan=plan, locked=year_plan.is_locked)
    if request.method == "POST" and form.is_valid() and (saved := _save(form, request)) is not None:
        messages.success(request, _("Het jaarplan is opgeslagen."))
        return redirect("plans:year_plan", pk=saved.pk)
    return render(
        request, "plans/year_plan_form.html", {"form": form, "plan": plan, "year_plan": year_plan, "nav": "plans"}
    )


@require("plan.edit")
def budget_edit(request, pk):
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first() or Budget(
        swv=request.swv, year_plan=year_plan
    )
    form = BudgetForm(request.POST or None, instance=budget, locked=year_plan.is_locked)
    if request.method == "POST" and form.is_valid() and _save(form, request) is not None:
        messages.success(request, _("De begroting is opgeslagen."))
        return redirect("plans:budget", pk=year_plan.pk)
    return render(request, "plans/budget_form.html", {"form": form, "year_plan": year_plan, "nav": "plans"})


@require("plan.edit")
def realisation_add(request, pk):
    """Realisation is entered per tertiaal and budget line; a new amount replaces the old one."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    budget = get_owned(request, Budget, year_plan=year_plan)
    locked = services.has_issued_tertiaal(year_plan)  # only an issued tertiaal locks a realisation (ADR 0005)
    form = RealisationForm(request.POST or None, budget=budget, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_realisation(budget, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reason" if "reason" in form.fields else None, exc)
        else:
            messages.success(request, _("De realisatie is opgeslagen."))
            return redirect("plans:budget", pk=year_plan.pk)
    return render(request, "plans/realisation_form.html", {"form": form, "year_plan": year_plan, "nav": "plans"})
