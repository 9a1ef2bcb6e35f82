from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.core.formatting import money, number, percentage
from koers.core.normalise import normalise_brin6, normalise_swv_code
from koers.core.periods import Tertiaal, parse_school_year, parse_start, school_year_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T3 2024", Tertiaal(2024, 3)),
        ("t1-2025", Tertiaal(2025, 1)),
        ("2025-T2", Tertiaal(2025, 2)),
        ("T2/2025", Tertiaal(2025, 2)),
    ],
)
def test_tertiaal_parse(text, expected):
    assert Tertiaal.parse(text) == expected


def test_tertiaal_bounds_follow_calendar_thirds():
    assert (Tertiaal(2024, 1).start, Tertiaal(2024, 1).end) == (date(2024, 1, 1), date(2024, 4, 30))
    assert (Tertiaal(2024, 2).start, Tertiaal(2024, 2).end) == (date(2024, 5, 1), date(2024, 8, 31))
    assert (Tertiaal(2024, 3).start, Tertiaal(2024, 3).end) == (
        date(2024, 9, 1),
        date(2024, 12, 31),
    )


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_in_its_tertiaal(day):
    t = Tertiaal.of(day)
    assert t.start <= day <= t.end
    assert t.next().previous() == t


def test_bad_tertiaal_has_dutch_message():
    with pytest.raises(ValueError, match="geen tertiaal"):
        Tertiaal.parse("T4 2024")


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("19-09-2024", "datum", date(2024, 9, 19)),
        ("T3 2024", "tertiaal", date(2024, 9, 1)),
        ("Start schooljaar 2024-2025", "schooljaar", date(2024, 8, 1)),
        ("Vanaf schooljaar 2025-2026", "schooljaar", date(2025, 8, 1)),
        ("doorlopend", "tekst", None),
        ("ten minste 3x per jaar", "tekst", None),
        ("", "leeg", None),
    ],
)
def test_parse_start_keeps_text_and_finds_date(text, kind, day):
    moment = parse_start(text)
    assert (moment.text, moment.kind, moment.date) == (text, kind, day)


def test_school_year():
    assert school_year_of(date(2024, 7, 31)) == 2023
    assert school_year_of(date(2024, 8, 1)) == 2024
    assert parse_school_year("2024/25") == 2024
    assert parse_school_year("2024-2026") is None


@pytest.mark.parametrize("raw", ["PO 28-01", "po-28-01", "PO2801", "PO 2801"])
def test_swv_code_normalised(raw):
    assert normalise_swv_code(raw) == "PO2801"


def test_brin6_normalised():
    assert normalise_brin6("19hy 00") == "19HY00"
    with pytest.raises(ValueError, match="geen BRIN6"):
        normalise_brin6("19HY")


def test_dutch_number_formats():
    assert percentage(2.5) == "2,5%"
    assert money(10397136) == "EUR 10.397.136"
    assert money(-348261) == "EUR -348.261"
    assert number(1234.567, 2) == "1.234,57"


def test_the_period_model_measures_t2_up_to_31_july_and_august_in_t3():
    from datetime import date

    from koers.core.periods import (
        Tertiaal,
        measured_tertiaal_of,
        period_of,
        school_year_period,
        tertiaal_period,
        tertialen_of_school_year,
    )

    today = date(2026, 12, 1)
    t2 = tertiaal_period(Tertiaal(2025, 2), today)
    assert (t2.start, t2.end, t2.measured_until) == (date(2025, 5, 1), date(2025, 7, 31), date(2025, 7, 31))
    assert t2.measured_text == "gemeten t/m 31-07-2025" and not t2.running
    t3 = tertiaal_period(Tertiaal(2024, 3), today)
    assert (t3.start, t3.end) == (date(2024, 8, 1), date(2024, 12, 31))  # August, the summer, opens the new year
    assert measured_tertiaal_of(date(2025, 8, 20)) == Tertiaal(2025, 3)
    assert period_of("tertiaal", date(2025, 8, 20)).label == "T3 2025"
    running = tertiaal_period(Tertiaal(2026, 3), date(2026, 10, 15))
    assert running.measured_until == date(2026, 10, 15) and running.running
    future = tertiaal_period(Tertiaal(2027, 1), today)
    assert future.measured_until == date(2027, 4, 30)
    # the three tertialen of a school year cover it exactly, without a gap or an overlap
    windows = [tertiaal_period(t) for t in tertialen_of_school_year(2024)]
    year = school_year_period(2024)
    assert windows[0].start == year.start and windows[-1].end == year.end
    for first, second in zip(windows, windows[1:], strict=False):
        assert (second.start - first.end).days == 1
    # a year earlier: the same window, over as many days
    assert t2.year_earlier().label == "T2 2024" and t2.year_earlier().measured_until == date(2024, 7, 31)
    assert running.year_earlier().measured_until == date(2025, 10, 15)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31-09-2025", "31-09-2025 bestaat niet: september heeft 30 dagen."),
        ("2025-09-31", "31-09-2025 bestaat niet: september heeft 30 dagen."),
        ("29-02-2025", "29-02-2025 bestaat niet: februari heeft in 2025 28 dagen."),
        ("30/2/2024", "30-02-2024 bestaat niet: februari heeft in 2024 29 dagen."),
        ("12-13-2025", "12-13-2025 bestaat niet: een jaar heeft 12 maanden. Schrijf eerst de dag, dan de maand."),
        ("15-40-2025", "15-40-2025 bestaat niet: een jaar heeft 12 maanden."),
        ("32-13-2025", "32-13-2025 bestaat niet: een jaar heeft 12 maanden en een maand hoogstens 31 dagen."),
        ("00-01-2025", "00-01-2025 bestaat niet: een maand begint bij dag 1."),
        ("29-02-2024", None),  # a leap year: it exists
        ("31-12-2025", None),
        ("foo", None),  # not written as a date: the caller asks for dd-mm-jjjj
        ("", None),
    ],
)
def test_date_problem_says_why_a_well_written_date_does_not_exist(text, problem):
    from koers.core.periods import date_problem, parse_dutch_date

    assert date_problem(text) == problem
    if problem:
        assert parse_dutch_date(text) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2049, 12, 31)))
def test_every_day_lies_in_exactly_one_measured_tertiaal_of_its_school_year(day):
    from koers.core.periods import measured_tertiaal_of, school_year_of, tertiaal_period, tertialen_of_school_year

    holding = [
        t
        for t in tertialen_of_school_year(school_year_of(day))
        if tertiaal_period(t).start <= day <= tertiaal_period(t).end
    ]
    assert holding == [measured_tertiaal_of(day)]
    period = tertiaal_period(measured_tertiaal_of(day), day)
    assert period.measured_until == day and period.year_earlier().label.split()[0] == period.label.split()[0]
