"""Money of an SWV: what is computed from the registers and the begroting, and every change to finance data.

Reads run through ``for_swv`` (Koers' own work in one SWV); what is shown goes through the audience: pupil counts
under the threshold are suppressed (ADR 0012), and an audience limited to the schools of one schoolbestuur gets no
SWV-wide pupil counts at all (the amounts of the begroting and the jaarrekening are not pupil counts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import clock, formatting
from koers.core.periods import Tertiaal, school_year_label, school_year_of
from koers.finance import calculations as calc
from koers.finance.models import (
    AnnualAccount,
    BudgetedContribution,
    Category,
    FundedType,
    HealthNorms,
    Provision,
    ProvisionYear,
    Tariff,
)
from koers.monitoring import cache
from koers.monitoring.models import Arrangement, Tlv
from koers.plans.models import Budget, BudgetLine, BudgetPeriod, BudgetRealisation

# Count dates: since 1 January 2023 (V)SO and SBO are funded per calendar year on the count of 1 February of the
# year before; 1 October of the year before is the older rule, still used by some begrotingen.
COUNT_DATES = {"1-februari": (2, 1), "1-oktober": (10, 1)}
DEFAULT_COUNT_DATE = "1-februari"
COUNT_DATE_LABELS = {"1-februari": "1 februari", "1-oktober": "1 oktober"}
# aanvraagsoorten that are not a TLV, mixed into some exports (compared in lower case, as a part of the text)
NOT_A_TLV = ("arrangement", "maatwerk")
TYPES = [FundedType.SBO, FundedType.SO, FundedType.VSO]
CATEGORIES = {FundedType.SBO: [""], FundedType.SO: ["L", "M", "H"], FundedType.VSO: ["L", "M", "H"]}

# The Inspectie's signaleringswaarden (docs/beheer/geld.md names the sources); an SWV may set its own.
DEFAULT_SOLVENCY_MIN = Decimal("0.30")
DEFAULT_RESISTANCE_MIN = Decimal("0.05")
DEFAULT_RESERVE_FACTOR = Decimal("0.035")
DEFAULT_RESERVE_MINIMUM = Decimal("250000")
DEFAULT_CASH_MIN = Decimal("100000")


def category_label(school_type: str, category: str) -> str:
    if not category:
        return school_type
    return f"{school_type} {Category(category).label}"


def count_date(calendar_year: int, rule: str = DEFAULT_COUNT_DATE) -> date:
    month, day = COUNT_DATES.get(rule, COUNT_DATES[DEFAULT_COUNT_DATE])
    return date(calendar_year - 1, month, day)


# ------------------------------------------------------------------------------------------------ TLV counts


def funded_pupils(swv, on: date) -> Counter:
    """Pupils with a TLV of this SWV on ``on``, per (kind of school, category): afgegeven, for SBO/SO/VSO, begun
    (ingangsdatum, else besluitdatum) and not ended (no einddatum, or on/after ``on``). A pupil with more TLV's
    counts once, with the newest decision. SBO has one tariff: its category is left out."""
    return funded_pupils_on(swv, (on,))[on]


def funded_pupils_on(swv, days) -> dict[date, Counter]:
    """:func:`funded_pupils` on each of ``days`` (the two count dates of a school year), from one read of the register.

    Computed once per data version of the SWV (:func:`koers.monitoring.cache.remember`): the dashboard's "Geld"
    section, the Geld page and the forecast of the afdrachten read it on every view. No audience is applied here."""
    days = tuple(sorted(set(days)))
    return cache.remember("finance.funded_pupils", getattr(swv, "pk", swv), days, lambda: _funded_pupils(swv, days))


def _funded_pupils(swv, days: tuple[date, ...]) -> dict[date, Counter]:
    first, last = days[0], days[-1]
    rows = (
        Tlv.objects.for_swv(swv)
        .filter(besluit=Tlv.Besluit.AFGEGEVEN, voorziening__in=[t.value for t in TYPES], besluitdatum__lte=last)
        .filter(Q(ingangsdatum__isnull=True) | Q(ingangsdatum__lte=last))
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=first))
        .order_by("besluitdatum", "pk")
        .values_list(
            "pupil", "dossiernummer", "aanvraagsoort", "voorziening", "bekostigingscategorie", "besluitdatum",
            "ingangsdatum", "einddatum",
        )
    )  # fmt: skip
    not_a_tlv: dict[str, bool] = {}  # per request kind (a handful of values): one lower() and search each
    latest: dict[date, dict] = {day: {} for day in days}
    for pupil, dossier, soort, voorziening, category, decided, begins, ends in rows:
        skip = not_a_tlv.get(soort)
        if skip is None:
            skip = not_a_tlv[soort] = any(word in (soort or "").lower() for word in NOT_A_TLV)
        if skip:
            continue
        key, value = pupil or f"dossier:{dossier}", (voorziening, "" if voorziening == "SBO" else (category or ""))
        for day in days:
            if decided <= day and (begins is None or begins <= day) and (ends is None or ends >= day):
                latest[day][key] = value
    return {day: Counter(per.values()) for day, per in latest.items()}


def tariffs(swv, year: int) -> dict[tuple[str, str], Tariff]:
    return {(t.school_type, t.category): t for t in Tariff.objects.for_swv(swv).filter(year=year)}


# ------------------------------------------------------------------------------------------------ afdrachten


@dataclass
class ContributionLine:
    school_type: str
    category: str
    label: str
    first_pupils: int  # pupils on the count date of the first calendar year (August-December)
    first_tariff: Decimal | None
    second_pupils: int  # ... of the second calendar year (January-July)
    second_tariff: Decimal | None
    amount: Decimal | None
    budgeted: Decimal | None = None
    budgeted_pupils: Decimal | None = None
    difference: Decimal | None = None
    explanation: str = ""
    hidden: bool = False  # pupil counts (and the amount, which gives them away) suppressed for this audience
    calendar: bool = False  # a calendar year: first = January-July (7/12), second = August-December (5/12)

    @property
    def pupils_year(self) -> Decimal:
        """Pupils as a yearly average: school year 5/12 of the first count + 7/12 of the second; calendar year
        7/12 of the first (January-July) + 5/12 of the second (August-December)."""
        if self.calendar:
            return (calc.JAN_JUL * self.first_pupils + calc.AUG_DEC * self.second_pupils).quantize(Decimal("0.01"))
        return (calc.AUG_DEC * self.first_pupils + calc.JAN_JUL * self.second_pupils).quantize(Decimal("0.01"))


@dataclass
class Contributions:
    school_year: int
    rule: str
    first_date: date
    second_date: date
    lines: list[ContributionLine] = field(default_factory=list)
    computed: Decimal | None = None
    budget_line: Decimal | None = None  # the begroting's afdrachten line
    missing_tariffs: list[str] = field(default_factory=list)
    shown: bool = True  # False for a schoolbestuur: no SWV-wide pupil counts
    calendar_year: int | None = None  # set for a begroting per kalenderjaar (then ``school_year`` = year - 1)

    @property
    def difference(self) -> Decimal | None:
        if self.computed is None or self.budget_line is None:
            return None
        return self.computed - self.budget_line

    @property
    def heads(self) -> list[str]:
        """Column heads of the four count and tariff columns."""
        if self.calendar_year is not None:
            d, y = formatting.dutch_date(self.first_date), self.calendar_year
            return [
                _("Leerlingen januari-juli (%(d)s)") % {"d": d},
                _("Tarief %(y)s") % {"y": y},
                _("Leerlingen augustus-december (%(d)s)") % {"d": d},
                _("Tarief %(y)s") % {"y": y},
            ]
        return [
            _("Leerlingen %(d)s") % {"d": formatting.dutch_date(self.first_date)},
            _("Tarief %(y)s") % {"y": self.school_year},
            _("Leerlingen %(d)s") % {"d": formatting.dutch_date(self.second_date)},
            _("Tarief %(y)s") % {"y": self.school_year + 1},
        ]

    @property
    def method(self) -> str:
        if self.calendar_year is not None:
            return _(
                "Leerlingen met een TLV van dit samenwerkingsverband (afgegeven, SBO/SO/VSO, lopend op de teldatum) "
                "per categorie × het tarief van het kalenderjaar. Kalenderjaar %(y)s = 7/12 januari-juli (deel van "
                "schooljaar %(old)s) + 5/12 augustus-december (deel van schooljaar %(new)s); beide delen tellen op "
                "%(d)s met het tarief %(y)s."
            ) % {
                "y": self.calendar_year,
                "old": school_year_label(self.calendar_year - 1),
                "new": school_year_label(self.calendar_year),
                "d": formatting.dutch_date(self.first_date),
            }
        return _(
            "Leerlingen met een TLV van dit samenwerkingsverband (afgegeven, SBO/SO/VSO, lopend op de teldatum) per "
            "categorie × het tarief van het kalenderjaar. Schooljaar %(sy)s = 5/12 van %(y1)s (augustus-december, "
            "telling %(d1)s) + 7/12 van %(y2)s (januari-juli, telling %(d2)s)."
        ) % {
            "sy": school_year_label(self.school_year),
            "y1": self.school_year,
            "y2": self.school_year + 1,
            "d1": formatting.dutch_date(self.first_date),
            "d2": formatting.dutch_date(self.second_date),
        }


def _explain(line: ContributionLine) -> str:
    """Why a category differs from the begroting: the number of pupils and the tariff, each in euros."""
    if line.budgeted is None or line.amount is None:
        return ""
    n = line.pupils_year
    budget_n = line.budgeted_pupils or Decimal("0")
    budget_tariff = (line.budgeted / budget_n) if budget_n else Decimal("0")
    volume = (n - budget_n) * budget_tariff
    price = line.amount - line.budgeted - volume
    parts = []
    if budget_n and n != budget_n:
        more = n - budget_n
        count = 1 if abs(more) == 1 else 2  # 0,8 and 4,2 are plural in Dutch
        text = (
            ngettext("%(n)s leerling meer dan begroot", "%(n)s leerlingen meer dan begroot", count)
            if more > 0
            else ngettext("%(n)s leerling minder dan begroot", "%(n)s leerlingen minder dan begroot", count)
        )
        parts.append(text % {"n": formatting.number(abs(more), 1)} + f" ({_signed(volume)})")
    if abs(price) >= 1:
        parts.append(_("tarief en telmoment") + f" ({_signed(price)})")
    return "; ".join(parts) or _("gelijk aan de begroting")


def _signed(value: Decimal) -> str:
    text = formatting.money(value)
    return text if value < 0 else text.replace("EUR ", "EUR +")


def contributions(swv, school_year: int, audience, *, rule: str = DEFAULT_COUNT_DATE, budget=None) -> Contributions:
    """The afdrachten of ``school_year`` computed from the TLV register and the tariffs, against the begroting."""
    first, second = school_year, school_year + 1
    result = Contributions(school_year, rule, count_date(first, rule), count_date(second, rule))
    result.shown = audience.schools is None
    both = funded_pupils_on(swv, (result.first_date, result.second_date))
    counts1, counts2 = both[result.first_date], both[result.second_date]
    t1, t2 = tariffs(swv, first), tariffs(swv, second)
    planned = {}
    if budget is not None:
        result.budget_line = budget.mandatory_contributions
        planned = {
            (c.school_type, c.category): c for c in BudgetedContribution.objects.for_swv(swv).filter(budget=budget)
        }
    total = Decimal("0")
    for school_type in TYPES:
        for category in CATEGORIES[school_type]:
            key = (school_type.value, category)
            n1, n2 = counts1.get(key, 0), counts2.get(key, 0)
            tariff1, tariff2 = t1.get(key), t2.get(key)
            plan = planned.get(key)
            if not (n1 or n2 or plan):
                continue
            amount = None
            for year, n, tariff in ((first, n1, tariff1), (second, n2, tariff2)):
                if n and tariff is None:
                    result.missing_tariffs.append(f"{category_label(*key)} {year}")
            if (not n1 or tariff1) and (not n2 or tariff2):
                amount = calc.school_year_amount(
                    n1 * (tariff1.amount if tariff1 else 0), n2 * (tariff2.amount if tariff2 else 0)
                )
                total += amount
            line = ContributionLine(
                school_type.value,
                category,
                category_label(*key),
                n1,
                tariff1.amount if tariff1 else None,
                n2,
                tariff2.amount if tariff2 else None,
                amount,
            )
            if plan is not None:
                line.budgeted, line.budgeted_pupils = plan.amount, plan.pupils
                if amount is not None:
                    line.difference = amount - plan.amount
                line.explanation = _explain(line)
            line.hidden = audience.hides(n1) or audience.hides(n2)
            result.lines.append(line)
    _complement(result.lines, audience)
    result.computed = None if result.missing_tariffs or not result.lines else calc.money(total)
    return result


def calendar_contributions(swv, calendar_year: int, audience, *, rule: str = DEFAULT_COUNT_DATE,
                           budget=None) -> Contributions:  # fmt: skip
    """The afdrachten of ``calendar_year`` (a begroting per kalenderjaar): 7/12 January-July, the part of school
    year t-1/t, + 5/12 August-December, the part of school year t/t+1. Each part is what that school year's
    computation (:func:`contributions`) gives for these months: the count on the teldatum of ``calendar_year``
    × the tariff of ``calendar_year``."""
    day = count_date(calendar_year, rule)
    result = Contributions(calendar_year - 1, rule, day, day, calendar_year=calendar_year)
    result.shown = audience.schools is None
    counts = funded_pupils(swv, day)
    year_tariffs = tariffs(swv, calendar_year)
    planned = {}
    if budget is not None:
        result.budget_line = budget.mandatory_contributions
        planned = {
            (c.school_type, c.category): c for c in BudgetedContribution.objects.for_swv(swv).filter(budget=budget)
        }
    total = Decimal("0")
    for school_type in TYPES:
        for category in CATEGORIES[school_type]:
            key = (school_type.value, category)
            n, tariff, plan = counts.get(key, 0), year_tariffs.get(key), planned.get(key)
            if not (n or plan):
                continue
            amount = None
            if n and tariff is None:
                result.missing_tariffs.append(f"{category_label(*key)} {calendar_year}")
            else:
                yearly = n * (tariff.amount if tariff else 0)
                amount = calc.calendar_year_amount(yearly, yearly)
                total += amount
            price = tariff.amount if tariff else None
            line = ContributionLine(
                school_type.value, category, category_label(*key), n, price, n, price, amount, calendar=True
            )
            if plan is not None:
                line.budgeted, line.budgeted_pupils = plan.amount, plan.pupils
                if amount is not None:
                    line.difference = amount - plan.amount
                line.explanation = _explain(line)
            line.hidden = audience.hides(n)
            result.lines.append(line)
    _complement(result.lines, audience)
    result.computed = None if result.missing_tariffs or not result.lines else calc.money(total)
    return result


def budget_contributions(budget: Budget, audience, *, rule: str = DEFAULT_COUNT_DATE) -> Contributions:
    """The computed afdrachten for the year the begroting covers: its school year, or its calendar year."""
    if budget.period == BudgetPeriod.KALENDERJAAR:
        return calendar_contributions(budget.swv_id, budget.covered_calendar_year, audience, rule=rule, budget=budget)
    return contributions(budget.swv_id, budget.year_plan.school_year, audience, rule=rule, budget=budget)


def _complement(lines: list[ContributionLine], audience) -> None:
    """ADR 0012: when exactly one category is hidden, hide the smallest other one too (the total stays)."""
    if sum(1 for line in lines if line.hidden) != 1:
        return
    others = [line for line in lines if not line.hidden and (line.first_pupils or line.second_pupils)]
    if others and audience.suppressed:
        min(others, key=lambda line: (line.first_pupils + line.second_pupils, line.label)).hidden = True


# ------------------------------------------------------------------------------------------------ projection


@dataclass
class ProjectionLine:
    label: str
    budgeted: Decimal
    realised: Decimal | None
    projected: Decimal | None
    method: str

    @property
    def difference(self) -> Decimal | None:
        return None if self.projected is None else self.projected - self.budgeted


@dataclass
class Projection:
    budget: Budget
    school_year: int
    through: Tertiaal | None
    months: int
    lines: list[ProjectionLine]
    income: Decimal
    budget_result: Decimal
    projected_result: Decimal | None
    calendar_year: int | None = None  # a begroting per kalenderjaar: projected to 31 December

    @property
    def difference(self) -> Decimal | None:
        return None if self.projected_result is None else self.projected_result - self.budget_result

    @property
    def year_end(self) -> date:
        """The year end the projection runs to: 31 December of the calendar year, or 31 July of the school year."""
        if self.calendar_year is not None:
            return date(self.calendar_year, 12, 31)
        return date(self.school_year + 1, 7, 31)

    @property
    def year_end_label(self) -> str:
        return _("31 december") if self.calendar_year is not None else _("31 juli")

    @property
    def method(self) -> str:
        if not self.through:
            return _("Nog geen realisatie: er is niets te projecteren.")
        if self.calendar_year is not None:
            return ngettext(
                "Lineair: de realisatie t/m %(t)s (%(m)s maand van 12 van kalenderjaar %(y)s) doorgetrokken naar "
                "31 december %(y)s; de afdrachten volgens de kalenderjaarsplitsing (7/12 januari-juli + 5/12 "
                "augustus-december); de baten zoals begroot.",
                "Lineair: de realisatie t/m %(t)s (%(m)s maanden van 12 van kalenderjaar %(y)s) doorgetrokken naar "
                "31 december %(y)s; de afdrachten volgens de kalenderjaarsplitsing (7/12 januari-juli + 5/12 "
                "augustus-december); de baten zoals begroot.",
                self.months,
            ) % {"t": self.through, "m": self.months, "y": self.calendar_year}
        return ngettext(
            "Lineair: de realisatie t/m %(t)s (%(m)s maand van 12) doorgetrokken naar 31 juli %(y)s; de afdrachten "
            "volgens de kalenderjaarsplitsing (5/12 + 7/12); de baten zoals begroot.",
            "Lineair: de realisatie t/m %(t)s (%(m)s maanden van 12) doorgetrokken naar 31 juli %(y)s; de "
            "afdrachten volgens de kalenderjaarsplitsing (5/12 + 7/12); de baten zoals begroot.",
            self.months,
        ) % {"t": self.through, "m": self.months, "y": self.school_year + 1}


def projection(budget: Budget, contributions_result: Contributions | None, today: date | None = None) -> Projection:
    """The begroting's result projected to the end of its year from the realisation so far: 31 July of its school
    year, or 31 December for a begroting per kalenderjaar (months realised of 12)."""
    today = today or clock.today()
    school_year = budget.year_plan.school_year
    calendar_year = budget.covered_calendar_year
    if calendar_year is not None:
        first = Tertiaal(calendar_year, 1)

        def months_of(t):
            return calc.months_through_calendar(calendar_year, t)
    else:
        first = Tertiaal(school_year, 3)

        def months_of(t):
            return calc.months_through(school_year, t)

    current = Tertiaal.of(today)
    lines = list(
        BudgetLine.objects.for_swv(budget.swv_id).filter(budget=budget).select_related("theme").order_by("order", "pk")
    )
    realisations = BudgetRealisation.objects.for_swv(budget.swv_id).filter(line__budget=budget)
    keys = {t.key: t for t in (Tertiaal.try_parse(r.tertiaal) for r in realisations) if t is not None}
    # realisation through the last closed tertiaal (ADR 0024): a tertiaal that still runs is partial
    done = [t for t in keys.values() if t.start < current.start and months_of(t) > 0]
    through = max(done, key=lambda t: t.start) if done else None
    months = months_of(through) if through else 0
    realised: Counter = Counter()
    for r in realisations:
        t = Tertiaal.try_parse(r.tertiaal)
        if t is not None and through is not None and first.start <= t.start <= through.start:
            realised[r.line_id] += r.amount
    rows = []
    linear = _("lineair")
    for line in lines:
        label = line.label or (f"{line.theme.code}: {line.theme.title}" if line.theme else str(line))
        projected = calc.linear_projection(realised[line.pk], months) if months else None
        rows.append(ProjectionLine(label, line.amount, calc.money(realised[line.pk]), projected, linear))
    afdracht_budget = budget.mandatory_contributions
    computed = contributions_result.computed if contributions_result and contributions_result.shown else None
    rows.insert(
        0,
        ProjectionLine(
            _("Verplichte afdrachten"),
            afdracht_budget,
            None,  # afdrachten are not booked per tertiaal in Koers: no realisation to show
            computed if computed is not None else afdracht_budget,
            _("kalenderjaarsplitsing") if computed is not None else _("zoals begroot (geen berekening)"),
        ),
    )
    budget_result = budget.total - sum((r.budgeted for r in rows), Decimal("0"))
    projected_result = None
    if months:
        projected_result = budget.total - sum((r.projected or Decimal("0") for r in rows), Decimal("0"))
    return Projection(
        budget, school_year, through, months, rows, budget.total, budget_result, projected_result, calendar_year
    )


# ------------------------------------------------------------------------------------------------ dekkend netwerk


@dataclass
class ProvisionRow:
    provision: Provision
    year: ProvisionYear | None
    next_year: ProvisionYear | None
    places: int | None
    taken: int | None
    taken_display: str
    free: int | None
    planned_next: int | None
    tariff: Decimal | None
    next_tariff: Decimal | None
    next_tariff_projected: bool
    indexation: Decimal | None
    calendar_cost: Decimal | None  # the calendar year in which the school year ends: 7/12 old + 5/12 new
    calendar_year: int
    suppressed: bool = False  # the occupancy is a count under the threshold, hidden for this audience


def occupancy(swv, provision: Provision, on: date) -> int | None:
    """Pupils in a running arrangement of the provision's kind (and school) on ``on``; None without a kind."""
    if not provision.register_kind:
        return None
    rows = Arrangement.objects.for_swv(swv).filter(kind__iexact=provision.register_kind, start__lte=on)
    rows = rows.filter(Q(end__isnull=True) | Q(end__gte=on))
    if provision.provider_brin6:
        rows = rows.filter(brin6=provision.provider_brin6)
    return rows.exclude(pupil="").values("pupil").distinct().count() + rows.filter(pupil="").count()


