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

    @property
    def label(self):
        return self.name

    def compute(self, swv, on: date, *, period: str | None = None, schools=None, **params):
        """The raw value (Decimal/int/None) and, for ratios, the (numerator, denominator) pair."""
        p = period_of(period or params.pop("periode", None) or self.default_period, on)
        merged = {**self.params, **params}
        return self.func(swv, on, p, schools, **merged)

    def value(self, swv, on: date, *, public: bool = False, **params) -> Result:
        raw = self.compute(swv, on, **params)
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
            return Result(None, _("minder dan %(n)s") % {"n": settings.KOERS_SUPPRESSION_THRESHOLD}, True, None, den)
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
    if func is not None:
        REGISTRY[code] = Measure(code, name, unit, definition, func, **kwargs)
        return func

    def wrap(func):
        REGISTRY[code] = Measure(code, name, unit, definition, func, **kwargs)
        return func

    return wrap


def groups(swv, by: str):
    """label -> set of BRIN6 for a breakdown by 'bestuur', 'werkgebied' or 'school'."""
    from koers.organisations.models import School

    rows = School.objects.filter(swv=swv).values_list("brin6", "name", "bestuur__name", "werkgebied__name")
    result: dict = {}
    for brin6, name, bestuur, werkgebied in rows:
        label = {"bestuur": bestuur, "werkgebied": werkgebied, "school": f"{name} ({brin6})"}[by] or _("(onbekend)")
        result.setdefault(label, set()).add(brin6)
    return dict(sorted(result.items()))


def breakdown(measure: Measure, swv, on: date, by: str = "bestuur", *, public=False, allowed=None, **params):
    """[(label, Result)] per schoolbestuur, werkgebied or school; ``allowed`` limits to a set of BRIN6."""
    out = []
    for label, brins in groups(swv, by).items():
        if allowed is not None:
            brins = brins & set(allowed)
            if not brins:
                continue
        out.append((label, measure.value(swv, on, schools=brins, public=public, **params)))
    return out


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
