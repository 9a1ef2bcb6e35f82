"""Pages to export a plan (Excel or YAML) and to import one, with the problem list on failure."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.access import get_owned, require
from koers.core.importing import Limits, ReadError, check_size, check_zip, problem_report, read_limited
from koers.plans import services as plan_services
from koers.plans.io.exporter import CONTENT_TYPES, export_filename, export_plan
from koers.plans.models import Plan, YearPlan


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


def _run_of(request, pk):
    from koers.core.models import FileImport
    from koers.plans.io.uploads import KIND

    return get_owned(request, FileImport.objects.restrict(request.audience).filter(kind=KIND), pk=pk)


def _problems_run(request):
    """The run named by ?import= whose file had problems (shown on the upload page), or None."""
    from koers.core.models import FileImport

    pk = request.GET.get("import")
    if not (pk and str(pk).isdecimal()):
        return None
    run = _run_of(request, int(pk))
    return run if run.status in (FileImport.Status.PROBLEMS, FileImport.Status.FAILED) else None


@require("plan.edit")
def plan_import(request):
    """Step 1: upload. Only size and type are checked here; the task worker reads the file (see core.uploads)."""
    back = _back_year_plan(request)
    run = None
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = plan_services.start_plan_upload(
                request.swv, request.user, file_name=upload.name, data=form.cleaned_data["data"], year_plan=back
            )
            return redirect("plans:plan_import_progress", run.pk)
    else:
        form = PlanImportForm()
        run = _problems_run(request)
        if run is not None and run.options.get("jaarplan") and back is None:
            back = YearPlan.objects.restrict(request.audience).filter(pk=run.options["jaarplan"]).first()
    return render(
        request,
        "plans/io/import.html",
        {
            "form": form,
            "problems": run.problems if run else None,
            "run": run,
            "filename": run.file_name if run else "",
            "back": back,
            "nav": "plans",
        },
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
def plan_import_confirm(request, pk):
    """Step 2: the change set the worker computed; Bevestigen lets the worker import the sealed file (the progress
    page shows the outcome), Annuleren wipes it."""
    from koers.core import uploads
    from koers.core.models import FileImport
    from koers.plans.io.uploads import changes_from_data

    run = _run_of(request, pk)
    if run.status != FileImport.Status.DONE:
        if run.busy:
            return redirect("plans:plan_import_progress", run.pk)
        messages.error(request, _("Er is geen bestand (meer) om in te lezen. Kies het bestand opnieuw."))
        return redirect(uploads.handler_of(run).result_url(run))
    back = None
    if run.options.get("jaarplan"):
        back = (
            YearPlan.objects.restrict(request.audience)
            .filter(pk=run.options["jaarplan"])
            .select_related("plan")
            .first()
        )
    filename = run.file_name
    if request.method == "POST" and "annuleren" in request.POST:
        uploads.cancel(run, request.user)
        messages.info(request, _("Import van %(file)s geannuleerd; er is niets opgeslagen.") % {"file": filename})
        if run.options.get("onboarding"):
            return redirect(reverse("onboarding:step", args=["plan"]) + "?manier=importeren")
        return redirect("plans:year_plan", back.pk) if back else redirect("plans:plan_import")
    changes = changes_from_data(run.result, request.swv)
    stale = bool(run.options.get("stale"))  # the worker found the plan changed meanwhile: the new change set
    if request.method == "POST":
        form = ConfirmForm(request.POST, locked=changes.locked)
        if form.is_valid():
            plan_services.confirm_plan_upload(
                run, request.user, reason=form.cleaned_data["reason"], digest=form.cleaned_data["digest"]
            )
            return redirect("plans:plan_import_progress", run.pk)
        form.data = form.data.copy()
        form.data["digest"] = changes.digest()
    else:
        form = ConfirmForm(initial={"digest": changes.digest()}, locked=changes.locked)
    remaining = max(0, int((run.expires_at - timezone.now()).total_seconds() // 60)) if run.expires_at else 0
    return render(
        request,
        "plans/io/confirm.html",
        {
            "form": form,
            "run": run,
            "changes": changes,
            "counts": changes.counts,
            "groups": changes.levels(),
            "filename": filename,
            "back": back,
            "stale": stale,
            "expires_minutes": remaining,
            "nav": "plans",
        },
    )


@require("plan.edit")
def plan_import_problems(request, pk):
    """The problems of a failed import: the one problem report of every import (CSV, or ?export=xlsx)."""
    run = _run_of(request, pk)
    if not run.problems:
        raise Http404
    table = problem_report(run.problems, filename="importproblemen")
    return table.response("xlsx" if request.GET.get("export") == "xlsx" else "csv")
