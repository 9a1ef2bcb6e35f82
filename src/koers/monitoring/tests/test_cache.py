"""The cache of computed measure values: reused while the data is unchanged, never stale after a write."""

from datetime import date

import pytest
from django.test import override_settings

from koers.monitoring import cache
from koers.monitoring.importing import import_file
from koers.monitoring.measures import REGISTRY
from koers.monitoring.models import Tlv
from koers_dev.testing.factories import everything

pytestmark = pytest.mark.django_db

CACHED = override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cache-test"}},
    KOERS_MEASURE_CACHE_SECONDS=600,
)
ON = date(2025, 3, 1)
CSV = (
    "Dossiernummer;BSN;Aanvraagsoort;BRIN6;Ontvangstdatum;Datum compleet;Besluitdatum;Besluit\n"
    "D1;123456782;TLV SBO;;01-10-2024;;01-11-2024;afgegeven\n"
    "D2;111222333;TLV SO;;02-10-2024;;02-11-2024;afgegeven\n"
)


@pytest.fixture(autouse=True)
def cached():
    with CACHED:
        from django.core.cache import cache as django_cache

        django_cache.clear()
        yield


def test_a_value_is_computed_once_while_the_data_is_unchanged(swv, django_assert_max_num_queries):
    measure = REGISTRY["tlv_afgegeven"]
    first = measure.value(everything(swv), ON)
    with django_assert_max_num_queries(0):
        assert measure.value(everything(swv), ON) == first


def test_an_import_makes_the_new_data_count_at_once(swv, django_capture_on_commit_callbacks):
    measure = REGISTRY["tlv_afgegeven"]
    before = measure.value(everything(swv), ON).value or 0
    with django_capture_on_commit_callbacks(execute=True):
        run = import_file(swv, "tlv", "tlv.csv", CSV.encode())
    assert run.status == "done", run.problems
    assert measure.value(everything(swv), ON).value == before + 2


def test_a_single_save_and_a_bulk_delete_count_at_once(swv):
    measure = REGISTRY["tlv_afgegeven"]
    import_file(swv, "tlv", "tlv.csv", CSV.encode())
    assert measure.value(everything(swv), ON).value == 2
    Tlv.unscoped.filter(swv=swv, dossiernummer="D1").update(besluit="afgewezen")  # a bulk update: explicit
    cache.changed(swv.pk)
    assert measure.value(everything(swv), ON).value == 1
    tlv = Tlv.unscoped.get(swv=swv, dossiernummer="D1")
    tlv.besluit = "afgegeven"
    tlv.save()  # a single save: by signal
    assert measure.value(everything(swv), ON).value == 2


def test_other_swv_and_other_parameters_have_their_own_values(swv, other_swv):
    measure = REGISTRY["tlv_afgegeven"]
    import_file(swv, "tlv", "tlv.csv", CSV.encode())
    assert measure.value(everything(swv), ON).value == 2
    assert (measure.value(everything(other_swv), ON).value or 0) == 0
    assert measure.value(everything(swv), ON, schools={"00XX00"}).value in (0, None)
    assert measure.value(everything(swv), ON, period="maand").value in (0, None)  # March 2025: nothing decided


def test_plan_measures_are_never_cached(swv):
    assert cache.get_or_compute("plan_x", everything(swv), ON, None, None, {}, lambda: 1) == 1
    assert cache.get_or_compute("plan_x", everything(swv), ON, None, None, {}, lambda: 2) == 2


def test_within_a_request_the_data_versions_are_read_once_and_outside_one_never_remembered(swv):
    from django.core.cache import cache as django_cache
    from django.core.signals import request_finished, request_started

    key = cache._VERSION.format(swv.pk)
    request_started.send(sender=None)
    try:
        seen = cache._version(swv.pk)
        django_cache.set(key, "elders-gewijzigd")  # another server process changed the data
        assert cache._version(swv.pk) == seen  # one read per request (a dashboard asks for dozens of measures)
        cache.changed(swv.pk)  # a change in this request counts at once
        assert cache._version(swv.pk) not in {seen, "elders-gewijzigd"}
    finally:
        request_finished.send(sender=None)
    django_cache.set(key, "weer-elders")
    assert cache._version(swv.pk) == "weer-elders"  # outside a request (task worker): always the shared value


