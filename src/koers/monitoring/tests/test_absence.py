"""Thuiszitters by the stated rule, the register's flag apart, absence measures against DuckDB, and the
Inspectie's quarterly overview read back cell by cell."""

import io
import random
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from koers.core.audience import Audience
from koers.core.periods import period_of
from koers.monitoring import inspectie
from koers.monitoring.measures import REGISTRY
from koers.monitoring.measures.absence import top_reasons
from koers.monitoring.models import VerzuimMelding
from koers_dev.testing.factories import everything

pytestmark = pytest.mark.django_db

ON = date(2025, 3, 3)


def value(code, swv, on=ON, public=False, **kw):
    return REGISTRY[code].value(Audience.public(swv) if public else everything(swv), on, **kw)


def melding(swv, n, soort, since, end=None, *, flag=False, reden="", brin6="11AA00"):
    return VerzuimMelding.unscoped.create(
        swv=swv, meldingnummer=str(n), soort=soort, since=since, end=end, thuiszitter=flag, reden=reden, brin6=brin6
    )


def test_thuiszitters_follow_the_rule_not_the_flag(swv, schools):
    """The issue's example: the old count gave 106 (rule plus every case flagged 'ja'), the rule gives 99."""
    n = 0
    for i in range(99):  # by the rule: 40 absoluut, 59 relatief of 4 weeks or more; half of them flagged
        soort = "absoluut" if i < 40 else "relatief"
        melding(swv, n := n + 1, soort, ON - timedelta(days=30 + i), flag=i % 2 == 0)
    for i in range(7):  # flagged 'thuiszitter: ja' but relatief verzuim of less than 4 weeks: not by the rule
        melding(swv, n := n + 1, "relatief", ON - timedelta(days=3 + i), flag=True)
    melding(swv, n := n + 1, "vrijstelling", date(2024, 9, 1), flag=True)  # flagged vrijstelling: flag only
    melding(swv, n := n + 1, "absoluut", date(2024, 9, 1), ON, flag=True)  # ended on the reference date
    assert value("thuiszitters", swv).value == 99
    old_count = (
        VerzuimMelding.objects.for_swv(swv)
        .filter(since__lte=ON)
        .exclude(end__lte=ON)
        .exclude(soort="vrijstelling")
        .filter(thuiszitter=True)
        .exclude(soort="relatief", since__lte=ON - timedelta(weeks=4))
        .exclude(soort="absoluut")
        .count()
    )
    assert 99 + old_count == 106  # what the old rule-plus-flag count gave
    assert value("thuiszitters_registratie", swv).value == 50 + 7 + 1  # the register's own flag, a separate measure
    assert "thuiszitter: ja" in REGISTRY["thuiszitters_registratie"].definition


def _rows(rng, n):
    out = []
    for i in range(n):
        since = date(2023, 8, 1) + timedelta(days=rng.randrange(640))
        end = since + timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.6 else None
        out.append((str(i), rng.choice(["absoluut", "relatief", "relatief", "vrijstelling"]), since, end))
    return out


def _duckdb(rows, on, start, end):
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE v (nr VARCHAR, soort VARCHAR, s DATE, e DATE)")
        con.executemany("INSERT INTO v VALUES (?, ?, ?, ?)", rows)
        active = "soort <> 'vrijstelling' AND s <= $on AND (e IS NULL OR e > $on)"
        closed = "soort <> 'vrijstelling' AND e BETWEEN $start AND $end"
        values = {"on": on, "start": start, "end": end}

        def one(sql):
            return con.execute(sql, {k: v for k, v in values.items() if f"${k}" in sql}).fetchone()[0]

        q = {}
        for name, p in (("p25", 0.25), ("mediaan", 0.5), ("p75", 0.75), ("p90", 0.9), ("maximum", 1.0)):
            q[f"verzuim_duur_actief_{name}"] = one(
                f"SELECT quantile_cont(date_diff('day', s, $on::DATE) / 7.0, {p}) FROM v WHERE {active}"
            )
            q[f"verzuim_duur_afgesloten_{name}_dagen"] = one(
                f"SELECT quantile_cont(date_diff('day', s, e)::DOUBLE, {p}) FROM v WHERE {closed}"
            )
        q["verzuim_afgesloten"] = one(f"SELECT count(*) FROM v WHERE {closed}")
        q["thuiszitters_nieuw"] = one(
            "SELECT count(*) FROM v WHERE soort <> 'vrijstelling' AND s BETWEEN $start AND $end"
        )
    finally:
        con.close()
    return q


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60))
def test_absence_measures_agree_with_duckdb(swv, schools, seed, n):
    VerzuimMelding.unscoped.filter(swv=swv).delete()
    rows = _rows(random.Random(seed), n)
    for nr, soort, since, end in rows:
        melding(swv, nr, soort, since, end)
    on = date(2025, 1, 15)
    period = period_of("schooljaar", on)
    expected = _duckdb(rows, on, period.start, min(period.end, on))
    for code, want in expected.items():
        kind = "peildatum" if "actief" in code else "schooljaar"
        raw = REGISTRY[code].compute(swv, on, period=kind)
        got = getattr(raw, "value", raw)
        if want is None:
            assert got is None, code
        elif isinstance(got, Decimal):
            assert abs(got - Decimal(str(want))) < Decimal("0.0001"), (code, got, want)
        else:
            assert got == want, code


