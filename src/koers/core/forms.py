"""Form fields for Dutch input: numbers with a decimal comma and a thousands point, dates as dd-mm-jjjj."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.export_safety import clean_text
from koers.core.periods import date_problem

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_dutch_number(text: str) -> Decimal:
    """2,5 and 2.5 are two and a half; 12.500 and 12.500,00 are twelve thousand five hundred.

    A euro sign, "EUR", a percent sign and spaces are ignored. Raises InvalidOperation when it is not a number.
    """
    value = re.sub(r"(?i)eur|€|%|\s", "", str(text))
    if "," in value and "." in value:  # the last one is the decimal separator
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        value = value.replace(",", ".")
    elif _THOUSANDS.match(value):
        value = value.replace(".", "")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidOperation(value)
    return number


class DutchDecimalField(forms.DecimalField):
    """A DecimalField that reads Dutch input and shows its value as 2,5 in a text box (not a number box).

    Browsers read a decimal comma in ``<input type="number">`` in their own way (a reviewer's 2,5 hours were
    saved as 25), so the field is a text box with ``inputmode="decimal"`` for the phone keyboard.
    """

    default_error_messages = {"invalid": _("Vul een getal in, bijvoorbeeld 2,5 of 12.500.")}

    def __init__(self, *args, **kwargs):
        kwargs["localize"] = True  # shown with a decimal comma; parsing is ours (to_python)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_dutch_number(value)
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs


class DutchDateField(forms.DateField):
    """A DateField that says what is wrong: the format (dd-mm-jjjj), or that the date does not exist.

    31-09-2025 is written correctly but does not exist; Django would only say that the date is not valid.
    """

    default_error_messages = {"invalid": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 19-09-2024.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            problem = date_problem(value) if isinstance(value, str) else None
            if problem:
                raise forms.ValidationError(problem, code="no_such_date") from None
            raise


_MAX_ID = 2**63 - 1  # the largest id PostgreSQL and SQLite can hold; a larger one is not an id, not a crash


def _valid_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdecimal() and int(text) <= _MAX_ID  # "²".isdecimal() is True


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of a row: an id beyond the database's range is an invalid choice (it was a 500)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and not _valid_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several rows: every id beyond the database's range is an invalid choice."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, list | tuple | set) else [value]:
                if not _valid_id(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


def _default_form_class(model_field, form_class) -> None:
    """Make ``form_class`` the ModelForm field of every ``model_field`` (a field may still pass its own)."""
    if getattr(model_field.formfield, "_koers", False):
        return
    original = model_field.formfield

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", form_class)
        return original(self, **kwargs)

    formfield._koers = True
    model_field.formfield = formfield


def use_dutch_fields_in_model_forms() -> None:
    """Every model DecimalField and DateField reads Dutch input in ModelForms (called once from CoreConfig).

    DateTimeField passes its own form class, so it is not affected.
    """
    from django.db import models

    _default_form_class(models.DecimalField, DutchDecimalField)
    _default_form_class(models.DateField, DutchDateField)
    _default_form_class(models.ForeignKey, ModelChoiceField)
    _default_form_class(models.ManyToManyField, ModelMultipleChoiceField)


def use_clean_text_in_forms() -> None:
    """Every text a form takes in (CharField and its kinds, so also every model CharField and TextField) loses the
    control characters that XML cannot hold (:func:`koers.core.export_safety.clean_text`): a vertical tab pasted
    from Word becomes a newline, tabs and newlines stay. Passwords are left exactly as typed. Called once from
    CoreConfig."""
    if getattr(forms.CharField.to_python, "_koers", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = clean_text(value)
            if self.strip:
                value = value.strip()
        return value

    to_python._koers = True
    forms.CharField.to_python = to_python