# ---- batches: the dashboard reads every cached value of its indicators at once ---------------------------------


def _bound_indicators(swv):
    from koers.monitoring.models import PupilCount
    from koers_dev.testing.factories import IndicatorFactory, PlanFactory

    plan = PlanFactory(swv=swv, first_year=2022, last_year=2026)
    for year in (2022, 2023, 2024):
        for kind, n in (("BO", 900 + year % 10), ("SBO", 40), ("SO", 25)):
            PupilCount.unscoped.create(swv=swv, peiljaar=year, peildatum=date(year, 10, 1), school_type=kind, count=n)
    import_file(swv, "tlv", "tlv.csv", CSV.encode())
    return [
        IndicatorFactory(swv=swv, plan=plan, measure_code="tlv_afgegeven", measure_params={"periode": "tertiaal"}),
        IndicatorFactory(swv=swv, plan=plan, measure_code="deelname_sbo", norm_kind="trend", norm_direction="daalt"),
        IndicatorFactory(swv=swv, plan=plan, measure_code="deelname_so"),
    ]


def test_a_batch_gives_the_same_series_with_one_cache_read(swv, monkeypatch, django_assert_max_num_queries):
    from django.core.cache import cache as django_cache

    from koers.monitoring import evaluation

    indicators = _bound_indicators(swv)
    audience = everything(swv)
    until = date(2025, 3, 1)
    alone = {i.pk: evaluation.indicator_series(i, audience, until=until) for i in indicators}  # fills the cache
    assert all(alone.values())
    reads = []

    class Spy:  # the cache as koers.monitoring.cache sees it, counting its single reads
        def get(self, key, *args, **kwargs):
            reads.append(key)
            return django_cache.get(key, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(django_cache, name)

    monkeypatch.setattr(cache, "cache", Spy())
    with cache.batch():
        evaluation.prefetch(indicators, audience, [until])
        with django_assert_max_num_queries(0):  # frozen values and count dates came with the prefetch
            batched = {i.pk: evaluation.indicator_series(i, audience, until=until) for i in indicators}
    assert batched == alone
    assert not [k for k in reads if k.startswith("koers:measure:")]  # every value came from the one get_many
    assert cache.batch_memo() is None  # the batch ended: nothing remembered outside it


def test_a_batch_never_serves_another_audiences_value(swv):
    from koers.core.audience import Audience
    from koers.monitoring import evaluation

    public = Audience.public
    indicators = _bound_indicators(swv)
    until = date(2025, 3, 1)
    with cache.batch():
        evaluation.prefetch(indicators, everything(swv), [until])
        full = evaluation.indicator_series(indicators[0], everything(swv), until=until)
        shown = evaluation.indicator_series(indicators[0], public(swv), until=until)
    assert [p.value for p in full].count(2) == 1
    for everyone, public_point in zip(full, shown, strict=True):
        if everyone.value == 2:  # 2 TLV's: under 5, suppressed for the public although the batch holds the 2
            assert public_point.value is None and public_point.suppressed
        else:
            assert public_point.value == everyone.value == 0


def test_a_derived_value_is_computed_once_per_data_version(swv):
    calls = []

    def compute():
        calls.append(1)
        return []  # an empty result is remembered too

    assert cache.remember("x", swv.pk, (ON,), compute) == []
    assert cache.remember("x", swv.pk, (ON,), compute) == []
    assert len(calls) == 1
    cache.remember("x", swv.pk, (date(2025, 3, 2),), compute)  # another day: its own value
    assert len(calls) == 2
    cache.changed(swv.pk)
    cache.remember("x", swv.pk, (ON,), compute)
    assert len(calls) == 3
