"""Periods for measures: peildatum, month, tertiaal, school year, rolling 12 months."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from koers.core.periods import MONTH_NAMES, Tertiaal, school_year_bounds, school_year_label, school_year_of

MONTHS = list(MONTH_NAMES)
KINDS = ("peildatum", "maand", "tertiaal", "schooljaar", "12maanden")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    label: str

    def previous_year(self) -> "Period":
        return period_of(self.kind, months_before(self.end, 12))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; 31 March - 1 month = 28/29 February (29 February - 12 = 28 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of(kind: str, on: date) -> Period:
    if kind == "peildatum":
        return Period(kind, on, on, on.strftime("%d-%m-%Y"))
    if kind == "maand":
        last = calendar.monthrange(on.year, on.month)[1]
        return Period(
            kind, date(on.year, on.month, 1), date(on.year, on.month, last), f"{MONTHS[on.month - 1]} {on.year}"
        )
    if kind == "tertiaal":
        t = Tertiaal.of(on)
        return Period(kind, t.start, t.end, str(t))
    if kind == "schooljaar":
        year = school_year_of(on)
        start, end = school_year_bounds(year)
        return Period(kind, start, end, school_year_label(year))
    if kind == "12maanden":
        start = months_before(on, 12) + timedelta(days=1)
        return Period(kind, start, on, _("12 maanden tot en met %(d)s") % {"d": on.strftime("%d-%m-%Y")})
    raise ValueError(_("Onbekende periode: %(k)s") % {"k": kind})
