"""An organisation file (DUO address file or the Koers Excel file) read by the task worker (ADR 0036).

The worker parses the file and applies it through :func:`koers.organisations.services.import_parsed`, as the
page did before: a clean file (or one whose warnings were accepted beforehand) is saved at once; a file with
warnings waits, sealed, for 'Toch importeren' (:func:`koers.organisations.services.confirm_organisation_upload`;
the worker then imports it with :func:`koers.organisations.services.apply_organisation_upload`);
a file with errors saves nothing. ``run.result`` is the report the import page shows.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.models import FileImport
from koers.core.uploads import Handler

KIND = "organisaties"


def parse(run, data: bytes):
    from koers.organisations import importers

    options = run.options
    fmt = options.get("format") or "auto"
    if fmt == "auto":
        fmt = "excel" if run.file_name.lower().endswith(".xlsx") or data[:2] == b"PK" else "duo"
    if fmt == "duo":
        codes = None
        if options.get("only_own"):
            codes = run.swv.duo_codes if options.get("onboarding") else run.swv.code
        return importers.parse_duo(data, filename=run.file_name, swv_code=codes)
    return importers.parse_excel(data, filename=run.file_name)


def report(parsed, outcome, *, dry_run: bool) -> dict:
    return {
        "file": parsed.file,
        "problems": [p.as_dict() for p in parsed.problems],
        "errors": len(parsed.errors),
        "warnings": len(parsed.warnings),
        "counts": [{**row, "kind": str(row["kind"])} for row in outcome.rows],
        "skipped": outcome.skipped,
        "saved": outcome.saved,
        "dry_run": dry_run,
        "can_confirm": not outcome.saved and not parsed.errors,
    }


def status_of(result: dict) -> str:
    if result["saved"]:
        return FileImport.Status.APPLIED
    if result["errors"]:
        return FileImport.Status.PROBLEMS
    return FileImport.Status.DONE  # warnings (or a dry run): waits for 'Toch importeren'


def read(run, data: bytes, progress) -> str:
    from koers.organisations import services

    progress(_("bestand lezen en controleren"), 20)
    parsed = parse(run, data)
    progress(_("organisaties bijwerken"), 60)
    dry_run = bool(run.options.get("dry_run"))
    outcome = services.import_parsed(
        run.swv, parsed, run.user, accept_warnings=bool(run.options.get("accept_warnings")), dry_run=dry_run
    )
    run.result = report(parsed, outcome, dry_run=dry_run)
    run.problems = run.result["problems"]
    return status_of(run.result)


def apply(run, user):
    from koers.organisations import services

    return services.apply_organisation_upload(run, user)


def result_url(run) -> str:
    if run.options.get("onboarding"):
        return reverse("onboarding:step", args=["scholen"]) + f"?import={run.pk}"
    return reverse("organisations:import") + f"?import={run.pk}"


HANDLER = Handler(kind=KIND, permission="organisations.edit", read=read, result_url=result_url, apply=apply)
