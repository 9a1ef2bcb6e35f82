"""Dutch numbers in forms: 2,5 is two and a half, 12.500 is twelve thousand five hundred."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.core.forms import parse_dutch_number


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


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_what_the_field_shows_it_reads_back(number):
    """Round trip: the localized display (with thousands points and a decimal comma) parses to the same value."""
    from django.utils import formats, translation

    with translation.override("nl"):
        shown = formats.localize_input(number)
    assert parse_dutch_number(shown) == number
