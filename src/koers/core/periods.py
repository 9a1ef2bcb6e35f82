"""School years (1 August - 31 July) and tertialen (T1 Jan-Apr, T2 May-Aug, T3 Sep-Dec).

A school year is identified by the calendar year in which it starts: 2024 is "2024-2025".
A tertiaal is written "T3 2024" for people and stored as "2024-T3", which sorts in time order.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_TERTIAAL_RE = re.compile(r"^\s*T\s*([123])\s*[-/ ]?\s*(\d{4})\s*$", re.IGNORECASE)
_TERTIAAL_KEY_RE = re.compile(r"^(\d{4})-T([123])$")
_SCHOOLYEAR_RE = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2,4})")


def school_year_of(day: date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def school_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 8, 1), date(start_year + 1, 7, 31)


def parse_school_year(text: str) -> int | None:
    """'2024-2025', '2024/25', 'schooljaar 2024-2025' -> 2024; None when absent or inconsistent."""
    match = _SCHOOLYEAR_RE.search(text or "")
    if not match:
        return None
    first, second = int(match.group(1)), match.group(2)
    second_full = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    return first if second_full == first + 1 else None


@dataclass(frozen=True, order=True)
class Tertiaal:
    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3):
            raise ValueError(f"tertiaal {self.number} bestaat niet (alleen T1, T2 en T3)")

    @property
    def key(self) -> str:
        return f"{self.year}-T{self.number}"

    def __str__(self) -> str:
        return f"T{self.number} {self.year}"

    @property
    def start(self) -> date:
        return date(self.year, 4 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        if self.number == 3:
            return date(self.year, 12, 31)
        return date(self.year, 4 * self.number + 1, 1) - timedelta(days=1)

    def next(self) -> "Tertiaal":
        return Tertiaal(self.year + 1, 1) if self.number == 3 else Tertiaal(self.year, self.number + 1)

    def previous(self) -> "Tertiaal":
        return Tertiaal(self.year - 1, 3) if self.number == 1 else Tertiaal(self.year, self.number - 1)

    @classmethod
    def of(cls, day: date) -> "Tertiaal":
        return cls(day.year, (day.month - 1) // 4 + 1)

    @classmethod
    def parse(cls, text: str) -> "Tertiaal":
        """Accept 'T3 2024', 't3-2024', 'T3/2024' and the stored form '2024-T3'."""
        text = (text or "").strip()
        match = _TERTIAAL_RE.match(text)
        if match:
            return cls(int(match.group(2)), int(match.group(1)))
        match = _TERTIAAL_KEY_RE.match(text.upper())
        if match:
            return cls(int(match.group(1)), int(match.group(2)))
        raise ValueError(f"'{text}' is geen tertiaal; schrijf bijvoorbeeld T3 2024")

    @classmethod
    def try_parse(cls, text: str) -> "Tertiaal | None":
        try:
            return cls.parse(text)
        except ValueError:
            return None


def tertialen_of_school_year(start_year: int) -> list[Tertiaal]:
    """The tertialen a school year touches: T3 of its first year, T1 and T2 of the next."""
    return [Tertiaal(start_year, 3), Tertiaal(start_year + 1, 1), Tertiaal(start_year + 1, 2)]


@dataclass(frozen=True)
class StartMoment:
    """An activity's start as written, with the date and tertiaal it implies (None for free text)."""

    text: str
    date: date | None
    kind: str  # "datum", "tertiaal", "schooljaar", "periode" (season, month, half year), "tekst", "leeg"
    tertiaal: "Tertiaal | None" = None


