"""The date fields of the app forms (koers.core.forms.DutchDateField) name a date that does not exist."""

import importlib

import pytest
from django import forms


@pytest.mark.parametrize(
    ("module", "form", "name", "raw"),
    [
        ("koers.plans.forms", "ActivityForm", "deadline", "31-09-2025"),
        ("koers.plans.forms", "ActivityForm", "deadline", "2025-09-31"),  # as a browser's date box sends it
        ("koers.plans.forms", "RoundForm", "deadline", "31-09-2025"),
        ("koers.monitoring.forms", "ManualForm", "date", "31-09-2025"),
    ],
)
def test_date_fields_say_that_a_date_does_not_exist(module, form, name, raw):
    """31-09-2025 is written correctly: the message is about the date, not about the format."""
    field = getattr(importlib.import_module(module), form).base_fields[name]
    with pytest.raises(forms.ValidationError) as info:
        field.clean(raw)
    assert info.value.messages == ["31-09-2025 bestaat niet: september heeft 30 dagen."]
    with pytest.raises(forms.ValidationError, match="Vul een datum in als dd-mm-jjjj"):
        field.clean("eind september")
