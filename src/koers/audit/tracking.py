"""Record every change to tracked models in HistoryEntry: who, when, which fields, old and new values.

Models opt in with :func:`track`. Signals catch changes made through any path (pages, API, imports,
commands), so no service can forget to record history.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from koers.audit.context import current_ip, current_reason, current_user

# Bookkeeping, not a user's change: never part of the history, whatever a model passes to track().
TECHNICAL_FIELDS = frozenset({"version", "created_at", "updated_at"})

_TRACKED: dict[type, set[str]] = {}


def _is_expression(value) -> bool:
    """F("version") + 1 and friends: the database computes the value, the instance never holds it."""
    return hasattr(value, "resolve_expression")


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _snapshot(instance, exclude: set[str], only=None) -> dict:
    """Field name -> plain value. Fields saved as an expression are read back from the database."""
    data = {}
    computed = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        if only is not None and field.name not in only and field.attname not in only:
            continue
        value = getattr(instance, field.attname)
        if _is_expression(value):
            computed[field.attname] = field.name
            continue
        data[field.name] = _plain(value)
    if computed and instance.pk is not None:
        row = type(instance)._base_manager.filter(pk=instance.pk).values(*computed).first()
        for attname, name in computed.items():
            if row is not None and not _is_expression(row[attname]):
                data[name] = _plain(row[attname])
    return data


def _swv_id(instance):
    if instance._meta.model_name == "swv" and instance._meta.app_label == "organisations":
        return instance.pk
    return getattr(instance, "swv_id", None)


_UNSET = object()


def _record(instance, action, changes, *, swv_gone=False, user=_UNSET, reason=_UNSET, swv_id=_UNSET):
    from koers.audit.models import HistoryEntry

    user = current_user() if user is _UNSET else user
    if swv_id is _UNSET:
        swv_id = None if swv_gone else _swv_id(instance)
    return HistoryEntry.objects.create(
        swv_id=swv_id,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        user=user,
        username=getattr(user, "username", "") or "systeem",
        reason=current_reason() if reason is _UNSET else reason,
        ip_address=current_ip(),
    )


def record_event(instance, changes: dict, *, action="update", swv=None, reason=None):
    """Record something that is no plain field change (e.g. "two-factor reset") in the history of ``instance``.

    ``changes`` is shown like field changes: ``{"what": [old, new]}``. User and reason come from the current
    context (:func:`koers.audit.context.acting_as`) unless ``reason`` is given; ``swv`` defaults to the
    instance's own SWV.
    """
    return _record(
        instance,
        action,
        {key: [_plain(old), _plain(new)] for key, (old, new) in changes.items()},
        reason=_UNSET if reason is None else reason,
        swv_id=_UNSET if swv is None else swv.pk,
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._koers_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._koers_before = _snapshot(old, _TRACKED[sender]) if old else None


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    # With update_fields only those columns were written; other attributes may differ from the database.
    after = _snapshot(instance, _TRACKED[sender], only=update_fields)
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


_M2M: dict = {}  # through model -> (tracked model, field name)


def _m2m_names(instance, name) -> list[str]:
    return sorted(str(obj) for obj in getattr(instance, name).all())


def _m2m_changed(sender, instance, action, reverse, **kwargs):
    """Many-to-many changes (e.g. the betrokkenen of an activity) as one history entry per edit.

    A form's ``set()`` removes and then adds inside one transaction. The state before the first change is kept,
    and the entry is written once, when the transaction commits: one line "old names -> new names", with the
    user and reason of the moment of the change.
    """
    owner, name = _M2M[sender]
    if reverse or not isinstance(instance, owner):
        return  # changed from the other side (e.g. actor.users.add): recorded there, if tracked
    if action in ("pre_add", "pre_remove", "pre_clear"):
        before = instance.__dict__.setdefault("_koers_m2m_before", {})
        before.setdefault(name, _m2m_names(instance, name))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pending = instance.__dict__.setdefault("_koers_m2m_pending", set())
    if name in pending:
        return
    pending.add(name)
    user, reason = current_user(), current_reason()

    def finish():
        pending.discard(name)
        old = instance.__dict__.get("_koers_m2m_before", {}).pop(name, [])
        new = _m2m_names(instance, name)
        if old != new:
            _record(instance, "update", {name: [", ".join(old) or None, ", ".join(new) or None]}, user=user,
                    reason=reason)  # fmt: skip

    transaction.on_commit(finish)


def track(model, exclude=()):
    """Record the history of ``model``; ``exclude`` names fields to leave out (on top of TECHNICAL_FIELDS)."""
    _TRACKED[model] = set(exclude) | TECHNICAL_FIELDS
    uid = f"koers-audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
    for field in model._meta.many_to_many:
        if field.name in _TRACKED[model]:
            continue
        through = field.remote_field.through
        _M2M[through] = (model, field.name)
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-m2m-{field.name}")
    return model


def history_for(instance):
    from koers.audit.models import HistoryEntry

    return HistoryEntry.objects.filter(model=instance._meta.label_lower, object_id=str(instance.pk))
