"""DUO's funded-pupil list per school year: a new list adds a year, the same year is replaced, the match and the
trend are per year (counts checked against plain SQL over the same rows)."""

from datetime import date

import pytest
from django.db import connection

from koers.monitoring.flow_models import FundedPupil
from koers.monitoring.importing.runner import import_file
from koers.monitoring.measures.flows import funded, funded_trend, funded_years, match
from koers.monitoring.models import ImportRun, Tlv

pytestmark = pytest.mark.django_db

HEAD = "Beschikkingsnummer;BSN;Bekostigingscategorie;BRIN6;Soort;Peildatum;Binnen SWV\n"
LIST_2025 = HEAD + (
    "B-001;123456782;L;11AA00;SO;01-02-2025;J\n"
    "B-002;223456781;M;22BB00;SO;01-02-2025;J\n"
    "B-003;323456780;H;44DD00;SO;01-02-2025;N\n"
    "B-004;423456789;L;33CC00;SBO;01-02-2025;J\n"
)
LIST_2026 = HEAD + (
    "B-001;123456782;M;11AA00;SO;01-02-2026;J\n"  # the same beschikking in the next year's list
    "B-005;523456788;L;11AA00;SO;01-02-2026;J\n"
    "B-006;623456787;L;33CC00;SBO;01-02-2026;J\n"
)


def imp(swv, text, **kw):
    run = import_file(swv, "bekostigd", "lijst.csv", text.encode(), **kw)
    assert run.status == ImportRun.Status.DONE, run.problems
    return run


def numbers(swv, year):
    return set(FundedPupil.unscoped.filter(swv=swv, school_year=year).values_list("beschikkingsnummer", flat=True))


def test_a_new_list_adds_a_year_and_the_same_year_replaces_only_that_year(swv, schools):
    imp(swv, LIST_2025)
    run = imp(swv, LIST_2026)
    assert (run.added, run.removed) == (3, 0)
    assert numbers(swv, 2024) == {"B-001", "B-002", "B-003", "B-004"}  # 1 February 2025: school year 2024-2025
    assert numbers(swv, 2025) == {"B-001", "B-005", "B-006"}
    smaller = LIST_2026.replace("B-006;623456787;L;33CC00;SBO;01-02-2026;J\n", "")
    preview = import_file(swv, "bekostigd", "lijst.csv", smaller.encode())  # waits: the year 2025-2026 is replaced
    assert preview.status == ImportRun.Status.WARNINGS
    assert [(p["row"], p["problem"]) for p in preview.problems] == [
        (2, "Koers heeft al een lijst van schooljaar 2025-2026 (3 rijen); dit bestand vervangt die lijst. Andere "
         "schooljaren blijven staan.")
    ]  # fmt: skip
    assert numbers(swv, 2025) == {"B-001", "B-005", "B-006"}  # nothing saved yet
    again = imp(swv, smaller, accept_warnings=True)
    assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 2, 1)
    assert numbers(swv, 2025) == {"B-001", "B-005"}
    assert numbers(swv, 2024) == {"B-001", "B-002", "B-003", "B-004"}  # the other year is kept
    assert funded_years(swv) == [(2025, date(2026, 2, 1)), (2024, date(2025, 2, 1))]


def test_a_file_with_the_same_number_twice_in_one_year_is_refused_but_two_years_are_fine(swv, schools):
    both = LIST_2025 + LIST_2026.removeprefix(HEAD)
    assert imp(swv, both).added == 7
    twice = LIST_2025 + "B-001;123456782;L;11AA00;SO;01-02-2025;J\n"
    run = import_file(swv, "bekostigd", "lijst.csv", twice.encode())
    assert run.status == ImportRun.Status.FAILED and any("staat ook in rij" in p["problem"] for p in run.problems)


def test_trend_per_year_and_category_matches_plain_sql(swv, schools):
    imp(swv, LIST_2025)
    imp(swv, LIST_2026)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT school_year, school_type, CASE WHEN school_type = 'SBO' THEN '' ELSE categorie END, COUNT(*)
            FROM monitoring_fundedpupil WHERE swv_id = %s
            GROUP BY school_year, school_type, CASE WHEN school_type = 'SBO' THEN '' ELSE categorie END
            """,
            [swv.pk],
        )
        expected: dict = {}
        for year, kind, category, n in cursor.fetchall():
            expected.setdefault(year, {})[(kind, category)] = n
    assert funded_trend(swv) == expected
    assert expected[2024] == {("SO", "L"): 1, ("SO", "M"): 1, ("SO", "H"): 1, ("SBO", ""): 1}


def test_the_match_and_the_counts_take_the_list_of_the_year(swv, schools):
    imp(swv, LIST_2025)
    imp(swv, LIST_2026)
    Tlv.unscoped.create(swv=swv, dossiernummer="D1", aanvraagsoort="TLV SO", besluit="afgegeven", ontvangstdatum=date(2024, 5, 1),
                        besluitdatum=date(2024, 6, 1), beschikkingsnummer="B-002", voorziening="SO",
                        einddatum=date(2027, 7, 31))  # fmt: skip
    day, own, duo = match(swv, date(2025, 6, 1))
    assert day == date(2025, 2, 1) and set(duo) == {"B-001", "B-002", "B-003", "B-004"} and set(own) == {"B-002"}
    day, own, duo = match(swv, date(2026, 6, 1))
    assert day == date(2026, 2, 1) and set(duo) == {"B-001", "B-005", "B-006"}  # B-002 now only in the register
    assert funded(swv, date(2025, 6, 1)) == {("SO", True): 2, ("SO", False): 1, ("SBO", True): 1}
    assert funded(swv, date(2026, 6, 1)) == {("SO", True): 2, ("SBO", True): 1}


def test_the_page_shows_the_years_and_the_trend(swv, schools, bureau_client):
    imp(swv, LIST_2025)
    imp(swv, LIST_2026)
    page = bureau_client.get("/monitoring/bekostiging/verschillen/?datum=01-06-2025").content.decode()
    assert "Bekostigde leerlingen per schooljaar" in page and "2024-2025" in page and "2025-2026" in page
    assert "DUO-lijst van 01-02-2025" in page
