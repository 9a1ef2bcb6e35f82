"""Afdrachten, occupancy and projection against hand-computed examples and an independent count in plain SQL."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from koers.accounts.audience import for_command_line
from koers.core.audience import Audience
from koers.finance import services
from koers.finance.models import BudgetedContribution, Provision, ProvisionYear, Tariff
from koers.monitoring.models import Arrangement, Tlv
from koers.plans.models import Budget, BudgetLine, BudgetRealisation
from koers_dev.testing.factories import SchoolbestuurFactory, YearPlanFactory, everything

D = Decimal
pytestmark = pytest.mark.django_db


def tlv(swv, n, **kw):
    defaults = {
        "dossiernummer": f"D{n}",
        "pupil": f"p{n}",
        "aanvraagsoort": "TLV SO",
        "ontvangstdatum": date(2022, 9, 1),
        "besluitdatum": date(2022, 10, 1),
        "besluit": "afgegeven",
        "voorziening": "SO",
        "bekostigingscategorie": "L",
        "einddatum": date(2026, 7, 31),
    }
    return Tlv.unscoped.create(swv=swv, **{**defaults, **kw})


def tariff(swv, year, school_type, category, amount):
    return Tariff.unscoped.create(swv=swv, year=year, school_type=school_type, category=category, amount=D(amount),
                                  source="Test")  # fmt: skip


def test_funded_pupils_follow_the_rule(swv):
    on = date(2024, 2, 1)
    tlv(swv, 1)  # SO laag, running
    tlv(swv, 2, voorziening="SBO", aanvraagsoort="TLV SBO", bekostigingscategorie="M")  # SBO: one tariff
    tlv(swv, 3, einddatum=date(2023, 7, 31))  # ended
    tlv(swv, 4, besluit="afgewezen")
    tlv(swv, 5, aanvraagsoort="Arrangement")  # not a TLV, whatever its case
    tlv(swv, 6, ingangsdatum=date(2024, 3, 1))  # not begun yet
    tlv(swv, 7, besluitdatum=date(2024, 2, 2))  # decided after the count date
    tlv(swv, 8, pupil="p1", bekostigingscategorie="H", besluitdatum=date(2023, 1, 10))  # p1 again: the newest counts
    counts = services.funded_pupils(swv, on)
    assert counts == {("SO", "H"): 1, ("SBO", ""): 1}


def test_funded_pupils_match_a_count_in_plain_sql(swv):
    rng = random.Random(15)
    for n in range(300):
        besluit = date(2021, 8, 1) + timedelta(days=rng.randrange(1200))
        tlv(
            swv,
            n,
            aanvraagsoort=rng.choice(["TLV SO", "TLV SBO", "verlenging", "arrangement", "ARRANGEMENT"]),
            voorziening=rng.choice(["SO", "VSO", "SBO", ""]),
            bekostigingscategorie=rng.choice("LMH"),
            besluitdatum=besluit,
            besluit=rng.choice(["afgegeven", "afgegeven", "afgewezen"]),
            ingangsdatum=rng.choice([None, besluit + timedelta(days=30)]),
            einddatum=rng.choice([None, besluit + timedelta(days=rng.randrange(200, 1100))]),
        )
    days = (date(2023, 2, 1), date(2024, 2, 1))
    both = services.funded_pupils_on(swv, days)  # the two count dates of a school year from one read
    for on in days:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT voorziening, CASE WHEN voorziening = 'SBO' THEN '' ELSE bekostigingscategorie END, COUNT(*)
                FROM monitoring_tlv
                WHERE swv_id = %s AND besluit = 'afgegeven' AND voorziening IN ('SBO', 'SO', 'VSO')
                  AND besluitdatum <= %s AND (ingangsdatum IS NULL OR ingangsdatum <= %s)
                  AND (einddatum IS NULL OR einddatum >= %s)
                  AND LOWER(aanvraagsoort) NOT LIKE '%%arrangement%%' AND LOWER(aanvraagsoort) NOT LIKE '%%maatwerk%%'
                GROUP BY 1, 2
                """,
                [swv.pk, on, on, on],
            )
            expected = {(t, c): n for t, c, n in cursor.fetchall()}
        assert dict(services.funded_pupils(swv, on)) == expected
        assert dict(both[on]) == expected
        assert sum(expected.values()) > 20  # the example counts something


def _budget(swv, **kw):
    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    return Budget.unscoped.create(swv=swv, year_plan=year_plan, **kw)


def test_afdrachten_by_the_calendar_year_split_against_the_begroting(swv):
    # 1 February 2023 (for August-December 2024) and 1 February 2024 (for January-July 2025)
    for n in range(10):
        tlv(swv, n, besluitdatum=date(2022, 10, 1))  # 10 SO laag on both dates
    for n in range(10, 16):
        tlv(swv, n, besluitdatum=date(2023, 6, 1), voorziening="SBO", aanvraagsoort="TLV SBO")  # 6 SBO, 2nd only
    tariff(swv, 2024, "SO", "L", "12000")
    tariff(swv, 2025, "SO", "L", "12600")
    tariff(swv, 2025, "SBO", "", "6000")
    budget = _budget(swv, total=D("500000"), mandatory_contributions=D("150000"))
    BudgetedContribution.unscoped.create(swv=swv, budget=budget, school_type="SO", category="L", pupils=D("9"),
                                         amount=D("108000"))  # fmt: skip
    result = services.contributions(swv, 2024, everything(swv), budget=budget)
    assert (result.first_date, result.second_date) == (date(2023, 2, 1), date(2024, 2, 1))
    so = next(line for line in result.lines if line.label == "SO laag")
    # 5/12 × 10 × 12.000 + 7/12 × 10 × 12.600 = 50.000 + 73.500
    assert so.amount == D("123500.00")
    assert so.difference == D("15500.00")
    assert "1,0 leerling meer dan begroot (EUR +12.000)" in so.explanation  # 1 pupil × 12.000 budgeted tariff
    sbo = next(line for line in result.lines if line.label == "SBO")
    assert (sbo.first_pupils, sbo.second_pupils, sbo.amount) == (0, 6, D("21000.00"))  # 7/12 × 6 × 6.000
    assert result.computed == D("144500.00")
    assert result.difference == D("-5500.00")


