"""A plan file uploaded in the browser, read by the task worker (ADR 0036; the flow is ``koers.core.uploads``).

The worker parses the file and computes the change set (:func:`read`); the change set is kept as data in the
run (:func:`changes_to_data`), so that the confirmation page shows it without reading the file again. The
confirmation is recorded by :func:`koers.plans.services.confirm_plan_upload` and imported by the task worker
(:func:`apply`, :func:`koers.plans.services.apply_plan_upload`).
"""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.models import FileImport
from koers.core.uploads import Handler

KIND = "plan"


def changes_to_data(changes) -> dict:
    return {
        "plan": changes.plan.pk if changes.plan is not None else None,
        "by_ids": changes.by_ids,
        "locked": changes.locked,
        "digest": changes.digest(),
        "summary": changes.summary(),
        "items": [asdict(c) for c in changes.items],
    }


def changes_from_data(data: dict, swv):
    """The stored change set back as a :class:`~koers.plans.io.changes.ChangeSet` (for the same templates)."""
    from koers.plans.io.changes import Change, ChangeSet, FieldChange
    from koers.plans.models import Plan

    plan = Plan.objects.for_swv(swv).filter(pk=data["plan"]).first() if data.get("plan") else None
    changes = ChangeSet(plan)
    changes.by_ids = bool(data.get("by_ids"))
    changes.locked = data.get("locked") or ""
    for item in data.get("items", []):
        fields = [FieldChange(**f) for f in item.get("fields", [])]
        changes.add(Change(**{**item, "fields": fields}))
    return changes


def read(run, data: bytes, progress) -> str:
    from koers.plans.io.errors import PlanImportError
    from koers.plans.io.importer import preview_plan

    progress(_("bestand lezen en controleren"), 20)
    try:
        preview = preview_plan(data, swv=run.swv, filename=run.file_name)
    except PlanImportError as exc:
        run.problems = [p.as_dict() for p in exc.problems]
        return FileImport.Status.PROBLEMS
    progress(_("wijzigingen berekend"), 90)
    run.result = changes_to_data(preview.changes)
    return FileImport.Status.DONE


def apply(run, user):
    from koers.plans import services

    return services.apply_confirmed_plan_upload(run, user)


def result_url(run) -> str:
    if run.status == FileImport.Status.DONE:
        return reverse("plans:plan_import_confirm", args=[run.pk])
    if run.status == FileImport.Status.APPLIED and run.options.get("next"):
        return run.options["next"]
    if run.options.get("onboarding"):
        return reverse("onboarding:step", args=["plan"]) + f"?manier=importeren&import={run.pk}"
    return reverse("plans:plan_import") + f"?import={run.pk}"


HANDLER = Handler(kind=KIND, permission="plan.edit", read=read, result_url=result_url, apply=apply)
