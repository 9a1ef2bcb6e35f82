from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from koers.core.audience import Audience
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
    # Why there is no value, when there is none for a reason (suppression): shown in the API next to null.
    reason: str = ""

    def __str__(self):
        return self.display


@dataclass(frozen=True)
class Stat:
    """A statistic (a doorlooptijd median, an average) and the number of cases it is computed over."""

    value: Decimal | None
    n: int


@dataclass(frozen=True)
class SourceSuppressed:
    """A raw value the source (DUO: -1 or "<5") published as suppressed: no number, never 0 and never guessed."""


def raw_value(raw):
    """The number in a raw value (the value of a :class:`Stat`), for comparisons with a reference computation."""
    return raw.value if isinstance(raw, Stat) else raw


def _q(value, decimals):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def suppressed_count(audience) -> Result:
    n = audience.threshold
    return Result(None, _("minder dan %(n)s") % {"n": n}, True, reason=_("afgeschermd: minder dan %(n)s") % {"n": n})


def suppressed_rate(audience, denominator=None) -> Result:
    n = audience.threshold
    text = _("afgeschermd (minder dan %(n)s leerlingen)") % {"n": n}
    return Result(None, text, True, None, denominator, reason=text)


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
    # The value is about pupils (a count, a rate over pupils, a statistic over their cases): small numbers are
    # suppressed. False for the measures about the plan itself (activities, indicators).
    pupils: bool = True
    # Optional (swv, on, period, **params) -> (schools -> raw): loads what every group needs in one go (GROUP BY
    # brin6) so that a breakdown over ~200 schools costs a few queries instead of one per group. Must give the
    # same raw value as ``func`` for every non-empty set of BRIN6.
    grouped: Callable | None = None

    def __post_init__(self):
        if self.unit == "aantal" and self.pupils:
            self.small_count = True  # every count of pupils (or of their TLV's, arrangements, cases) is one

    @property
    def label(self):
        return self.name

    def compute(self, swv, on: date, *, period: str | None = None, schools=None, **params):
        """The raw value: a number, a (numerator, denominator) pair for ratios, or a :class:`Stat`.

        Koers' own computation over all rows of one SWV, never shown as it is: :meth:`value` applies the audience.
        """
        p = period_of(period or params.pop("periode", None) or self.default_period, on)
        duo_code = params.pop("duo_code", None)
        if duo_code:  # one DUO code of a combined bureau: the schools of its sector (ADR 0014)
            schools = schools_of_duo_code(swv, duo_code, schools)
        merged = {**self.params, **params}
        return self.func(swv, on, p, schools, **merged)

    def compute_groups(self, swv, on: date, groups: dict, *, period: str | None = None, **params) -> dict:
        """{label: raw value} for {label: set of BRIN6}; one grouped pass when the measure supports it."""
        p = period_of(period or params.pop("periode", None) or self.default_period, on)
        duo_code = params.pop("duo_code", None)
        if duo_code:  # ADR 0014: each group within the schools of that DUO code's sector
            sector = schools_of_duo_code(swv, duo_code)
            groups = {label: set(brins) & sector for label, brins in groups.items()}
        merged = {**self.params, **params}
        if self.grouped is None or not groups:
            return {label: self.func(swv, on, p, brins, **merged) for label, brins in groups.items()}
        per = self.grouped(swv, on, p, **merged)
        return {label: per(brins) for label, brins in groups.items()}

    def cache_key(self, audience: Audience, on: date, *, schools=None, period=None, **params) -> str | None:
        """The cache key :meth:`value` uses for the same arguments (None when this measure is not cached), so that a
        page can read many values at once (:func:`koers.monitoring.cache.preload`)."""
        from koers.monitoring import cache

        if not cache.cacheable(self.code):
            return None
        schools = audience.limit_schools(schools)
        period = period or params.pop("periode", None)
        return cache.key(self.code, audience.swv_id, on, period, schools, audience.suppressed, params)

    def value(self, audience: Audience, on: date, *, schools=None, period=None, **params) -> Result:
        """The value ``audience`` may see: its schools only, small counts suppressed where it must."""
        from koers.monitoring import cache

        if not isinstance(audience, Audience):
            raise TypeError(f"Measure.value needs an Audience, not {audience!r}")
        schools = audience.limit_schools(schools)
        period = period or params.pop("periode", None)
        return cache.get_or_compute(
            self.code,
            audience,
            on,
            period,
            schools,
            params,
            lambda: self.result(
                self.compute(audience.swv or audience.swv_id, on, period=period, schools=schools, **params), audience
            ),
        )

    def result(self, raw, audience: Audience) -> Result:
        """The Result (rounded, formatted, suppressed for ``audience``) of a raw value from :meth:`compute`."""
        num = den = None
        if not self.pupils:
            audience = None  # about the plan, not about pupils: nothing to suppress
        if isinstance(raw, SourceSuppressed):
            text = _("afgeschermd door DUO (minder dan 5)")
            return Result(None, text, True, reason=text)
        if isinstance(raw, Stat):
            if audience is not None and audience.hides(raw.n):  # a median over 3 cases says too much about those 3
                return suppressed_rate(audience)
            raw = raw.value
        elif isinstance(raw, tuple):
            num, den = raw
            raw = (
                None
                if not den
                else Decimal(num) * 100 / Decimal(den)
                if self.unit == "%"
                else Decimal(num) * 1000 / Decimal(den)
            )
        if (
            num is not None and audience is not None and audience.hides(num)
        ):  # a rate: "minder dan 5" would read as a rate below 5
            return suppressed_rate(audience, den)
        if num is None and self.small_count and raw is not None and audience is not None and audience.hides(raw):
            return suppressed_count(audience)
        return Result(_q(raw, self.decimals if self.unit not in ("aantal",) else 0), self.format(raw), False, num, den)

    def hidden_size(self, raw):
        """The pupil count that decides suppression of a raw value (None: not a pupil count)."""
        if not self.pupils or isinstance(raw, SourceSuppressed):
            return None
        if isinstance(raw, Stat):
            return raw.n
        if isinstance(raw, tuple):
            return raw[0]
        return raw if self.small_count else None

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
        if self.unit == "dagen":
            return number(raw, self.decimals) + " " + _("dagen")
        return number(raw, self.decimals)


