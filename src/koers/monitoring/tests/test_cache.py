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
