"""Record every change to tracked models in HistoryEntry: who, when, which fields, old and new values.

Models opt in with :func:`track`. Signals catch changes made through any path (pages, API, imports,
commands), so no service can forget to record history.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models.signals import post_delete, post_save, pre_save

from koers.audit.context import current_reason, current_user

_TRACKED: dict[type, set[str]] = {}


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _snapshot(instance, exclude: set[str]) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def _swv_id(instance):
    if instance._meta.model_name == "swv" and instance._meta.app_label == "organisations":
        return instance.pk
    return getattr(instance, "swv_id", None)


def _record(instance, action, changes, *, swv_gone=False):
    from koers.audit.models import HistoryEntry

    user = current_user()
    HistoryEntry.objects.create(
        swv_id=None if swv_gone else _swv_id(instance),
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        user=user,
        username=getattr(user, "username", "") or "systeem",
        reason=current_reason(),
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._koers_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._koers_before = _snapshot(old, _TRACKED[sender]) if old else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = _snapshot(instance, _TRACKED[sender])
    if created or getattr(instance, "_koers_before", None) is None:
        _record(instance, "create", {k: [None, v] for k, v in after.items() if v not in (None, "")})
        return
    before = instance._koers_before
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        _record(instance, "update", changes)


def _is_swv(instance) -> bool:
    return instance._meta.model_name == "swv" and instance._meta.app_label == "organisations"


def _post_delete(sender, instance, **kwargs):
    if _is_swv(instance):
        # The whole SWV is gone: the entries written while its records were deleted (in this same transaction)
        # must not point at it any more, or the foreign key fails at commit. The history itself stays.
        from koers.audit.models import HistoryEntry

        HistoryEntry.objects.filter(swv_id=instance.pk).update(swv=None)
        _record(instance, "delete", {}, swv_gone=True)
        return
    _record(instance, "delete", {})


def track(model, exclude=("created_at", "updated_at")):
    _TRACKED[model] = set(exclude)
    uid = f"koers-audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
    return model


def history_for(instance):
    from koers.audit.models import HistoryEntry

    return HistoryEntry.objects.filter(model=instance._meta.label_lower, object_id=str(instance.pk))