def network(swv, audience, school_year: int | None = None, on: date | None = None) -> list[ProvisionRow]:
    """The catalogue with places, occupancy from the arrangementen register, tariff, indexation and the split."""
    on = on or clock.today()
    school_year = school_year if school_year is not None else school_year_of(on)
    years = {}
    for y in ProvisionYear.objects.for_swv(swv).filter(school_year__in=[school_year - 1, school_year, school_year + 1]):
        years[(y.provision_id, y.school_year)] = y
    rows = []
    for provision in Provision.objects.for_swv(swv).order_by("provision_type", "name", "pk"):
        this, following = years.get((provision.pk, school_year)), years.get((provision.pk, school_year + 1))
        previous = years.get((provision.pk, school_year - 1))
        taken = occupancy(swv, provision, on) if audience.schools is None else None
        if taken is None:
            taken_display = "–"
        elif audience.hides(taken):
            taken_display = _("minder dan %(n)s") % {"n": audience.threshold}
        else:
            taken_display = formatting.number(taken)
        next_tariff, projected = None, False
        if following is not None:
            next_tariff = following.tariff
        elif this is not None and this.indexation is not None:
            next_tariff, projected = calc.indexed(this.tariff, this.indexation), True
        cost = None
        if this is not None and previous is not None:
            cost = calc.calendar_year_cost(previous.places, previous.tariff, this.places, this.tariff)
        places = this.places if this else None
        rows.append(
            ProvisionRow(
                provision,
                this,
                following,
                places,
                taken if taken_display not in ("–",) and not audience.hides(taken) else None,
                taken_display,
                (places - taken) if places is not None and taken is not None and not audience.hides(taken) else None,
                (following.places if following else (this.planned_next if this else None)),
                this.tariff if this else None,
                next_tariff,
                projected,
                calc.indexation(this.tariff, next_tariff) if this is not None and next_tariff is not None else None,
                cost,
                school_year,
                taken is not None and audience.hides(taken),
            )
        )
    return rows


