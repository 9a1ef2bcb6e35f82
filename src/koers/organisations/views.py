"""The organisation registry in Koers' own pages: overview, lists with search and export, object pages,
forms, deletion and imports. Every query is limited to request.swv."""

from django.contrib import messages
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

REPORT_KEY = "koers_organisation_import"
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


PENDING_KEY = "koers_organisation_import_file"


def _run_import(request, data, name, fmt, only_own, accept, dry_run):
    if fmt == "duo":
        parsed = importers.parse_duo(data, filename=name, swv_code=request.swv.code if only_own else None)
    else:
        parsed = importers.parse_excel(data, filename=name)
    outcome = services.import_parsed(request.swv, parsed, request.user, accept_warnings=accept, dry_run=dry_run)
    report = {
        "file": name,
        "problems": [p.as_dict() for p in parsed.problems],
        "errors": len(parsed.errors),
        "warnings": len(parsed.warnings),
        "counts": outcome.rows,
        "skipped": outcome.skipped,
        "saved": outcome.saved,
        "dry_run": dry_run,
        "can_confirm": False,
    }
    _drop_pending(request)
    if not outcome.saved and not parsed.errors:
        # kept for one confirmation ("import anyway" without choosing the file again): sealed, see core.staging
        request.session[PENDING_KEY] = {
            "name": name,
            "format": fmt,
            "only_own": only_own,
            "token": staging.stage(data),
            "swv": request.swv.pk,
        }
        report["can_confirm"] = True
    request.session[REPORT_KEY] = report
    if outcome.saved:
        messages.success(request, _("Het bestand %(file)s is geïmporteerd.") % {"file": name})
    elif parsed.errors:
        messages.error(
            request,
            _("Er is niets opgeslagen: het bestand heeft %(n)s fout(en). Zie de lijst hieronder.")
            % {"n": len(parsed.errors)},
        )
    elif dry_run:
        messages.info(request, _("Alleen gecontroleerd: er is niets opgeslagen."))
    else:
        messages.warning(
            request,
            _("Er is niets opgeslagen: het bestand heeft waarschuwingen. Lees ze en kies 'Toch importeren'."),
        )
    return report


def _drop_pending(request):
    pending = request.session.pop(PENDING_KEY, None)
    if pending and pending.get("token"):
        staging.discard(str(pending["token"]))


@require("organisations.edit")
def import_file(request):
    form = ImportForm(initial={"format": request.GET.get("formaat")})
    report = None
    if request.method == "POST" and request.POST.get("cancel"):
        _drop_pending(request)
        report = request.session.get(REPORT_KEY)
        if report:
            report["can_confirm"] = False
            request.session[REPORT_KEY] = report
        messages.info(request, _("Het wachtende bestand is gewist; er is niets opgeslagen."))
        return redirect("organisations:import")
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(PENDING_KEY)
        data = staging.load(str(pending.get("token", ""))) if pending and pending.get("swv") == request.swv.pk else None
        if data is None:
            _drop_pending(request)
            messages.error(request, _("Er staat geen bestand klaar om te importeren. Kies het bestand opnieuw."))
            return redirect("organisations:import")
        report = _run_import(request, data, pending["name"], pending["format"], pending["only_own"], True, False)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_limited(upload)
            except ReadError as exc:
                data = None
                form.add_error("file", str(exc))
        if form.is_valid() and data is not None:
            cleaned = form.cleaned_data
            report = _run_import(
                request, data, upload.name or "bestand", cleaned["format"], cleaned["only_own"],
                cleaned["accept_warnings"], cleaned["dry_run"],
            )  # fmt: skip
    context = {
        "form": form,
        "report": report,
        "upload_hours": staging.hours(),
        "nav": "organisations",
    }
    return render(request, "organisations/import.html", context)


@require("organisations.edit")
def import_report(request):
    """The problem list of the last import in this session, as CSV or Excel."""
    report = request.session.get(REPORT_KEY)
    if not report:
        messages.info(request, _("Er is nog geen importrapport. Importeer eerst een bestand."))
        return redirect("organisations:import")
    fmt = request.GET.get("export", "csv")
    return problem_report(report["problems"]).response("xlsx" if fmt == "xlsx" else "csv")


@require("organisations.view")
def import_template(request):
    response = HttpResponse(importers.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="organisatie-sjabloon.xlsx"'
    return response
