"""Versions of a draft: immutable snapshots, and the difference per element (added, removed, changed, word level,
escaped)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from koers.consultation import services
from koers.consultation.models import ImmutableVersion, PlanVersion
from koers.consultation.versions import ADDED, CHANGED, REMOVED, SAME, compare, word_diff
from koers.plans.models import Goal, Plan
from koers_dev.testing.factories import GoalFactory, PlanFactory, UserFactory, member


@pytest.fixture
def draft(db):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    GoalFactory(theme__plan=plan, title="Elk kind op school", code="D1")
    bureau = UserFactory()
    member(bureau, plan.swv, "bureau")
    return plan, bureau


def test_a_version_is_immutable(draft):
    plan, bureau = draft
    version = services.record_version(plan, bureau)
    version.note = "anders"
    with pytest.raises(ImmutableVersion):
        version.save()
    with pytest.raises(ImmutableVersion):
        version.delete()
    Goal.unscoped.filter(plan=plan).update(title="Iets anders")
    assert PlanVersion.unscoped.get(pk=version.pk).elements[1]["title"] == "Elk kind op school"


def test_versions_are_numbered_and_the_decision_version_is_marked(draft):
    plan, bureau = draft
    assert services.record_version(plan, bureau).number == 1
    decided = services.version_for_decision(plan, bureau, note="Naar de OPR")
    assert decided.number == 2 and decided.reason == PlanVersion.Reason.DECISION


def test_the_diff_per_element(draft):
    plan, bureau = draft
    first = services.record_version(plan, bureau)
    goal = Goal.unscoped.get(plan=plan)
    goal.title = "Elk kind <b>dichtbij</b> op school"
    goal.save()
    GoalFactory(theme=goal.theme, plan=plan, swv=plan.swv, code="D2", title="Nieuw doel")
    second = services.record_version(plan, bureau)
    diff = {d.key: d for d in compare(first.elements, second.elements)}
    changed = diff[f"goal:{goal.pk}"]
    assert changed.status == CHANGED
    assert "<ins>&lt;b&gt;dichtbij&lt;/b&gt;</ins>" in changed.html and "<b>" not in changed.html
    assert [d.status for d in diff.values()].count(ADDED) == 1
    back = {d.key: d.status for d in compare(second.elements, first.elements)}
    assert REMOVED in back.values() and back[f"goal:{goal.pk}"] == CHANGED
    client = Client()
    client.force_login(bureau)
    page = client.get(reverse("consultation:versions", args=[plan.pk]) + "?a=1&b=2").content.decode()
    assert "<ins>&lt;b&gt;dichtbij&lt;/b&gt;</ins>" in page and "Nieuw doel" in page


def test_recording_through_the_page(draft):
    plan, bureau = draft
    client = Client()
    client.force_login(bureau)
    client.post(reverse("consultation:version_record", args=[plan.pk]), {"note": "Na de consultatie"})
    assert PlanVersion.unscoped.get(plan=plan).note == "Na de consultatie"


words = st.lists(st.sampled_from(["de", "het", "kind", "<school>", "ouder", "&"]), max_size=12).map(" ".join)


@given(old=words, new=words)
def test_the_word_diff_keeps_both_texts(old, new):
    """Without the inserted words the diff reads as the old text, without the deleted ones as the new text."""
    import re
    from html import unescape

    html = str(word_diff(old, new))
    without_ins = unescape(re.sub(r"<ins>.*?</ins>", "", html).replace("<del>", "").replace("</del>", ""))
    without_del = unescape(re.sub(r"<del>.*?</del>", "", html).replace("<ins>", "").replace("</ins>", ""))
    assert without_ins.split() == old.split()
    assert without_del.split() == new.split()
    assert "<school>" not in html


def test_same_elements_are_same(draft):
    plan, bureau = draft
    a = services.record_version(plan, bureau)
    b = services.record_version(plan, bureau)
    assert {d.status for d in compare(a.elements, b.elements)} == {SAME}


def test_the_opr_and_bestuur_steps_record_the_version_they_decide_on(draft):
    from datetime import date

    from koers.consultation.models import DecisionVersion
    from koers.trajectory import services as trajectory_services
    from koers.trajectory.models import Step

    plan, bureau = draft
    services.record_version(plan, bureau)
    trajectory = trajectory_services.create_trajectory(swv=plan.swv, user=bureau, first_year=2026, plan=plan)
    opr = Step.objects.for_swv(plan.swv).get(trajectory=trajectory, kind=Step.Kind.OPR)
    trajectory_services.record_step(opr, bureau, data={"sent_on": date(2025, 7, 1)})
    link = DecisionVersion.unscoped.get(step=opr)
    assert link.version.number == 2 and link.version.reason == PlanVersion.Reason.DECISION
    assert link.version.created_by == bureau
    trajectory_services.record_step(opr, bureau, data={"notes": "Nog eens opgeslagen"})
    assert PlanVersion.unscoped.filter(plan=plan).count() == 2  # not again
    client = Client()
    client.force_login(bureau)
    page = client.get(reverse("consultation:versions", args=[plan.pk])).content.decode()
    assert "besluit over deze versie: Instemming OPR" in page
