"""A begroting per kalenderjaar: afdrachten by the 7/12 + 5/12 split and the projection to 31 December, against
hand-computed examples (and the school-year begroting unchanged next to it)."""

from datetime import date
from decimal import Decimal

import pytest

from koers.core.periods import Tertiaal
from koers.finance import calculations as calc
from koers.finance import services, summary
from koers.finance.models import BudgetedContribution, Tariff
from koers.monitoring.models import Tlv
from koers.plans.models import Budget, BudgetLine, BudgetPeriod, BudgetRealisation
from koers_dev.testing.factories import YearPlanFactory, everything

D = Decimal
pytestmark = pytest.mark.django_db


def _tlv(swv, n, **kw):
    defaults = {
        "dossiernummer": f"D{n}",
        "pupil": f"p{n}",
        "aanvraagsoort": "TLV SO",
        "ontvangstdatum": date(2023, 9, 1),
        "besluitdatum": date(2023, 10, 1),
        "besluit": "afgegeven",
        "voorziening": "SO",
        "bekostigingscategorie": "L",
        "einddatum": date(2027, 7, 31),
    }
    return Tlv.unscoped.create(swv=swv, **{**defaults, **kw})


def _tariff(swv, year, school_type, category, amount):
    Tariff.unscoped.create(swv=swv, year=year, school_type=school_type, category=category, amount=D(amount),
                           source="Test")  # fmt: skip


def _budget(swv, school_year=2025, **kw):
    year_plan = YearPlanFactory(plan__swv=swv, school_year=school_year)
    return Budget.unscoped.create(swv=swv, year_plan=year_plan, **kw)


def test_calendar_split_and_months_by_hand():
    # 7/12 × 120.000 + 5/12 × 132.000 = 70.000 + 55.000
    assert calc.calendar_year_amount(D("120000"), D("132000")) == D("125000.00")
    assert [calc.months_through_calendar(2026, Tertiaal(2026, n)) for n in (1, 2, 3)] == [4, 7, 12]
    assert calc.months_through_calendar(2026, Tertiaal(2025, 3)) == 0
    assert calc.months_through_calendar(2026, Tertiaal(2027, 1)) == 12


def test_a_begroting_is_per_school_year_unless_it_says_otherwise(swv):
    budget = _budget(swv, total=D("1"), mandatory_contributions=D("0"))
    assert budget.period == BudgetPeriod.SCHOOLJAAR and budget.covered_calendar_year is None
    budget.period = BudgetPeriod.KALENDERJAAR
    assert budget.covered_calendar_year == 2025  # default: the year the school year 2025-2026 begins in
    budget.calendar_year = 2026
    assert budget.covered_calendar_year == 2026
    assert str(budget) == "Begroting 2026"


def test_afdrachten_of_a_calendar_year_by_the_split(swv):
    # teldatum of calendar year 2026: 1 February 2025. 10 SO laag run then; 4 SO hoog begin after it (not counted).
    for n in range(10):
        _tlv(swv, n)
    for n in range(10, 14):
        _tlv(swv, n, bekostigingscategorie="H", besluitdatum=date(2025, 3, 1))
    for n in range(20, 26):
        _tlv(swv, n, voorziening="SBO", aanvraagsoort="TLV SBO")  # 6 SBO
    _tariff(swv, 2025, "SO", "L", "11000")  # not used: the calendar year 2026 takes the tariff of 2026
    _tariff(swv, 2026, "SO", "L", "12600")
    _tariff(swv, 2026, "SBO", "", "6000")
    budget = _budget(swv, total=D("900000"), mandatory_contributions=D("150000"), period="kalenderjaar",
                     calendar_year=2026)  # fmt: skip
    BudgetedContribution.unscoped.create(swv=swv, budget=budget, school_type="SO", category="L", pupils=D("9"),
                                         amount=D("113400"))  # fmt: skip
    result = services.budget_contributions(budget, everything(swv))
    assert result.calendar_year == 2026 and result.first_date == date(2025, 2, 1)
    so = next(line for line in result.lines if line.label == "SO laag")
    # January-July (part of 2025-2026): 7/12 × 10 × 12.600 = 73.500; August-December (2026-2027): 5/12 × 10 ×
    # 12.600 = 52.500; together 126.000
    assert so.amount == D("126000.00")
    assert so.difference == D("12600.00")
    assert "1,0 leerling meer dan begroot (EUR +12.600)" in so.explanation
    sbo = next(line for line in result.lines if line.label == "SBO")
    assert sbo.amount == D("36000.00")  # 7/12 × 6 × 6.000 + 5/12 × 6 × 6.000 = 21.000 + 15.000
    assert result.computed == D("162000.00") and result.difference == D("12000.00")
    assert "Kalenderjaar 2026 = 7/12 januari-juli" in result.method and "2025-2026" in result.method
    assert "2026-2027" in result.method and "01-02-2025" in result.method
    # the same TLV's for the school-year begroting 2025-2026 (unchanged rule): 5/12 of 2025 + 7/12 of 2026
    school = services.contributions(swv, 2025, everything(swv))
    so_school = next(line for line in school.lines if line.label == "SO laag")
    assert so_school.amount == D("119333.33")  # 5/12 × 10 × 11.000 + 7/12 × 10 × 12.600 = 45.833,33 + 73.500


