"""The progress page of a plan or organisation file that the task worker reads (ADR 0036).

The domain apps route these views under their own URL and permission (``require(...)(progress)`` with the
run's ``kind`` as an extra argument), so that who may see a run is the app's rule. Thin: state changes are in
:mod:`koers.core.uploads`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.core import uploads
from koers.core.access import get_owned
from koers.core.models import FileImport


def _run(request, pk, kind):
    return get_owned(request, FileImport.objects.restrict(request.audience).filter(kind=kind), pk=pk)


def _context(request, run):
    handler = uploads.handler_of(run)
    return {
        "run": run,
        "busy": run.busy,
        "result_url": None if run.busy else handler.result_url(run),
        "status_url": request.path if request.headers.get("HX-Request") else None,
        "nav": run.options.get("nav", ""),
    }


@require_GET
def progress(request, pk, kind):
    """The page: the status fragment, polled by htmx every second; without JavaScript a meta refresh."""
    run = _run(request, pk, kind)
    context = _context(request, run)
    context["status_url"] = request.path.rstrip("/") + "/status/"
    context["cancel_url"] = request.path.rstrip("/") + "/annuleren/"
    return render(request, "core/upload_progress.html", context)


@require_GET
def status(request, pk, kind):
    """The fragment alone: it stops polling once the worker is done."""
    run = _run(request, pk, kind)
    context = _context(request, run)
    context["status_url"] = request.path
    context["cancel_url"] = request.path.rsplit("/status/", 1)[0] + "/annuleren/"
    return render(request, "core/_upload_status.html", context)


@require_POST
def cancel(request, pk, kind):
    run = _run(request, pk, kind)
    try:
        uploads.cancel(run, request.user)
        messages.info(
            request, _("De import van %(file)s is geannuleerd en het bestand is gewist.") % {"file": run.file_name}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    run.refresh_from_db()
    return redirect(uploads.handler_of(run).result_url(run))
