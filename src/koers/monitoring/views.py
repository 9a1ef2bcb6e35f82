import json
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.models import AccessLog
from koers.core import clock
from koers.core.access import get_owned, has_perm, require
from koers.core.export_safety import NumberText, csv_writer
from koers.core.formatting import number, percentage, rounded
from koers.core.importing import ReadError, is_identifier_header, problem_report, read_limited, read_table, shown
from koers.core.periods import Tertiaal, date_problem, parse_dutch_date, tertiaal_period
from koers.monitoring import evaluation, services
from koers.monitoring.charts import indicator_chart_svg
from koers.monitoring.filters import FILTERS, PAGE_SIZE
from koers.monitoring.forecast import display as forecast_display
from koers.monitoring.forms import (
    BREAKDOWNS,
    PERIOD_LABELS,
    BreakdownForm,
    ImportForm,
    ManualForm,
    mapping_from_file,
    mapping_to_dict,
)
from koers.monitoring.importing.mapping import MAPPING_MAX_BYTES
from koers.monitoring.importing.registers import ALL_REGISTER_LABELS, REGISTERS, TYPES
from koers.monitoring.importing.runner import column_positions
from koers.monitoring.measures import REGISTRY, breakdown, period_of
from koers.monitoring.measures.library import national, national_note
from koers.monitoring.models import (
    Arrangement,
    ColumnMapping,
    FundedPupil,
    ImportRun,
    ManualMeasurement,
    PupilCount,
    Terugplaatsing,
    Tlv,
    VerzuimMelding,
)
from koers.plans.models import Indicator

REGISTER_MODELS = {
    "tlv": Tlv,
    "arrangement": Arrangement,
    "verzuim": VerzuimMelding,
    "terugplaatsing": Terugplaatsing,
    "bekostigd": FundedPupil,
}
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


IMPORT_WAIT_NOTICE_AFTER = timedelta(seconds=10)


def _allowed_schools(request):
    """BRIN6 set a schoolbestuur user may see; None = everything of the SWV (the audience decides)."""
    return request.audience.schools


def _log(request, action, subject):
    AccessLog.objects.create(
        swv=request.swv,
        user=request.user,
        username=request.user.get_username(),
        action=action,
        subject=str(subject)[:300],
    )


def national_distance(own, national, decimals: int = 2) -> dict:
    """The own and the national percentage as shown, and the distance between exactly those shown values.

    2,334% and 2,326% are both shown as 2,33%: the distance is then "0,00 procentpunt (gelijk aan landelijk)", not
    "−0,01 procentpunt (lager dan landelijk)".
    """
    own_shown, national_shown = rounded(own, decimals), rounded(national, decimals)
    distance = own_shown - national_shown
    sign = "+" if distance > 0 else ("−" if distance < 0 else "")
    text = _("%(s)s%(n)s procentpunt") % {"s": sign, "n": number(abs(distance), decimals)}
    if distance == 0:
        direction = _("gelijk aan landelijk")
    else:
        direction = _("hoger dan landelijk") if distance > 0 else _("lager dan landelijk")
    return {
        "own": percentage(own_shown, decimals),
        "national": percentage(national_shown, decimals),
        "distance": text,
        "direction": direction,
    }


