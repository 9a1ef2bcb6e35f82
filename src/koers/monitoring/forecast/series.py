"""Yearly histories from the registers and their forecast, as an audience may see them (ADR 0011, 0012, 0026).

- :func:`measure_forecast`: the history of one measure per school year and its trend forecast (TLV's issued and
  requested per school year, open requests at the end of the school year, participation percentages and pupil
  counts per count year);
- :func:`expected_funded_pupils`: the composition model for the pupils this SWV funds per type and category on the
  count dates of the next school years (input for the afdrachten): stock = the TLV's that still run on the count
  date (known from the register by their einddatum) + the expected new TLV's (trend) that will still run then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.audience import Audience
from koers.core.formatting import number, percentage
from koers.core.periods import school_year_bounds, school_year_label, school_year_of
from koers.monitoring import cache

from . import method

HORIZON = 2  # school years after the current one
TYPES = ("SBO", "SO", "VSO")
CATEGORIES = ("L", "M", "H", "")
CATEGORY_LABELS = {
    "L": gettext_lazy("laag"),
    "M": gettext_lazy("midden"),
    "H": gettext_lazy("hoog"),
    "": gettext_lazy("onbekend"),
}

# measure code -> how its yearly history is taken:
#   "schooljaar": the value over each complete school year (1 August - 31 July);
#   "einde": the value on the last day of each complete school year;
#   "teldatum": the value on the count date of each peiljaar (1 October of the school year).
FORECASTABLE = {
    "tlv_afgegeven": "schooljaar",
    "tlv_aangevraagd": "schooljaar",
    "tlv_open": "einde",
    "deelname_sbo": "teldatum",
    "deelname_so": "teldatum",
    "deelname_sbo_incl_so": "teldatum",
    "deelname_so_incl_so": "teldatum",
    "deelname_bo": "teldatum",
    "deelname_vso": "teldatum",
    "leerlingen_sbo": "teldatum",
    "leerlingen_so": "teldatum",
    "leerlingen_vso": "teldatum",
    "leerlingen_bo": "teldatum",
}


@dataclass
class YearValue:
    school_year: int
    label: str
    value: Decimal | None
    display: str
    suppressed: bool = False


@dataclass
class ForecastValue:
    school_year: int
    label: str
    horizon: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    display: str
    interval_display: str
    suppressed: bool = False


@dataclass
class MeasureForecast:
    code: str
    name: str
    unit: str
    kind: str
    history: list[YearValue] = field(default_factory=list)
    points: list[ForecastValue] = field(default_factory=list)
    method: str = ""
    reason: str = ""  # why there is no forecast: too little history, suppression
    suppressed: bool = False

    @property
    def available(self) -> bool:
        return bool(self.points) and not self.suppressed

    @property
    def basis(self) -> str:
        return {
            "schooljaar": _("per schooljaar (1 augustus t/m 31 juli)"),
            "einde": _("op de laatste dag van elk schooljaar (31 juli)"),
            "teldatum": _("per teldatum (1 oktober van het schooljaar)"),
        }[self.kind]


def can_forecast(measure_code: str | None) -> bool:
    return (measure_code or "") in FORECASTABLE


def _tlv_years(swv) -> set[int]:
    """School years in which the TLV register has any row (a request received or a decision taken)."""
    from koers.monitoring.models import Tlv

    qs = Tlv.objects.for_swv(swv)
    years = {school_year_of(d) for d in qs.values_list("ontvangstdatum", flat=True).distinct() if d}
    years |= {school_year_of(d) for d in qs.values_list("besluitdatum", flat=True).distinct() if d}
    return years


def _count_dates(swv) -> dict[int, date]:
    """Per school year the latest count date in it (peiljaar Y: the count of 1 October Y, school year Y-Y+1)."""
    from koers.monitoring.models import PupilCount

    days: dict[int, date] = {}
    for day in PupilCount.objects.for_swv(swv).values_list("peildatum", flat=True).distinct():
        year = school_year_of(day)
        days[year] = max(days.get(year, day), day)
    return days


def _number(measure, raw) -> float | None:
    """The plain value of a raw measure value (a count, a (numerator, denominator) pair, a Stat)."""
    from koers.monitoring.measures.base import Stat

    if isinstance(raw, Stat):
        return None if raw.value is None else float(raw.value)
    if isinstance(raw, tuple):
        num, den = raw
        if not den:
            return None
        return num * (100 if measure.unit == "%" else 1000) / den
    return None if raw is None else float(raw)


def raw_history(
    measure_code: str, swv, *, today: date | None = None, schools=None, **params
) -> list[tuple[int, object]]:
    """[(school_year, raw value)] for the complete school years (or count years) with data, oldest first.

    Remembered per data version of the SWV (:func:`koers.monitoring.cache.remember`): the dashboard shows it on
    every visit, and it counts over every year of the registers."""
    today = today or clock.today()
    return cache.remember(
        "forecast.raw_history",
        _swv_id(swv),
        (measure_code, today, _schools_key(schools), sorted((k, repr(v)) for k, v in params.items())),
        lambda: _raw_history(measure_code, swv, today=today, schools=schools, **params),
    )


def _swv_id(swv) -> int:
    return getattr(swv, "pk", swv)


def _schools_key(schools) -> str:
    return "*" if schools is None else ",".join(sorted(schools))


def _raw_history(measure_code: str, swv, *, today: date, schools=None, **params) -> list[tuple[int, object]]:
    from koers.monitoring.measures import REGISTRY

    measure = REGISTRY[measure_code]
    kind = FORECASTABLE[measure_code]
    current = school_year_of(today)
    rows = []
    if kind == "teldatum":
        for year, day in sorted(_count_dates(swv).items()):
            if day <= today:
                rows.append((year, measure.compute(swv, day, period="peildatum", schools=schools, **params)))
    else:
        for year in sorted(y for y in _tlv_years(swv) if y < current):
            end = school_year_bounds(year)[1]
            period = "schooljaar" if kind == "schooljaar" else "peildatum"
            rows.append((year, measure.compute(swv, end, period=period, schools=schools, **params)))
    return rows


def _fmt(unit: str, value: float | None, decimals: int) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return percentage(Decimal(str(value)), decimals)
    if unit == "aantal":
        return number(Decimal(str(value)), 0)
    return number(Decimal(str(value)), decimals)


def _dec(value: float, unit: str, decimals: int) -> Decimal:
    return Decimal(str(round(value, 0 if unit == "aantal" else decimals)))


def measure_forecast(
    measure_code: str, audience: Audience, *, today: date | None = None, horizon: int = HORIZON, **params
) -> MeasureForecast:
    """The history and forecast of one measure for ``audience``: its schools only, small counts suppressed.

    Any history value that is suppressed for the audience suppresses the whole forecast: the trend line and the
    shown years would give the hidden value back. A forecast count between 1 and the threshold is suppressed too.
    """
    from koers.monitoring.measures import REGISTRY

    if not isinstance(audience, Audience):
        raise TypeError(f"measure_forecast needs an Audience, not {audience!r}")
    measure = REGISTRY[measure_code]
    kind = FORECASTABLE[measure_code]
    today = today or clock.today()
    params = {k: v for k, v in params.items() if k != "periode"}
    schools = audience.limit_schools(None)
    swv = audience.swv or audience.swv_id
    out = MeasureForecast(measure_code, str(measure.name), measure.unit, kind)
    history = []
    for year, raw in raw_history(measure_code, swv, today=today, schools=schools, **params):
        result = measure.result(raw, audience)
        value = _number(measure, raw)
        out.history.append(YearValue(year, school_year_label(year), result.value, result.display, result.suppressed))
        if result.suppressed:
            out.suppressed = True
        if value is not None:
            history.append((year, value))
    if out.suppressed:
        out.reason = _("afgeschermd: de historie bevat aantallen onder de afschermgrens (minder dan %(n)s)") % {
            "n": audience.threshold
        }
        return out
    until = school_year_of(today) + horizon
    upper = 100.0 if measure.unit == "%" else None
    try:
        trend, points = method.forecast(history, until, upper=upper)
    except method.TooLittleHistory as exc:
        out.reason = str(exc)
        return out
    out.method = method.method_text(trend)
    decimals = measure.decimals
    for p in points:
        shown = round(p.value)
        hidden = measure.small_count and audience.hides(shown)
        if hidden:
            out.points.append(
                ForecastValue(
                    p.school_year,
                    school_year_label(p.school_year),
                    p.horizon,
                    None,
                    None,
                    None,
                    _("minder dan %(n)s") % {"n": audience.threshold},
                    "",
                    True,
                )
            )
            continue
        out.points.append(
            ForecastValue(
                p.school_year,
                school_year_label(p.school_year),
                p.horizon,
                _dec(p.value, measure.unit, decimals),
                _dec(p.low, measure.unit, decimals),
                _dec(p.high, measure.unit, decimals),
                _fmt(measure.unit, p.value, decimals),
                _("%(low)s tot %(high)s")
                % {
                    "low": _fmt(measure.unit, p.low, decimals),
                    "high": _fmt(measure.unit, p.high, decimals),
                },
            )
        )
    return out


# --- The composition model: funded pupils on the count dates of the next school years -------------------------


def count_date(school_year: int) -> date:
    """The count date of a school year for the funding of SBO and (V)SO: 1 February (since 2023)."""
    return date(school_year + 1, 2, 1)


@dataclass(frozen=True)
class TlvRow:
    voorziening: str
    category: str
    besluitdatum: date
    start: date
    einddatum: date | None

    def active(self, day: date) -> bool:
        return self.start <= day and (self.einddatum is None or self.einddatum >= day)


def tlv_rows(swv, schools=None) -> list[TlvRow]:
    """The issued TLV's for SBO, SO and VSO (start: ingangsdatum, or besluitdatum when it is missing)."""
    from koers.monitoring.models import Tlv

    qs = Tlv.objects.for_swv(swv).filter(besluit="afgegeven", besluitdatum__isnull=False, voorziening__in=TYPES)
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    rows = qs.order_by("pk").values_list(
        "voorziening", "bekostigingscategorie", "besluitdatum", "ingangsdatum", "einddatum"
    )
    return [TlvRow(v, c or "", b, i or b, e) for v, c, b, i, e in rows]


