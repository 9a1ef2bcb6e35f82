from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from koers.audit.models import HistoryEntry
from koers.core import clock
from koers.plans import services
from koers.plans.forms import ActivityForm
from koers.plans.models import Activity, Amendment, YearPlan
from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GremiumFactory,
    MainActivityFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

pytestmark = pytest.mark.django_db


def test_post_update_keeps_history_and_sets_status(bureau_user):
    activity = ActivityFactory()
    services.post_update(activity, bureau_user, tertiaal="T1 2025", status="loopt", happened="Gestart met de pilot.")
    services.post_update(activity, bureau_user, tertiaal="T2 2025", status="afgerond", happened="Afgerond.")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert [u.tertiaal for u in activity.updates.all()] == ["2025-T2", "2025-T1"]


def test_update_requires_text(bureau_user):
    activity = ActivityFactory()
    with pytest.raises(ValidationError):
        services.post_update(activity, bureau_user, tertiaal="T1 2025", status="loopt", happened="  ")
    assert activity.updates.count() == 0


def test_rollover_carries_unfinished_over_linked_to_origin(bureau_user):
    main = MainActivityFactory()
    year_plan = YearPlanFactory(plan=main.plan)
    open_one = ActivityFactory(year_plan=year_plan, main_activity=main, status="loopt")
    ActivityFactory(year_plan=year_plan, status="afgerond")
    ActivityFactory(year_plan=year_plan, status="vervallen")
    new = services.rollover(year_plan, bureau_user)
    assert new.school_year == 2025
    assert new.title == "Jaarplan 2025-2026"
    carried = list(new.activities.all())
    assert len(carried) == 1
    assert carried[0].carried_over_from == open_one
    assert carried[0].main_activity == main
    with pytest.raises(ValidationError):
        services.rollover(year_plan, bureau_user)


def _owner_with_user(swv, year_plan):
    user = UserFactory(email="eigenaar@example.org")
    member(user, swv, "eigenaar")
    actor = ActorFactory(swv=swv, name="Schoolbesturen")
    actor.users.add(user)
    return user, actor


def test_round_mails_owners_and_reminds_only_missing(bureau_user, django_capture_on_commit_callbacks):
    year_plan = YearPlanFactory()
    owner, actor = _owner_with_user(year_plan.swv, year_plan)
    a1 = ActivityFactory(year_plan=year_plan, owner=actor)
    ActivityFactory(year_plan=year_plan, owner=actor, status="afgerond")
    deadline = clock.today() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):  # mail and notification go out on commit
        services.open_round(year_plan, tertiaal="T3 2024", deadline=deadline, user=bureau_user)
    assert [m.to for m in mail.outbox] == [["eigenaar@example.org"]]
    assert a1.description in mail.outbox[0].body
    assert owner.notifications.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_due_reminders()
    assert result.reminders == 1
    assert "Herinnering" in mail.outbox[1].subject
    # a second run sends nothing new
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders().reminders == 0
    assert len(mail.outbox) == 2