@require("monitoring.view_aggregate")
def overview(request):
    swv = request.swv
    typed = request.GET.get("datum", "").strip()
    on = parse_dutch_date(typed) or clock.today()
    date_error = ""
    if typed and parse_dutch_date(typed) is None:  # say so instead of silently showing today
        date_error = date_problem(typed) or _("Vul de peildatum in als dd-mm-jjjj, bijvoorbeeld 01-10-2024.")
    by = request.GET.get("uitsplitsing", "bestuur")
    by = by if by in ("bestuur", "werkgebied", "school") else "bestuur"
    allowed = _allowed_schools(request)
    audience = request.audience
    registers = []
    for code, model in REGISTER_MODELS.items():
        agg = model.objects.restrict(audience).aggregate(n=Count("id"))  # rows: only for pupil-level access
        registers.append({"code": code, "label": REGISTERS[code].label, "count": agg["n"]})
    counts = PupilCount.objects.for_swv(swv).aggregate(n=Count("id"), last=Max("peildatum"))
    last_imports = {
        r.register: r
        for r in ImportRun.objects.for_swv(swv).filter(status=ImportRun.Status.DONE).order_by("created_at")
    }
    for r in registers:
        r["last"] = last_imports.get(r["code"])
    rows = []
    for code in OVERVIEW_MEASURES:
        m = REGISTRY[code]
        rows.append({"measure": m, "total": m.value(audience, on), "parts": breakdown(m, audience, on, by)})
    comparison = []
    for code in ("deelname_sbo", "deelname_so"):
        c = national(swv, on, code)
        if c:
            comparison.append(
                {"measure": REGISTRY[code], "peiljaar": c["peiljaar"], "rank": c["rank"], "of": c["of"]}
                | national_distance(c["own"], c["national"])
            )
    return render(
        request,
        "monitoring/overview.html",
        {
            "nav": "monitoring",
            "on": on,
            "date_error": date_error,
            "typed_date": typed,
            "by": by,
            "registers": registers,
            "counts": counts,
            "rows": rows,
            "comparison": comparison,
            "comparison_note": "" if comparison else national_note(swv, on),
            "by_label": BREAKDOWNS[by],
            "own_only": allowed is not None,
            "runs": ImportRun.objects.for_swv(swv)[:10],
            "synthetic": PupilCount.objects.for_swv(swv).filter(source="demo").exists(),
            "can_import": has_perm(request, "monitoring.import"),
            "can_view_pupil": has_perm(request, "monitoring.view_pupil"),
        },
    )


