"""Periods for measures: peildatum, month, tertiaal, school year, rolling 12 months.

The period model itself (what T2 or a school year is measured up to) lives in :mod:`koers.core.periods`.
"""

from koers.core.periods import MONTH_NAMES, Period, months_before, period_of

MONTHS = list(MONTH_NAMES)
KINDS = ("peildatum", "maand", "tertiaal", "schooljaar", "12maanden")

__all__ = ["KINDS", "MONTHS", "Period", "months_before", "period_of"]
