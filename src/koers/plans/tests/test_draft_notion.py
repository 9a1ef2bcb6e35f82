"""One notion of a draft plan (issue 16): the status. ``Plan.is_draft`` and ``PlanQuerySet.drafts()`` read only
the status; the database refuses a draft with a date of vaststelling, and adopting a draft puts it in force."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from koers.plans import services
from koers.plans.models import Adoption, Plan
from koers_dev.testing.factories import GremiumFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_draft_cannot_have_a_date_of_vaststelling():
    plan = PlanFactory(status=Plan.Status.DRAFT)
    plan.adopted_on = date(2025, 3, 19)
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_drafts_and_is_draft_agree_and_read_the_status_only():
    draft = PlanFactory(status=Plan.Status.DRAFT)
    in_force_without_date = PlanFactory(swv=draft.swv)  # imported, never adopted in Koers: not a draft
    adopted = PlanFactory(swv=draft.swv, adopted_on=date(2021, 6, 1))
    drafts = set(Plan.objects.for_swv(draft.swv).drafts())
    assert drafts == {draft} == {p for p in (draft, in_force_without_date, adopted) if p.is_draft}
    assert set(Plan.objects.for_swv(draft.swv).not_drafts()) == {in_force_without_date, adopted}
    assert set(Plan.unscoped.drafts()) == {draft}


def test_adopting_a_draft_puts_it_in_force():
    draft = PlanFactory(status=Plan.Status.DRAFT)
    gremium = GremiumFactory(swv=draft.swv)
    services.adopt(gremium=gremium, date_=date(2025, 3, 19), kind=Adoption.Kind.ADOPTED, user=UserFactory(), plan=draft)
    draft.refresh_from_db()
    assert draft.adopted_on == date(2025, 3, 19) and not draft.is_draft and draft.status == Plan.Status.CURRENT
    assert not Plan.objects.for_swv(draft.swv).drafts().exists()


def test_a_discussion_leaves_the_draft_a_draft():
    draft = PlanFactory(status=Plan.Status.DRAFT)
    gremium = GremiumFactory(swv=draft.swv)
    services.adopt(
        gremium=gremium, date_=date(2025, 3, 1), kind=Adoption.Kind.DISCUSSED, user=UserFactory(), plan=draft
    )
    draft.refresh_from_db()
    assert draft.is_draft and draft.adopted_on is None
