"""The afdrachten of the coming school years in euros: expected funded pupils × the tariffs, with a low/high range.

Per school year s (the current one and the next ``HORIZON``) the rule of :func:`koers.finance.services.contributions`
holds: 5/12 of calendar year s (August-December: pupils on its teldatum × tariff s) + 7/12 of calendar year s+1
(January-July). A teldatum that has passed gives the counted pupils (:func:`services.funded_pupils`, no range); a
teldatum still ahead gives ``expected_funded_pupils`` of :mod:`koers.monitoring.forecast` (ADR 0026) with its 95%
interval. A tariff not yet entered is the last known tariff of that kind and category, indexed per year by the
change between its last two known years (0% when only one year is known); the indexation is stated. The norm is the
begroting of that school year (a begroting per kalenderjaar: 5/12 + 7/12 of the two calendar-year begrotingen).

``forecast(swv, audience)`` is Koers' computation for one audience; ``plain(result)`` gives the plain values
(labels, values, low, high, norm, texts) that the board pack stores and that a slide can be made from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.core import clock, formatting
from koers.core.periods import school_year_label, school_year_of
from koers.finance import calculations as calc
from koers.finance import services
from koers.finance.models import Tariff
from koers.monitoring.forecast.series import expected_funded_pupils
from koers.plans.models import Budget, BudgetPeriod

HORIZON = 2  # school years after the current one


@dataclass
class TariffUsed:
    key: tuple[str, str]
    year: int
    amount: Decimal
    from_year: int  # the year of the tariff it comes from (== year: entered)
    percentage: Decimal  # indexation per year applied (0 when entered)

    @property
    def indexed(self) -> bool:
        return self.from_year != self.year

    @property
    def note(self) -> str:
        return _("%(c)s %(y)s: tarief %(f)s geïndexeerd met %(p)s per jaar (%(a)s)") % {
            "c": services.category_label(*self.key),
            "y": self.year,
            "f": self.from_year,
            "p": formatting.percentage(self.percentage, 2),
            "a": formatting.money(self.amount),
        }


@dataclass
class TypeAmount:
    school_type: str
    expected: Decimal | None
    low: Decimal | None
    high: Decimal | None
    pupils: float  # expected pupils (school-year average), for the suppression only
    hidden: bool = False


@dataclass
class ForecastYear:
    school_year: int
    label: str
    expected: Decimal | None
    low: Decimal | None
    high: Decimal | None
    norm: Decimal | None
    norm_source: str
    counted: bool  # both teldatums have passed: computed from the register, no range
    types: list[TypeAmount] = field(default_factory=list)
    reason: str = ""

    @property
    def range_display(self) -> str:
        if self.expected is None or self.counted:
            return "–"
        return _("%(low)s tot %(high)s") % {"low": formatting.money(self.low), "high": formatting.money(self.high)}


@dataclass
class AfdrachtenForecast:
    years: list[ForecastYear]
    tariffs: list[TariffUsed]
    shown: bool
    today: date

    @property
    def indexations(self) -> list[str]:
        return [t.note for t in self.tariffs if t.indexed]

    @property
    def method(self) -> str:
        text = _(
            "Per schooljaar 5/12 van het eerste kalenderjaar (augustus-december) + 7/12 van het tweede (januari-juli): "
            "leerlingen met een TLV op de teldatum 1 februari van het jaar ervoor × het tarief van het kalenderjaar. "
            "Een verstreken teldatum telt de leerlingen uit het TLV-register; een komende teldatum neemt de "
            "verwachte leerlingen (trend en einddatums, ADR 0026) met hun voorspellingsinterval van 95%; de "
            "bandbreedte telt de onder- en bovengrenzen per soort en categorie op. Een tarief dat nog niet bekend "
            "is: het laatst bekende tarief, geïndexeerd met de stijging tussen de laatste twee bekende jaren (0% als "
            "er één jaar bekend is). Zonder categorie: het tarief laag. Norm: de verplichte afdrachten in de "
            "begroting van dat schooljaar."
        )
        if self.indexations:
            text += " " + _("Indexering: %(list)s.") % {"list": "; ".join(self.indexations)}
        return text


class _Tariffs:
    """Tariffs per (kind, category) and year; a year not entered is indexed from the last one known."""

    def __init__(self, swv):
        self.known: dict[tuple[str, str], dict[int, Decimal]] = {}
        for t in Tariff.objects.for_swv(swv).order_by("year", "pk"):
            self.known.setdefault((t.school_type, t.category), {})[t.year] = t.amount
        self.used: dict[tuple[tuple[str, str], int], TariffUsed] = {}

    def get(self, key: tuple[str, str], year: int) -> Decimal | None:
        if (key, year) in self.used:
            return self.used[(key, year)].amount
        years = self.known.get(key, {})
        if year in years:
            used = TariffUsed(key, year, years[year], year, Decimal("0"))
        else:
            before = sorted(y for y in years if y < year)
            if not before:
                return None
            last = before[-1]
            percentage = Decimal("0")
            if len(before) > 1 and before[-2] == last - 1:
                percentage = calc.indexation(years[before[-2]], years[last]) or Decimal("0")
            amount = years[last]
            for _step in range(year - last):
                amount = calc.indexed(amount, percentage)
            used = TariffUsed(key, year, amount, last, percentage)
        self.used[(key, year)] = used
        return used.amount


def _tariff_key(school_type: str, category: str) -> tuple[str, str]:
    if school_type == "SBO":
        return ("SBO", "")
    return (school_type, category or "L")  # without a category: the tariff laag (stated in the method)


def _norms(swv) -> dict[int, tuple[Decimal, str]]:
    """The begroting's afdrachten per school year: a school-year begroting as it is; calendar-year begrotingen
    as 5/12 of the first + 7/12 of the second."""
    school: dict[int, Decimal] = {}
    calendar: dict[int, Decimal] = {}
    budgets = Budget.objects.for_swv(swv).select_related("year_plan").order_by("pk")
    for budget in budgets:
        if budget.period == BudgetPeriod.KALENDERJAAR:
            calendar[budget.covered_calendar_year] = budget.mandatory_contributions
        else:
            school[budget.year_plan.school_year] = budget.mandatory_contributions
    out = {y: (amount, _("begroting %(y)s") % {"y": school_year_label(y)}) for y, amount in school.items()}
    for y in calendar:
        if y not in out and y + 1 in calendar:
            out[y] = (
                calc.school_year_amount(calendar[y], calendar[y + 1]),
                _("begrotingen %(a)s en %(b)s (5/12 + 7/12)") % {"a": y, "b": y + 1},
            )
    return out


def forecast(swv, audience, *, today: date | None = None, horizon: int = HORIZON) -> AfdrachtenForecast:
    """The afdrachten of the current school year and the next ``horizon`` ones, with range and norm."""
    today = today or clock.today()
    current = school_year_of(today)
    years = list(range(current, current + horizon + 1))
    shown = audience.schools is None
    result = AfdrachtenForecast([], [], shown, today)
    if not shown:
        return result
    swv_id = getattr(swv, "pk", swv)
    tariffs = _Tariffs(swv_id)
    expected = {}  # count date -> {(type, category): (expected, low, high)} from the forecast
    for row in expected_funded_pupils(swv_id, today=today, horizon=horizon + 1):
        if row.expected is None:
            expected.setdefault(row.count_date, None)
            continue
        per = expected.setdefault(row.count_date, {})
        if per is None:
            continue
        key = (row.school_type, row.category)
        e, lo, hi = per.get(key, (0.0, 0.0, 0.0))
        per[key] = (e + row.expected, lo + row.low, hi + row.high)
    norms = _norms(swv_id)

    def counts_on(day: date):
        """{(type, category): (expected, low, high)}, whether counted, or None when there is no forecast."""
        if day <= today:
            return {key: (n, n, n) for key, n in services.funded_pupils(swv_id, day).items()}, True
        return expected.get(day), False

    for s in years:
        parts = []  # (weight, calendar year, counts)
        counted = True
        reason = ""
        for weight, calendar_year in ((calc.AUG_DEC, s), (calc.JAN_JUL, s + 1)):
            day = services.count_date(calendar_year)  # 1 February of the year before (forecast: s - 2)
            counts, was_counted = counts_on(day)
            counted = counted and was_counted
            if counts is None:
                reason = _("Geen verwachting voor de teldatum %(d)s (te weinig historie of te ver vooruit).") % {
                    "d": formatting.dutch_date(day)
                }
                break
            parts.append((weight, calendar_year, counts))
        norm, norm_source = norms.get(s, (None, ""))
        year = ForecastYear(s, school_year_label(s), None, None, None, norm, norm_source, counted, reason=reason)
        if not reason:
            per_type: dict[str, list] = {}
            missing = []
            for weight, calendar_year, counts in parts:
                for (school_type, category), (e, lo, hi) in sorted(counts.items()):
                    key = _tariff_key(school_type, category)
                    tariff = tariffs.get(key, calendar_year)
                    if tariff is None:
                        if e:
                            missing.append(f"{services.category_label(*key)} {calendar_year}")
                        continue
                    acc = per_type.setdefault(school_type, [Decimal(0), Decimal(0), Decimal(0), 0.0])
                    for i, n in enumerate((e, lo, hi)):
                        acc[i] += weight * Decimal(str(n)) * tariff
                    acc[3] += float(weight) * e
            if missing:
                year.reason = _("Tarief ontbreekt: %(list)s.") % {"list": ", ".join(sorted(set(missing)))}
            else:
                for school_type in services.TYPES:
                    if school_type.value in per_type:
                        e, lo, hi, pupils = per_type[school_type.value]
                        year.types.append(
                            TypeAmount(school_type.value, calc.money(e), calc.money(lo), calc.money(hi), pupils)
                        )
                year.expected = calc.money(sum((t.expected for t in year.types), Decimal(0)))
                year.low = calc.money(sum((t.low for t in year.types), Decimal(0)))
                year.high = calc.money(sum((t.high for t in year.types), Decimal(0)))
                _suppress(year.types, audience)
        result.years.append(year)
    result.tariffs = sorted(tariffs.used.values(), key=lambda t: (t.year, t.key))
    return result


def _suppress(types: list[TypeAmount], audience) -> None:
    """ADR 0012: an amount per kind gives its pupils away; under the threshold it is hidden, and when exactly one
    is hidden the smallest other one too (the total of the year stays: it is the SWV's whole afdracht)."""
    for t in types:
        t.hidden = audience.hides(round(t.pupils))
    if sum(t.hidden for t in types) == 1 and audience.suppressed:
        others = [t for t in types if not t.hidden]
        if others:
            min(others, key=lambda t: (t.pupils, t.school_type)).hidden = True


# ------------------------------------------------------------------------------------------------ plain values


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def plain(result: AfdrachtenForecast) -> dict:
    """Plain values for the board pack (frozen with a report), the API and a slide: parallel lists per year."""
    years = result.years
    return {
        "shown": result.shown,
        "labels": [y.label for y in years],
        "values": [_text(y.expected) for y in years],
        "low": [_text(y.low) for y in years],
        "high": [_text(y.high) for y in years],
        "norm": [_text(y.norm) for y in years],
        "rows": [
            {
                "label": y.label,
                "kind": _("berekend") if y.counted else _("verwacht"),
                "display": formatting.money(y.expected) if y.expected is not None else (y.reason or "–"),
                "range_display": y.range_display,
                "norm_display": formatting.money(y.norm) if y.norm is not None else "–",
                "norm_source": y.norm_source,
                "difference_display": formatting.money(y.expected - y.norm)
                if y.expected is not None and y.norm is not None
                else "–",
            }
            for y in years
        ],
        "method": result.method,
        "title": _("Verwachte verplichte afdrachten"),
    }


# ------------------------------------------------------------------------------------------------ chart

FONT = "DejaVu Sans, sans-serif"
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 480, 220, 92, 16, 30, 40


def axis_ticks(highest: Decimal, *, count: int = 4) -> list[Decimal]:
    """Round values for the y-axis from 0 up to at least ``highest``: a step of 1, 2, 2.5 or 5 × a power of ten,
    about ``count`` steps, so that the labels read as round amounts (EUR 2.000.000, not EUR 3.555.561)."""
    highest = max(Decimal(highest), Decimal(1))
    raw = highest / count
    power = Decimal(10) ** (len(str(int(raw))) - 1)
    step = next(
        m * power for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * power >= raw
    )
    steps = math.ceil(highest * Decimal("1.04") / step)  # with room above the highest dot or bar
    return [step * i for i in range(steps + 1)]


def chart_svg(data: dict, *, ident: str = "afdr") -> SafeString:
    """Server-side SVG from :func:`plain`: per school year the expected afdrachten (dot) with its range (bar) and
    the begroting as the norm (dashed red). Every text goes through ``escape``; the table gives the same figures."""
    labels = data.get("labels") or []
    values = [None if v is None else Decimal(v) for v in data.get("values") or []]
    lows = [None if v is None else Decimal(v) for v in data.get("low") or []]
    highs = [None if v is None else Decimal(v) for v in data.get("high") or []]
    norms = [None if v is None else Decimal(v) for v in data.get("norm") or []]
    title = data.get("title") or _("Verwachte verplichte afdrachten")
    desc_parts = []
    for i, label in enumerate(labels):
        part = f"{label}: " + (formatting.money(values[i]) if values[i] is not None else _("geen verwachting"))
        if values[i] is not None and lows[i] != highs[i]:
            part += " (" + _("%(low)s tot %(high)s") % {"low": formatting.money(lows[i]),
                                                       "high": formatting.money(highs[i])} + ")"  # fmt: skip
        if norms[i] is not None:
            part += ", " + _("begroot %(n)s") % {"n": formatting.money(norms[i])}
        desc_parts.append(part)
    desc = "; ".join(desc_parts) or _("Nog geen gegevens.")
    ident = escape(ident)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'font-family="{FONT}" class="finance-chart afdrachten-forecast" aria-labelledby="fa-t{ident} fa-d{ident}">'
        f'<title id="fa-t{ident}">{escape(title)}</title><desc id="fa-d{ident}">{escape(desc)}</desc>',
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="#101828">{escape(title)}</text>',
    ]
    shown = [v for v in values + lows + highs + norms if v is not None]
    if not labels or not shown:
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()
    bottom = Decimal(0)
    ticks = axis_ticks(max(shown))
    top = ticks[-1]
    step = (W - PAD_L - PAD_R) / len(labels)

    def x(i):
        return PAD_L + step * (i + 0.5)

    def y(value):
        return PAD_T + (H - PAD_T - PAD_B) * float((top - Decimal(value)) / (top - bottom))

    for value in ticks:
        parts.append(
            f'<line x1="{PAD_L}" y1="{y(value):.1f}" x2="{W - PAD_R}" y2="{y(value):.1f}" stroke="#d0d5dd"/>'
            f'<text x="{PAD_L - 6}" y="{y(value) + 4:.1f}" font-size="10" text-anchor="end" fill="#475467">'
            f"{escape(formatting.money(calc.money(value).quantize(Decimal(1))))}</text>"
        )
    for i, label in enumerate(labels):
        cx = x(i)
        if norms[i] is not None:
            parts.append(
                f'<line x1="{cx - step * 0.35:.1f}" y1="{y(norms[i]):.1f}" x2="{cx + step * 0.35:.1f}" '
                f'y2="{y(norms[i]):.1f}" stroke="#b42318" stroke-width="2" stroke-dasharray="5 3"/>'
            )
        if values[i] is not None:
            if lows[i] is not None and highs[i] is not None and lows[i] != highs[i]:
                parts.append(
                    f'<rect x="{cx - 9:.1f}" y="{y(highs[i]):.1f}" width="18" '
                    f'height="{max(1.0, y(lows[i]) - y(highs[i])):.1f}" fill="#b3d4f0" stroke="#0b4f8a"/>'
                )
            parts.append(f'<circle cx="{cx:.1f}" cy="{y(values[i]):.1f}" r="4.5" fill="#0b4f8a"/>')
        parts.append(
            f'<text x="{cx:.1f}" y="{H - PAD_B + 16}" font-size="11" text-anchor="middle" fill="#344054">'
            f"{escape(label)}</text>"
        )
    legend_y = H - 6
    parts.append(
        f'<circle cx="{PAD_L}" cy="{legend_y - 4}" r="4" fill="#0b4f8a"/>'
        f'<text x="{PAD_L + 8}" y="{legend_y}" font-size="10" fill="#344054">{escape(_("berekend of verwacht"))}</text>'
        f'<rect x="{PAD_L + 124}" y="{legend_y - 9}" width="10" height="10" fill="#b3d4f0" stroke="#0b4f8a"/>'
        f'<text x="{PAD_L + 138}" y="{legend_y}" font-size="10" fill="#344054">{escape(_("interval 95%"))}</text>'
        f'<line x1="{PAD_L + 212}" y1="{legend_y - 4}" x2="{PAD_L + 232}" y2="{legend_y - 4}" stroke="#b42318" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{PAD_L + 236}" y="{legend_y}" font-size="10" fill="#344054">{escape(_("begroting (norm)"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def section(swv, audience, *, today: date | None = None) -> dict:
    """The Geld page's section: the plain values, the chart and the rows of the table alternative."""
    result = forecast(swv, audience, today=today)
    data = plain(result)
    return {"result": result, "data": data, "svg": chart_svg(data) if result.years else ""}
