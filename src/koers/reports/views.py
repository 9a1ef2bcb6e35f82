from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.access import get_owned, has_perm, require
from koers.core.periods import Tertiaal, tertiaal_period
from koers.core.tables import XLSX_TYPE, Column, Table
from koers.monitoring.forecast import display
from koers.plans.models import YearPlan
from koers.reports import content, files, services
from koers.reports import render as documents
from koers.reports.dashboard import dashboard, indicator_groups
from koers.reports.forms import NewReportForm, ReportTextForm, StandardPeriodForm
from koers.reports.models import Report

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
CONTENT_TYPES = {"pdf": PDF_TYPE, "docx": DOCX_TYPE, "pptx": PPTX_TYPE}


@login_required
def home(request):
    """The dashboard (the home page): indicators per theme and doel, activities by status, late work and budget."""
    if request.swv is None:
        return render(request, "reports/no_membership.html", status=403)
    context = dashboard(request)
    for name, table in context["tables"].items():
        response = table.export_response(request, name=name)
        if response is not None:
            return response
    context["nav"] = "home"
    return render(request, "reports/home.html", context)


@login_required
def vooruitblik_section(request):
    """The dashboard's "Vooruitblik", loaded into it after the page (htmx, ``hx-trigger="load"``): the forecast
    counts over every school year of the registers, so the dashboard does not wait for it. Without JavaScript the
    dashboard links here and this is a page of its own. Same audience, suppression and rights as the dashboard."""
    if request.swv is None:
        return render(request, "reports/no_membership.html", status=403)
    context = {"vb": display.overview(request.audience), "nav": "home"}
    template = "monitoring/_vooruitblik.html" if request.htmx else "reports/vooruitblik.html"
    return render(request, template, context)


@require("plan.view")
def tertiaal_indicators(request, pk, tertiaal):
    """The indicators of a jaarplan's plan for one tertiaal, as the dashboard and the report give them: the part of
    the tertiaal page (plans:tertiaal) that needs monitoring, loaded into it (plans does not import monitoring)."""
    year_plan = get_owned(request, YearPlan.objects.restrict(request.audience).select_related("plan"), pk=pk)
    found = Tertiaal.try_parse(tertiaal)
    if found is None:
        raise Http404
    period = tertiaal_period(found, clock.today())
    groups = indicator_groups(year_plan.plan, period, request.audience, key=found.key)
    template = "reports/_tertiaal_indicators.html" if request.htmx else "reports/tertiaal_indicators.html"
    return render(
        request,
        template,
        {"year_plan": year_plan, "plan": year_plan.plan, "tertiaal": found, "period": period, "groups": groups},
    )