def test_a_missing_tariff_of_the_calendar_year_is_named(swv):
    _tlv(swv, 1)
    _tariff(swv, 2025, "SO", "L", "12000")
    budget = _budget(swv, total=D("1"), mandatory_contributions=D("0"), period="kalenderjaar", calendar_year=2026)
    result = services.budget_contributions(budget, everything(swv))
    assert result.computed is None and result.missing_tariffs == ["SO laag 2026"]


def test_projection_of_a_calendar_year_to_31_december(swv, settings):
    settings.KOERS_TODAY = "2026-09-15"  # T3 2026 runs: realised through T2 2026, 7 of 12 months
    budget = _budget(swv, total=D("1200"), mandatory_contributions=D("500"), period="kalenderjaar",
                     calendar_year=2026)  # fmt: skip
    a = BudgetLine.unscoped.create(swv=swv, budget=budget, label="A", amount=D("300"), order=1)
    b = BudgetLine.unscoped.create(swv=swv, budget=budget, label="B", amount=D("200"), order=2)
    realised = {
        (a, "2025-T3"): "999",  # the year before: not in calendar year 2026
        (a, "2026-T1"): "100",
        (a, "2026-T2"): "110",
        (b, "2026-T1"): "70",
        (b, "2026-T3"): "500",  # T3 2026 is not over yet on 15 September: not counted
    }
    for (line, key), amount in realised.items():
        BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal=key, amount=D(amount))
    contributions = services.budget_contributions(budget, everything(swv))  # no TLV's: nothing computed
    p = services.projection(budget, contributions, date(2026, 9, 15))
    assert (str(p.through), p.months, p.year_end) == ("T2 2026", 7, date(2026, 12, 31))
    assert [(x.label, x.projected) for x in p.lines] == [
        ("Verplichte afdrachten", D("500")),
        ("A", D("360.00")),  # (100 + 110) × 12 / 7
        ("B", D("120.00")),  # 70 × 12 / 7
    ]
    assert p.budget_result == D("200") and p.projected_result == D("220.00")  # 1.200 - 500 - 360 - 120
    assert "7 maanden van 12 van kalenderjaar 2026" in p.method and "31 december 2026" in p.method
    section = summary.money_section(swv, everything(swv), budget.year_plan, today=date(2026, 9, 15))
    assert section["year_end_label"] == "31 december" and section["budget_year_label"] == "kalenderjaar 2026"
    assert section["table"].caption.endswith("geprojecteerd naar 31 december")


def test_projection_of_a_school_year_still_runs_to_31_july(swv, settings):
    settings.KOERS_TODAY = "2026-05-10"
    budget = _budget(swv, total=D("1000"), mandatory_contributions=D("400"))
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, label="A", amount=D("300"), order=1)
    BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal="2025-T3", amount=D("100"))
    BudgetRealisation.unscoped.create(swv=swv, line=line, tertiaal="2026-T1", amount=D("80"))
    p = services.projection(budget, None, date(2026, 5, 10))
    assert (p.months, p.year_end, p.lines[1].projected) == (9, date(2026, 7, 31), D("240.00"))  # 180 × 12 / 9
    assert "31 juli 2026" in p.method