def test_a_missing_tariff_is_named_and_nothing_is_computed(swv):
    tlv(swv, 1)
    tariff(swv, 2024, "SO", "L", "12000")
    result = services.contributions(swv, 2024, everything(swv))
    assert result.computed is None and result.missing_tariffs == ["SO laag 2025"]


def test_small_counts_are_suppressed_with_a_complement_and_a_schoolbestuur_sees_none(swv):
    for n in range(3):
        tlv(swv, n, bekostigingscategorie="H")
    for n in range(3, 20):
        tlv(swv, n, bekostigingscategorie="L")
    for n in range(20, 30):
        tlv(swv, n, bekostigingscategorie="M")
    toezicht = for_command_line(swv, "toezicht")
    result = services.contributions(swv, 2024, toezicht)
    hidden = {line.label for line in result.lines if line.hidden}
    assert hidden == {"SO hoog", "SO midden"}  # 3 pupils, and the smallest other one
    assert not any(line.hidden for line in services.contributions(swv, 2024, everything(swv)).lines)
    bestuur = SchoolbestuurFactory(swv=swv)
    limited = Audience(swv_id=swv.pk, kind="membership", schoolbestuur_id=bestuur.pk, schools=frozenset())
    assert services.contributions(swv, 2024, limited).shown is False


def test_projection_to_the_end_of_the_school_year(swv, settings):
    settings.KOERS_TODAY = "2025-05-10"  # T2 2025 runs: realised through T1 2025, 9 of 12 months
    budget = _budget(swv, total=D("1000"), mandatory_contributions=D("400"))
    a = BudgetLine.unscoped.create(swv=swv, budget=budget, label="A", amount=D("300"), order=1)
    b = BudgetLine.unscoped.create(swv=swv, budget=budget, label="B", amount=D("200"), order=2)
    for line, t3, t1 in ((a, "100", "80"), (b, "50", "40")):
        BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal="2024-T3", amount=D(t3))
        BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal="2025-T1", amount=D(t1))
    contributions = services.contributions(swv, 2024, everything(swv), budget=budget)  # no TLV's: none computed
    p = services.projection(budget, contributions, date(2025, 5, 10))
    assert (str(p.through), p.months) == ("T1 2025", 9)
    assert [(x.label, x.projected) for x in p.lines] == [
        ("Verplichte afdrachten", D("400")),  # as budgeted: nothing to compute from
        ("A", D("240.00")),  # 180 × 12 / 9
        ("B", D("120.00")),  # 90 × 12 / 9
    ]
    assert p.budget_result == D("100") and p.projected_result == D("240.00")
    assert "9 maanden van 12" in p.method


def test_occupancy_from_the_arrangementen_register(swv):
    provision = Provision.unscoped.create(swv=swv, name="Zwaar", provision_type="ARR", provider="SWV",
                                          register_kind="zwaar")  # fmt: skip
    on = date(2025, 3, 1)
    for n, (kind, end) in enumerate([("Zwaar", None), ("zwaar", date(2025, 6, 1)), ("zwaar", date(2025, 1, 1)),
                                     ("licht", None)] + [("ZWAAR", None)] * 5):  # fmt: skip
        Arrangement.unscoped.create(swv=swv, number=f"A{n}", kind=kind, pupil=f"p{n}", start=date(2024, 9, 1), end=end)
    Arrangement.unscoped.create(swv=swv, number="A99", kind="zwaar", pupil="p0", start=date(2024, 9, 1))  # again
    assert services.occupancy(swv, provision, on) == 7
    ProvisionYear.unscoped.create(swv=swv, provision=provision, school_year=2023, places=10, tariff=D("10000"),
                                  tariff_source="Test")  # fmt: skip
    ProvisionYear.unscoped.create(swv=swv, provision=provision, school_year=2024, places=12, tariff=D("10400"),
                                  tariff_source="Test", indexation=D("3"))  # fmt: skip
    row = services.network(swv, everything(swv), 2024, on)[0]
    assert (row.places, row.taken, row.free) == (12, 7, 5)
    assert row.next_tariff == D("10712.00") and row.next_tariff_projected  # 10.400 × 1,03, not entered yet
    assert row.calendar_cost == D("110333.33")  # 7/12 × 10 × 10.000 + 5/12 × 12 × 10.400 = 58.333,33 + 52.000
    toezicht_row = services.network(swv, for_command_line(swv, "toezicht"), 2024, on)[0]
    assert toezicht_row.taken == 7  # 7 is not a small count
