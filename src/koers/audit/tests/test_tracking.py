import pytest
from django.db import transaction

from koers.audit.models import HistoryEntry
from koers.organisations.models import Swv, Werkgebied
from koers_dev.testing.factories import SwvFactory


@pytest.mark.django_db(transaction=True)
def test_deleting_a_whole_swv_keeps_its_history_without_a_dangling_link():
    swv = SwvFactory(code="PO7101")
    gebied = Werkgebied.unscoped.create(swv=swv, name="Noord")
    with transaction.atomic():  # the foreign keys are checked at commit
        Swv.objects.get(pk=swv.pk).delete()
    assert not Swv.objects.filter(pk=swv.pk).exists()
    deleted = HistoryEntry.objects.filter(action="delete")
    assert deleted.filter(model="organisations.werkgebied", object_id=str(gebied.pk)).exists()
    assert deleted.filter(model="organisations.swv", object_id=str(swv.pk), swv=None).exists()
    assert not HistoryEntry.objects.filter(swv_id=swv.pk).exists()


def _activity_history(activity):
    return HistoryEntry.objects.filter(model="plans.activity", object_id=str(activity.pk))


@pytest.mark.django_db
def test_a_progress_update_records_values_not_expressions_and_no_bookkeeping_fields(bureau_user):
    from decimal import Decimal

    from koers.plans.services import post_update
    from koers_dev.testing.factories import ActivityFactory

    activity = ActivityFactory(hours_spent=Decimal("2.0"))
    post_update(
        activity,
        bureau_user,
        tertiaal="T3 2024",
        status="loopt",
        happened="Eerste bijeenkomst gehouden",
        hours_spent=Decimal("4.5"),
    )
    activity.refresh_from_db()
    assert activity.version == 2  # the service itself still counts up
    entry = _activity_history(activity).filter(action="update").get()
    assert entry.changes == {"status": ["niet_gestart", "loopt"], "hours_spent": ["2.0", "4.5"]}
    for history_entry in _activity_history(activity):
        assert "F(" not in str(history_entry.changes)
        assert not {"version", "updated_at", "created_at"} & set(history_entry.changes)


@pytest.mark.django_db
def test_a_field_saved_as_an_expression_is_recorded_with_its_value_from_the_database():
    from django.db.models import F

    from koers_dev.testing.factories import ActivityFactory

    activity = ActivityFactory(order=3)
    activity.order = F("order") + 4
    activity.save()
    entry = _activity_history(activity).filter(action="update").get()
    assert entry.changes == {"order": [3, 7]}


@pytest.mark.django_db
def test_with_update_fields_only_the_written_fields_are_recorded():
    from koers_dev.testing.factories import ActivityFactory

    activity = ActivityFactory(status="niet_gestart", description="Oud")
    activity.description = "Niet opgeslagen"
    activity.status = "loopt"
    activity.save(update_fields=["status"])
    entry = _activity_history(activity).filter(action="update").get()
    assert entry.changes == {"status": ["niet_gestart", "loopt"]}


@pytest.mark.django_db
def test_the_history_page_after_a_progress_update_reads_as_dutch(bureau_client, bureau_user, swv):
    from decimal import Decimal

    from django.urls import reverse

    from koers.plans.services import post_update
    from koers_dev.testing.factories import ActivityFactory, PlanFactory, YearPlanFactory

    activity = ActivityFactory(year_plan=YearPlanFactory(plan=PlanFactory(swv=swv)))
    post_update(activity, bureau_user, tertiaal="T3 2024", status="loopt", happened="x", hours_spent=Decimal("4.5"))
    page = bureau_client.get(reverse("audit:history", args=["plans.activity", activity.pk])).content.decode()
    assert "Niet gestart → Loopt" in page
    assert "Bestede uren" in page and "(leeg) → 4,5" in page
    assert "F(" not in page
    for raw in ("hours_spent", "niet_gestart", "version", "updated_at"):
        assert raw not in page


def test_betrokkenen_changes_are_one_history_line_with_the_reason(swv, django_capture_on_commit_callbacks):
    """The reviewer changed the betrokkenen of an activity and found nothing in the history."""
    from koers.audit.context import acting_as
    from koers.audit.models import HistoryEntry
    from koers_dev.testing.factories import ActivityFactory, ActorFactory

    activity = ActivityFactory(swv=swv, year_plan__plan__swv=swv)
    scholen = ActorFactory(swv=swv, name="Scholen")
    gemeenten = ActorFactory(swv=swv, name="Gemeenten")
    bureau = ActorFactory(swv=swv, name="SPOW-bureau")
    with django_capture_on_commit_callbacks(execute=True):
        activity.involved.set([scholen, bureau])
    fresh = type(activity).unscoped.get(pk=activity.pk)  # a new edit, as a form would load it
    with django_capture_on_commit_callbacks(execute=True), acting_as(None, reason="Gemeenten betrokken"):
        fresh.involved.set([gemeenten, bureau])  # removes Scholen, then adds Gemeenten: one entry
    entries = HistoryEntry.objects.filter(model="plans.activity", object_id=str(activity.pk), action="update")
    last = entries.latest("pk")
    assert last.changes == {"involved": ["SPOW-bureau, Scholen", "Gemeenten, SPOW-bureau"]}
    assert last.reason == "Gemeenten betrokken"
    assert entries.filter(changes__has_key="involved").count() == 2  # the first set() and this edit, one line each
