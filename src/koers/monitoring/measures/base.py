from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from koers.core.formatting import number, percentage

from .periods import period_of

REGISTRY: dict = {}


@dataclass
class Result:
    value: Decimal | None
    display: str
    suppressed: bool = False
    numerator: int | None = None
    denominator: int | None = None

    def __str__(self):
        return self.display


def _q(value, decimals):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass
class Measure:
    code: str
    name: str
    unit: str  # "%", "aantal", "weken", "per 1.000", "euro"
    definition: str
    func: Callable
    default_period: str = "schooljaar"
    decimals: int = 1
    small_count: bool = False  # the value is a count of pupils: suppressed for readers outside the bureau
    public: bool = True
    params: dict = field(default_factory=dict)
    # Optional (swv, on, period, **params) -> (schools -> raw): loads what every group needs in one go (GROUP BY
    # brin6) so that a breakdown over ~200 schools costs a few queries instead of one per group. Must give the
    # same raw value as ``func`` for every non-empty set of BRIN6.
    grouped: Callable | None = None

    @property
    def label(self):
        return self.name

    def compute(self, swv, on: date, *, period: str | None = None, schools=None, **params):
        """The raw value (Decimal/int/None) and, for ratios, the (numerator, denominator) pair."""
        p = period_of(period or params.pop("periode", None) or self.default_period, on)
        merged = {**self.params, **params}
        return self.func(swv, on, p, schools, **merged)

    def compute_groups(self, swv, on: date, groups: dict, *, period: str | None = None, **params) -> dict:
        """{label: raw value} for {label: set of BRIN6}; one grouped pass when the measure supports it."""
        p = period_of(period or params.pop("periode", None) or self.default_period, on)
        merged = {**self.params, **params}
        if self.grouped is None or not groups:
            return {label: self.func(swv, on, p, brins, **merged) for label, brins in groups.items()}
        per = self.grouped(swv, on, p, **merged)
        return {label: per(brins) for label, brins in groups.items()}

    def value(self, swv, on: date, *, public: bool = False, **params) -> Result:
        from koers.monitoring import cache

        schools = params.get("schools")
        period = params.get("period") or params.get("periode")
        rest = {k: v for k, v in params.items() if k not in ("schools", "period", "periode")}
        return cache.get_or_compute(
            self.code,
            swv.pk,
            on,
            period,
            schools,
            public,
            rest,
            lambda: self.result(self.compute(swv, on, **params), public=public),
        )

    def result(self, raw, *, public: bool = False) -> Result:
        """The Result (rounded, formatted, suppressed when ``public``) of a raw value from :meth:`compute`."""
        num = den = None
        if isinstance(raw, tuple):
            num, den = raw
            raw = (
                None
                if not den
                else Decimal(num) * 100 / Decimal(den)
                if self.unit == "%"
                else Decimal(num) * 1000 / Decimal(den)
            )
        if public and self.small_count_applies(num, raw):
            n = settings.KOERS_SUPPRESSION_THRESHOLD
            if num is not None:  # a rate: "minder dan 5" would read as a rate below 5
                return Result(None, _("afgeschermd (minder dan %(n)s leerlingen)") % {"n": n}, True, None, den)
            return Result(None, _("minder dan %(n)s") % {"n": n}, True, None, den)
        return Result(_q(raw, self.decimals if self.unit not in ("aantal",) else 0), self.format(raw), False, num, den)

    def small_count_applies(self, num, raw) -> bool:
        threshold = settings.KOERS_SUPPRESSION_THRESHOLD
        count = num if num is not None else (raw if self.small_count else None)
        return count is not None and 0 < count < threshold

    def format(self, raw) -> str:
        if raw is None:
            return "–"
        if self.unit == "%":
            return percentage(raw, self.decimals)
        if self.unit == "aantal":
            return number(raw, 0)
        if self.unit == "euro":
            return "€ " + number(raw, 0)
        if self.unit == "weken":
            return number(raw, self.decimals) + " " + _("weken")
        return number(raw, self.decimals)


def register(code, name, unit, definition, func=None, **kwargs):
    """Add a measure; a ``grouped`` attribute on ``func`` becomes the measure's grouped implementation."""

    def add(func):
        REGISTRY[code] = Measure(
            code, name, unit, definition, func, **{"grouped": getattr(func, "grouped", None), **kwargs}
        )
        return func

    return add(func) if func is not None else add


def groups(swv, by: str):
    """label -> set of BRIN6 for a breakdown by 'bestuur', 'werkgebied' or 'school'."""
    from koers.organisations.models import School

    rows = School.objects.for_swv(swv).values_list("brin6", "name", "bestuur__name", "werkgebied__name")
    result: dict = {}
    for brin6, name, bestuur, werkgebied in rows:
        label = {"bestuur": bestuur, "werkgebied": werkgebied, "school": f"{name} ({brin6})"}[by] or _("(onbekend)")
        result.setdefault(label, set()).add(brin6)
    return dict(sorted(result.items()))


def breakdown(measure: Measure, swv, on: date, by: str = "bestuur", *, public=False, allowed=None, **params):
    """[(label, Result)] per schoolbestuur, werkgebied or school; ``allowed`` limits to a set of BRIN6.

    Measures with a ``grouped`` implementation load their data once, grouped by BRIN6, and sum per group in
    Python; the others are computed per group. Either way the values equal ``measure.value(schools=...)``.
    """
    wanted = {}
    allowed = None if allowed is None else set(allowed)
    for label, brins in groups(swv, by).items():
        if allowed is not None:
            brins = brins & allowed
            if not brins:
                continue
        wanted[label] = brins
    raws = measure.compute_groups(swv, on, wanted, **params)
    return [(label, measure.result(raws[label], public=public)) for label in wanted]


def compute_all(swv, on: date, *, periods=None, public=False) -> list[dict]:
    """Every measure for ``on`` in each period kind: [{code, name, period, value, display}]."""
    rows = []
    for code, measure in REGISTRY.items():
        for kind in periods or (measure.default_period,):
            result = measure.value(swv, on, period=kind, public=public)
            rows.append(
                {
                    "code": code,
                    "name": str(measure.name),
                    "period": kind,
                    "value": result.value,
                    "display": result.display,
                }
            )
    return rows
