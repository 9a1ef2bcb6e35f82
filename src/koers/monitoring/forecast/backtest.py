"""Back-test of the forecast method on synthetic history (``koers vooruitblik --backtest``, ADR 0026).

Synthetic SWV histories: a yearly count (TLV's issued, pupils) with a linear trend, noise proportional to the
square root of the level (as counts have), and in half of the histories a lasting level shift of 15-35 % in a
random year (a new policy, a merger). For every history and every forecast origin with at least
:data:`~.method.MIN_YEARS` years before it, the method forecasts 1 and 2 school years ahead from the years up to
the origin only; the error is the forecast minus what happened, the coverage the share of actual values inside the
95 % prediction interval. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import method

YEARS = 12


@dataclass(frozen=True)
class Scenario:
    name: str
    shift: bool


SCENARIOS = (Scenario("trend en ruis", False), Scenario("trend, ruis en niveausprong", True))


def synthetic_history(
    rng: random.Random, *, shift: bool, years: int = YEARS, first: int = 2013
) -> list[tuple[int, float]]:
    level = rng.uniform(30, 300)
    slope = level * rng.uniform(-0.04, 0.08)
    noise = rng.uniform(0.6, 1.4)
    jump_year = rng.randrange(4, years - 2) if shift else None
    jump = level * rng.uniform(0.15, 0.35) * rng.choice((-1, 1)) if shift else 0.0
    out = []
    for i in range(years):
        mean = level + slope * i + (jump if jump_year is not None and i >= jump_year else 0.0)
        value = max(0.0, round(rng.gauss(mean, noise * max(mean, 1.0) ** 0.5)))
        out.append((first + i, value))
    return out


@dataclass
class Row:
    scenario: str
    horizon: int
    forecasts: int
    mae: float
    mape: float  # mean absolute error as % of the actual value
    coverage: float  # share of actual values inside the interval


def run(*, histories: int = 50, seed: int = 2026, horizons=(1, 2)) -> list[Row]:
    """The back-test table: per scenario and horizon the mean absolute error and the interval coverage."""
    rng = random.Random(seed)
    rows = []
    for scenario in SCENARIOS:
        errors = {h: [] for h in horizons}
        relative = {h: [] for h in horizons}
        inside = {h: [] for h in horizons}
        for _i in range(histories):
            history = synthetic_history(rng, shift=scenario.shift)
            for origin in range(method.MIN_YEARS, len(history)):
                known = history[:origin]
                for h in horizons:
                    if origin + h - 1 >= len(history):
                        continue
                    year, actual = history[origin + h - 1]
                    trend = method.fit(known)
                    point = trend.predict(year)
                    errors[h].append(abs(point.value - actual))
                    if actual:
                        relative[h].append(abs(point.value - actual) / actual * 100)
                    inside[h].append(point.low <= actual <= point.high)
        for h in horizons:
            n = len(errors[h])
            rows.append(
                Row(
                    scenario.name,
                    h,
                    n,
                    sum(errors[h]) / n,
                    sum(relative[h]) / len(relative[h]),
                    sum(inside[h]) / n * 100,
                )
            )
    return rows


def table(rows: list[Row]) -> str:
    """The back-test as a Markdown table (for the terminal and the user guide)."""
    from koers.core.formatting import number

    lines = [
        "| Scenario | Jaren vooruit | Voorspellingen | Gem. absolute fout | Gem. fout (% van werkelijk) | Dekking 95%-interval |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.scenario} | {r.horizon} | {r.forecasts} | {number(r.mae, 1)} | {number(r.mape, 1)} % | "
            f"{number(r.coverage, 1)} % |"
        )
    return "\n".join(lines)
