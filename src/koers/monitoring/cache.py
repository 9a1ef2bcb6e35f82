"""A cache of computed measure values, so the dashboard and indicator pages need not recount 120.000 rows.

A value is stored under the *data version* of its SWV (and the national version, for the comparison with all
SWV's). Every write to the monitoring data calls :func:`changed`, which gives the SWV a new version, so old values
are never read again; they expire on their own (``KOERS_MEASURE_CACHE_SECONDS``, also a safety net). Measures
about the plan itself (codes starting with ``plan_``) are never cached: they change with every update.

The cache is Django's ``default`` cache. It must be shared by the web server processes and the task worker (an
import runs in the worker): the default is a file cache in ``var/cache``; see ADR 0008.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started

_VERSION = "koers:monitoring:version:{}"
NATIONAL = "landelijk"

# Within one request the data versions are read once: a dashboard asks for dozens of measures, and with a shared
# database cache (several servers) every read is a query. Outside a request (task worker, commands) nothing is
# remembered, so a version another process changed is seen at once.
_request = threading.local()


def _request_begins(**kwargs):
    _request.versions = {}


def _request_ends(**kwargs):
    _request.versions = None


request_started.connect(_request_begins, dispatch_uid="koers.monitoring.cache.begin")
request_finished.connect(_request_ends, dispatch_uid="koers.monitoring.cache.end")


def _version(scope) -> str:
    key = _VERSION.format(scope)
    memo = getattr(_request, "versions", None)
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or "x"
    if memo is not None:
        memo[key] = value
    return value


def changed(swv_id=None) -> None:
    """The monitoring data of this SWV (None: the national figures) changed: forget its computed values."""
    key = _VERSION.format(NATIONAL if swv_id is None else swv_id)
    cache.delete(key)
    memo = getattr(_request, "versions", None)
    if memo is not None:
        memo.pop(key, None)


def enabled() -> bool:
    return settings.KOERS_MEASURE_CACHE_SECONDS > 0


def key(code: str, swv_id: int, on, period, schools, suppressed: bool, params: dict) -> str:
    brins = "*" if schools is None else ",".join(sorted(schools))
    text = repr((code, on.isoformat(), period, brins, suppressed, sorted((k, repr(v)) for k, v in params.items())))
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"koers:measure:{swv_id}:{_version(swv_id)}:{_version(NATIONAL)}:{digest}"


def cacheable(code: str) -> bool:
    return enabled() and not code.startswith("plan_")


# ------------------------------------------------------------------------------------------------ batches
# A page that shows many measures (the dashboard: every indicator, each over all its measurement moments) asks for
# them inside :func:`batch`: :func:`preload` reads all their keys with one ``get_many`` (with the shared database
# cache: one query instead of one per value), and what the batch learnt (values, and what
# :mod:`koers.monitoring.evaluation` keeps there: frozen values, count dates) lives until the batch ends.

_MISSING = object()


@contextmanager
def batch():
    """A batch of reads (nested batches share the outer one); yields its memo, a plain dict."""
    outer = getattr(_request, "batch", None)
    if outer is not None:
        yield outer
        return
    _request.batch = {}
    try:
        yield _request.batch
    finally:
        _request.batch = None


def batch_memo() -> dict | None:
    """The memo of the running batch, or None outside a batch."""
    return getattr(_request, "batch", None)


def preload(keys) -> None:
    """Read these cache keys (see :meth:`Measure.cache_key`) at once into the running batch; outside a batch a no-op."""
    memo = batch_memo()
    if memo is None or not enabled():
        return
    missing = list(dict.fromkeys(k for k in keys if k and k not in memo))
    if missing:
        memo.update(cache.get_many(missing))


def get_or_compute(code, audience, on, period, schools, params, compute):
    """The cached Result for what ``audience`` sees (its SWV, the schools asked within its own, suppression)."""
    if not cacheable(code):
        return compute()
    k = key(code, audience.swv_id, on, period, schools, audience.suppressed, params)
    memo = batch_memo()
    if memo is not None and memo.get(k) is not None:
        return memo[k]
    value = cache.get(k)
    if value is None:
        value = compute()
        cache.set(k, value, settings.KOERS_MEASURE_CACHE_SECONDS)
    if memo is not None:
        memo[k] = value
    return value


def remember(name: str, swv_id: int, parts: tuple, compute):
    """A value derived from an SWV's monitoring data (a forecast's history, the expected funded pupils), computed
    once per data version: the same rule as measure values, for what is not one measure on one day. ``parts`` is
    everything the value depends on besides the data (the day, the schools, the parameters); the value must not
    depend on the audience's suppression (apply that after)."""
    if not enabled():
        return compute()
    digest = hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:32]
    k = f"koers:derived:{swv_id}:{_version(swv_id)}:{_version(NATIONAL)}:{digest}"
    memo = batch_memo()
    if memo is not None and k in memo:
        return memo[k]
    value = cache.get(k, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(k, value, settings.KOERS_MEASURE_CACHE_SECONDS)
    if memo is not None:
        memo[k] = value
    return value
