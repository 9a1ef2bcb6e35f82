"""The forecast method: a linear trend over school years with a t-based prediction interval (ADR 0026).

Pure statistics, no database: a history is ``[(school_year, value)]`` (the calendar year in which the school year
starts, as everywhere in Koers). A year without data is simply absent: the trend is fitted against the year itself,
so a gap does not shift the years after it. The fit and the quantile come from ``scipy.stats`` (``linregress`` and
the t distribution); nothing here is hand-rolled statistics.

- at least :data:`MIN_YEARS` school years with data; otherwise no forecast ("te weinig historie");
- the trend is fitted over the most recent :data:`WINDOW` years at most, so that an old level no longer weighs
  after a lasting shift (a new TLV policy, a merger of SWV's);
- the prediction interval for a new year x0 is ŷ ± t(1 − α/2; n − 2) · s · √(1 + 1/n + (x0 − x̄)² / Sxx),
  where s is the residual standard deviation; counts and percentages are cut off at 0 (and at 100 for %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_YEARS = 3
WINDOW = 6
LEVEL = 0.95


class TooLittleHistory(ValueError):
    """Fewer school years with data than :data:`MIN_YEARS`: Koers shows no made-up number."""


@dataclass(frozen=True)
class Point:
    """The forecast for one school year: the expected value and its prediction interval."""

    school_year: int
    horizon: int  # school years after the last year with data
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Fit:
    years: tuple[int, ...]
    slope: float
    intercept: float
    residual_sd: float
    level: float = LEVEL

    @property
    def n(self) -> int:
        return len(self.years)

    def predict(self, year: int, *, lower: float | None = 0.0, upper: float | None = None) -> Point:
        from scipy import stats

        n = self.n
        mean = sum(self.years) / n
        sxx = sum((x - mean) ** 2 for x in self.years)
        value = self.intercept + self.slope * year
        t = float(stats.t.ppf(1 - (1 - self.level) / 2, n - 2))
        half = t * self.residual_sd * math.sqrt(1 + 1 / n + (year - mean) ** 2 / sxx)
        low, high = value - half, value + half

        def clip(v):
            if lower is not None:
                v = max(lower, v)
            if upper is not None:
                v = min(upper, v)
            return v

        return Point(year, year - max(self.years), clip(value), clip(low), clip(high))


def fit(history: list[tuple[int, float]], *, window: int = WINDOW, level: float = LEVEL) -> Fit:
    """The least-squares trend of the most recent ``window`` years of ``history`` (school_year, value)."""
    from scipy import stats

    points = sorted((int(y), float(v)) for y, v in history if v is not None)
    if len({y for y, _v in points}) != len(points):
        raise ValueError("een schooljaar komt twee keer voor in de historie")
    points = points[-window:]
    if len(points) < MIN_YEARS:
        raise TooLittleHistory(
            _("te weinig historie voor een voorspelling (%(n)s schooljaren met gegevens, minimaal %(m)s nodig)")
            % {"n": len(points), "m": MIN_YEARS}
        )
    xs = [y for y, _v in points]
    ys = [v for _y, v in points]
    if len(set(ys)) == 1:  # a constant series: linregress would divide by zero in its correlation; the fit is exact
        return Fit(tuple(xs), 0.0, ys[0], 0.0, level)
    result = stats.linregress(xs, ys)
    residuals = [v - (result.intercept + result.slope * x) for x, v in zip(xs, ys, strict=True)]
    sd = math.sqrt(sum(r * r for r in residuals) / (len(xs) - 2)) if len(xs) > 2 else 0.0
    return Fit(tuple(xs), float(result.slope), float(result.intercept), sd, level)


def forecast(
    history: list[tuple[int, float]],
    until: int,
    *,
    lower: float | None = 0.0,
    upper: float | None = None,
    window: int = WINDOW,
    level: float = LEVEL,
) -> tuple[Fit, list[Point]]:
    """The trend of ``history`` and its forecast for every school year after the last one with data up to ``until``."""
    trend = fit(history, window=window, level=level)
    last = max(trend.years)
    return trend, [trend.predict(y, lower=lower, upper=upper) for y in range(last + 1, until + 1)]


def method_text(trend: Fit) -> str:
    """The method in one sentence, for the screen, the API and the documents."""
    from koers.core.periods import school_year_label

    return _(
        "Lineaire trend (kleinste kwadraten) over %(n)s schooljaren (%(first)s t/m %(last)s), met een "
        "%(level)s%%-voorspellingsinterval uit de t-verdeling (scipy.stats)."
    ) % {
        "n": trend.n,
        "first": school_year_label(min(trend.years)),
        "last": school_year_label(max(trend.years)),
        "level": round(trend.level * 100),
    }
