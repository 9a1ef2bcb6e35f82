"""The registry of named measures: ``REGISTRY[code].value(swv, on, **params)``; see :mod:`.library`."""

from . import flows, library  # noqa: F401,E402  (fill the registry; flows: grensverkeer, match with DUO)
from .base import REGISTRY, Measure, Result, breakdown, compute_all
from .periods import KINDS, Period, months_before, period_of

__all__ = ["KINDS", "REGISTRY", "Measure", "Period", "Result", "breakdown", "compute_all", "months_before", "period_of"]
