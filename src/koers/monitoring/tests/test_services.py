"""Monitoring writes go through koers.monitoring.services: atomic, scoped to the SWV, side effects on commit."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from koers.monitoring import services
from koers.monitoring.models import ColumnMapping, ImportRun, ManualMeasurement
from koers_dev.testing.factories import IndicatorFactory, PlanFactory

from .test_import import TLV

pytestmark = pytest.mark.django_db


def _indicator(swv, **kwargs):
    return IndicatorFactory(swv=swv, plan=PlanFactory(swv=swv), unit="%", **kwargs)


def test_save_mapping_refuses_a_name_taken_for_the_register(swv, other_swv, bureau_user):
    first = services.save_mapping(swv, bureau_user, name="Leerplicht", register="verzuim", columns={}, values={})
    with pytest.raises(ValidationError, match="Er is al een koppeling 'Leerplicht'"):
        services.save_mapping(
            swv, bureau_user, name="Leerplicht", register="verzuim", columns={"a": "soort"}, values={}
        )
    # the same name in another register or another SWV is fine; renaming to itself too
    services.save_mapping(swv, bureau_user, name="Leerplicht", register="tlv", columns={}, values={})
    services.save_mapping(other_swv, bureau_user, name="Leerplicht", register="verzuim", columns={}, values={})
    again = services.save_mapping(
        swv, bureau_user, name="Leerplicht", register="verzuim", columns={"a": "soort"}, values={}, mapping=first
    )
    assert again.pk == first.pk and ColumnMapping.unscoped.get(pk=first.pk).columns == {"a": "soort"}
    with pytest.raises(ValidationError, match="naam"):
        services.save_mapping(swv, bureau_user, name="  ", register="tlv", columns={}, values={})
    # a mapping of another SWV cannot be saved through this one
    foreign = ColumnMapping.unscoped.get(swv=other_swv)
    with pytest.raises(ValidationError):
        services.save_mapping(swv, bureau_user, name="X", register="verzuim", columns={}, values={}, mapping=foreign)


def test_manual_measurement_forgets_the_measure_cache_only_on_commit(
    swv, bureau_user, monkeypatch, django_capture_on_commit_callbacks
):
    from koers.monitoring import cache

    forgotten = []
    monkeypatch.setattr(cache, "changed", lambda swv_id=None: forgotten.append(swv_id))
    indicator = _indicator(swv)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.add_manual_measurement(indicator, bureau_user, date=date(2024, 6, 1), value=Decimal("70"))
        raise RuntimeError("rollback")
    assert forgotten == [] and not ManualMeasurement.unscoped.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        measurement = services.add_manual_measurement(
            indicator, bureau_user, date=date(2024, 6, 1), value=Decimal("70"), source="Peiling"
        )
    assert forgotten == []  # not inside the transaction
    for callback in callbacks:
        callback()
    assert forgotten == [swv.pk]
    assert (measurement.swv_id, measurement.indicator_id, measurement.source) == (swv.pk, indicator.pk, "Peiling")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_manual_measurement(indicator, bureau_user, "nope") is False
        assert services.delete_manual_measurement(indicator, bureau_user, measurement.pk + 1000) is False
    assert forgotten == [swv.pk]  # nothing changed, nothing forgotten
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_manual_measurement(indicator, bureau_user, measurement.pk) is True
    assert forgotten == [swv.pk, swv.pk] and not ManualMeasurement.unscoped.exists()


def test_manual_measurement_of_another_swvs_indicator_is_not_deleted(swv, other_swv, bureau_user):
    mine, theirs = _indicator(swv), _indicator(other_swv)
    kept = ManualMeasurement.unscoped.create(swv=other_swv, indicator=theirs, date=date(2024, 6, 1), value=1)
    assert services.delete_manual_measurement(mine, bureau_user, kept.pk) is False
    assert ManualMeasurement.unscoped.filter(pk=kept.pk).exists()


def test_a_computed_indicator_takes_no_manual_measurement(swv, bureau_user):
    indicator = _indicator(swv, measure_code="tlv_afgegeven")
    with pytest.raises(ValidationError):
        services.add_manual_measurement(indicator, bureau_user, date=date(2024, 6, 1), value=Decimal("1"))


def test_import_is_enqueued_after_commit_and_not_after_a_rollback(
    swv, schools, bureau_user, monkeypatch, django_capture_on_commit_callbacks
):
    from koers.monitoring import tasks

    enqueued = []
    fake = SimpleNamespace(enqueue=lambda *args, **kwargs: enqueued.append((args, kwargs)))
    monkeypatch.setattr(tasks, "run_import", fake)
    upload = SimpleUploadedFile("tlv.csv", TLV.encode())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.start_import(swv, bureau_user, register="tlv", upload=upload)
        raise RuntimeError("rollback")
    assert enqueued == [] and not ImportRun.unscoped.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.start_import(swv, bureau_user, register="tlv", upload=SimpleUploadedFile("t.csv", b"x"))
    assert enqueued == []
    for callback in callbacks:
        callback()
    assert enqueued == [((run.pk,), {})]
    ImportRun.unscoped.filter(pk=run.pk).update(status=ImportRun.Status.WARNINGS)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_import_warnings(run, bureau_user)
    assert enqueued[-1] == ((run.pk,), {"accept_warnings": True})
    with pytest.raises(ValidationError):  # it no longer waits for a confirmation
        services.accept_import_warnings(run, bureau_user)


def test_manual_measurement_page_goes_through_the_service(
    bureau_client, swv, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    real_add, real_delete = services.add_manual_measurement, services.delete_manual_measurement
    monkeypatch.setattr(services, "add_manual_measurement", lambda *a, **k: calls.append("add") or real_add(*a, **k))
    monkeypatch.setattr(
        services, "delete_manual_measurement", lambda *a, **k: calls.append("delete") or real_delete(*a, **k)
    )
    indicator = _indicator(swv)
    url = reverse("monitoring:indicator", args=[indicator.pk])
    response = bureau_client.post(url, {"date": "01-06-2024", "value": "82,5", "source": "Peiling"})
    assert response.status_code == 302
    measurement = ManualMeasurement.unscoped.get()
    assert (measurement.value, measurement.swv_id, measurement.indicator_id) == (Decimal("82.5"), swv.pk, indicator.pk)
    assert bureau_client.post(url, {"verwijder": measurement.pk}).status_code == 302
    assert calls == ["add", "delete"] and not ManualMeasurement.unscoped.exists()


def test_mapping_page_goes_through_the_service(bureau_client, swv, monkeypatch):
    calls = []
    real_save, real_delete = services.save_mapping, services.delete_mapping
    monkeypatch.setattr(services, "save_mapping", lambda *a, **k: calls.append("save") or real_save(*a, **k))
    monkeypatch.setattr(services, "delete_mapping", lambda *a, **k: calls.append("delete") or real_delete(*a, **k))
    data = {"name": "Leerplicht", "register": "verzuim", "header": ["Soort"], "col-0": "soort"}
    response = bureau_client.post(reverse("monitoring:mappings"), data)
    mapping = ColumnMapping.unscoped.get()
    assert response.status_code == 302 and mapping.columns == {"Soort": "soort"}
    # a second one with the same name is refused with the Dutch message, nothing saved
    other = bureau_client.post(reverse("monitoring:mappings"), data, follow=True).content.decode()
    assert "Er is al een koppeling" in other and ColumnMapping.unscoped.count() == 1
    bureau_client.post(reverse("monitoring:mapping", args=[mapping.pk]), {"delete": "1"})
    assert calls == ["save", "save", "delete"] and not ColumnMapping.unscoped.exists()