@require("monitoring.import")
def import_start(request):
    initial = {}
    chosen = ColumnMapping.objects.restrict(request.audience).filter(pk=request.GET.get("koppeling") or 0).first()
    if chosen:
        initial = {"mapping": chosen.pk, "register": chosen.register}
    form = ImportForm(request.POST or None, request.FILES or None, swv=request.swv, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.start_import(
                request.swv,
                request.user,
                register=data["register"],
                upload=data["file"],
                mapping=data["mapping"],
                remove_missing=data["remove_missing"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("monitoring:import_run", pk=run.pk)
    runs = list(ImportRun.objects.restrict(request.audience)[:20])
    for r in runs:
        r.register_label = ALL_REGISTER_LABELS.get(r.register, r.register)
    return render(request, "monitoring/import.html", {"nav": "monitoring", "form": form, "runs": runs})


@require("monitoring.import")
def import_run(request, pk):
    run = get_owned(request, ImportRun, pk=pk)
    if request.method == "POST" and request.POST.get("cancel"):
        try:
            services.cancel_import(run, request.user)
            messages.success(request, _("De import is geannuleerd en het bestand is gewist."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:import_run", pk=run.pk)
    if request.method == "POST" and run.status == ImportRun.Status.WARNINGS:
        try:
            run = services.accept_import_warnings(run, request.user)
            messages.success(request, _("De import met waarschuwingen is gestart."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:import_run", pk=run.pk)
    template = "monitoring/import_progress.html" if request.headers.get("HX-Request") else "monitoring/import_run.html"
    pending = run.status == ImportRun.Status.PENDING
    return render(
        request,
        template,
        {
            "nav": "monitoring",
            "run": run,
            "busy": pending or run.status == ImportRun.Status.RUNNING,
            # a failed run or one that waits for confirmation has no progress to show (the bar stopped at 10%)
            "show_bar": run.status in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING, ImportRun.Status.DONE),
            # no task worker picked it up (yet): after a few seconds the page says what to do
            "waiting_long": pending and timezone.now() - run.updated_at > IMPORT_WAIT_NOTICE_AFTER,
        },
    )


@require("monitoring.import")
def import_report(request, pk):
    """The problem list of one run: the one problem report of every import (CSV, or Excel with ?export=xlsx)."""
    run = get_owned(request, ImportRun, pk=pk)
    table = problem_report(run.problems, filename=f"importrapport-{run.pk}")
    return table.response("xlsx" if request.GET.get("export") == "xlsx" else "csv")


def _suggest(register, header, columns):
    """Column -> Koers field: a saved choice, else what the import itself would read (one column per field; the
    pupil key is the BSN column whenever there is one, never a name column next to it)."""
    saved = {h: columns[h] for h in header if columns.get(h)}
    taken = set(saved.values())
    guessed = {
        header[i]: name for name, i in column_positions(REGISTERS[register], header).items() if name not in taken
    }
    return {h: saved.get(h) or guessed.get(h, "") for h in header}


SAMPLE_ROWS = 50
SAMPLE_VALUES = 6


def _samples(register, header, rows, columns):
    """Column -> up to six example values, or None for a column whose values are not shown: an identifier column
    (its header looks like BSN, name, pupil, dossier or number, or it is mapped to the pupil or the register's key),
    or one whose values look like identifiers. A BSN or a name never reaches the page."""
    key = REGISTERS[register].key
    out = {}
    for i, h in enumerate(header):
        if is_identifier_header(h) or columns.get(h) in ("pupil", key):
            out[h] = None
            continue
        seen, withheld = [], False
        for row in rows:
            raw = str(row[i]).strip() if i < len(row) else ""
            v = shown(raw, False)
            if raw and v is None:
                withheld = True
            elif v and v not in seen:
                seen.append(v)
            if len(seen) >= SAMPLE_VALUES:
                break
        out[h] = None if withheld else seen
    return out


def _allowed_values(field):
    if field.kind == "type":
        return sorted(set(TYPES.values()))
    return sorted({v for v in field.choices.values() if v})


def _save_mapping(request, mapping, name, register, columns, values):
    """Through the service; returns the mapping, or None (with a message) when it was refused."""
    try:
        return services.save_mapping(
            request.swv, request.user, name=name, register=register, columns=columns, values=values, mapping=mapping
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None


@require("monitoring.import")
def mapping_edit(request, pk=None):
    """The list of mappings, and the editor: step 1 name, register and a sample file; step 2 a Koers field per
    column and the code translations. A saved mapping opens at step 2 with its choices filled in."""
    mapping = get_owned(request, ColumnMapping, pk=pk) if pk else None
    header = request.POST.getlist("header")
    register = request.POST.get("register") or (mapping.register if mapping else "tlv")
    if register not in REGISTERS:
        register = "tlv"
    name = request.POST.get("name", mapping.name if mapping else "").strip()[:100]
    samples = {}
    columns = dict(mapping.columns) if mapping else {}
    values = {k: dict(v) for k, v in (mapping.values if mapping else {}).items()}
    if request.method == "POST" and request.POST.get("delete") and mapping:
        services.delete_mapping(mapping, request.user)
        messages.success(request, _("Kolomkoppeling '%(n)s' is verwijderd.") % {"n": mapping.name})
        return redirect("monitoring:mappings")
    if request.method == "POST" and request.FILES.get("mapping_file"):
        upload = request.FILES["mapping_file"]
        try:
            if upload.size > MAPPING_MAX_BYTES:
                raise forms.ValidationError(
                    _("Een koppelingsbestand is hoogstens %(n)s kB; dit bestand is groter.")
                    % {"n": MAPPING_MAX_BYTES // 1024}
                )
            spec = mapping_from_file(upload.name, upload.read(MAPPING_MAX_BYTES + 1))
        except forms.ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:mappings")
        try:
            saved = services.save_mapping_from_file(request.swv, request.user, spec)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:mappings")
        messages.success(request, _("Kolomkoppeling '%(n)s' is ingelezen. Controleer de keuzes.") % {"n": saved.name})
        return redirect("monitoring:mapping", pk=saved.pk)
    if request.method == "POST" and request.FILES.get("sample"):
        upload = request.FILES["sample"]
        try:  # only the first rows are read here; the whole file is read by the import, in the background
            table = read_table(upload.name, read_limited(upload), max_rows=SAMPLE_ROWS)
            header, rows = table.header, table.rows
        except ReadError as exc:
            messages.error(request, str(exc))
            header, rows = [], []
        columns = _suggest(register, header, columns)
        samples = _samples(register, header, rows, columns)
    elif request.method == "POST" and header:
        columns = {h: request.POST.get(f"col-{i}") for i, h in enumerate(header) if request.POST.get(f"col-{i}")}
        values = {}
        for f in REGISTERS[register].fields:
            text = request.POST.get(f"values-{f.name}", "").strip()
            pairs = [line.split("=", 1) for line in text.splitlines() if "=" in line]
            if pairs:
                values[f.name] = {k.strip(): v.strip() for k, v in pairs}
        saved = _save_mapping(request, mapping, name, register, columns, values)
        if saved is not None:
            messages.success(request, _("Kolomkoppeling '%(n)s' is opgeslagen.") % {"n": saved.name})
            return redirect("monitoring:mapping", pk=saved.pk)
    if mapping and not header:
        header = list(mapping.columns)
    fields = REGISTERS[register].fields
    rows = [
        {
            "index": i,
            "header": h,
            "selected": columns.get(h, ""),
            "samples": samples.get(h) or [],
            "hidden": h in samples and samples[h] is None,
        }
        for i, h in enumerate(header)
    ]
    pupil_column = next((h for h in header if columns.get(h) == "pupil"), None)
    code_fields = [
        {
            "field": f,
            "text": "\n".join(f"{k}={v}" for k, v in values.get(f.name, {}).items()),
            "allowed": _allowed_values(f),
        }
        for f in fields
        if f.kind in ("choice", "type", "bool")
    ]
    mapping_list = list(ColumnMapping.objects.restrict(request.audience).order_by("register", "name"))
    for m in mapping_list:
        m.register_label = ALL_REGISTER_LABELS.get(m.register, m.register)
    return render(
        request,
        "monitoring/mapping.html",
        {
            "nav": "monitoring",
            "mapping": mapping,
            "rows": rows,
            "fields": fields,
            "code_fields": code_fields,
            "register": register,
            "register_label": REGISTERS[register].label,
            "registers": [(k, r.label) for k, r in REGISTERS.items()],
            "name": name,
            "mappings": mapping_list,
            "pupil_column": pupil_column,
        },
    )


@require("monitoring.import")
def mapping_export(request, pk):
    """The mapping as a JSON file, for `koers import REGISTER FILE --mapping file.json` or another SWV."""
    mapping = get_owned(request, ColumnMapping, pk=pk)
    response = HttpResponse(
        json.dumps(mapping_to_dict(mapping), ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    slug = "".join(c if c.isalnum() else "-" for c in mapping.name.lower()).strip("-") or "koppeling"
    response["Content-Disposition"] = f'attachment; filename="koppeling-{mapping.register}-{slug}.json"'
    return response


def _breakdown_context(request, indicator, series):
    """The breakdown table of an indicator page, as the user chose it (GET: uitsplitsing, periode, moment)."""
    measure = REGISTRY.get(indicator.measure_code or "")
    if measure is None or not series:
        return {"measure": None}
    params = {k: v for k, v in (indicator.measure_params or {}).items() if k != "periode"}
    kind = (indicator.measure_params or {}).get("periode") or measure.default_period
    with_period = measure.default_period != "peildatum"
    moments = [(p.date.isoformat(), p.period_label) for p in series if p.date]
    form = BreakdownForm(request.GET or None, moments=moments, kind=kind, with_period=with_period)
    by = form.choice("uitsplitsing")
    if with_period:
        kind = form.choice("periode") or kind
    on = date.fromisoformat(form.choice("moment")) if form.choice("moment") else series[-1].date
    allowed = _allowed_schools(request)
    parts = breakdown(measure, request.audience, on, by, period=kind, **params)
    period = period_of(kind, on)
    shown = [p for p in parts if p[1].value is not None or p[1].suppressed]
    return {
        "measure": measure,
        "form": form,
        "by": by,
        "by_label": BREAKDOWNS[by],
        "period": period,
        "period_kind": PERIOD_LABELS.get(kind, kind) if with_period else None,
        "on": on,
        "parts": shown,
        "empty_groups": len(parts) - len(shown),
        "no_groups": not parts,
        "own_only": allowed is not None,
    }


@require("plan.view")
def indicator_detail(request, pk):
    indicator = get_owned(
        request, Indicator.objects.restrict(request.audience).select_related("plan", "goal", "theme", "swv"), pk=pk
    )
    can_enter = has_perm(request, "monitoring.import") and not indicator.measure_code
    milestone = indicator.norm_kind == "mijlpaal" or (indicator.unit or "").strip().lower() in ("ja/nee", "ja-nee")
    form = None
    if can_enter:
        if request.method == "POST" and request.POST.get("verwijder"):
            if services.delete_manual_measurement(indicator, request.user, request.POST["verwijder"]):
                messages.success(request, _("De meting is verwijderd."))
            return redirect("monitoring:indicator", pk=indicator.pk)
        form = ManualForm(request.POST or None, milestone=milestone)
        if request.method == "POST" and form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ManualForm.Meta.fields}
            try:
                services.add_manual_measurement(indicator, request.user, **fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De meting is opgeslagen."))
                return redirect("monitoring:indicator", pk=indicator.pk)
    elif request.method == "POST":
        raise PermissionDenied  # no form for this role (or a computed indicator): nothing to post
    tertiaal = Tertiaal.try_parse(request.GET.get("tertiaal", ""))
    period = tertiaal_period(tertiaal, clock.today()) if tertiaal else None  # as the dashboard and report show it
    until = period.measured_until if period else clock.today()
    series = evaluation.indicator_series(indicator, request.audience, until=until)
    latest = evaluation.latest(indicator, request.audience, period) if period else (series[-1] if series else None)
    context = _breakdown_context(request, indicator, series)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "uitsplitsing":
        return render(request, "monitoring/_breakdown.html", {"indicator": indicator, "bd": context})
    manual_rows = []
    if not indicator.measure_code:  # the same rows, in the same order, as evaluation.indicator_series
        manual = ManualMeasurement.objects.for_swv(indicator.swv_id).filter(indicator=indicator, date__lte=until)
        manual_rows = list(zip(series, manual.order_by("date", "id"), strict=False))
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "nav": "plans",
            "series": series,
            "manual_rows": manual_rows,
            "latest": latest,
            "period": period,
            "chart": indicator_chart_svg(indicator, series),
            "definition": evaluation.definition_text(
                indicator, latest.date if latest is not None and latest.date else None
            ),
            "baseline": evaluation.baseline_text(indicator, series, request.audience),
            "bd": context,
            "vooruitblik": forecast_display.for_indicator(indicator, request.audience),
            "form": form,
            "can_enter": can_enter,
            "has_norm": indicator.norm_kind not in ("", "geen", None),
            "synthetic": bool(indicator.measure_code)
            and PupilCount.objects.for_swv(indicator.swv).filter(source="demo").exists(),
        },
    )


def _cell(value):
    """A register value as a Dutch reader expects it: dd-mm-jjjj, decimal comma, ja/nee."""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Decimal):
        return number(value, 2)
    return value


def _csv_cell(value):
    """A register value for CSV: as :func:`_cell`, a number stays a number (no ' before -3,50)."""
    cell = _cell(value)
    return NumberText(cell) if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else cell


def _query(request, **changes):
    """The current query string with ``changes`` (None removes a key), for sort and page links."""
    params = request.GET.copy()
    params.pop("formaat", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return "?" + params.urlencode()


def _page_links(request, window):
    """(number, url) per page in ``window``, with (None, None) where pages are left out."""
    links = []
    for n in window:
        if links and n - links[-1][0] > 1:
            links.append((None, None))
        links.append((n, _query(request, pagina=str(n))))
    return [(n, url) for n, url in links]


@require("monitoring.view_pupil")
def register_list(request, register):
    model = REGISTER_MODELS.get(register)
    if model is None:
        raise PermissionDenied
    allowed = _allowed_schools(request)
    qs = model.objects.restrict(request.audience)
    if allowed is not None:
        qs = qs.filter(**{f"{model.school_field}__in": allowed})
    filterset = FILTERS[register](request.GET or None, queryset=qs)
    qs, sort = filterset.sorted_qs(request.GET.get("sorteer", ""))
    fields = [f for f in model._meta.fields if f.name not in ("id", "swv", "created_at", "updated_at")]
    export = request.GET.get("formaat") == "csv"
    _log(request, "export" if export else "view", f"{REGISTERS[register].label} ({'CSV' if export else _('lijst')})")
    if export:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{register}.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with a BOM
        writer = csv_writer(response, delimiter=";")
        writer.writerow([str(f.verbose_name) for f in fields])
        for obj in qs.iterator():
            writer.writerow([_csv_cell(getattr(obj, f.attname)) for f in fields])
        return response
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [[_cell(getattr(o, f.attname)) for f in fields] for o in page.object_list]
    sortable = set(filterset.sort_fields())
    columns = []
    for f in fields:
        column = {"label": f.verbose_name, "name": f.name, "aria_sort": None, "url": None}
        if f.name in sortable:
            ascending = sort == f.name
            column["aria_sort"] = "ascending" if ascending else "descending" if sort == "-" + f.name else None
            column["url"] = _query(request, sorteer=("-" if ascending else "") + f.name, pagina=None)
        columns.append(column)
    window = sorted(
        {1, page.paginator.num_pages}
        | set(range(max(1, page.number - 2), min(page.paginator.num_pages, page.number + 2) + 1))
    )
    return render(
        request,
        "monitoring/register_list.html",
        {
            "nav": "monitoring",
            "fields": fields,
            "columns": columns,
            "rows": rows,
            "page": page,
            "pages": _page_links(request, window),
            "previous_url": _query(request, pagina=str(page.number - 1)) if page.has_previous() else None,
            "next_url": _query(request, pagina=str(page.number + 1)) if page.has_next() else None,
            "filter": filterset,
            "filtered": any(v for k, v in request.GET.items() if k not in ("pagina", "sorteer")),
            "register": register,
            "label": REGISTERS[register].label,
            "total": page.paginator.count,
            "today": clock.today(),
            "csv_url": reverse("monitoring:register", args=[register]) + _query(request, pagina=None, formaat="csv"),
        },
    )


@require("monitoring.import")
def mappings(request):
    return mapping_edit(request)


@require("monitoring.import")
def inspectie_thuiszitters(request):
    """The quarterly thuiszitters overview for the Inspectie (ADR 0023): choose a quarter, download the Excel."""
    from dataclasses import replace

    from koers.monitoring import inspectie

    current = inspectie.quarter_of(clock.today())
    choices, q = [], current
    for _i in range(8):  # this quarter and the seven before it (two school years)
        choices.append(q)
        q = inspectie.Quarter(q.school_year - (q.number == 1), 4 if q.number == 1 else q.number - 1)
    keys = {c.key: c for c in choices}
    chosen = keys.get(request.GET.get("kwartaal", ""), current)
    error = "" if request.GET.get("kwartaal", chosen.key) in keys else _("Kies een kwartaal uit de lijst.")
    if request.GET.get("download") == "xlsx" and not error:
        audience = replace(request.audience, pupil_level=False)  # a file that leaves the bureau: counts suppressed
        data = inspectie.workbook(audience, chosen)
        _log(request, "export", _("Kwartaaloverzicht thuiszitters Inspectie %(q)s") % {"q": chosen.key})
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="thuiszitters-inspectie-{chosen.key}.xlsx"'
        return response
    context = {"choices": choices, "chosen": chosen, "error": error, "nav": "monitoring"}
    return render(request, "monitoring/inspectie_thuiszitters.html", context)