@dataclass
class FundedPupils:
    """Expected funded pupils of one type and category on the count date of one school year."""

    school_year: int
    count_date: date
    school_type: str
    category: str
    known: int  # TLV's issued up to today that still run on the count date
    expiring: int  # TLV's running on the previous count date that end before this one
    new: float | None  # expected new TLV's (issued after today) still running on the count date
    expected: float | None
    low: float | None
    high: float | None
    reason: str = ""


def _survival(rows: list[TlvRow], today: date) -> dict[int, float]:
    """Share of the TLV's issued in a school year that run on the count date ``lag`` school years later."""
    current = school_year_of(today)
    shares: dict[int, float] = {}
    for lag in range(HORIZON + 2):
        issued = running = 0
        for r in rows:
            s = school_year_of(r.besluitdatum)
            day = count_date(s + lag)
            if s >= current or day > today:
                continue
            issued += 1
            running += r.active(day)
        if issued:
            shares[lag] = running / issued
        elif lag and lag - 1 in shares:
            shares[lag] = shares[lag - 1]
    return shares


def issued_history(rows: list[TlvRow], school_type: str, today: date, years: set[int]) -> list[tuple[int, float]]:
    """[(school_year, TLV's issued)] of one type over the complete school years in ``years``."""
    current = school_year_of(today)
    per = dict.fromkeys((y for y in years if y < current), 0)
    for r in rows:
        y = school_year_of(r.besluitdatum)
        if r.voorziening == school_type and y in per:
            per[y] += 1
    return sorted(per.items())


