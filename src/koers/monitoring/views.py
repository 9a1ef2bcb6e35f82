import csv
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.audit.models import AccessLog
from koers.core.access import get_owned, has_perm, require
from koers.core.periods import parse_dutch_date
from koers.monitoring import evaluation
from koers.monitoring.charts import indicator_chart_svg
from koers.monitoring.importing import read_table
from koers.monitoring.importing.reader import NotATable
from koers.monitoring.importing.registers import ALL_REGISTER_LABELS, REGISTERS
from koers.monitoring.measures import REGISTRY, breakdown
from koers.monitoring.measures.library import national
from koers.monitoring.models import (
    Arrangement,
    ColumnMapping,
    ImportRun,
    ManualMeasurement,
    PupilCount,
    Terugplaatsing,
    Tlv,
    VerzuimMelding,
)
from koers.organisations.models import School
from koers.plans.models import Indicator

REGISTER_MODELS = {"tlv": Tlv, "arrangement": Arrangement, "verzuim": VerzuimMelding, "terugplaatsing": Terugplaatsing}
OVERVIEW_MEASURES = [
    "deelname_sbo",
    "deelname_so",
    "deelname_sbo_incl_so",
    "deelname_so_incl_so",
    "tlv_aangevraagd",
    "tlv_afgegeven",
    "tlv_open",
    "tlv_doorlooptijd_ontvangst_besluit_mediaan",
    "thuiszitters",
    "thuiszitters_per_1000",
    "thuiszitters_langer_3_maanden",
    "arrangementen_actief",
    "arrangementen_stapeling",
    "terugplaatsingen",
]


def _allowed_schools(request):
    """BRIN6 set a schoolbestuur user may see; None = everything of the SWV."""
    bestuur = getattr(request.membership, "schoolbestuur", None)
    if bestuur is None:
        return None
    return set(School.objects.filter(swv=request.swv, bestuur=bestuur).values_list("brin6", flat=True))


def _log(request, action, subject):
    AccessLog.objects.create(
        swv=request.swv,
        user=request.user,
        username=request.user.get_username(),
        action=action,
        subject=str(subject)[:300],
    )


@require("monitoring.view_aggregate")
def overview(request):
    swv = request.swv
    on = parse_dutch_date(request.GET.get("datum", "")) or timezone.localdate()
    by = request.GET.get("uitsplitsing", "bestuur")
    by = by if by in ("bestuur", "werkgebied", "school") else "bestuur"
    allowed = _allowed_schools(request)
    public = not has_perm(request, "monitoring.view_pupil")
    registers = []
    for code, model in REGISTER_MODELS.items():
        agg = model.objects.filter(swv=swv).aggregate(n=Count("id"))
        registers.append({"code": code, "label": REGISTERS[code].label, "count": agg["n"]})
    counts = PupilCount.objects.filter(swv=swv).aggregate(n=Count("id"), last=Max("peildatum"))
    last_imports = {
        r.register: r for r in ImportRun.objects.filter(swv=swv, status=ImportRun.Status.DONE).order_by("created_at")
    }
    for r in registers:
        r["last"] = last_imports.get(r["code"])
    rows = []
    for code in OVERVIEW_MEASURES:
        m = REGISTRY[code]
        total = (
            m.value(swv, on, public=public, schools=allowed) if allowed is not None else m.value(swv, on, public=public)
        )
        rows.append({"measure": m, "total": total, "parts": breakdown(m, swv, on, by, public=public, allowed=allowed)})
    comparison = [(REGISTRY[c].name, national(swv, on, c)) for c in ("deelname_sbo", "deelname_so")]
    return render(
        request,
        "monitoring/overview.html",
        {
            "nav": "monitoring",
            "on": on,
            "by": by,
            "registers": registers,
            "counts": counts,
            "rows": rows,
            "comparison": [(n, c) for n, c in comparison if c],
            "runs": ImportRun.objects.filter(swv=swv)[:10],
            "synthetic": PupilCount.objects.filter(swv=swv, source="demo").exists(),
            "can_import": has_perm(request, "monitoring.import"),
            "can_view_pupil": has_perm(request, "monitoring.view_pupil"),
        },
    )


class ImportForm(forms.Form):
    register = forms.ChoiceField(label=gettext_lazy("Register"), choices=[])
    file = forms.FileField(label=gettext_lazy("Bestand (CSV of Excel)"))
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Kolomkoppeling"),
        queryset=ColumnMapping.objects.none(),
        required=False,
        empty_label=gettext_lazy("Standaardindeling van Koers"),
    )

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [(k, str(v)) for k, v in ALL_REGISTER_LABELS.items()]
        self.fields["mapping"].queryset = ColumnMapping.objects.filter(swv=swv)


@require("monitoring.import")
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            swv=request.swv,
            register=form.cleaned_data["register"],
            file_name=upload.name[:255],
            user=request.user,
            mapping=form.cleaned_data["mapping"],
            data=upload.read(),
        )
        from koers.monitoring.tasks import run_import

        run_import.enqueue(run.pk)
        return redirect("monitoring:import_run", pk=run.pk)
    return render(
        request,
        "monitoring/import.html",
        {"nav": "monitoring", "form": form, "runs": ImportRun.objects.filter(swv=request.swv)[:20]},
    )


@require("monitoring.import")
def import_run(request, pk):
    run = get_owned(request, ImportRun, pk=pk)
    if request.method == "POST" and run.status == ImportRun.Status.WARNINGS:
        from koers.monitoring.tasks import run_import

        run_import.enqueue(run.pk, accept_warnings=True)
        messages.success(request, _("De import met waarschuwingen is gestart."))
        return redirect("monitoring:import_run", pk=run.pk)
    template = "monitoring/import_progress.html" if request.headers.get("HX-Request") else "monitoring/import_run.html"
    return render(
        request,
        template,
        {"nav": "monitoring", "run": run, "busy": run.status in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING)},
    )


