"""A nulmeting written as text ("3,2% (1-10-2023)", "12 op 1 oktober 2023") read as a value with its date.

Pure: the data migration that turned the free-text nulmetingen into a value and a date uses it as well.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from koers.core.periods import MONTH_NAMES, parse_dutch_date, parse_school_year, school_year_bounds

_NUMBER_RE = re.compile(r"(?<![\d-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:\.(\d+))?\s*%?")
_DATE_RE = re.compile(r"\b(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})\b")
_MONTH_YEAR_RE = re.compile(r"\b(?:(\d{1,2})\s+)?(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})\b", re.IGNORECASE)
_SCHOOL_YEAR_RE = re.compile(r"\b\d{4}\s*[-/–]\s*\d{2,4}\b")


def parse_baseline(text: str) -> tuple[Decimal, date] | None:
    """(value, date) of a nulmeting written as text, or None when it does not say both.

    The date is a written date (1-10-2023), a day and month (1 oktober 2023), a month (oktober 2023: its first
    day) or a school year (2023-2024: its first day, 1 August). The value is the one number left when the date
    is taken out ("3,2%", "12", "1.250"). A text with no number, or with several, stays text.
    """
    text = (text or "").strip()
    if not text:
        return None
    day, rest = None, text
    match = _DATE_RE.search(rest)
    if match:
        day = parse_dutch_date(match.group(1))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if day is None:
        match = _MONTH_YEAR_RE.search(rest)
        if match:
            month = MONTH_NAMES.index(match.group(2).lower()) + 1
            try:
                day = date(int(match.group(3)), month, int(match.group(1) or 1))
            except ValueError:
                return None
            rest = rest[: match.start()] + " " + rest[match.end() :]
    if day is None:
        match = _SCHOOL_YEAR_RE.search(rest)
        year = parse_school_year(match.group(0)) if match else None
        if year is not None:
            day = school_year_bounds(year)[0]
            rest = rest[: match.start()] + " " + rest[match.end() :]
    if day is None:
        return None
    numbers = _NUMBER_RE.findall(rest)
    if len(numbers) != 1:
        return None
    whole, decimals, point = numbers[0]
    if point:  # 3.5 written with a point: not a thousands separator
        whole, decimals = whole, point
    try:
        value = Decimal(f"{whole.replace('.', '')}.{decimals or '0'}")
    except InvalidOperation:
        return None
    return value.normalize() if value == value.to_integral() else value, day
