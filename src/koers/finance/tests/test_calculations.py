"""The arithmetic of the money pages against hand-computed examples (docs/beheer/geld.md, "Voorbeeldjaarrekening")."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from koers.core.periods import Tertiaal
from koers.finance import calculations as calc

D = Decimal


def test_calendar_year_split_of_a_voorziening():
    # 7/12 × 100 places × 10.000 + 5/12 × 110 places × 10.400 = 583.333,33 + 476.666,67
    assert calc.calendar_year_cost(100, D("10000"), 110, D("10400")) == D("1060000.00")


def test_school_year_from_two_calendar_years():
    # 5/12 × 1.200.000 (August-December) + 7/12 × 2.400.000 (January-July)
    assert calc.school_year_amount(D("1200000"), D("2400000")) == D("1900000.00")


def test_indexation_from_t1_to_t2():
    assert calc.indexation(D("10000"), D("10400")) == D("4.00")
    assert calc.indexed(D("10000"), D("3.5")) == D("10350.00")
    assert calc.indexation(D("0"), D("10")) is None


def test_months_of_the_school_year_through_a_tertiaal():
    assert calc.months_through(2024, Tertiaal(2024, 2)) == 0  # before the school year
    assert calc.months_through(2024, Tertiaal(2024, 3)) == 5  # August-December
    assert calc.months_through(2024, Tertiaal(2025, 1)) == 9
    assert calc.months_through(2024, Tertiaal(2025, 2)) == 12


def test_linear_projection():
    assert calc.linear_projection(D("900"), 9) == D("1200.00")
    assert calc.linear_projection(D("900"), 0) is None


def test_ratios_of_the_sample_jaarrekening():
    """Voorbeeldjaarrekening 2024 (docs/beheer/geld.md): balance total 3.600.000, baten 10.520.000."""
    r = calc.ratios(
        fixed_assets=D("180000"),
        current_assets=D("3420000"),
        equity=D("2460000"),
        private_equity=D("0"),
        provisions=D("140000"),
        short_term_debt=D("1000000"),
        income=D("10520000"),
        expenses=D("10690000"),
        reserve_factor=D("0.035"),
        reserve_minimum=D("250000"),
    )
    assert r.solvency == D("0.7222")  # (2.460.000 + 140.000) / 3.600.000
    assert r.liquidity == D("3.4200")  # 3.420.000 / 1.000.000
    assert r.resistance == D("0.2338")  # 2.460.000 / 10.520.000
    assert r.profitability == D("-0.0162")  # -170.000 / 10.520.000
    assert r.reserve_threshold == D("368200.00")  # 0,035 × 10.520.000
    assert r.reserve_ratio == D("6.6812")  # 2.460.000 / 368.200: mogelijk bovenmatig


def test_a_small_swv_gets_the_minimum_signaleringswaarde_and_private_equity_does_not_count():
    r = calc.ratios(
        fixed_assets=D("0"),
        current_assets=D("600000"),
        equity=D("500000"),
        private_equity=D("100000"),
        provisions=D("0"),
        short_term_debt=D("100000"),
        income=D("2000000"),
        expenses=D("2000000"),
        reserve_factor=D("0.035"),
        reserve_minimum=D("250000"),
    )
    assert r.reserve_threshold == D("250000.00")  # 0,035 × 2.000.000 = 70.000 < 250.000
    assert r.public_equity == D("400000.00")
    assert r.reserve_ratio == D("1.6000")
    assert r.liquidity == D("6.0000")


def test_no_debt_gives_no_ratio_instead_of_a_crash():
    r = calc.ratios(fixed_assets=0, current_assets=0, equity=0, private_equity=0, provisions=0, short_term_debt=0,
                    income=0, expenses=0, reserve_factor=D("0.035"), reserve_minimum=D("250000"))  # fmt: skip
    assert r.solvency is None and r.liquidity is None and r.resistance is None


@given(places=st.integers(0, 500), tariff=st.decimals(0, 50000, places=2))
def test_an_unchanged_year_costs_places_times_tariff(places, tariff):
    assert abs(calc.calendar_year_cost(places, tariff, places, tariff) - places * tariff) <= D("0.01")


@given(a=st.decimals(0, 10**8, places=2), b=st.decimals(0, 10**8, places=2))
def test_the_school_year_lies_between_its_calendar_years(a, b):
    amount = calc.school_year_amount(a, b)
    assert min(a, b) - D("0.01") <= amount <= max(a, b) + D("0.01")
