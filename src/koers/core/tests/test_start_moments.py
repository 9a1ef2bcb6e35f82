"""Free-text starts of real plans mapped to tertialen (T1 januari-april, T2 mei-augustus, T3 september-december)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.core.periods import MONTH_NAMES, Tertiaal, parse_start, tertialen_of_school_year

# (text as written in a plan, school year of the jaarplan, tertiaal or None, date or None)
REAL_PHRASES = [
    ("Najaar 2017", None, "2017-T3", date(2017, 9, 1)),
    ("Start najaar 2017", None, "2017-T3", date(2017, 9, 1)),
    ("najaar", 2017, "2017-T3", date(2017, 9, 1)),
    ("Voorjaar 2018", None, "2018-T1", date(2018, 3, 1)),
    ("voorjaar", 2017, "2018-T1", date(2018, 3, 1)),
    ("voorjaar 2018-2019", None, "2019-T1", date(2019, 3, 1)),
    ("1e helft 2017-2018", None, "2017-T3", date(2017, 8, 1)),
    ("2e helft 2017-2018", None, "2018-T1", date(2018, 2, 1)),
    ("eerste helft van het schooljaar 2019-2020", None, "2019-T3", date(2019, 8, 1)),
    ("2e helft schooljaar", 2024, "2025-T1", date(2025, 2, 1)),
    ("1e helft schooljaar", None, None, None),  # no year written and none given: stays text
    ("Start schooljaar 2024-2025", None, "2024-T3", date(2024, 8, 1)),
    ("start schooljaar", 2024, "2024-T3", date(2024, 8, 1)),
    ("Vanaf schooljaar 2025-2026", None, "2025-T3", date(2025, 8, 1)),
    ("september 2024", None, "2024-T3", date(2024, 9, 1)),
    ("Vanaf oktober", 2024, "2024-T3", date(2024, 10, 1)),
    ("januari", 2024, "2025-T1", date(2025, 1, 1)),
    ("mei 2025", None, "2025-T2", date(2025, 5, 1)),
    ("sept. 2024", None, "2024-T3", date(2024, 9, 1)),
    ("najaar 2017 en voorjaar 2018", None, "2017-T3", date(2017, 9, 1)),  # the first moment is the start
    ("T3 2024", None, "2024-T3", date(2024, 9, 1)),
    ("19-09-2024", None, "2024-T3", date(2024, 9, 19)),
    ("doorlopend", 2024, None, None),
    ("ten minste 3x per jaar", 2024, None, None),
    ("Jan en Piet van het bureau", 2024, None, None),
    ("xx", 2024, None, None),
    ("", 2024, None, None),
]


@pytest.mark.parametrize(("text", "school_year", "tertiaal", "day"), REAL_PHRASES)
def test_real_phrases(text, school_year, tertiaal, day):
    moment = parse_start(text, school_year)
    assert moment.text == text.strip()
    assert (moment.tertiaal.key if moment.tertiaal else None, moment.date) == (tertiaal, day)


@given(st.sampled_from(MONTH_NAMES), st.integers(2000, 2090), st.sampled_from(["", "Vanaf ", "Start ", "in "]))
def test_a_month_with_a_year_starts_in_its_tertiaal(month, year, prefix):
    number = MONTH_NAMES.index(month) + 1
    moment = parse_start(f"{prefix}{month.capitalize()} {year}")
    expected = Tertiaal(year, 3) if number == 8 else Tertiaal.of(date(year, number, 1))
    assert (moment.date, moment.tertiaal) == (date(year, number, 1), expected)


@given(
    st.integers(2000, 2090),
    st.sampled_from(["najaar", "voorjaar", "1e helft", "2e helft", "start schooljaar", "oktober", "maart"]),
)
def test_a_phrase_without_a_year_falls_in_the_school_year_of_the_jaarplan(year, phrase):
    moment = parse_start(phrase, year)
    assert moment.tertiaal in tertialen_of_school_year(year)
    assert date(year, 8, 1) <= moment.date <= date(year + 1, 7, 31)
    assert parse_start(phrase).tertiaal is None  # without the jaarplan's year it names no moment


@given(st.text(max_size=60), st.one_of(st.none(), st.integers(2000, 2090)))
def test_any_text_is_kept_and_a_tertiaal_always_holds_its_date(text, school_year):
    moment = parse_start(text, school_year)
    assert moment.text == text.strip()
    assert (moment.tertiaal is None) == (moment.date is None)
    if moment.tertiaal is not None and moment.date.month != 8:  # 1 August counts as the start of T3
        assert moment.tertiaal.start <= moment.date <= moment.tertiaal.end
    if moment.kind in ("tekst", "leeg"):
        assert moment.tertiaal is None