def test_round_mail_waits_for_the_commit_and_a_rollback_sends_nothing(bureau_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    year_plan = YearPlanFactory()
    owner, actor = _owner_with_user(year_plan.swv, year_plan)
    ActivityFactory(year_plan=year_plan, owner=actor)
    deadline = clock.today() + timedelta(days=3)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.open_round(year_plan, tertiaal="T3 2024", deadline=deadline, user=bureau_user)
        raise RuntimeError("rollback")
    assert callbacks == [] and mail.outbox == [] and owner.notifications.count() == 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.open_round(year_plan, tertiaal="T3 2024", deadline=deadline, user=bureau_user)
        assert mail.outbox == [] and owner.notifications.count() == 0  # not inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["eigenaar@example.org"]] and owner.notifications.count() == 1
    # the reminder likewise: recorded in the transaction, sent after it
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.send_due_reminders().reminders == 1
    assert len(mail.outbox) == 1 and len(callbacks) == 1
    callbacks[0]()
    assert "Herinnering" in mail.outbox[1].subject


def test_no_reminder_when_owner_updated_everything(bureau_user):
    year_plan = YearPlanFactory()
    owner, actor = _owner_with_user(year_plan.swv, year_plan)
    activity = ActivityFactory(year_plan=year_plan, owner=actor)
    services.open_round(
        year_plan,
        tertiaal="T3 2024",
        deadline=clock.today() + timedelta(days=2),
        user=bureau_user,
    )
    services.post_update(activity, owner, tertiaal="T3 2024", status="loopt", happened="Bezig.")
    assert services.send_due_reminders().reminders == 0


def test_adoption_locks_and_edit_becomes_amendment(bureau_user):
    activity = ActivityFactory()
    year_plan = activity.year_plan
    services.adopt(
        gremium=GremiumFactory(swv=activity.swv),
        date_=date(2024, 10, 7),
        kind="vastgesteld",
        user=bureau_user,
        year_plan=year_plan,
    )
    year_plan.refresh_from_db()
    assert year_plan.is_locked

    data = {
        "description": "Nieuwe omschrijving",
        "start_text": "T1 2025",
        "status": "loopt",
        "owner": activity.owner_id,
        "version": activity.version,
    }
    form = ActivityForm(data, instance=Activity.unscoped.get(pk=activity.pk), year_plan=year_plan)
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError):
        services.save_activity(form, bureau_user, expected_version=activity.version, reason="")
    form = ActivityForm(data, instance=Activity.unscoped.get(pk=activity.pk), year_plan=year_plan)
    assert form.is_valid()
    services.save_activity(form, bureau_user, expected_version=activity.version, reason="Besluit RvT 12-11")
    amendment = Amendment.unscoped.get()
    assert amendment.reason == "Besluit RvT 12-11"
    entry = HistoryEntry.objects.filter(model="plans.activity", action="update").first()
    assert entry.changes["description"][1] == "Nieuwe omschrijving"
    assert entry.reason == "Besluit RvT 12-11"
    assert entry.username == bureau_user.username


def test_concurrent_edit_is_refused(bureau_user):
    activity = ActivityFactory()
    year_plan = activity.year_plan
    stale_version = activity.version
    base = {
        "start_text": "T1 2025",
        "status": "loopt",
        "owner": activity.owner_id,
        "version": stale_version,
    }
    first = ActivityForm(
        {**base, "description": "Eerste"},
        instance=Activity.unscoped.get(pk=activity.pk),
        year_plan=year_plan,
    )
    assert first.is_valid()
    services.save_activity(first, bureau_user, expected_version=stale_version)
    second = ActivityForm(
        {**base, "description": "Tweede"},
        instance=Activity.unscoped.get(pk=activity.pk),
        year_plan=year_plan,
    )
    assert second.is_valid()
    with pytest.raises(services.ConcurrentEditError):
        services.save_activity(second, bureau_user, expected_version=stale_version)
    assert Activity.unscoped.get(pk=activity.pk).description == "Eerste"


def test_start_text_is_interpreted():
    activity = ActivityFactory(start_text="T3 2024")
    assert activity.start_tertiaal == "2024-T3"
    free = ActivityFactory(start_text="doorlopend")
    assert free.start_date is None and free.start_text == "doorlopend"
    assert YearPlan.unscoped.count() == 2


def test_school_year_start_counts_in_t3():
    activity = ActivityFactory(start_text="Start schooljaar 2024-2025")
    assert activity.start_date == date(2024, 8, 1)
    assert activity.start_tertiaal == "2024-T3"


def test_realisation_needs_a_reason_only_in_an_issued_tertiaal(swv, bureau_user):
    from decimal import Decimal

    from koers.plans.models import Budget, BudgetLine
    from koers.reports.models import Report
    from koers_dev.testing.factories import YearPlanFactory

    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024, adopted_on=date(2024, 10, 7))
    budget = Budget.unscoped.create(swv=swv, year_plan=year_plan, total=1000)
    line = BudgetLine.unscoped.create(swv=swv, budget=budget, label="Speerpunt 1", amount=500)
    draft = Report.unscoped.create(swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="T3")
    services.save_realisation(budget, bureau_user, line=line, tertiaal="2024-T3", amount=Decimal(10))  # a draft
    assert not Amendment.unscoped.exists()
    Report.unscoped.filter(pk=draft.pk).update(status=Report.Status.ISSUED)
    with pytest.raises(services.PlanLocked, match="al uitgebracht"):
        services.save_realisation(budget, bureau_user, line=line, tertiaal="2024-T3", amount=Decimal(20))
    assert issubclass(services.PlanLocked, ValidationError)
    services.save_realisation(budget, bureau_user, line=line, tertiaal="2024-T3", amount=Decimal(20), reason="Na")
    assert Amendment.unscoped.get().reason == "Na"
