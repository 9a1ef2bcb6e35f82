"""The afdrachten forecast in euros: hand-computed with a fixed pupil forecast, and against the register."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.accounts.audience import for_command_line
from koers.core.audience import Audience
from koers.finance import forecast, services
from koers.finance.models import Tariff
from koers.monitoring.forecast.series import FundedPupils
from koers.monitoring.models import Tlv
from koers.plans.models import Budget
from koers_dev.testing.factories import SchoolbestuurFactory, YearPlanFactory, everything

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)  # school year 2026-2027; teldatums 1 February 2025 and 2026 have passed


def _tlv(swv, n, **kw):
    defaults = {
        "dossiernummer": f"D{n}",
        "pupil": f"p{n}",
        "aanvraagsoort": "TLV SO",
        "ontvangstdatum": date(2024, 1, 10),
        "besluitdatum": date(2024, 2, 1),
        "besluit": "afgegeven",
        "voorziening": "SO",
        "bekostigingscategorie": "L",
        "einddatum": date(2030, 7, 31),
    }
    return Tlv.unscoped.create(swv=swv, **{**defaults, **kw})


def _tariff(swv, year, amount, school_type="SO", category="L"):
    Tariff.unscoped.create(swv=swv, year=year, school_type=school_type, category=category, amount=D(amount),
                           source="Test")  # fmt: skip


def _pupils(day, expected, low, high, school_type="SO", category="L"):
    return FundedPupils(day.year - 1, day, school_type, category, 0, 0, expected, expected, low, high)


@pytest.fixture
def fixed_forecast(monkeypatch):
    """The pupil forecast of ADR 0026 replaced by fixed numbers, so that the euros can be computed by hand."""
    rows = [_pupils(date(2027, 2, 1), 12.0, 6.0, 18.0), _pupils(date(2028, 2, 1), 24.0, 12.0, 36.0)]
    monkeypatch.setattr(forecast, "expected_funded_pupils", lambda swv, **kw: rows)


def test_expected_afdrachten_by_hand(swv, fixed_forecast):
    for n in range(10):
        _tlv(swv, n)  # 10 SO laag on 1 February 2025 and 2026
    _tariff(swv, 2026, "12000")
    _tariff(swv, 2027, "12600")  # +5,00%: 2028 = 13.230, 2029 = 13.891,50
    Budget.unscoped.create(swv=swv, year_plan=YearPlanFactory(plan__swv=swv, school_year=2027), total=D("1"),
                           mandatory_contributions=D("150000"))  # fmt: skip
    for school_year, calendar_year, amount in ((2028, 2028, "240000"), (2029, 2029, "300000")):
        Budget.unscoped.create(swv=swv, year_plan=YearPlanFactory(plan__swv=swv, school_year=school_year),
                               total=D("1"), mandatory_contributions=D(amount), period="kalenderjaar",
                               calendar_year=calendar_year)  # fmt: skip
    result = forecast.forecast(swv, everything(swv), today=TODAY)
    years = {y.school_year: y for y in result.years}
    assert list(years) == [2026, 2027, 2028]
    # 2026-2027, counted: 5/12 × 10 × 12.000 + 7/12 × 10 × 12.600 = 50.000 + 73.500
    y = years[2026]
    assert (y.counted, y.expected, y.low, y.high) == (True, D("123500.00"), D("123500.00"), D("123500.00"))
    assert y.expected == services.contributions(swv, 2026, everything(swv)).computed
    # 2027-2028: 5/12 × 10 × 12.600 = 52.500 + 7/12 × {12, 6, 18} × 13.230 = {92.610, 46.305, 138.915}
    y = years[2027]
    assert (y.counted, y.expected, y.low, y.high) == (False, D("145110.00"), D("98805.00"), D("191415.00"))
    assert (y.norm, y.norm_source) == (D("150000"), "begroting 2027-2028")
    # 2028-2029: 5/12 × {12, 6, 18} × 13.230 = {66.150, 33.075, 99.225}
    #          + 7/12 × {24, 12, 36} × 13.891,50 = {194.481, 97.240,50, 291.721,50}
    y = years[2028]
    assert (y.expected, y.low, y.high) == (D("260631.00"), D("130315.50"), D("390946.50"))
    # norm from two calendar-year begrotingen: 5/12 × 240.000 + 7/12 × 300.000 = 100.000 + 175.000
    assert y.norm == D("275000.00") and "5/12 + 7/12" in y.norm_source
    assert result.indexations == [
        "SO laag 2028: tarief 2027 geïndexeerd met 5,00% per jaar (EUR 13.230)",
        "SO laag 2029: tarief 2027 geïndexeerd met 5,00% per jaar (EUR 13.892)",
    ]
    assert "Indexering: SO laag 2028" in result.method
    data = forecast.plain(result)
    assert data["labels"] == ["2026-2027", "2027-2028", "2028-2029"]
    assert data["values"] == ["123500.00", "145110.00", "260631.00"]
    assert data["low"][1:] == ["98805.00", "130315.50"] and data["high"][1:] == ["191415.00", "390946.50"]
    assert data["norm"] == [None, "150000.00", "275000.00"]
    svg = str(forecast.chart_svg(data))
    assert svg.startswith("<svg") and "2027-2028" in svg and "stroke-dasharray" in svg and "<rect" in svg


def test_a_missing_tariff_or_forecast_gives_a_reason_not_a_figure(swv, monkeypatch):
    _tlv(swv, 1)
    monkeypatch.setattr(forecast, "expected_funded_pupils", lambda swv, **kw: [])
    result = forecast.forecast(swv, everything(swv), today=TODAY)
    assert (
        result.years[0].expected is None and result.years[0].reason == "Tarief ontbreekt: SO laag 2026, SO laag 2027."
    )
    assert result.years[1].expected is None and "Geen verwachting voor de teldatum" in result.years[1].reason


def test_amounts_per_kind_are_suppressed_and_a_schoolbestuur_sees_nothing(swv, monkeypatch):
    monkeypatch.setattr(forecast, "expected_funded_pupils", lambda swv, **kw: [])
    for n in range(3):
        _tlv(swv, n, voorziening="SBO", aanvraagsoort="TLV SBO")
    for n in range(3, 30):
        _tlv(swv, n)
    for n in range(30, 40):
        _tlv(swv, n, voorziening="VSO", aanvraagsoort="TLV VSO")
    for year in (2026, 2027):
        _tariff(swv, year, "12000")
        _tariff(swv, year, "6000", "SBO", "")
        _tariff(swv, year, "15000", "VSO", "L")
    counted = forecast.forecast(swv, for_command_line(swv, "toezicht"), today=TODAY).years[0]
    assert {t.school_type: t.hidden for t in counted.types} == {"SBO": True, "SO": False, "VSO": True}
    assert counted.expected == D("3") * 6000 + 27 * 12000 + 10 * 15000  # the total stays: the SWV's afdracht
    bestuur = SchoolbestuurFactory(swv=swv)
    limited = Audience(swv_id=swv.pk, kind="membership", schoolbestuur_id=bestuur.pk, schools=frozenset())
    result = forecast.forecast(swv, limited, today=TODAY)
    assert result.shown is False and result.years == []


def test_the_real_pupil_forecast_feeds_the_euros(swv):
    # five school years of history of SO laag TLV's, each running three years: enough for a trend (ADR 0026)
    n = 0
    for year, issued in zip(range(2020, 2026), (8, 11, 9, 13, 12, 15), strict=True):
        for _i in range(issued):
            _tlv(swv, n, besluitdatum=date(year, 10, 1), ontvangstdatum=date(year, 9, 1),
                 einddatum=date(year + 3, 7, 31))  # fmt: skip
            n += 1
    for year in range(2025, 2028):
        _tariff(swv, year, str(12000 + 600 * (year - 2025)))
    result = forecast.forecast(swv, everything(swv), today=TODAY)
    later = [y for y in result.years if not y.counted]
    assert later and all(y.expected is not None for y in later), [y.reason for y in later]
    for y in later:
        assert y.low <= y.expected <= y.high and y.low < y.high


def test_the_api_and_the_geld_page_give_the_forecast(swv, settings, fixed_forecast, bureau_client):
    settings.KOERS_TODAY = TODAY.isoformat()
    for n in range(10):
        _tlv(swv, n)
    _tariff(swv, 2026, "12000")
    _tariff(swv, 2027, "12600")
    data = bureau_client.get(reverse("api:geld_vooruitblik")).json()
    assert data["labels"] == ["2026-2027", "2027-2028", "2028-2029"]
    assert data["values"] == ["123500.00", "145110.00", "260631.00"] and data["low"][1] == "98805.00"
    assert data["shown"] is True and "Indexering" in data["method"]
    page = bureau_client.get(reverse("finance:overview")).content.decode()
    assert "Verwachte verplichte afdrachten" in page and "afdrachten-forecast" in page
    assert "EUR 98.805 tot EUR 191.415" in page.replace("\xa0", " ")
