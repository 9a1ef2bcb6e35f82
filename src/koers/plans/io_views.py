"""Pages to export a plan (Excel or YAML) and to import one, with the problem list on failure."""

import time

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import staging
from koers.core.access import get_owned, require
from koers.core.importing import Limits, ReadError, check_size, check_zip, problem_report, read_limited
from koers.plans.io.errors import PlanImportError
from koers.plans.io.exporter import CONTENT_TYPES, export_filename, export_plan
from koers.plans.io.importer import preview_plan, run_import
from koers.plans.models import Plan, YearPlan

PROBLEMS_KEY = "koers_plan_import_problems"
PENDING_KEY = "koers_plan_import_pending"
PENDING_SECONDS = 30 * 60  # an uploaded file waits this long for its confirmation (sealed, see core.staging)


def _limit_text() -> str:
    return f"{Limits.current().max_bytes // (1024 * 1024)} MB"


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Planbestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Een Excel-bestand (.xlsx) of YAML-bestand (.yaml) in het Koers-formaat, tot %(n)s."
        ) % {"n": _limit_text()}

    def clean_file(self):
        """The upload's bytes (at most the limit is read); an oversize file or a zip bomb is refused here."""
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            data = read_limited(upload)
            if data[:2] == b"PK":  # an Excel file: a zip bomb is refused from its table of contents, before openpyxl
                check_zip(data)
        except ReadError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.cleaned_data["data"] = data
        return upload


@require("plan.view")
def plan_export(request, pk, fmt):
    plan = get_owned(request, Plan, pk=pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(export_plan(plan, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(plan, fmt)}"'
    return response


def _back_year_plan(request):
    pk = request.GET.get("jaarplan") or request.POST.get("jaarplan")
    if pk and str(pk).isdecimal():
        return YearPlan.objects.restrict(request.audience).filter(pk=int(pk)).select_related("plan").first()
    return None


def _store_pending(request, data: bytes, filename: str, back) -> None:
    """Keep the uploaded file for the confirmation only: sealed (core.staging), its token in this session."""
    _drop_pending(request)
    request.session[PENDING_KEY] = {
        "token": staging.stage(data),
        "file": filename,
        "expires": time.time() + PENDING_SECONDS,
        "swv": request.swv.pk,
        "jaarplan": back.pk if back is not None else None,
    }


def _load_pending(request):
    """(session entry, file bytes), or (None, None) when there is no pending upload or it expired."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("swv") != request.swv.pk or pending.get("expires", 0) < time.time():
        _drop_pending(request)
        return None, None
    data = staging.load(pending.get("token", ""))
    if data is None:
        _drop_pending(request)
        return None, None
    return pending, data


def _drop_pending(request):
    pending = request.session.pop(PENDING_KEY, None)
    if pending:
        staging.discard(str(pending.get("token", "")))


def _problems_page(request, form, exc, filename, back):
    problems = [p.as_dict() for p in exc.problems]
    request.session[PROBLEMS_KEY] = {"file": filename, "problems": problems}
    return render(
        request,
        "plans/io/import.html",
        {"form": form, "problems": problems, "filename": filename, "back": back, "nav": "plans"},
    )


@require("plan.edit")
def plan_import(request):
    """Step 1: upload. The file is read and checked; nothing is saved yet: the next page shows what changes."""
    back = _back_year_plan(request)
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = form.cleaned_data["data"]
            try:
                preview_plan(data, swv=request.swv, filename=upload.name)
            except PlanImportError as exc:
                return _problems_page(request, form, exc, upload.name, back)
            request.session.pop(PROBLEMS_KEY, None)
            _store_pending(request, data, upload.name, back)
            return redirect("plans:plan_import_confirm")
    else:
        form = PlanImportForm()
    return render(
        request,
        "plans/io/import.html",
        {"form": form, "problems": None, "filename": "", "back": back, "nav": "plans"},
    )


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden van de wijziging"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Het plan is vastgesteld. De import wordt vastgelegd als wijziging na vaststelling, met deze reden."
        ),
    )
    digest = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, locked="", **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = locked
        self.fields["reason"].required = bool(locked)


@require("plan.edit")
def plan_import_confirm(request):
    """Step 2: the change set of the pending upload; Bevestigen imports it, Annuleren forgets the file."""
    pending, data = _load_pending(request)
    if pending is None:
        messages.error(request, _("Er is geen bestand (meer) om in te lezen. Kies het bestand opnieuw."))
        return redirect("plans:plan_import")
    back = None
    if pending.get("jaarplan"):
        back = YearPlan.objects.restrict(request.audience).filter(pk=pending["jaarplan"]).select_related("plan").first()
    filename = pending["file"]
    if request.method == "POST" and "annuleren" in request.POST:
        _drop_pending(request)
        messages.info(request, _("Import van %(file)s geannuleerd; er is niets opgeslagen.") % {"file": filename})
        return redirect("plans:year_plan", back.pk) if back else redirect("plans:plan_import")
    try:
        preview = preview_plan(data, swv=request.swv, filename=filename)
    except PlanImportError as exc:  # the plan changed since the upload, so that the file no longer fits
        _drop_pending(request)
        return _problems_page(request, PlanImportForm(), exc, filename, back)
    changes = preview.changes
    stale = False
    if request.method == "POST":
        form = ConfirmForm(request.POST, locked=changes.locked)
        if form.is_valid():
            if form.cleaned_data["digest"] != changes.digest():
                stale = True  # someone changed the plan meanwhile: show the new change set first
            else:
                try:
                    result = run_import(
                        data,
                        swv=request.swv,
                        user=request.user,
                        filename=filename,
                        reason=form.cleaned_data["reason"],
                    )
                except PlanImportError as exc:
                    _drop_pending(request)
                    return _problems_page(request, PlanImportForm(), exc, filename, back)
                _drop_pending(request)
                plan = result.plan
                messages.success(
                    request,
                    _("Het plan '%(title)s' is ingelezen uit %(file)s: %(summary)s.")
                    % {"title": plan.title, "file": filename, "summary": result.summary()},
                )
                target = None
                if back is not None:
                    target = plan.year_plans.filter(school_year=back.school_year).first()
                target = target or plan.year_plans.order_by("-school_year").first()
                if target is not None:
                    return redirect("plans:year_plan", target.pk)
                return redirect("plans:plan", plan.pk)
        form.data = form.data.copy()
        form.data["digest"] = changes.digest()
    else:
        form = ConfirmForm(initial={"digest": changes.digest()}, locked=changes.locked)
    return render(
        request,
        "plans/io/confirm.html",
        {
            "form": form,
            "changes": changes,
            "counts": changes.counts,
            "groups": changes.levels(),
            "filename": filename,
            "back": back,
            "stale": stale,
            "expires_minutes": PENDING_SECONDS // 60,
            "nav": "plans",
        },
    )


@require("plan.edit")
def plan_import_problems(request):
    """The problems of the last failed import: the one problem report of every import (CSV, or ?export=xlsx)."""
    report = request.session.get(PROBLEMS_KEY)
    if not report:
        raise Http404
    table = problem_report(report["problems"], filename="importproblemen")
    return table.response("xlsx" if request.GET.get("export") == "xlsx" else "csv")