_DATE_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a text written as dd-mm-jjjj (or d/m/jjjj, jjjj-mm-dd); None otherwise."""
    text = (text or "").strip()
    match = _DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return day, month, year
    match = _ISO_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return day, month, year
    return None


def parse_dutch_date(text: str) -> date | None:
    """'19-09-2024', '19/9/2024', '2024-09-19' -> date; None when the text is no date."""
    parts = _date_parts(text)
    if parts is None:
        return None
    day, month, year = parts
    try:
        return date(year, month, day)
    except ValueError:
        return None


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def date_problem(text: str) -> str | None:
    """Why a date written as dd-mm-jjjj (or jjjj-mm-dd) does not exist, in plain Dutch.

    '31-09-2025' -> '31-09-2025 bestaat niet: september heeft 30 dagen.' None when the text is an existing date
    or is not written as a date at all (then the caller asks for the format, dd-mm-jjjj).
    """
    parts = _date_parts(text)
    if parts is None:
        return None
    day, month, year = parts
    shown = f"{day:02d}-{month:02d}-{year:04d}"
    if not 1 <= month <= 12:
        if not 1 <= day <= 31:
            return f"{shown} bestaat niet: een jaar heeft 12 maanden en een maand hoogstens 31 dagen."
        if month <= 31 and day <= 12:  # probably month and day swapped (mm-dd-jjjj)
            return f"{shown} bestaat niet: een jaar heeft 12 maanden. Schrijf eerst de dag, dan de maand."
        return f"{shown} bestaat niet: een jaar heeft 12 maanden."
    if year < 1:
        return f"{shown} bestaat niet."
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return f"{shown} bestaat niet: een maand begint bij dag 1."
    if day > days:
        name = MONTH_NAMES[month - 1]
        if month == 2:
            return f"{shown} bestaat niet: februari heeft in {year} {days} dagen."
        return f"{shown} bestaat niet: {name} heeft {days} dagen."
    return None


_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
# (first month, which calendar year of a school year when no year is written: 0 = the first, 1 = the second)
_SEASONS = {"najaar": (9, 0), "herfst": (9, 0), "voorjaar": (3, 1), "lente": (3, 1), "zomer": (6, 1)}
_YEAR = r"(?:\s+(?:van\s+)?(?P<year>\d{4})(?!\s*[-/–]\s*\d{2}))?"
_SY = r"(?:\s+(?:van\s+)?(?:het\s+)?(?:schooljaar\s+)?(?P<sy>\d{4}\s*[-/–]\s*\d{2,4}))?"
_HALF_RE = re.compile(
    r"\b(?P<n>1|2|eerste|tweede)(?:e|ste|de)?\s+helft(?:\s+van)?(?:\s+het)?(?P<school>\s+schooljaar)?"
    + _SY
    + r"(?:\s+(?P<year>\d{4})(?!\s*[-/–]\s*\d{2}))?",
    re.IGNORECASE,
)
_SEASON_RE = re.compile(r"\b(?P<season>" + "|".join(_SEASONS) + r")\b" + _SY + _YEAR, re.IGNORECASE)
_MONTH_RE = re.compile(r"\b(?P<month>" + "|".join(MONTH_NAMES) + r")\b" + _SY + _YEAR, re.IGNORECASE)
_MONTH_ABBR_RE = re.compile(r"\b(?P<month>" + "|".join(_MONTH_ABBREVIATIONS) + r")\.?\s+(?P<year>\d{4})\b", re.I)
_START_SCHOOL_YEAR_RE = re.compile(r"\b(?:start|begin|aanvang)\s+(?:van\s+)?(?:het\s+)?schooljaar\b", re.I)


def _school_year_of_match(match, school_year):
    """The school year a phrase names ('najaar 2017-2018'), else the one given by the context."""
    written = match.groupdict().get("sy")
    return parse_school_year(written) if written else school_year


def _period_start(text: str, school_year: int | None) -> tuple[date, Tertiaal] | None:
    """The first moment a free text names: 'najaar 2017', '1e helft 2017-2018', 'vanaf oktober', ...

    The earliest phrase in the text wins (a start). Without a year written, the school year of the jaarplan
    (``school_year``) decides the calendar year; without that either, the text names no moment.
    """
    found = []
    for match in _SEASON_RE.finditer(text):
        month, second = _SEASONS[match.group("season").lower()]
        if match.group("year"):
            year = int(match.group("year"))
        else:
            base = _school_year_of_match(match, school_year)
            year = None if base is None else base + second
        if year is not None:
            found.append((match.start(), date(year, month, 1)))
    for regex, months in ((_MONTH_RE, None), (_MONTH_ABBR_RE, _MONTH_ABBREVIATIONS)):
        for match in regex.finditer(text):
            name = match.group("month").lower()
            month = months[name] if months else MONTH_NAMES.index(name) + 1
            if match.group("year"):
                year = int(match.group("year"))
            else:
                base = _school_year_of_match(match, school_year)
                year = None if base is None else base + (month < 8)
            if year is not None:
                found.append((match.start(), date(year, month, 1)))
    for match in _HALF_RE.finditer(text):
        first = match.group("n").lower() in ("1", "eerste")
        if match.group("year") and not match.group("school") and not match.group("sy"):
            year = int(match.group("year"))  # '2e helft 2018': a half of a calendar year
            found.append((match.start(), date(year, 1 if first else 7, 1)))
            continue
        base = _school_year_of_match(match, school_year)
        if base is not None:  # a half of a school year: August-January, February-July
            found.append((match.start(), date(base, 8, 1) if first else date(base + 1, 2, 1)))
    if not found:
        return None
    day = min(found, key=lambda item: item[0])[1]
    return day, _tertiaal_of_start(day)


def _tertiaal_of_start(day: date) -> Tertiaal:
    """The tertiaal a start falls in; a start on 1 August is the start of the school year: the lessons begin in
    T3 (Tertiaal.of would say T2, the summer holiday)."""
    if day.month == 8:
        return Tertiaal(day.year, 3)
    return Tertiaal.of(day)


def parse_start(text: str, school_year: int | None = None) -> StartMoment:
    """Interpret how plans write a start: a date, a tertiaal, a school year, a named period, or free text.

    ``school_year`` (the jaarplan's, as its first calendar year) gives the year to a text without one, such as
    "najaar" or "start schooljaar". Free text that names no moment ("doorlopend") keeps no date and no tertiaal.
    """
    text = (text or "").strip()
    if not text:
        return StartMoment("", None, "leeg")
    day = parse_dutch_date(text)
    if day:
        return StartMoment(text, day, "datum", Tertiaal.of(day))
    tertiaal = Tertiaal.try_parse(text)
    if tertiaal:
        return StartMoment(text, tertiaal.start, "tertiaal", tertiaal)
    named = _period_start(text, school_year)
    if named:
        return StartMoment(text, named[0], "periode", named[1])
    year = parse_school_year(text)
    if year is None and _START_SCHOOL_YEAR_RE.search(text):
        year = school_year
    if year is not None:
        # "Start schooljaar 2024-2025": the work starts with the lessons, in T3 of that year
        return StartMoment(text, school_year_bounds(year)[0], "schooljaar", Tertiaal(year, 3))
    return StartMoment(text, None, "tekst")


# ---------------------------------------------------------------------------------------------------------------
# The period model: what a figure "for T2 2025" or "for 2024-2025" is measured over, in one place.
#
# A school year runs from 1 August to 31 July. A tertiaal is a third of the calendar year for planning (T2 runs
# from May to August), but a figure is measured over the part of the school year it covers:
#   T1: 1 January - 30 April;  T2: 1 May - 31 July;  T3: 1 August - 31 December.
# August, the summer holiday, is the first month of the new school year and counts in T3. So T2 2025 is measured
# up to 31-07-2025 (never into 2025-2026), and T3 2024 + T1 2025 + T2 2025 together are exactly 2024-2025.
# A period that still runs is measured up to today. Every screen says "gemeten t/m <date>" beside a figure.
# ---------------------------------------------------------------------------------------------------------------

MEASURE_WINDOWS = {1: ((1, 1), (4, 30)), 2: ((5, 1), (7, 31)), 3: ((8, 1), (12, 31))}


def measured_tertiaal_of(day: date) -> Tertiaal:
    """The tertiaal whose measurement window holds ``day`` (August belongs to T3)."""
    return Tertiaal(day.year, 1 if day.month <= 4 else 2 if day.month <= 7 else 3)


@dataclass(frozen=True)
class Period:
    """A period a figure is measured over: kind, first and last day, its label, and the day it is measured up to.

    ``until`` is the end, or today while the period runs. Measures, indicator values, the dashboard, the reports and
    the API all take a Period, never loose dates: build one with :func:`tertiaal_period`,
    :func:`school_year_period` or :func:`period_of`.
    """

    kind: str  # "peildatum", "maand", "tertiaal", "schooljaar", "12maanden"
    start: date
    end: date
    label: str
    until: date | None = None

    @property
    def measured_until(self) -> date:
        return self.until or self.end

    @property
    def running(self) -> bool:
        return self.measured_until < self.end

    @property
    def measured_text(self) -> str:
        """'gemeten t/m 31-07-2025', said beside every figure of the period."""
        from django.utils.translation import gettext as _

        return _("gemeten t/m %(d)s") % {"d": self.measured_until.strftime("%d-%m-%Y")}

    def year_earlier(self) -> "Period":
        """The same period a year earlier, measured over as many days (for trend norms)."""
        return period_of(self.kind, months_before(self.measured_until, 12))

    def previous_year(self) -> "Period":
        return self.year_earlier()


def months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tertiaal_period(tertiaal: Tertiaal, today: date | None = None) -> Period:
    """What a figure for ``tertiaal`` is measured over, up to ``today`` while it runs."""
    (m1, d1), (m2, d2) = MEASURE_WINDOWS[tertiaal.number]
    start, end = date(tertiaal.year, m1, d1), date(tertiaal.year, m2, d2)
    until = min(end, today) if today is not None and start <= today else end
    return Period("tertiaal", start, end, str(tertiaal), until)


def school_year_period(start_year: int, today: date | None = None) -> Period:
    start, end = school_year_bounds(start_year)
    until = min(end, today) if today is not None and start <= today else end
    return Period("schooljaar", start, end, school_year_label(start_year), until)


def period_of(kind: str, on: date) -> Period:
    """The period of ``kind`` that holds ``on``, measured up to ``on``."""
    from django.utils.translation import gettext as _

    if kind == "peildatum":
        return Period(kind, on, on, on.strftime("%d-%m-%Y"), on)
    if kind == "maand":
        last = calendar.monthrange(on.year, on.month)[1]
        start, end = date(on.year, on.month, 1), date(on.year, on.month, last)
        return Period(kind, start, end, f"{MONTH_NAMES[on.month - 1]} {on.year}", on)
    if kind == "tertiaal":
        return tertiaal_period(measured_tertiaal_of(on), on)
    if kind == "schooljaar":
        return school_year_period(school_year_of(on), on)
    if kind == "12maanden":
        start = months_before(on, 12) + timedelta(days=1)
        return Period(kind, start, on, _("12 maanden tot en met %(d)s") % {"d": on.strftime("%d-%m-%Y")}, on)
    raise ValueError(_("Onbekende periode: %(k)s") % {"k": kind})
