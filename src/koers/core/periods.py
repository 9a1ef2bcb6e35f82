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
    """An activity's start as written, with the date it implies (None for free text)."""

    text: str
    date: date | None
    kind: str  # "datum", "tertiaal", "schooljaar", "tekst", "leeg"


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


def parse_start(text: str) -> StartMoment:
    """Interpret how plans write a start: a date, a tertiaal, a school year, or free text."""
    text = (text or "").strip()
    if not text:
        return StartMoment("", None, "leeg")
    day = parse_dutch_date(text)
    if day:
        return StartMoment(text, day, "datum")
    tertiaal = Tertiaal.try_parse(text)
    if tertiaal:
        return StartMoment(text, tertiaal.start, "tertiaal")
    year = parse_school_year(text)
    if year is not None:
        return StartMoment(text, school_year_bounds(year)[0], "schooljaar")
    return StartMoment(text, None, "tekst")


def reference_date(tertiaal: Tertiaal, today: date, school_year: int | None = None) -> date:
    """The end of the tertiaal (today while it runs), but never after the jaarplan's school year (31 July).

    T2 runs to 31 August, a month into the next school year: measured there, a school-year indicator would show
    the first month of the next year instead of the year of the plan.
    """
    day = min(tertiaal.end, today) if tertiaal.start <= today else tertiaal.end
    if school_year is not None:
        day = min(day, date(school_year + 1, 7, 31))
    return day
