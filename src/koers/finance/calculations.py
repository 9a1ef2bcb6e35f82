"""Pure arithmetic of the money pages: no database, so every rule is tested with hand-computed examples.

* the calendar-year split of the dekkend netwerk (7/12 January-July at the old school year, 5/12 August-December
  at the new one) and its mirror for a begroting per school year (5/12 + 7/12 of two calendar years);
* indexation from t1 to t2;
* the calendar year of the afdrachten: 7/12 January-July (school year t-1/t) + 5/12 August-December (t/t+1);
* the linear projection of a budget line to the end of its school year (31 July) or calendar year (31 December)
  from the realisation per tertiaal;
* the financial ratios of a jaarrekening (see docs/beheer/geld.md for the definitions and their sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from koers.core.periods import Tertiaal

JAN_JUL = Decimal(7) / Decimal(12)
AUG_DEC = Decimal(5) / Decimal(12)
CENT = Decimal("0.01")

# Months of the school year per tertiaal as a figure is measured (ADR 0017): T3 August-December, T1
# January-April, T2 May-July.
TERTIAAL_MONTHS = {3: 5, 1: 4, 2: 3}


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def calendar_year_cost(old_places, old_tariff, new_places, new_tariff) -> Decimal:
    """A calendar year of a voorziening: 7/12 of the old school year's places × tariff + 5/12 of the new one's."""
    return money(
        JAN_JUL * Decimal(old_places) * Decimal(old_tariff) + AUG_DEC * Decimal(new_places) * Decimal(new_tariff)
    )


def school_year_amount(first_calendar_year_amount, second_calendar_year_amount) -> Decimal:
    """A school year (August-July) from two calendar-year amounts: 5/12 of the first + 7/12 of the second."""
    return money(AUG_DEC * Decimal(first_calendar_year_amount) + JAN_JUL * Decimal(second_calendar_year_amount))


def calendar_year_amount(jan_jul_amount, aug_dec_amount) -> Decimal:
    """A calendar year from two yearly amounts: 7/12 January-July (school year t-1/t) + 5/12 August-December
    (school year t/t+1)."""
    return money(JAN_JUL * Decimal(jan_jul_amount) + AUG_DEC * Decimal(aug_dec_amount))


def months_through_calendar(year: int, tertiaal: Tertiaal) -> int:
    """Months of calendar year ``year`` measured through ``tertiaal``: T1 4, T2 7, T3 12 (0 before, 12 after)."""
    order = [Tertiaal(year, 1), Tertiaal(year, 2), Tertiaal(year, 3)]
    months = {1: 4, 2: 3, 3: 5}
    return sum(months[t.number] for t in order if t.start <= tertiaal.start)


def indexation(t1, t2) -> Decimal | None:
    """The change from tariff t1 to t2 in percent (two decimals), or None without t1."""
    if not t1:
        return None
    return ((Decimal(t2) - Decimal(t1)) * 100 / Decimal(t1)).quantize(CENT)


def indexed(t1, percentage) -> Decimal:
    """t2 from t1 and an indexation in percent."""
    return money(Decimal(t1) * (1 + Decimal(percentage) / 100))


def months_through(school_year: int, tertiaal: Tertiaal) -> int:
    """Months of school year ``school_year`` measured through ``tertiaal`` (0 before it, 12 after it)."""
    order = [Tertiaal(school_year, 3), Tertiaal(school_year + 1, 1), Tertiaal(school_year + 1, 2)]
    return sum(TERTIAAL_MONTHS[t.number] for t in order if t.start <= tertiaal.start)


def linear_projection(realised, months: int) -> Decimal | None:
    """Realisation over ``months`` of twelve, extended in a straight line to the whole year."""
    if not months:
        return None
    return money(Decimal(realised) * 12 / Decimal(months))


@dataclass(frozen=True)
class Ratios:
    solvency: Decimal | None  # solvabiliteit 2: (eigen vermogen + voorzieningen) / balanstotaal
    liquidity: Decimal | None  # current ratio: vlottende activa / kortlopende schulden
    resistance: Decimal | None  # weerstandsvermogen: eigen vermogen / totale baten
    profitability: Decimal | None  # rentabiliteit: resultaat / totale baten
    reserve_threshold: Decimal  # signaleringswaarde bovenmatig eigen vermogen (SWV): max(factor × baten, minimum)
    reserve_ratio: Decimal | None  # publiek eigen vermogen / signaleringswaarde (> 1: mogelijk bovenmatig)
    public_equity: Decimal


def _ratio(a, b) -> Decimal | None:
    return (Decimal(a) / Decimal(b)).quantize(Decimal("0.0001")) if b else None


def ratios(*, fixed_assets, current_assets, equity, private_equity, provisions, short_term_debt, income, expenses,
           reserve_factor, reserve_minimum) -> Ratios:  # fmt: skip
    balance = Decimal(fixed_assets) + Decimal(current_assets)
    public = Decimal(equity) - Decimal(private_equity)
    threshold = money(max(Decimal(reserve_factor) * Decimal(income), Decimal(reserve_minimum)))
    return Ratios(
        solvency=_ratio(Decimal(equity) + Decimal(provisions), balance),
        liquidity=_ratio(current_assets, short_term_debt),
        resistance=_ratio(equity, income),
        profitability=_ratio(Decimal(income) - Decimal(expenses), income),
        reserve_threshold=threshold,
        reserve_ratio=_ratio(public, threshold),
        public_equity=money(public),
    )