def register(code, name, unit, definition, func=None, **kwargs):
    """Add a measure; a ``grouped`` attribute on ``func`` becomes the measure's grouped implementation."""

    def add(func):
        REGISTRY[code] = Measure(
            code, name, unit, definition, func, **{"grouped": getattr(func, "grouped", None), **kwargs}
        )
        return func

    return add(func) if func is not None else add


SECTOR_TYPES = {"PO": ("BO", "SBO", "SO"), "VO": ("VO", "PRO", "VSO")}


def schools_of_duo_code(swv, duo_code: str, schools=None) -> set:
    """The BRIN6 of the schools behind one DUO code of a bureau that serves a PO and a VO SWV (ADR 0014): its
    sector's school types (PO: BO, SBO, SO; VO: VO, PrO, VSO), within ``schools`` when given."""
    from koers.core.normalise import normalise_swv_code
    from koers.organisations.models import School, Swv, SwvCode

    code = normalise_swv_code(duo_code)
    swv_id = getattr(swv, "pk", swv)
    if not (
        Swv.objects.filter(pk=swv_id, code=code).exists() or SwvCode.objects.filter(swv_id=swv_id, code=code).exists()
    ):
        raise ValueError(f"{code} is geen DUO-code van dit samenwerkingsverband")
    found = set(
        School.objects.for_swv(swv_id).filter(school_type__in=SECTOR_TYPES[code[:2]]).values_list("brin6", flat=True)
    )
    return found if schools is None else found & set(schools)


def groups(swv, by: str):
    """label -> set of BRIN6 for a breakdown by 'bestuur', 'werkgebied' or 'school'."""
    from koers.organisations.models import School

    rows = School.objects.for_swv(swv).values_list("brin6", "name", "bestuur__name", "werkgebied__name")
    result: dict = {}
    for brin6, name, bestuur, werkgebied in rows:
        label = {"bestuur": bestuur, "werkgebied": werkgebied, "school": f"{name} ({brin6})"}[by] or _("(onbekend)")
        result.setdefault(label, set()).add(brin6)
    return dict(sorted(result.items()))


def breakdown(measure: Measure, audience: Audience, on: date, by: str = "bestuur", **params):
    """[(label, Result)] per schoolbestuur, werkgebied or school that ``audience`` may see.

    Measures with a ``grouped`` implementation load their data once, grouped by BRIN6, and sum per group in
    Python; the others are computed per group. Either way the values equal ``measure.value(schools=...)``.

    Complementary suppression (ADR 0011): the total is shown beside the parts, so when exactly one part is
    suppressed, the smallest other non-zero part is suppressed too; otherwise the total minus the shown parts
    would give the hidden count back.
    """
    if not isinstance(audience, Audience):
        raise TypeError(f"breakdown needs an Audience, not {audience!r}")
    wanted = {}
    for label, brins in groups(audience.swv_id, by).items():
        if audience.schools is not None:
            brins = brins & audience.schools
            if not brins:
                continue
        wanted[label] = brins
    raws = measure.compute_groups(audience.swv or audience.swv_id, on, wanted, **params)
    results = {label: measure.result(raws[label], audience) for label in wanted}
    hidden = [label for label, r in results.items() if r.suppressed]
    if len(hidden) == 1:
        sizes = [
            (measure.hidden_size(raws[label]), label)
            for label, r in results.items()
            if not r.suppressed and measure.hidden_size(raws[label])
        ]
        if sizes:
            _size, label = min(sizes)
            kept = results[label]
            results[label] = (
                suppressed_rate(audience, kept.denominator)
                if kept.numerator is not None or isinstance(raws[label], Stat)
                else suppressed_count(audience)
            )
    return [(label, results[label]) for label in wanted]


def compute_all(audience: Audience, on: date, *, periods=None) -> list[dict]:
    """Every measure for ``on`` in each period kind: [{code, name, period, value, display}]."""
    rows = []
    for code, measure in REGISTRY.items():
        for kind in periods or (measure.default_period,):
            result = measure.value(audience, on, period=kind)
            rows.append(
                {
                    "code": code,
                    "name": str(measure.name),
                    "period": kind,
                    "value": result.value,
                    "display": result.display,
                    "suppressed": result.suppressed,
                }
            )
    return rows
