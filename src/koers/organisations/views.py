"""The organisation registry in Koers' own pages: overview, lists with search and export, object pages,
forms, deletion and imports. Every query is limited to request.swv."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core import staging
from koers.core.access import get_owned, has_perm, require
from koers.core.importing import ReadError, problem_report, read_limited
from koers.core.tables import Column, Table
from koers.organisations import importers, services
from koers.organisations.forms import ImportForm, SwvForm
from koers.organisations.registry import KINDS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(slug):
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


@require("organisations.view")
def overview(request):
    swv = request.swv
    counts = [
        {"kind": kind, "count": kind.model.objects.for_swv(swv).count(), "url": reverse("organisations:list",
                                                                                            args=[slug])}
        for slug, kind in KINDS.items()
    ]  # fmt: skip
    table = Table(
        _("Wat er in Koers staat over uw organisatie"),
        [Column("register", _("Register")), Column("count", _("Aantal"), "number")],
        filename="organisatie-overzicht",
    )
    for row in counts:
        table.add_row(link={"register": row["url"]}, register=str(row["kind"].plural), count=row["count"])
    if (response := table.export_response(request)) is not None:
        return response
    context = {
        "nav": "organisations",
        "swv": swv,
        "counts": counts,
        "table": table,
        "may_edit": has_perm(request, "organisations.edit"),
        "may_history": has_perm(request, "history.view"),
    }
    return render(request, "organisations/overview.html", context)


@require("organisations.edit")
def swv_edit(request):
    swv = request.swv
    form = SwvForm(request.POST or None, request.FILES or None, instance=swv)
    if request.method == "POST" and form.is_valid():
        logo = services.save_swv(form, request.user)
        messages.success(request, _("De gegevens van het samenwerkingsverband zijn opgeslagen."))
        if logo == "saved":
            messages.success(request, _("Het nieuwe logo staat nu in de kop van elke pagina."))
        elif logo == "removed":
            messages.success(request, _("Het logo is weggehaald."))
        return redirect("organisations:overview")
    return render(request, "organisations/swv_form.html", {"form": form, "swv": swv, "nav": "organisations"})


def _filter_state(request, kind):
    """The search text and the chosen filters, with their choices for the filter form."""
    q = request.GET.get("q", "").strip()[:100]
    filters = []
    for f in kind.filters:
        choices = f.choices(request.swv)
        value = request.GET.get(f.name, "")
        if value not in {v for v, _label in choices}:
            value = ""
        filters.append({"name": f.name, "label": f.label, "lookup": f.lookup, "choices": choices, "value": value})
    return q, filters


def _table(kind, objects):
    table = Table(
        str(kind.plural),
        [Column(c.key, str(c.label), c.kind) for c in kind.columns],
        filename=kind.slug,
    )
    for obj in objects:
        table.add_row(link={kind.columns[0].key: reverse("organisations:detail", args=[kind.slug, obj.pk])},
                      **kind.values(obj))  # fmt: skip
    return table


@require("organisations.view")
def object_list(request, kind_slug):
    kind = _kind(kind_slug)
    q, filters = _filter_state(request, kind)
    objects = kind.queryset(request.swv)
    if q:
        objects = objects.filter(kind.search_q(q))
    for f in filters:
        if f["value"]:
            value = {"True": True, "False": False}.get(f["value"], f["value"])
            objects = objects.filter(**{f["lookup"]: value})
    objects = objects.distinct()
    table = _table(kind, objects)
    if (response := table.export_response(request)) is not None:
        return response
    total = kind.model.objects.restrict(request.audience).count()
    filtered = bool(q or any(f["value"] for f in filters))
    if filtered:
        table.caption = _("%(plural)s: %(n)s van %(total)s (gefilterd)") % {
            "plural": kind.plural, "n": len(table.rows), "total": total}  # fmt: skip
    context = {
        "kind": kind,
        "table": table,
        "q": q,
        "filters": filters,
        "filtered": filtered,
        "total": total,
        "may_edit": has_perm(request, "organisations.edit"),
        "nav": "organisations",
    }
    return render(request, "organisations/list.html", context)


@require("organisations.view")
def object_detail(request, kind_slug, pk):
    kind = _kind(kind_slug)
    obj = get_owned(request, kind.queryset(request.swv), pk=pk)
    values = kind.values(obj)
    fields = [{"label": c.label, "value": values.get(c.key)} for c in kind.columns]
    related = []
    schools_table = None
    if hasattr(obj, "schools") and kind.slug != "scholen":
        related = list(obj.schools.all())
        schools = KINDS["scholen"]
        schools_table = _table(schools, obj.schools.select_related(*schools.related).order_by("name"))
        schools_table.caption = _("Scholen van %(object)s") % {"object": obj}
        schools_table.filename = f"scholen-{kind.slug}-{obj.pk}"
        if (response := schools_table.export_response(request)) is not None:
            return response
    context = {
        "kind": kind,
        "object": obj,
        "fields": fields,
        "schools": related,
        "table": schools_table,
        "has_schools": hasattr(obj, "schools"),
        "may_edit": has_perm(request, "organisations.edit"),
        "may_history": has_perm(request, "history.view"),
        "nav": "organisations",
    }
    if kind.slug == "eigenaren":
        context["owned"] = obj.owned_activities.select_related("year_plan")[:50]
    return render(request, "organisations/detail.html", context)


@require("organisations.edit")
def object_edit(request, kind_slug, pk=None):
    kind = _kind(kind_slug)
    obj = get_owned(request, kind.model, pk=pk) if pk else kind.model(swv=request.swv)
    form = kind.form(request.POST or None, instance=obj, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        obj = services.save_object(form, request.user)
        messages.success(request, _("“%(object)s” is opgeslagen.") % {"object": obj})
        return redirect("organisations:detail", kind.slug, obj.pk)
    back = reverse("organisations:detail", args=[kind.slug, obj.pk]) if obj.pk else reverse(
        "organisations:list", args=[kind.slug])  # fmt: skip
    context = {"kind": kind, "form": form, "object": obj, "back": back, "nav": "organisations"}
    return render(request, "organisations/form.html", context)


@require("organisations.edit")
def object_delete(request, kind_slug, pk):
    kind = _kind(kind_slug)
    obj = get_owned(request, kind.model, pk=pk)
    blockers = services.delete_blockers(obj)
    error = None
    if request.method == "POST":
        try:
            services.delete_object(obj, request.user)
        except ValueError as exc:
            error = str(exc)
        else:
            messages.success(request, _("“%(object)s” is verwijderd.") % {"object": obj})
            return redirect("organisations:list", kind.slug)
    context = {"kind": kind, "object": obj, "blockers": blockers, "error": error, "nav": "organisations"}
    return render(request, "organisations/delete.html", context)


# ----------------------------------------------------------------------------------------------------------
# Imports
# ----------------------------------------------------------------------------------------------------------


def _import_run(request, pk):
    from koers.core.models import FileImport
    from koers.organisations.uploads import KIND

    return get_owned(request, FileImport.objects.restrict(request.audience).filter(kind=KIND), pk=pk)


def _named_run(request):
    pk = request.GET.get("import") or request.POST.get("import")
    return _import_run(request, int(pk)) if pk and str(pk).isdecimal() else None


@require("organisations.edit")
def import_file(request):
    """Upload: only size and type are checked here; the task worker reads the file (ADR 0036). With ?import= the
    page shows that run's report, and 'Toch importeren' or 'Annuleren' for a file that stopped on warnings."""
    from koers.core import uploads
    from koers.core.models import FileImport

    form = ImportForm(initial={"format": request.GET.get("formaat")})
    run = _named_run(request)
    if run is not None and run.busy:
        return redirect("organisations:import_progress", run.pk)
    if request.method == "POST" and request.POST.get("cancel") and run is not None:
        try:
            uploads.cancel(run, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.info(request, _("Het wachtende bestand is gewist; er is niets opgeslagen."))
        return redirect("organisations:import")
    if request.method == "POST" and request.POST.get("confirm") and run is not None:
        if not services.confirm_organisation_upload(run, request.user):
            messages.error(request, _("Dit bestand wacht niet meer op een bevestiging. Kies het opnieuw."))
            return redirect("organisations:import")
        return redirect("organisations:import_progress", run.pk)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        data = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_limited(upload)
            except ReadError as exc:
                form.add_error("file", str(exc))
        if form.is_valid() and data is not None:
            cleaned = form.cleaned_data
            options = {key: cleaned[key] for key in ("format", "only_own", "accept_warnings", "dry_run")}
            run = services.start_organisation_upload(
                request.swv, request.user, file_name=upload.name or "bestand", data=data, options=options
            )
            return redirect("organisations:import_progress", run.pk)
        run = None
    report = None
    if run is not None and run.result:
        report = {**run.result, "can_confirm": run.status == FileImport.Status.DONE and run.data is not None}
    context = {
        "form": form,
        "report": report,
        "run": run,
        "upload_hours": staging.hours(),
        "nav": "organisations",
    }
    return render(request, "organisations/import.html", context)


@require("organisations.edit")
def import_report(request):
    """The problem list of an import (?import=), as CSV or Excel."""
    run = _named_run(request)
    if run is None or not run.problems:
        messages.info(request, _("Er is nog geen importrapport. Importeer eerst een bestand."))
        return redirect("organisations:import")
    fmt = request.GET.get("export", "csv")
    return problem_report(run.problems).response("xlsx" if fmt == "xlsx" else "csv")


@require("organisations.view")
def import_template(request):
    response = HttpResponse(importers.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="organisatie-sjabloon.xlsx"'
    return response