def test_absence_measures_are_suppressed_and_registered(swv, schools):
    melding(swv, 1, "absoluut", date(2025, 1, 1))
    melding(swv, 2, "relatief", date(2024, 12, 1), date(2025, 2, 1))
    public = value("verzuim_duur_actief_mediaan", swv, public=True)
    assert public.value is None and public.suppressed  # a median over one case
    assert value("verzuim_duur_actief_mediaan", swv).value == Decimal("8.7")  # 61 days
    assert value("verzuim_duur_actief_maximum_dagen", swv).display == "61,0 dagen"
    assert value("verzuim_afgesloten", swv, period="schooljaar").value == 1
    assert value("verzuim_afgesloten", swv, period="schooljaar", public=True).suppressed
    for code in ("verzuim_duur_afgesloten_p90", "verzuim_duur_actief_p25_dagen", "verzuim_afgesloten"):
        assert code in REGISTRY


def test_top_reasons_by_reden_or_soort_with_suppression(swv, schools):
    period = period_of("schooljaar", ON)
    for i in range(12):
        melding(swv, f"a{i}", "relatief", date(2024, 10, 1), reden="angst")
    for i in range(6):
        melding(swv, f"b{i}", "relatief", date(2024, 10, 1), reden="ziekte")
    for i in range(2):
        melding(swv, f"c{i}", "absoluut", date(2024, 10, 1), reden="verhuizing")
    bureau = top_reasons(everything(swv), ON, period)
    assert [(label, r.value) for label, r in bureau] == [("angst", 12), ("ziekte", 6), ("verhuizing", 2)]
    public = top_reasons(Audience.public(swv), ON, period)
    # 2 is hidden, so the smallest other (6) is hidden too: 20 minus the shown ones gives nothing back
    assert [(label, r.suppressed) for label, r in public] == [("angst", False), ("ziekte", True), ("verhuizing", True)]
    VerzuimMelding.unscoped.filter(swv=swv).update(reden="")
    by_soort = top_reasons(everything(swv), ON, period)
    assert [label for label, _r in by_soort] == ["langdurig relatief verzuim", "absoluut verzuim"]


def test_quarter_bounds():
    assert inspectie.Quarter.parse("K2-2024").start == date(2024, 11, 1)
    assert inspectie.Quarter.parse("k2 2024").end == date(2025, 1, 31)
    assert inspectie.Quarter(2024, 3).start == date(2025, 2, 1) and inspectie.Quarter(2024, 4).end == date(2025, 7, 31)
    assert inspectie.quarter_of(date(2025, 1, 10)) == inspectie.Quarter(2024, 2)
    with pytest.raises(ValueError, match="Kwartaal 'Q5' begrijpt Koers niet"):
        inspectie.Quarter.parse("Q5")


