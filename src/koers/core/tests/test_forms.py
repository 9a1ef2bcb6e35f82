"""Dutch numbers in forms: 2,5 is two and a half, 12.500 is twelve thousand five hundred."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from koers.core.forms import DutchDecimalField, parse_dutch_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5", "2.5"),
        ("2.5", "2.5"),
        ("12.500", "12500"),
        ("12.500,00", "12500.00"),
        ("1.234.567,89", "1234567.89"),
        ("1,234.5", "1234.5"),
        ("EUR 10.397.136", "10397136"),
        ("€ 1.250,50", "1250.50"),
        ("82,5%", "82.5"),
        ("-3,25", "-3.25"),
        ("25", "25"),
    ],
)
def test_parse_dutch_number(text, expected):
    assert parse_dutch_number(text) == Decimal(expected)


def test_model_form_decimals_take_a_comma_and_show_one():
    from koers.plans.forms import UpdateForm

    field = UpdateForm.base_fields["hours_spent"]
    assert isinstance(field, DutchDecimalField)
    assert field.clean("2,5") == Decimal("2.5")
    html = field.widget.render("hours_spent", Decimal("2.5"))
    assert 'value="2,5"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
    with pytest.raises(forms.ValidationError, match="Vul een getal in"):
        field.clean("twee")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_what_the_field_shows_it_reads_back(number):
    """Round trip: the localized display (with thousands points and a decimal comma) parses to the same value."""
    from django.utils import formats, translation

    with translation.override("nl"):
        shown = formats.localize_input(number)
    assert parse_dutch_number(shown) == number


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
    import importlib

    field = getattr(importlib.import_module(module), form).base_fields[name]
    with pytest.raises(forms.ValidationError) as info:
        field.clean(raw)
    assert info.value.messages == ["31-09-2025 bestaat niet: september heeft 30 dagen."]
    with pytest.raises(forms.ValidationError, match="Vul een datum in als dd-mm-jjjj"):
        field.clean("eind september")


def test_model_form_dates_are_dutch_date_fields_and_still_read_dates():
    from datetime import date

    from koers.core.forms import DutchDateField
    from koers.plans.forms import ActivityForm, AdoptionForm

    assert isinstance(AdoptionForm.base_fields["date"], DutchDateField)
    field = ActivityForm.base_fields["deadline"]
    assert isinstance(field, DutchDateField)
    assert field.clean("2025-09-30") == date(2025, 9, 30)  # what a browser's date box sends
    assert field.clean("30-09-2025") == date(2025, 9, 30)
