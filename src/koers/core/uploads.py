"""Plan and organisation files on their way in: sealed on upload, read by the task worker, confirmed (ADR 0036).

A web request only checks an upload cheaply (size, type, the table of contents of a zip) and calls :func:`start`:
the bytes are sealed (``core.staging``: encrypted, with an expiry) in a :class:`~koers.core.models.FileImport`
row, and on commit the task :func:`koers.core.tasks.read_upload` is enqueued. The worker calls :func:`process`,
which hands the bytes to the handler of the run's kind (registered by the domain app in its ``ready()``; core
imports no domain app). The handler reads the file and stores its preview (``run.result``) and problems; a page
with htmx polling shows the progress. The confirmation goes through the worker too: the domain app's confirm
service calls :func:`confirm` (who, the choices; the run queued again, task :func:`koers.core.tasks.apply_upload`
on commit), the worker calls :func:`apply_confirmed`, which hands the run to the handler's ``apply`` (the domain
app's all-or-nothing import); that calls :func:`finish`, which wipes the sealed bytes, and the same progress page
shows the outcome. :func:`cancel` and :func:`purge_expired` (``koers onderhoud`` / ``koers import
--opruimen``) wipe them too. The register import (``monitoring.ImportRun``) works the same way with its own run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import staging
from koers.core.models import FileImport

logger = logging.getLogger(__name__)

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Handler:
    """What a domain app does with a file of its kind.

    ``read(run, data, progress)`` reads the file (in the task worker) and returns the new status (DONE, PROBLEMS,
    or APPLIED when it already saved, e.g. a clean organisation file), having set ``run.result``/``run.problems``;
    ``keep(run)`` says whether the sealed bytes wait for a confirmation; ``result_url(run)`` is where the user
    goes when the worker is done. ``apply(run, user)`` (in the task worker too) imports a confirmed run, in its
    own transaction, and leaves the run's new status (APPLIED, PROBLEMS, or DONE again with a new preview).
    """

    kind: str
    permission: str
    read: Callable
    result_url: Callable
    keep: Callable = lambda run: run.status == FileImport.Status.DONE
    apply: Callable | None = None


HANDLERS: dict[str, Handler] = {}


def register(handler: Handler) -> None:
    HANDLERS[handler.kind] = handler


def handler_of(run_or_kind) -> Handler:
    kind = run_or_kind if isinstance(run_or_kind, str) else run_or_kind.kind
    return HANDLERS[kind]


def file_problem(file_name: str, message: str) -> dict:
    return {"file": file_name, "sheet": "", "row": None, "column": "", "field": "", "problem": message, "level": "fout"}


def start(swv, user, *, kind: str, file_name: str, data: bytes, options: dict | None = None) -> FileImport:
    """Seal ``data`` in a new run and enqueue the task that reads it (on commit)."""
    from koers.core.tasks import read_upload

    handler_of(kind)  # an unknown kind is a programming error, refused before anything is kept
    with transaction.atomic():
        run = FileImport.unscoped.create(
            swv=swv,
            user=user if getattr(user, "is_authenticated", False) else None,
            kind=kind,
            file_name=(file_name or "bestand")[:255],
            options=dict(options or {}),
            data=staging.seal(data),
            expires_at=staging.expiry(),
            stage=_("wacht op de achtergrondtaak"),
        )
        transaction.on_commit(lambda: read_upload.enqueue(run.pk))
    return run


def _progress(run_id: int) -> Progress:
    def report(stage: str, percent: int) -> None:
        FileImport.unscoped.filter(pk=run_id).update(
            stage=str(stage)[:100], progress=max(0, min(100, int(percent))), updated_at=timezone.now()
        )

    return report


def process(run_id: int) -> str:
    """Read one queued run (the task worker's part); returns its new status."""
    run = FileImport.unscoped.select_related("swv", "user").filter(pk=run_id).first()
    if run is None or run.status != FileImport.Status.QUEUED or confirmed(run):
        return run.status if run else ""  # cancelled, already read, or confirmed (then apply_upload imports it)
    FileImport.unscoped.filter(pk=run.pk).update(status=FileImport.Status.RUNNING, stage=_("bestand lezen"), progress=5)
    run.status = FileImport.Status.RUNNING
    data = staging.unseal(run.data)
    if data is None:
        run.status = FileImport.Status.FAILED
        run.problems = [
            file_problem(
                run.file_name, _("Het bestand is niet meer beschikbaar (gewist of verlopen). Kies het opnieuw.")
            )
        ]
    else:
        handler = handler_of(run)
        try:
            run.status = handler.read(run, data, _progress(run.pk))
        finally:
            del data
    keep = run.status == FileImport.Status.DONE and handler_of(run).keep(run)
    fields = {"status": run.status, "problems": run.problems, "result": run.result, "progress": 100, "stage": ""}
    if not keep:
        fields.update(data=None, expires_at=None)
    # a cancel while the worker read the file wins: its bytes are already gone
    updated = FileImport.unscoped.filter(pk=run.pk, status=FileImport.Status.RUNNING).update(**fields)
    if not updated:
        FileImport.unscoped.filter(pk=run.pk).update(data=None, expires_at=None)
    logger.info("file import %s (%s) read: %s", run.pk, run.kind, run.status)
    return run.status


def confirmed(run: FileImport) -> bool:
    """Whether a run was confirmed and waits for the task worker to import it."""
    return run.status == FileImport.Status.QUEUED and "confirm" in (run.options or {})


def confirm(run: FileImport, user, **choices) -> bool:
    """Record the confirmation of a run that waits for it and enqueue its import (on commit).

    Who confirmed (the user id) and the choices (a reason, a digest) go into ``options["confirm"]``; the run is
    queued again, now to be imported by :func:`koers.core.tasks.apply_upload`. Returns False, and does nothing,
    when the run no longer waits for a confirmation (a second click, a cancel, an expired file).
    """
    from koers.core.tasks import apply_upload

    with transaction.atomic():
        locked = FileImport.unscoped.select_for_update().get(pk=run.pk)
        if locked.status != FileImport.Status.DONE or locked.data is None:
            return False
        options = {key: value for key, value in (locked.options or {}).items() if key != "stale"}
        options["confirm"] = {"user": getattr(user, "pk", None), **choices}
        locked.options = options
        locked.status = FileImport.Status.QUEUED
        locked.stage = _("bevestigd, wacht op de achtergrondtaak")
        locked.progress = 0
        locked.save(update_fields=["options", "status", "stage", "progress", "updated_at"])
        transaction.on_commit(lambda: apply_upload.enqueue(locked.pk))
    run.status, run.options, run.stage, run.progress = locked.status, locked.options, locked.stage, locked.progress
    return True


def apply_confirmed(run_id: int) -> str:
    """Import one confirmed run (the task worker's part); returns its new status. A second delivery does nothing."""
    from django.contrib.auth import get_user_model

    run = FileImport.unscoped.select_related("swv").filter(pk=run_id).first()
    if run is None or not confirmed(run):
        return run.status if run else ""
    FileImport.unscoped.filter(pk=run.pk, status=FileImport.Status.QUEUED).update(
        stage=_("importeren"), progress=50, updated_at=timezone.now()
    )
    user_id = run.options["confirm"].get("user")
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        handler_of(run).apply(run, user)
    except ValidationError as exc:  # the sealed file is gone (expired or wiped) since the confirmation
        with transaction.atomic():
            locked = FileImport.unscoped.select_for_update().get(pk=run.pk)
            if confirmed(locked):
                finish(locked, FileImport.Status.FAILED, problems=[file_problem(run.file_name, " ".join(exc.messages))])
    run.refresh_from_db()
    logger.info("file import %s (%s) confirmed: %s", run.pk, run.kind, run.status)
    return run.status


def awaiting(run: FileImport) -> bool:
    """Whether the sealed bytes of a run may be loaded: it waits for its confirmation, or was confirmed."""
    return run.status == FileImport.Status.DONE or confirmed(run)


def settle(run: FileImport) -> None:
    """After a confirmed run turned out stale (the plan changed meanwhile): it waits for a confirmation again."""
    options = {key: value for key, value in (run.options or {}).items() if key != "confirm"}
    if confirmed(run):
        options["stale"] = True
    run.options = options
    run.status = FileImport.Status.DONE
    run.stage = ""
    run.progress = 100


def load(run: FileImport) -> bytes:
    """The sealed bytes of a run that waits for its confirmation; a ValidationError when they are gone."""
    data = staging.unseal(run.data) if awaiting(run) else None
    if data is None:
        raise ValidationError(_("Het bestand van deze import is er niet meer (verlopen of gewist). Kies het opnieuw."))
    return data


def finish(run: FileImport, status: str, *, result: dict | None = None, problems: list | None = None) -> None:
    """Close a run after its confirmation (in the caller's transaction): the new status, and its file wiped."""
    run.status = status
    if result is not None:
        run.result = result
    if problems is not None:
        run.problems = problems
    run.data = None
    run.expires_at = None
    run.stage = ""
    run.progress = 100
    run.save(update_fields=["status", "result", "problems", "data", "expires_at", "stage", "progress", "updated_at"])


def cancel(run: FileImport, user) -> FileImport:
    """Stop a run that waits (for the worker or for a confirmation); its file is wiped at once."""
    with transaction.atomic():
        locked = FileImport.unscoped.select_for_update().get(pk=run.pk)
        if locked.status not in (FileImport.Status.QUEUED, FileImport.Status.RUNNING, FileImport.Status.DONE):
            raise ValidationError(_("Deze import wacht niet meer en kan niet worden geannuleerd."))
        finish(locked, FileImport.Status.CANCELLED)
    return locked


def purge_expired(now=None) -> int:
    """Cross-SWV job: wipe the sealed file of every run past its expiry; a run that still waited is cancelled."""
    now = now or timezone.now()
    expired = FileImport.unscoped.filter(expires_at__lte=now).exclude(data=None)
    wiped = 0
    for run in expired.only("pk", "status"):
        waiting = run.status in (FileImport.Status.QUEUED, FileImport.Status.RUNNING, FileImport.Status.DONE)
        fields = {"data": None, "expires_at": None}
        if waiting:
            fields["status"] = FileImport.Status.CANCELLED
        wiped += FileImport.unscoped.filter(pk=run.pk).update(**fields)
    return wiped


def pending_count() -> int:
    return FileImport.unscoped.exclude(data=None).count()
