"""The evaluation of an ending ondersteuningsplan: the page for the bureau and toezicht, the conclusions, the
document (PDF and Word) and "Nieuw plan starten". Figures are the readers' (ADR 0012), on the page as well."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.accounts.audience import for_readers
from koers.core.access import get_owned, has_perm, require
from koers.evaluation import content, documents, services
from koers.evaluation.forms import ConclusionForm, NewPlanForm
from koers.evaluation.models import Conclusion
from koers.plans import services as plan_services
from koers.plans.models import Goal, Plan, Theme

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _plan(request, pk) -> Plan:
    return get_owned(request, Plan.objects.restrict(request.audience).select_related("swv"), pk=pk)


@require("evaluation.view")
def evaluation_page(request, pk):
    plan = _plan(request, pk)
    payload = content.evaluation_payload(plan, for_readers(plan.swv))
    return render(
        request,
        "evaluation/page.html",
        {
            "plan": plan,
            "p": documents.with_charts(payload),
            "edit_mode": has_perm(request, "plan.edit"),
            "successors": plan.successors.order_by("pk") if has_perm(request, "plan.edit") else [],
            "nav": "plans",
        },
    )


def _element(plan, level, element):
    if level == "plan" and element == plan.pk:
        return None, None
    if level == "thema":
        return get_owned_element(plan, Theme, element), None
    if level == "doel":
        return None, get_owned_element(plan, Goal, element)
    raise Http404


def get_owned_element(plan, model, pk):
    found = model.objects.for_swv(plan.swv_id).filter(plan=plan, pk=pk).first()
    if found is None:
        raise Http404
    return found


@require("plan.edit")
def conclusion_edit(request, pk, level, element):
    plan = _plan(request, pk)
    theme, goal = _element(plan, level, element)
    current = Conclusion.objects.restrict(request.audience).filter(plan=plan, theme=theme, goal=goal).first()
    initial = {"text": current.text, "version": current.version} if current else {}
    form = ConclusionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_conclusion(
                plan,
                request.user,
                text=form.cleaned_data["text"],
                theme=theme,
                goal=goal,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De conclusie is opgeslagen."))
            anchor = f"#theme-{theme.pk}" if theme else f"#goal-{goal.pk}" if goal else "#conclusie"
            return redirect(plan_page_url(plan) + anchor)
    subject = theme or goal
    if theme is not None:
        subject_label = f"{plan.theme_label} {theme.code}: {theme.title}"
    elif goal is not None:
        subject_label = f"{plan.goal_label} {goal.code}: {goal.title}"
    else:
        subject_label = _("het plan als geheel")
    return render(
        request,
        "evaluation/conclusion_form.html",
        {
            "plan": plan,
            "form": form,
            "subject": subject,
            "subject_label": subject_label,
            "current": current,
            "nav": "plans",
        },
    )


def plan_page_url(plan):
    from django.urls import reverse

    return reverse("evaluation:page", args=[plan.pk])


@require("evaluation.view")
def evaluation_document(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = _plan(request, pk)
    payload = content.evaluation_payload(plan, for_readers(plan.swv))
    data = documents.render_pdf(payload) if fmt == "pdf" else documents.render_docx(payload)
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[fmt])
    stem = slugify(f"evaluatie-{plan.code}") or f"evaluatie-{plan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require("plan.edit")
def new_plan(request, pk):
    """Nieuw plan starten: blank, or from the ending plan (a draft, through the plans service)."""
    plan = _plan(request, pk)
    length = plan.last_year - plan.first_year
    first = plan.last_year + 1
    period = f"{first}-{first + length + 1}"
    form = NewPlanForm(
        request.POST or None,
        initial={
            "title": plan.title.replace(plan.period_label, period) if plan.period_label in plan.title else "",
            "code": plan.code.replace(plan.period_label, period) if plan.period_label in plan.code else "",
            "first_year": first,
            "last_year": first + length,
        },
    )
    unfinished = plan_services.unfinished_main_activities(plan)
    has_mains = plan.main_activities.exists()
    carried = unfinished if has_mains else plan_services.unfinished_activities(plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from_old = data["start"] == "oud"
        try:
            new = plan_services.start_new_plan(
                plan,
                request.user,
                code=data["code"],
                title=data["title"],
                first_year=data["first_year"],
                last_year=data["last_year"],
                from_old=from_old,
                # the real last values (the bureau's audience); the plan shows a nulmeting suppressed to others
                baselines=content.last_measurements(plan, request.audience) if from_old else None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Het conceptplan %(t)s is gemaakt.") % {"t": new.title},
            )
            return redirect("plans:plan", pk=new.pk)
    return render(
        request,
        "evaluation/new_plan.html",
        {"plan": plan, "form": form, "carried": carried, "has_mains": has_mains, "nav": "plans"},
    )