def test_inspectie_overview_excel_cell_by_cell(swv, schools, tmp_path):
    q = inspectie.Quarter(2024, 2)  # November 2024 - January 2025, cumulative from 1 August 2024
    n = 0
    for _ in range(8):  # relatief, 4 weeks or more within the window, still at home
        melding(swv, n := n + 1, "relatief", date(2024, 9, 1))
    for _ in range(6):  # relatief that ended within the window after 5 weeks
        melding(swv, n := n + 1, "relatief", date(2024, 8, 20), date(2024, 9, 25))
    for _ in range(3):  # relatief of only 2 weeks: not a thuiszitter
        melding(swv, n := n + 1, "relatief", date(2024, 10, 1), date(2024, 10, 15))
    for _ in range(7):  # absoluut since before the school year, still open (more than 6 months at 31 January)
        melding(swv, n := n + 1, "absoluut", date(2024, 5, 1))
    for _ in range(5):
        melding(swv, n := n + 1, "vrijstelling", date(2024, 8, 1), reden="Vrijstelling art. 5 onder a")
    for _ in range(2):
        melding(swv, n := n + 1, "vrijstelling", date(2024, 8, 1), reden="5 onder b")
    melding(swv, n := n + 1, "absoluut", date(2025, 2, 3))  # after the quarter
    melding(swv, n := n + 1, "relatief", date(2024, 1, 1), date(2024, 7, 1))  # ended before the school year
    bureau = everything(swv)
    raw = inspectie.counts(swv, q, today=date(2025, 3, 1))
    assert raw["relatief"] == {"total": 14, "active": 8, "ended": 6, "under_3": 6, "from_3_to_6": 8, "from_6": 0}
    assert raw["absoluut"] == {"total": 7, "active": 7, "ended": 0, "under_3": 0, "from_3_to_6": 0, "from_6": 7}
    assert raw["vrijstelling_5a"]["total"] == 5 and raw["vrijstelling_anders"]["total"] == 2
    assert raw["total"]["total"] == 26
    from dataclasses import replace

    shared = replace(bureau, pupil_level=False)
    book = load_workbook(io.BytesIO(inspectie.workbook(shared, q, today=date(2025, 3, 1))))
    assert book.sheetnames == ["Overzicht", "Toelichting"]
    sheet = book["Overzicht"]
    assert sheet["A1"].value == "Kwartaaloverzicht thuiszitters voor de Inspectie van het Onderwijs"
    assert sheet["B3"].value == "K2 schooljaar 2024-2025"
    assert sheet["B4"].value == "01-08-2024 t/m 31-01-2025"
    assert [c.value for c in sheet[7]] == [
        "Categorie",
        "Aantal, cumulatief schooljaar",
        "Nog thuis op de einddatum",
        "Beëindigd (terug naar school of opgelost)",
        "Duur korter dan 3 maanden",
        "Duur 3 tot 6 maanden",
        "Duur 6 maanden of langer",
    ]
    values = {
        sheet.cell(row=r, column=1).value: [sheet.cell(row=r, column=c).value for c in range(2, 8)]
        for r in range(8, 13)
    }
    # suppressed below 5 (-1), and the smallest other cell of a group with one hidden cell too
    assert values["Langdurig relatief verzuim (4 weken of langer)"] == [14, 8, 6, 6, 8, 0]
    assert values["Absoluut verzuim"] == [7, 7, 0, 0, 0, 7]
    assert values["Vrijstelling artikel 5 onder a Leerplichtwet"] == [5, 5, 0, 0, 0, 5]  # 183 days at 31 January
    assert values["Totaal thuiszitters (inclusief vrijstelling 5 onder a)"] == [26, 20, 6, 6, 8, 12]
    assert values["Andere vrijstellingen (niet in het totaal)"] == [-1, -1, 0, 0, 0, -1]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"  # no formulas anywhere
    notes = [r[0].value for r in book["Toelichting"].iter_rows()]
    assert any("Koers-indeling" in (t or "") for t in notes)
    # koers report writes the same file
    out = tmp_path / "inspectie.xlsx"
    call_command("report", "inspectie-thuiszitters", "--swv", swv.code, "--kwartaal", "K2-2024", "-o", str(out))
    again = load_workbook(out)["Overzicht"]
    assert again["B3"].value == "K2 schooljaar 2024-2025"


def test_inspectie_page_downloads_for_the_bureau(swv, schools, client):
    from koers_dev.testing.factories import UserFactory, member

    user = UserFactory()
    member(user, swv, "bureau")
    client.force_login(user)
    page = client.get("/monitoring/inspectie-thuiszitters/")
    assert page.status_code == 200
    assert "Kwartaaloverzicht thuiszitters voor de Inspectie" in page.content.decode()
    download = client.get("/monitoring/inspectie-thuiszitters/", {"kwartaal": "K2-2024", "download": "xlsx"})
    assert download.status_code == 200  # the test date (21-07-2025) is in K4-2024: K2-2024 is among the eight offered
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content))
    assert book["Overzicht"]["B3"].value == "K2 schooljaar 2024-2025"
    wrong = client.get("/monitoring/inspectie-thuiszitters/", {"kwartaal": "K9-1999", "download": "xlsx"})
    assert "Kies een kwartaal uit de lijst." in wrong.content.decode()
