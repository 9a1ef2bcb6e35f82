"""Pages to export a plan (Excel or YAML) and to import one, with the problem list on failure."""

import io

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.access import get_owned, require
from koers.core.export_safety import csv_writer
from koers.plans.io.errors import PlanImportError
from koers.plans.io.exporter import CONTENT_TYPES, export_filename, export_plan
from koers.plans.io.importer import MAX_BYTES, import_plan
from koers.plans.models import Plan, YearPlan

PROBLEMS_KEY = "koers_plan_import_problems"


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Planbestand"),
        help_text=gettext_lazy("Een Excel-bestand (.xlsx) of YAML-bestand (.yaml) in het Koers-formaat, tot 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden van de wijziging"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Alleen nodig als u een plan vervangt dat al is vastgesteld. De import wordt dan vastgelegd als "
            "wijziging na vaststelling, met deze reden."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head[:2] == b"PK":  # an Excel file: a zip bomb is refused from its table of contents, before openpyxl
            from koers.core.importing import ReadError, check_zip

            try:
                check_zip(upload.read(MAX_BYTES + 1))
            except ReadError as exc:
                raise forms.ValidationError(str(exc)) from None
            finally:
                upload.seek(0)
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


@require("plan.edit")
def plan_import(request):
    back = _back_year_plan(request)
    problems = None
    filename = ""
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename = upload.name
            try:
                plan = import_plan(
                    upload,
                    swv=request.swv,
                    user=request.user,
                    filename=upload.name,
                    reason=form.cleaned_data["reason"],
                )
            except PlanImportError as exc:
                problems = [p.as_dict() for p in exc.problems]
                request.session[PROBLEMS_KEY] = {"file": filename, "problems": problems}
            else:
                request.session.pop(PROBLEMS_KEY, None)
                messages.success(
                    request,
                    _("Het plan '%(title)s' is ingelezen uit %(file)s.") % {"title": plan.title, "file": upload.name},
                )
                target = None
                if back is not None:
                    target = plan.year_plans.filter(school_year=back.school_year).first()
                target = target or plan.year_plans.order_by("-school_year").first()
                if target is not None:
                    return redirect("plans:year_plan", target.pk)
                return redirect("plans:plan", plan.pk)
    else:
        form = PlanImportForm()
    return render(
        request,
        "plans/io/import.html",
        {"form": form, "problems": problems, "filename": filename, "back": back, "nav": "plans"},
    )


@require("plan.edit")
def plan_import_problems(request):
    """The problems of the last failed import as CSV (semicolons, for Excel)."""
    report = request.session.get(PROBLEMS_KEY)
    if not report:
        raise Http404
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow([_("Bestand"), _("Blad"), _("Rij"), _("Kolom"), _("Melding")])
    for p in report["problems"]:
        writer.writerow([p["file"], p["sheet"], p["row"] or "", p["column"], p["message"]])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="importproblemen.csv"'
    return response
