"""Readable history: field labels and values as a user knows them, worked out when the history is shown.

The stored entries keep the raw field names and values (``status: ["niet_gestart", "loopt"]``); this module
turns them into "Status: Niet gestart → Loopt" at display time, so older entries read well too. The model
is resolved from the entry's label; a field that no longer exists is shown with its raw name.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst

from koers.audit.tracking import TECHNICAL_FIELDS
from koers.core import formatting

EMPTY = "(leeg)"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PresentedEntry:
    entry: object
    changes: list[FieldChange]


def _model_of(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        # Older entries may carry the column name ("owner_id") instead of the field name.
        return next((f for f in model._meta.concrete_fields if f.attname == name), None)


def _label(field, name: str) -> str:
    if field is None or not getattr(field, "verbose_name", None):
        return name
    return capfirst(str(field.verbose_name))


def _generic(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _date(value, parse, fallback) -> str:
    try:
        return formatting.dutch_date(parse(value))
    except (TypeError, ValueError):
        return fallback


class _Related:
    """Looks up related objects for foreign-key values, once per object for a whole page of entries."""

    def __init__(self):
        self._cache = {}

    def describe(self, field, value, swv_id) -> str:
        related = field.related_model
        key = (related._meta.label_lower, str(value))
        if key not in self._cache:
            obj = related._base_manager.filter(pk=value).first() if _valid_pk(related, value) else None
            # Never show another samenwerkingsverband's object, even if an old entry points at one.
            if obj is not None and swv_id is not None and _swv_of(obj, swv_id) != swv_id:
                obj = None
            self._cache[key] = str(obj) if obj is not None else str(value)
        return self._cache[key]


def _valid_pk(model, value) -> bool:
    try:
        model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _swv_of(obj, default):
    if obj._meta.label_lower == "organisations.swv":
        return obj.pk
    return getattr(obj, "swv_id", default)


def present_value(field, value, *, related=None, swv_id=None) -> str:
    """One stored value as text for people: choice label, ja/nee, Dutch date, related object, (leeg)."""
    if value is None or value == "" or field is None:
        return _generic(value)
    if field.choices:
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(field, models.BooleanField):
        return _generic(value)
    if isinstance(field, models.ForeignKey):  # includes OneToOneField
        return (related or _Related()).describe(field, value, swv_id)
    if isinstance(field, models.DateTimeField):
        return _date(value, datetime.fromisoformat, str(value))
    if isinstance(field, models.DateField):
        return _date(value, lambda v: date.fromisoformat(str(v)[:10]), str(value))
    if isinstance(field, models.DecimalField):
        try:
            return formatting.number(value, field.decimal_places or 0)
        except (ArithmeticError, ValueError, TypeError):
            return str(value)
    return _generic(value)


# Shown elsewhere on the page or meaningless to a reader: the id, the SWV (the page is already one SWV's), the
# position in a list, and the start tertiaal derived from the start text (which is shown as written).
_NOT_SHOWN = frozenset({"id", "swv", "swv_id", "order", "start_tertiaal", "start_date"})


def present_changes(entry, *, related=None) -> list[FieldChange]:
    """The readable changes of one HistoryEntry; bookkeeping fields (version, timestamps) are left out."""
    model = _model_of(entry.model)
    related = related or _Related()
    rows = []
    for name, values in (entry.changes or {}).items():
        if name in TECHNICAL_FIELDS or name in _NOT_SHOWN:
            continue
        old, new = values if isinstance(values, list | tuple) and len(values) == 2 else (None, values)
        field = _field_of(model, name)
        if field is not None and field.name in TECHNICAL_FIELDS:
            continue
        rows.append(
            FieldChange(
                name=name,
                label=_label(field, name),
                old=present_value(field, old, related=related, swv_id=entry.swv_id),
                new=present_value(field, new, related=related, swv_id=entry.swv_id),
            )
        )
    return rows


def present_history(entries) -> list[PresentedEntry]:
    """The entries with their readable changes; related objects are looked up once for the whole list.

    An update that only touched bookkeeping fields (older entries recorded ``version``) and has no reason
    tells a reader nothing, so it is left out.
    """
    related = _Related()
    rows = []
    for entry in entries:
        changes = present_changes(entry, related=related)
        if changes or entry.action != "update" or entry.reason:
            rows.append(PresentedEntry(entry=entry, changes=changes))
    return rows