def expected_funded_pupils(
    swv, *, today: date | None = None, horizon: int = HORIZON, schools=None
) -> list[FundedPupils]:
    """Per school year ahead (whose count date lies after today), type and category: the expected funded pupils.

    Koers' own computation, not shown as it is: :func:`.display.funded_rows` applies an audience. The finance app
    multiplies ``expected`` (and ``low``/``high``) by the tariff of the year and category. Remembered per data
    version of the SWV, like :func:`raw_history`.
    """
    today = today or clock.today()
    return cache.remember(
        "forecast.expected_funded_pupils",
        _swv_id(swv),
        (today, horizon, _schools_key(schools)),
        lambda: _expected_funded_pupils(swv, today=today, horizon=horizon, schools=schools),
    )


def _expected_funded_pupils(swv, *, today: date, horizon: int, schools=None) -> list[FundedPupils]:
    rows = tlv_rows(swv, schools)
    current = school_year_of(today)
    years = _tlv_years(swv)
    targets = [y for y in range(current, current + horizon + 1) if count_date(y) > today][:horizon]
    if not targets:
        return []
    survival = _survival(rows, today)
    recent = [r for r in rows if current - 3 <= school_year_of(r.besluitdatum) < current]
    out = []
    for school_type in TYPES:
        history = issued_history(rows, school_type, today, years)
        try:
            _trend, points = method.forecast(history, max(targets))
            by_year = {p.school_year: p for p in points}
            reason = ""
        except method.TooLittleHistory as exc:
            by_year, reason = {}, str(exc)
        of_type = [r for r in recent if r.voorziening == school_type]
        shares = {
            c: (sum(1 for r in of_type if r.category == c) / len(of_type) if of_type else 0.0) for c in CATEGORIES
        }
        if not of_type:
            shares[""] = 1.0
        issued_now = sum(1 for r in rows if r.voorziening == school_type and school_year_of(r.besluitdatum) == current)
        for target in targets:
            day = count_date(target)
            previous = count_date(target - 1)
            for category in CATEGORIES:
                mine = [r for r in rows if r.voorziening == school_type and r.category == category]
                known = sum(1 for r in mine if r.besluitdatum <= today and r.active(day))
                expiring = sum(1 for r in mine if r.besluitdatum <= today and r.active(previous) and not r.active(day))
                new = low = high = None
                if by_year or not reason:
                    new = low = high = 0.0
                    for s in range(current, target + 1):
                        point = by_year.get(s)
                        if point is None:
                            continue
                        done = issued_now if s == current else 0  # already in the register (and in ``known``)
                        p = survival.get(target - s, 0.0) * shares[category]
                        new += max(0.0, point.value - done) * p
                        low += max(0.0, point.low - done) * p
                        high += max(0.0, point.high - done) * p
                if category == "" and not known and not expiring and not new:
                    continue  # no TLV's without a category: no row "onbekend"
                out.append(
                    FundedPupils(
                        target,
                        day,
                        school_type,
                        category,
                        known,
                        expiring,
                        new,
                        None if new is None else known + new,
                        None if low is None else known + low,
                        None if high is None else known + high,
                        reason,
                    )
                )
    return out
