"""The plan forms use the Dutch number and date fields of koers.core.forms."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms

from koers.core.forms import DutchDateField, DutchDecimalField
from koers.plans.forms import ActivityForm, AdoptionForm, UpdateForm


def test_model_form_decimals_take_a_comma_and_show_one():
    field = UpdateForm.base_fields["hours_spent"]
    assert isinstance(field, DutchDecimalField)
    assert field.clean("2,5") == Decimal("2.5")
    html = field.widget.render("hours_spent", Decimal("2.5"))
    assert 'value="2,5"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
    with pytest.raises(forms.ValidationError, match="Vul een getal in"):
        field.clean("twee")


def test_model_form_dates_are_dutch_date_fields_and_still_read_dates():
    assert isinstance(AdoptionForm.base_fields["date"], DutchDateField)
    field = ActivityForm.base_fields["deadline"]
    assert isinstance(field, DutchDateField)
    assert field.clean("2025-09-30") == date(2025, 9, 30)  # what a browser's date box sends
    assert field.clean("30-09-2025") == date(2025, 9, 30)