def _file_response(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _visible_report(request, pk) -> Report:
    """Issued reports for everyone with reports.view_issued; drafts only for those who make reports."""
    report = get_owned(
        request, Report.objects.restrict(request.audience).select_related("year_plan__plan", "issued_by"), pk=pk
    )
    if not report.is_issued and not has_perm(request, "reports.make"):
        raise Http404
    return report


@require("reports.view_issued")
def archive(request):
    issued = list(
        Report.objects.restrict(request.audience)
        .filter(status=Report.Status.ISSUED)
        .select_related("year_plan")
        .defer("pdf", "docx", "pptx", "payload", "content_html")
    )
    table = Table(
        _("Uitgebrachte rapportages"),
        [
            Column("title", _("Titel")),
            Column("tertiaal", _("Tertiaal")),
            Column("by", _("Uitgebracht door")),
            Column("at", _("Uitgebracht op"), "date"),
        ],
        filename="rapportages",
    )
    for report in issued:
        table.add_row(title=report.title, tertiaal=report.tertiaal_label, by=report.issued_by_name, at=report.issued_at)
    if (response := table.export_response(request, name="archief")) is not None:
        return response
    context = {"issued": issued, "nav": "reports"}
    if has_perm(request, "reports.make"):
        initial = {}
        if request.GET.get("jaarplan"):
            initial = {"year_plan": request.GET.get("jaarplan"), "tertiaal": request.GET.get("tertiaal")}
        context["form"] = NewReportForm(initial=initial, swv=request.swv)
        context["drafts"] = (
            Report.objects.restrict(request.audience)
            .filter(status=Report.Status.DRAFT)
            .select_related("year_plan", "created_by")
            .defer("pdf", "docx", "pptx", "payload", "content_html")
        )
    if has_perm(request, "plan.view"):
        context["year_plans"] = YearPlan.objects.restrict(request.audience).select_related("plan")
    return render(request, "reports/archive.html", context)


@require("reports.make")
@require_POST
def new(request):
    form = NewReportForm(request.POST, swv=request.swv)
    if not form.is_valid():
        messages.error(request, _("Kies een jaarplan en een tertiaal dat in dat schooljaar valt."))
        return redirect("reports:archive")
    report = services.create_tertiaal_report(
        form.cleaned_data["year_plan"], Tertiaal.parse(form.cleaned_data["tertiaal"]), request.user
    )
    return redirect("reports:detail", pk=report.pk)


@require("reports.view_issued")
def detail(request, pk):
    """Preview of a draft (with the bureau's introduction and conclusion), or an issued report as frozen."""
    report = _visible_report(request, pk)
    form = None
    if not report.is_issued:
        form = ReportTextForm(request.POST or None, instance=report)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_text(form, request.user)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _("De tekst van de rapportage is opgeslagen."))
            return redirect("reports:detail", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    if report.is_issued:
        body = documents.issued_body(report)
    else:
        try:
            body = documents.render_body(services.payload_for(report), report)
        except ValidationError as exc:
            body = ""
            messages.error(request, exc.messages[0])
    return render(
        request,
        "reports/detail.html",
        {"report": report, "form": form, "body": body, "nav": "reports", "may_make": has_perm(request, "reports.make")},
    )


@require("reports.make")
def issue(request, pk):
    """Issue a draft. The preview's text form posts here too ("Uitbrengen"): its text is saved first, so nothing
    typed is lost, and a confirmation page asks before the report is frozen and the readers are told."""
    report = get_owned(request, Report, pk=pk)
    if request.method != "POST":  # a bookmark or a link in the history: show the report instead of a bare 405
        return redirect("reports:detail", pk=report.pk)
    if report.is_issued:
        messages.error(request, _("Deze rapportage is al uitgebracht."))
        return redirect("reports:detail", pk=report.pk)
    if any(name in request.POST for name in ReportTextForm.Meta.fields):
        form = ReportTextForm(request.POST, instance=report)
        if not form.is_valid():
            body = documents.render_body(services.payload_for(report), report)
            return render(
                request, "reports/detail.html", {"report": report, "form": form, "body": body, "nav": "reports"}
            )
        try:
            report = services.save_text(form, request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("reports:detail", pk=report.pk)
    if request.POST.get("bevestigd") != "ja":
        return render(request, "reports/issue_confirm.html", {"report": report, "nav": "reports"})
    try:
        report = services.issue(report, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("De rapportage is uitgebracht en bevroren. De lezers van het samenwerkingsverband zijn bericht.")
        )
    return redirect("reports:detail", pk=report.pk)


@require("reports.view_issued")
def progress(request, pk):
    report = get_object_or_404(
        Report.objects.restrict(request.audience).only(
            "pk", "status", "files_status", "files_progress", "files_error", "swv_id"
        ),
        pk=pk,
        status=Report.Status.ISSUED,
    )
    return render(request, "reports/_progress.html", {"report": report, "may_make": has_perm(request, "reports.make")})


def _render(payload: dict, report, fmt: str) -> bytes:
    if fmt == "pdf":
        return documents.render_pdf(payload, report)
    if fmt == "docx":
        return files.document_docx(payload, report)
    return files.document_pptx(payload, report)


@require("reports.view_issued")
def download(request, pk, fmt):
    report = _visible_report(request, pk)
    if fmt not in report.formats:
        raise Http404
    if report.is_issued:
        data = getattr(report, fmt)
        if not data:  # never rendered inside the request: the task makes them, the report page shows how far
            return _files_not_ready(request, report)
        return _file_response(data, fmt, report.file_stem)
    try:
        payload = services.payload_for(report)
    except ValidationError as exc:
        raise Http404 from exc
    return _file_response(_render(payload, report, fmt), fmt, report.file_stem + "-concept")


def _files_not_ready(request, report):
    """The files of an issued report are not there (yet): being made, failed, or no worker picked the task up.
    Back to the report page, whose status refreshes until they are there."""
    waited = timezone.now() - (report.issued_at or timezone.now())
    stale = report.files_status == Report.FilesStatus.PENDING and waited >= timedelta(minutes=2)
    if report.files_status == Report.FilesStatus.FAILED:
        messages.error(
            request,
            _("Het maken van de bestanden is mislukt. Het bureau maakt ze met 'Opnieuw maken' opnieuw."),
        )
    elif report.files_status in (Report.FilesStatus.PENDING, Report.FilesStatus.RUNNING) and not stale:
        messages.info(request, _("De bestanden worden nog gemaakt. Probeer het zo opnieuw."))
    else:  # lost (no worker picked the task up, or the files are gone): back in the queue of the task worker
        services.requeue_files(report)
        messages.info(request, _("Koers maakt de bestanden van de rapportage (opnieuw). Probeer het zo opnieuw."))
    return redirect("reports:detail", pk=report.pk)


@require("reports.make")
@require_POST
def retry_files(request, pk):
    """ "Opnieuw maken": the files of an issued report go back in the queue (after "mislukt")."""
    report = get_owned(request, Report, pk=pk)
    try:
        services.retry_files(report, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Koers maakt de bestanden van de rapportage opnieuw."))
    return redirect("reports:detail", pk=report.pk)


@require("plan.view")
def year_plan_document(request, pk, fmt):
    """The jaarplan as a document in the layout of a jaar- en activiteitenplan."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    year_plan = get_owned(request, YearPlan, pk=pk)
    payload = content.year_plan_payload(year_plan)
    data = documents.render_pdf(payload) if fmt == "pdf" else files.document_docx(payload)
    from django.utils.text import slugify

    return _file_response(data, fmt, slugify(year_plan.title) or f"jaarplan-{year_plan.pk}")


def _standard_period_form(request):
    """The period form of the standard outputs; without a choice, the current tertiaal."""
    from koers.reports import standard as outputs

    choices = outputs.period_choices(request.swv)
    data = request.GET if request.GET.get("tertiaal", "").strip() else {"tertiaal": outputs.current_period().key}
    return StandardPeriodForm(data, choices=choices)


@require("monitoring.view_aggregate")
def standard(request):
    """Standard outputs from the monitoring registers, as Excel or CSV, for a tertiaal from a list."""
    from koers.reports import standard as outputs

    outputs_list = [
        {"kind": kind, "title": title, "formats": formats}
        for kind, (title, permission, formats) in outputs.OUTPUTS.items()
        if has_perm(request, permission)
    ]
    form = _standard_period_form(request)
    period = form.period
    context = {
        "outputs": outputs_list,
        "form": form,
        "period": period,
        "threshold": settings.KOERS_SUPPRESSION_THRESHOLD,
        "nav": "reports",
    }
    if period is not None:
        start, end = outputs.period_bounds(period)
        context.update(
            {
                "start": start,
                "end": end,
                "running": tertiaal_period(period, clock.today()).running,
            }
        )
    return render(request, "reports/standard.html", context)


def _dataset_stem() -> str:
    """The dataset is always the whole, current dataset: its file name has the day it was made (dataset-01-12-2026)."""
    return "dataset-" + clock.today().strftime("%d-%m-%Y")


@require("monitoring.view_aggregate")
def standard_download(request, kind, fmt):
    from urllib.parse import urlencode

    from django.urls import reverse

    from koers.audit.models import AccessLog
    from koers.reports import standard as outputs

    if kind not in outputs.OUTPUTS or fmt not in outputs.OUTPUTS[kind][2]:
        raise Http404
    title, permission, _formats = outputs.OUTPUTS[kind]
    if not has_perm(request, permission):
        raise PermissionDenied
    form = _standard_period_form(request)
    period = form.period
    if period is None:  # not a tertiaal from the list: the page says what is wrong, nothing is downloaded
        query = urlencode({"tertiaal": request.GET.get("tertiaal", "")})
        return redirect(reverse("reports:standard") + "?" + query)
    if kind == "dataset":
        data = outputs.monthly_dataset(request.audience, period)
        AccessLog.objects.create(
            swv=request.swv,
            user=request.user,
            username=request.user.get_username(),
            action="export",
            subject=f"{title} {period}".strip()[:300],
        )
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{_dataset_stem()}.xlsx"'
        return response
    table = (
        outputs.tlv_per_bestuur(request.audience, period)
        if kind == "tlv-per-bestuur"
        else outputs.thuiszitters(request.audience, period)
    )
    return table.response(fmt)
