"""State changes of the monitoring app that pages start: column mappings, manual measurements, imports.

Each runs in one transaction, as the acting user (so tracked models carry who did it in their history), and does
its side effects only once that transaction has committed: the measure cache is forgotten and an import task is
enqueued on commit, so a rolled-back change neither leaves a stale cache behind nor starts a worker on a run that
does not exist.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.core import staging as core_staging
from koers.core import uploads as core_uploads
from koers.core.audience import swv_id_of
from koers.core.importing import ReadError, read_limited
from koers.monitoring import cache, staging
from koers.monitoring.importing.mapping import validate_mapping
from koers.monitoring.models import ColumnMapping, ImportRun, ManualMeasurement

MANUAL_FIELDS = ("date", "period_label", "value", "yes_no", "source", "note")


def _measures_changed(swv_id) -> None:
    transaction.on_commit(lambda: cache.changed(swv_id))


# ---- column mappings ------------------------------------------------------------------------------------------


@transaction.atomic
def save_mapping(swv, user, *, name: str, register: str, columns: dict, values: dict, mapping=None) -> ColumnMapping:
    """Create (``mapping`` None) or update a column mapping. A name already used for this register is refused.

    A mapping only says how future files are read; the data already imported, and so the measure cache, stay
    as they are (the import that uses it forgets the cache itself).
    """
    swv_id = swv_id_of(swv)
    name = (name or "").strip()[:100]
    if not name:
        raise ValidationError(_("Geef de koppeling een naam."))
    columns, values = validate_mapping(register, columns, values)  # the same check as files and `koers import`
    clash = ColumnMapping.objects.for_swv(swv_id).filter(register=register, name=name)
    if mapping is not None:
        if mapping.swv_id != swv_id:
            raise ValidationError(_("Deze koppeling hoort bij een ander samenwerkingsverband."))
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        raise ValidationError(
            _("Er is al een koppeling '%(n)s' voor dit register. Kies een andere naam.") % {"n": name}
        )
    with acting_as(user):
        if mapping is None:
            mapping = ColumnMapping(swv_id=swv_id)
        mapping.name, mapping.register, mapping.columns, mapping.values = name, register, columns, values
        mapping.save()
    return mapping


@transaction.atomic
def save_mapping_from_file(swv, user, spec: dict) -> ColumnMapping:
    """A mapping read from a file (``forms.mapping_from_file``): one with the same register and name is replaced."""
    existing = ColumnMapping.objects.for_swv(swv).filter(register=spec["register"], name=spec["name"]).first()
    return save_mapping(
        swv,
        user,
        name=spec["name"],
        register=spec["register"],
        columns=spec["columns"],
        values=spec["values"],
        mapping=existing,
    )


@transaction.atomic
def delete_mapping(mapping: ColumnMapping, user) -> None:
    """Imports that used it keep their results (ImportRun.mapping is set to empty)."""
    with acting_as(user):
        mapping.delete()


# ---- manual measurements --------------------------------------------------------------------------------------


@transaction.atomic
def add_manual_measurement(indicator, user, **data) -> ManualMeasurement:
    """A measurement entered by hand for an indicator without a computed measure."""
    if indicator.measure_code:
        raise ValidationError(_("Koers berekent deze indicator zelf; handmatige metingen zijn niet mogelijk."))
    unknown = set(data) - set(MANUAL_FIELDS)
    if unknown:
        raise TypeError(f"onbekende velden: {', '.join(sorted(unknown))}")
    with acting_as(user):
        measurement = ManualMeasurement(swv_id=indicator.swv_id, indicator=indicator, **data)
        measurement.full_clean()
        measurement.save()
        _take_baseline(indicator, measurement)
    _measures_changed(indicator.swv_id)
    return measurement


def _take_baseline(indicator, measurement) -> None:
    """The first measurement of a nulmeting-indicator becomes its baseline: a value with its date."""
    value = measurement.value
    if value is None and measurement.yes_no is not None:
        value = Decimal(int(measurement.yes_no))
    if indicator.norm_kind != "nulmeting" or indicator.baseline_value is not None or value is None:
        return
    earlier = (
        ManualMeasurement.objects.for_swv(indicator.swv_id)
        .filter(indicator=indicator, date__lt=measurement.date)
        .exclude(pk=measurement.pk)
        .exists()
    )
    if earlier:
        return
    indicator.baseline_value, indicator.baseline_date = value, measurement.date
    indicator.save(update_fields=["baseline_value", "baseline_date"])


@transaction.atomic
def delete_manual_measurement(indicator, user, pk) -> bool:
    """Remove one measurement of this indicator; False when there is none with that id (nothing happens)."""
    measurement = (
        ManualMeasurement.objects.for_swv(indicator.swv_id).filter(indicator=indicator, pk=pk).first()
        if str(pk).isdecimal()
        else None
    )
    if measurement is None:
        return False
    with acting_as(user):
        measurement.delete()
    _measures_changed(indicator.swv_id)
    return True


# ---- imports --------------------------------------------------------------------------------------------------


def _enqueue_import(run_id: int, **kwargs) -> None:
    from koers.monitoring.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(run_id, **kwargs))


WAITING = (ImportRun.Status.PENDING, ImportRun.Status.WARNINGS)


@transaction.atomic
def start_import(swv, user, *, register: str, upload, mapping=None, remove_missing: bool = False) -> ImportRun:
    """Keep the uploaded file, encrypted and with an expiry, with a new run; the worker picks it up on commit.

    An upload over ``KOERS_IMPORT_MAX_BYTES`` is refused (ValidationError) from its size, before it is read.
    """
    try:
        data = read_limited(upload)
    except ReadError as exc:
        raise ValidationError(str(exc)) from None
    with acting_as(user):
        run = ImportRun.objects.create(
            swv_id=swv_id_of(swv),
            register=register,
            file_name=upload.name[:255],
            user=user,
            mapping=mapping,
            data=staging.seal(data),
            expires_at=staging.expiry(),
            remove_missing=remove_missing,
        )
    _enqueue_import(run.pk)
    return run


def _expired(run: ImportRun) -> bool:
    return run.data is None or (run.expires_at is not None and run.expires_at <= timezone.now())


@transaction.atomic
def accept_import_warnings(run: ImportRun, user) -> ImportRun:
    """Run an import that stopped on warnings again, now accepting them."""
    run = ImportRun.objects.for_swv(run.swv_id).select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.WARNINGS:
        raise ValidationError(_("Deze import wacht niet op een bevestiging."))
    if _expired(run):
        _wipe(run, _("Het bestand is na %(h)s uur gewist. Kies het opnieuw.") % {"h": _hours()})
        raise ValidationError(_("Het bestand van deze import is gewist omdat het te lang wachtte. Kies het opnieuw."))
    with acting_as(user):
        # waiting for the worker again: the page follows it (and notices when no worker picks it up)
        run.status, run.progress = ImportRun.Status.PENDING, 0
        run.save(update_fields=["status", "progress", "updated_at"])
    _enqueue_import(run.pk, accept_warnings=True)
    return run


@transaction.atomic
def cancel_import(run: ImportRun, user) -> ImportRun:
    """Stop an import that waits (for the worker or for a confirmation); its file is wiped at once."""
    run = ImportRun.objects.for_swv(run.swv_id).select_for_update().get(pk=run.pk)
    if run.status not in WAITING:
        raise ValidationError(_("Deze import wacht niet meer en kan niet worden geannuleerd."))
    with acting_as(user):
        _wipe(run, None)
    return run


def _hours() -> int:
    from django.conf import settings

    return int(settings.KOERS_UPLOAD_HOURS)


def _wipe(run: ImportRun, note) -> None:
    run.data, run.expires_at = None, None
    fields = ["data", "expires_at", "updated_at"]
    if run.status in WAITING:
        run.status = ImportRun.Status.CANCELLED
        fields.append("status")
    if note:
        run.problems = [*run.problems, {"file": run.file_name, "row": 0, "column": "", "problem": str(note),
                                         "level": "opmerking", "sheet": "", "field": ""}]  # fmt: skip
        fields.append("problems")
    run.save(update_fields=fields)


def purge_import_data(run_id: int) -> None:
    """Wipe the stored file of one run (after it is processed), whatever its state."""
    ImportRun.unscoped.filter(pk=run_id).update(data=None, expires_at=None)


@transaction.atomic
def purge_expired_uploads(now=None) -> int:
    """Cross-SWV job (``koers bewaartermijn``, ``koers import --opruimen``): wipe every upload past its expiry,
    and any kept file of a run that no longer waits. Returns how many were wiped."""
    now = now or timezone.now()
    note = _("Het bestand is na %(h)s uur gewist. Kies het opnieuw.") % {"h": _hours()}
    wiped = 0
    stale = ImportRun.unscoped.filter(data__isnull=False).exclude(status__in=WAITING)
    wiped += stale.update(data=None, expires_at=None)
    for run in ImportRun.unscoped.select_for_update().filter(data__isnull=False, expires_at__lte=now):
        _wipe(run, note)
        wiped += 1
    # an upload without an expiry (made before expiries existed) is wiped as well
    for run in ImportRun.unscoped.select_for_update().filter(data__isnull=False, expires_at__isnull=True):
        _wipe(run, note)
        wiped += 1
    # uploads of the plan and organisation imports that waited for a confirmation nobody gave
    wiped += core_staging.purge_expired()
    wiped += core_uploads.purge_expired(now)  # plan and organisation files read by the worker (ADR 0036)
    return wiped