# ------------------------------------------------------------------------------------------------ health


@dataclass
class HealthRow:
    account: AnnualAccount
    ratios: calc.Ratios
    statuses: dict  # ratio -> (ok: bool | None, norm text)


def norms_of(swv) -> dict:
    own = HealthNorms.objects.for_swv(swv).first()

    def pick(name, default):
        value = getattr(own, name, None) if own else None
        return (value, True) if value is not None else (default, False)

    return {
        "solvency_min": pick("solvency_min", DEFAULT_SOLVENCY_MIN),
        "liquidity_min": pick("liquidity_min", None),  # None: by size, as the Inspectie does
        "resistance_min": pick("resistance_min", DEFAULT_RESISTANCE_MIN),
        "reserve_factor": pick("reserve_factor", DEFAULT_RESERVE_FACTOR),
        "reserve_minimum": pick("reserve_minimum", DEFAULT_RESERVE_MINIMUM),
    }


def liquidity_norm(income: Decimal) -> Decimal:
    """The Inspectie's signaleringswaarde by size (totale baten): small < 3 mln 1,5; middle to 12 mln 1,0; large 0,75."""
    if income < Decimal("3000000"):
        return Decimal("1.5")
    if income <= Decimal("12000000"):
        return Decimal("1.0")
    return Decimal("0.75")