@require("monitoring.import")
def import_report(request, pk):
    run = get_owned(request, ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="importrapport-{run.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Bestand"), _("Rij"), _("Kolom"), _("Soort"), _("Probleem")])
    for p in run.problems:
        writer.writerow([p.get("file"), p.get("row"), p.get("column"), p.get("level"), p.get("problem")])
    return response


@require("monitoring.import")
def mapping_edit(request, pk=None):
    """Step 1: pick a register, give a name, upload a sample; step 2: choose a Koers field per column."""
    mapping = get_owned(request, ColumnMapping, pk=pk) if pk else None
    fields = None
    header = request.POST.getlist("header")
    register = request.POST.get("register") or (mapping.register if mapping else "tlv")
    if register not in REGISTERS:
        register = "tlv"
    if request.method == "POST" and request.FILES.get("sample"):
        try:
            header, _rows = read_table(request.FILES["sample"].name, request.FILES["sample"].read())
        except NotATable as exc:
            messages.error(request, str(exc))
            header = []
    elif request.method == "POST" and header and request.POST.get("name"):
        columns = {h: request.POST.get(f"col-{i}") for i, h in enumerate(header) if request.POST.get(f"col-{i}")}
        values = {}
        for f in REGISTERS[register].fields:
            text = request.POST.get(f"values-{f.name}", "").strip()
            if text:
                values[f.name] = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
                values[f.name] = {k.strip(): v.strip() for k, v in values[f.name].items()}
        mapping, _created = ColumnMapping.objects.update_or_create(
            swv=request.swv,
            register=register,
            name=request.POST["name"].strip()[:100],
            defaults={"columns": columns, "values": values},
        )
        messages.success(request, _("Kolomkoppeling '%(n)s' is opgeslagen.") % {"n": mapping.name})
        return redirect("monitoring:mappings")
    if mapping and not header:
        header = list(mapping.columns)
    fields = REGISTERS[register].fields
    return render(
        request,
        "monitoring/mapping.html",
        {
            "nav": "monitoring",
            "mapping": mapping,
            "header": header,
            "fields": fields,
            "register": register,
            "registers": [(k, r.label) for k, r in REGISTERS.items()],
            "name": request.POST.get("name", mapping.name if mapping else ""),
            "mappings": ColumnMapping.objects.filter(swv=request.swv).order_by("register", "name"),
        },
    )


class ManualForm(forms.ModelForm):
    class Meta:
        model = ManualMeasurement
        fields = ["date", "period_label", "value", "yes_no", "source", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "yes_no": forms.NullBooleanSelect(),
        }


@require("plan.view")
def indicator_detail(request, pk):
    indicator = get_owned(request, Indicator.objects.select_related("plan", "goal", "theme", "swv"), pk=pk)
    public = not has_perm(request, "monitoring.view_pupil")
    series = evaluation.indicator_series(indicator, public=public)
    form = None
    if has_perm(request, "monitoring.import") and not indicator.measure_code:
        form = ManualForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            m = form.save(commit=False)
            m.swv, m.indicator = request.swv, indicator
            m.save()
            messages.success(request, _("De meting is opgeslagen."))
            return redirect("monitoring:indicator", pk=indicator.pk)
    parts = []
    if indicator.measure_code in REGISTRY and series:
        measure = REGISTRY[indicator.measure_code]
        params = {k: v for k, v in indicator.measure_params.items() if k != "periode"}
        kind = indicator.measure_params.get("periode") or measure.default_period
        parts = breakdown(
            measure,
            indicator.swv,
            series[-1].date,
            "bestuur",
            public=public,
            allowed=_allowed_schools(request),
            period=kind,
            **params,
        )
        parts = [p for p in parts if p[1].value is not None or p[1].suppressed]
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "nav": "plans",
            "series": series,
            "latest": series[-1] if series else None,
            "chart": indicator_chart_svg(indicator, series),
            "definition": evaluation.definition_text(indicator),
            "parts": parts,
            "form": form,
        },
    )


@require("monitoring.view_pupil")
def register_list(request, register):
    model = REGISTER_MODELS.get(register)
    if model is None:
        raise PermissionDenied
    allowed = _allowed_schools(request)
    qs = model.objects.filter(swv=request.swv).order_by("-id")
    if allowed is not None and hasattr(model, "brin6"):
        qs = qs.filter(brin6__in=allowed)
    fields = [f for f in model._meta.fields if f.name not in ("id", "swv", "created_at", "updated_at")]
    export = request.GET.get("formaat") == "csv"
    _log(request, "export" if export else "view", f"{REGISTERS[register].label} ({'CSV' if export else _('lijst')})")
    if export:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{register}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(f.verbose_name) for f in fields])
        for obj in qs.iterator():
            writer.writerow([getattr(obj, f.attname) for f in fields])
        return response
    rows = [[getattr(o, f.attname) for f in fields] for o in qs[:500]]
    return render(
        request,
        "monitoring/register_list.html",
        {
            "nav": "monitoring",
            "fields": fields,
            "rows": rows,
            "register": register,
            "label": REGISTERS[register].label,
            "total": qs.count(),
            "today": date.today(),
            "csv_url": reverse("monitoring:register", args=[register]) + "?formaat=csv",
        },
    )


@require("monitoring.import")
def mappings(request):
    return mapping_edit(request)