def health(swv) -> list[HealthRow]:
    norms = norms_of(swv)
    rows = []
    for account in AnnualAccount.objects.for_swv(swv).order_by("year"):
        r = calc.ratios(
            fixed_assets=account.fixed_assets,
            current_assets=account.current_assets,
            equity=account.equity,
            private_equity=account.private_equity,
            provisions=account.provisions,
            short_term_debt=account.short_term_debt,
            income=account.income,
            expenses=account.expenses,
            reserve_factor=norms["reserve_factor"][0],
            reserve_minimum=norms["reserve_minimum"][0],
        )
        liquidity_min = norms["liquidity_min"][0] or liquidity_norm(account.income)
        rows.append(
            HealthRow(
                account,
                r,
                {
                    "solvency": _status(r.solvency, norms["solvency_min"][0], ">="),
                    "liquidity": _status(r.liquidity, liquidity_min, ">="),
                    "resistance": _status(r.resistance, norms["resistance_min"][0], ">="),
                    "reserve": _status(r.reserve_ratio, Decimal("1"), "<="),
                    "cash": _status(account.cash, DEFAULT_CASH_MIN, ">="),
                },
            )
        )
    return rows


def _status(value, norm, operator) -> tuple[bool | None, Decimal]:
    if value is None:
        return None, norm
    return (value >= norm if operator == ">=" else value <= norm), norm


# ------------------------------------------------------------------------------------------------ changes


@transaction.atomic
def save_tariff(swv, *, year, school_type, category, amount, source) -> Tariff:
    category = "" if school_type == FundedType.SBO else category
    tariff, _created = Tariff.objects.update_or_create(
        swv=swv, year=year, school_type=school_type, category=category, defaults={"amount": amount, "source": source}
    )
    return tariff


@transaction.atomic
def import_tariffs(swv, rows: list[dict]) -> tuple[int, int]:
    """Apply parsed tariff rows (all or nothing: the caller has refused a file with problems). (added, changed)."""
    added = changed = 0
    for row in rows:
        exists = (
            Tariff.objects.for_swv(swv)
            .filter(year=row["year"], school_type=row["school_type"], category=row["category"])
            .exists()
        )
        save_tariff(swv, **row)
        changed += exists
        added += not exists
    return added, changed


@transaction.atomic
def delete_tariff(tariff: Tariff) -> None:
    tariff.delete()


@transaction.atomic
def save_provision(swv, instance: Provision | None, **data) -> Provision:
    provision = instance or Provision(swv=swv)
    for name, value in data.items():
        setattr(provision, name, value)
    provision.full_clean()
    provision.save()
    return provision


@transaction.atomic
def save_provision_year(provision: Provision, *, school_year, **data) -> ProvisionYear:
    year, _created = ProvisionYear.objects.update_or_create(
        swv_id=provision.swv_id, provision=provision, school_year=school_year, defaults=data
    )
    return year


@transaction.atomic
def save_budgeted_contribution(budget: Budget, *, school_type, category, pupils, amount) -> BudgetedContribution:
    category = "" if school_type == FundedType.SBO else category
    row, _created = BudgetedContribution.objects.update_or_create(
        swv_id=budget.swv_id,
        budget=budget,
        school_type=school_type,
        category=category,
        defaults={"pupils": pupils, "amount": amount},
    )
    return row


@transaction.atomic
def save_annual_account(swv, instance: AnnualAccount | None, **data) -> AnnualAccount:
    account = instance or AnnualAccount(swv=swv)
    for name, value in data.items():
        setattr(account, name, value)
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def save_norms(swv, **data) -> HealthNorms:
    norms, _created = HealthNorms.objects.update_or_create(swv=swv, defaults=data)
    return norms


@transaction.atomic
def import_accounts(swv, rows: list[dict]) -> tuple[int, int]:
    """Apply parsed jaarrekeningen (all or nothing); a year that exists is replaced. (added, changed)."""
    added = changed = 0
    for row in rows:
        existing = AnnualAccount.objects.for_swv(swv).filter(year=row["year"]).first()
        save_annual_account(swv, existing, **row)
        changed += existing is not None
        added += existing is None
    return added, changed
