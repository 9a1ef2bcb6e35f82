"""The trajectory's rules, reminders, the calendar feed, outcome links and the public section."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from koers.accounts.models import Notification
from koers.organisations.models import Gemeente, Gremium
from koers.plans.models import Adoption, Plan
from koers.public.models import PublicPage
from koers.trajectory import calendar, services
from koers.trajectory.models import (
    ConsultationTheme,
    Outcome,
    Phase,
    StakeholderGroup,
    Step,
    StepReminder,
    Thematafel,
)
from koers_dev.testing.factories import GoalFactory, MainActivityFactory, PlanFactory, SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)  # in the besluitvorming of a plan 2026-2030


@pytest.fixture
def world():
    swv = SwvFactory(code="PO7101")
    for name in ("Den Haag", "Rijswijk", "Leidschendam-Voorburg"):
        Gemeente.unscoped.create(swv=swv, name=name)
    Gremium.unscoped.create(swv=swv, name="Bestuur", kind=Gremium.Kind.BESTUUR)
    Gremium.unscoped.create(swv=swv, name="OPR", kind=Gremium.Kind.OPR)
    user = UserFactory(username="bureau-traject")
    member(user, swv, "bureau")
    draft = PlanFactory(swv=swv, code="osp-2026", first_year=2026, last_year=2029, status="concept")
    with override_settings(KOERS_TODAY=TODAY):
        trajectory = services.create_trajectory(swv=swv, user=user, first_year=2026, plan=draft)
    return {"swv": swv, "user": user, "draft": draft, "trajectory": trajectory}


def _step(trajectory, kind, gemeente=None):
    steps = Step.unscoped.filter(trajectory=trajectory, kind=kind)
    return steps.get(gemeente__name=gemeente) if gemeente else steps.get()


def _record(world, kind, done_on, outcome, gemeente=None, **extra):
    step = _step(world["trajectory"], kind, gemeente)
    with override_settings(KOERS_TODAY=TODAY):
        return services.record_step(step, world["user"], data={"done_on": done_on, "outcome": outcome, **extra})


def _consult(world, on=date(2026, 2, 10)):
    _record(world, Step.Kind.OPR, on, Step.Outcome.GRANTED)
    for name in ("Den Haag", "Rijswijk", "Leidschendam-Voorburg"):
        _record(world, Step.Kind.OOGO, on, Step.Outcome.AGREED, gemeente=name)


def test_phases_prefilled_from_the_legal_calendar(world):
    phases = {p.kind: (p.starts_on, p.ends_on) for p in Phase.unscoped.filter(trajectory=world["trajectory"])}
    assert phases == {
        "evaluatie": (date(2025, 1, 1), date(2025, 4, 30)),
        "schrijven": (date(2025, 5, 1), date(2025, 12, 31)),
        "toetsen": (date(2025, 6, 1), date(2025, 6, 30)),
        "besluitvorming": (date(2026, 1, 1), date(2026, 3, 31)),
        "inspectie": (date(2026, 4, 1), date(2026, 4, 30)),
        "uitvoering": (date(2026, 8, 1), date(2030, 7, 31)),
    }
    assert world["trajectory"].period_label == "2026-2030"
    phase_list = list(Phase.unscoped.filter(trajectory=world["trajectory"]))
    assert calendar.current_phase(phase_list, date(2025, 6, 10)).kind == "toetsen"  # inside schrijven
    assert calendar.current_phase(phase_list, date(2025, 9, 1)).kind == "schrijven"


def test_one_oogo_step_per_gemeente_and_a_new_gemeente_gets_its_own(world):
    trajectory = world["trajectory"]
    oogo = Step.unscoped.filter(trajectory=trajectory, kind=Step.Kind.OOGO)
    assert sorted(oogo.values_list("gemeente__name", flat=True)) == ["Den Haag", "Leidschendam-Voorburg", "Rijswijk"]
    assert services.sync_oogo_steps(trajectory) == 0  # nothing twice
    Gemeente.unscoped.create(swv=world["swv"], name="Wassenaar")
    assert services.sync_oogo_steps(trajectory) == 1
    assert oogo.count() == 4
    assert Step.unscoped.filter(trajectory=trajectory).exclude(kind=Step.Kind.OOGO).count() == 3
    # another SWV's gemeente never gets a step here
    Gemeente.unscoped.create(swv=SwvFactory(code="PO7102"), name="Elders")
    assert services.sync_oogo_steps(trajectory) == 0


def test_opr_term_four_weeks_by_default_and_editable(world):
    trajectory = world["trajectory"]
    step = _step(trajectory, Step.Kind.OPR)
    assert trajectory.opr_term_days == 28
    step.sent_on = date(2026, 1, 12)
    assert calendar.deadline(step, trajectory) == date(2026, 2, 9)
    services.set_opr_term(trajectory, world["user"], 42)
    assert calendar.deadline(step, trajectory) == date(2026, 2, 23)


def test_bestuur_cannot_adopt_before_opr_and_every_oogo(world):
    _record(world, Step.Kind.OPR, date(2026, 2, 10), Step.Outcome.GRANTED)
    _record(world, Step.Kind.OOGO, date(2026, 2, 12), Step.Outcome.AGREED, gemeente="Den Haag")
    with pytest.raises(ValidationError) as raised:
        _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED)
    text = " ".join(raised.value.messages)
    assert "Rijswijk" in text and "Leidschendam-Voorburg" in text and "Den Haag" not in text
    world["draft"].refresh_from_db()
    assert world["draft"].adopted_on is None
    # an OOGO on a later day than the decision does not count either
    _record(world, Step.Kind.OOGO, date(2026, 3, 5), Step.Outcome.AGREED, gemeente="Rijswijk")
    _record(world, Step.Kind.OOGO, date(2026, 2, 20), Step.Outcome.AGREED, gemeente="Leidschendam-Voorburg")
    with pytest.raises(ValidationError, match="na het besluit"):
        _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED)


def test_refused_opr_blocks_adoption(world):
    _consult(world)
    _record(world, Step.Kind.OPR, date(2026, 2, 10), Step.Outcome.REFUSED)
    with pytest.raises(ValidationError, match="OPR"):
        _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED)


def test_bestuur_decision_adopts_the_draft_through_the_plans_service(world):
    _consult(world)
    opr = _step(world["trajectory"], Step.Kind.OPR)
    assert opr.adoption.kind == Adoption.Kind.CONSENT and opr.adoption.gremium.kind == Gremium.Kind.OPR
    step = _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED)
    draft = Plan.unscoped.get(pk=world["draft"].pk)
    assert draft.adopted_on == date(2026, 3, 1) and not draft.is_draft  # adopted: in force, no longer a draft
    assert step.adoption.plan_id == draft.pk and step.adoption.kind == Adoption.Kind.ADOPTED
    # recorded once: the plan's own list of decisions holds it, the step links to it
    assert Adoption.unscoped.filter(plan=draft, kind=Adoption.Kind.ADOPTED).count() == 1
    _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED, notes="Unaniem.")
    assert Adoption.unscoped.filter(plan=draft, kind=Adoption.Kind.ADOPTED).count() == 1


def test_an_existing_adoption_is_linked_not_duplicated(world):
    from koers.plans import services as plan_services

    opr = Gremium.unscoped.get(swv=world["swv"], kind=Gremium.Kind.OPR)
    existing = plan_services.adopt(
        gremium=opr, date_=date(2026, 2, 10), kind=Adoption.Kind.CONSENT, user=world["user"], plan=world["draft"]
    )
    step = _record(world, Step.Kind.OPR, date(2026, 2, 10), Step.Outcome.GRANTED)
    assert step.adoption == existing
    assert Adoption.unscoped.filter(plan=world["draft"], kind=Adoption.Kind.CONSENT).count() == 1


def test_inspectie_after_adoption_and_before_1_may(world):
    with pytest.raises(ValidationError, match="nadat het bestuur"):
        _record(world, Step.Kind.INSPECTIE, date(2026, 3, 10), Step.Outcome.SUBMITTED)
    _consult(world)
    _record(world, Step.Kind.BESTUUR, date(2026, 3, 1), Step.Outcome.ADOPTED)
    with pytest.raises(ValidationError, match="nadat het bestuur"):
        _record(world, Step.Kind.INSPECTIE, date(2026, 2, 28), Step.Outcome.SUBMITTED)
    with override_settings(KOERS_TODAY=date(2026, 5, 10)), pytest.raises(ValidationError, match="1 mei"):
        services.record_step(
            _step(world["trajectory"], Step.Kind.INSPECTIE),
            world["user"],
            data={"done_on": date(2026, 5, 1), "outcome": Step.Outcome.SUBMITTED},
        )
    step = _record(world, Step.Kind.INSPECTIE, date(2026, 3, 15), Step.Outcome.SUBMITTED)
    assert step.is_positive
    steps = list(Step.unscoped.filter(trajectory=world["trajectory"]))
    assert calendar.findings(world["trajectory"], steps, TODAY) == []


def test_inspectie_deadline_is_never_after_30_april(world):
    step = _step(world["trajectory"], Step.Kind.INSPECTIE)
    step.planned_on = date(2026, 6, 1)
    assert calendar.deadline(step, world["trajectory"]) == date(2026, 4, 30)


def test_overdue_steps_are_marked(world):
    steps = list(Step.unscoped.filter(trajectory=world["trajectory"]))
    late = calendar.overdue_ids(world["trajectory"], steps, date(2026, 3, 1))
    # planned: OPR 15-02, OOGO 28-02 (deadline not yet passed on 1 March? 28 Feb < 1 March: passed)
    assert _step(world["trajectory"], Step.Kind.OPR).pk in late
    assert _step(world["trajectory"], Step.Kind.OOGO, "Rijswijk").pk in late
    assert _step(world["trajectory"], Step.Kind.BESTUUR).pk not in late
    messages = [f.message for f in calendar.findings(world["trajectory"], steps, date(2026, 3, 1))]
    assert "Instemming OPR: te laat, de deadline was 15-02-2026." in messages


def test_a_step_cannot_be_done_in_the_future_nor_have_a_foreign_outcome(world):
    with pytest.raises(ValidationError, match="toekomst"):
        _record(world, Step.Kind.OPR, date(2026, 4, 1), Step.Outcome.GRANTED)
    with pytest.raises(ValidationError, match="past niet"):
        _record(world, Step.Kind.OPR, date(2026, 2, 1), Step.Outcome.SUBMITTED)


@override_settings(KOERS_IMPORT_MAX_BYTES=100)
def test_a_document_above_the_import_limit_is_refused(world):
    step = _step(world["trajectory"], Step.Kind.OPR)
    big = SimpleUploadedFile("besluit.pdf", b"x" * 101, content_type="application/pdf")
    with pytest.raises(ValidationError, match="groter dan"):
        services.record_step(step, world["user"], data={}, upload=big)
    step.refresh_from_db()
    assert not step.has_document
    small = SimpleUploadedFile("besluit.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert services.record_step(step, world["user"], data={}, upload=small).document_name == "besluit.pdf"


# ---- reminders ---------------------------------------------------------------------------------


def test_reminders_14_and_3_days_before_and_never_twice(world):
    mail.outbox.clear()
    other = UserFactory(username="eigenaar-traject")
    member(other, world["swv"], "eigenaar")  # not the bureau: no reminder
    bestuur = _step(world["trajectory"], Step.Kind.BESTUUR)  # planned 15-03-2026
    with override_settings(KOERS_TODAY=date(2026, 3, 1)), pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
        first = services.send_due_reminders()
        again = services.send_due_reminders()
    assert first.reminders >= 1 and again.reminders == 0
    assert StepReminder.unscoped.filter(step=bestuur, days_before=14, user=world["user"]).count() == 1
    assert not StepReminder.unscoped.filter(user=other).exists()
    notes = Notification.objects.filter(user=world["user"], subject__contains="Besluit van het bestuur")
    assert notes.count() == 1 and "15-03-2026" in notes.get().subject
    with override_settings(KOERS_TODAY=date(2026, 3, 12)), pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
        services.send_due_reminders()
        services.send_due_reminders()
    assert StepReminder.unscoped.filter(step=bestuur, user=world["user"]).count() == 2  # 14 and 3 days
    assert Notification.objects.filter(user=world["user"], subject__contains="Besluit van het bestuur").count() == 2
    # a step done gets no reminder
    _consult(world, on=date(2026, 3, 10))
    with override_settings(KOERS_TODAY=date(2026, 3, 12)):
        services.send_due_reminders()
    assert not StepReminder.unscoped.filter(step__kind=Step.Kind.OPR, days_before=3).exists()


def test_reminder_command_runs_in_onderhoud():
    from koers.core.management.commands.onderhoud import STEPS

    assert ("trajectherinneringen", "trajectherinneringen", [], "dagelijks") in STEPS


# ---- the calendar feed ---------------------------------------------------------------------------


def _feed(key):
    return Client().get(reverse("trajectory:feed", args=[key]))


def test_feed_is_valid_icalendar_with_all_day_events(world):
    trajectory = world["trajectory"]
    step = _step(trajectory, Step.Kind.OPR)
    step.notes = "Vergadering; agenda, punt 3\nzaal \\ boven " + "lang " * 30
    step.save()
    key = services.issue_feed(world["user"], world["swv"])
    response = _feed(key)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    assert b"\\;" in raw and b"\\," in raw and b"\\n" in raw and b"\\\\" in raw  # RFC 5545 TEXT escaping
    cal = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 6 + 6  # six phases, six steps (OPR, three OOGO, bestuur, Inspectie)
    phase = Phase.unscoped.get(trajectory=trajectory, kind="evaluatie")
    event = events[f"koers-fase-{phase.pk}@testserver"]
    assert event["dtstart"].dt == date(2025, 1, 1) and event["dtend"].dt == date(2025, 5, 1)  # DTEND exclusive
    assert b"DTSTART;VALUE=DATE:20250101" in raw
    opr = events[f"koers-stap-{step.pk}@testserver"]
    assert str(opr["description"]) == step.notes  # escaped and unescaped back exactly
    assert opr["dtstart"].dt == date(2026, 2, 15)
    # the UID is stable between two requests
    assert {str(e["uid"]) for e in Calendar.from_ical(_feed(key).content).walk("VEVENT")} == set(events)


def test_feed_token_is_hashed_revocable_and_only_for_its_swv(world):
    from koers.trajectory.models import FeedToken

    key = services.issue_feed(world["user"], world["swv"])
    token = FeedToken.objects.for_swv(world["swv"]).get(user=world["user"])
    assert key not in token.key_hash and token.key_hash == FeedToken.hash_key(key)
    # another SWV's trajectory is not in this feed
    other = SwvFactory(code="PO7103")
    services.create_trajectory(swv=other, user=world["user"], first_year=2027, title="Ander traject")
    assert b"Ander traject" not in _feed(key).content
    # a bureau user of the other SWV: their feed shows their SWV only
    other_key = services.issue_feed(world["user"], other)
    member(world["user"], other, "bureau")
    assert b"Ander traject" in _feed(other_key).content
    assert world["trajectory"].title.encode() not in _feed(other_key).content
    # a new address revokes the old one; revoking ends both
    newer = services.issue_feed(world["user"], world["swv"])
    assert _feed(key).status_code == 404 and _feed(newer).status_code == 200
    services.revoke_feeds(world["user"], world["swv"])
    assert _feed(newer).status_code == 404
    assert _feed("verzonnen-sleutel").status_code == 404


def test_feed_stops_when_the_holder_is_no_longer_bureau(world):
    key = services.issue_feed(world["user"], world["swv"])
    membership = world["user"].memberships.get(swv=world["swv"])
    from koers.accounts.models import Role

    membership.role = Role.objects.get(code="toezicht")
    membership.save()
    assert _feed(key).status_code == 404


def test_feed_settings_page_shows_the_address_once_and_revokes(world):
    client = Client()
    client.force_login(world["user"])
    page = client.post(reverse("trajectory:feed_settings"), {"actie": "nieuw"})
    url = page.context["feed_url"]
    assert "/traject/agenda/" in url and _feed(url.split("/agenda/")[1].split("/")[0]).status_code == 200
    assert url not in client.get(reverse("trajectory:feed_settings")).content.decode()
    client.post(reverse("trajectory:feed_settings"), {"actie": "intrekken"})
    assert _feed(url.split("/agenda/")[1].split("/")[0]).status_code == 404


# ---- thematafels and outcomes -------------------------------------------------------------------


def _table(world, public=False):
    trajectory = world["trajectory"]
    group = StakeholderGroup.unscoped.get(swv=world["swv"], name="Ouders")
    theme = ConsultationTheme.unscoped.create(swv=world["swv"], trajectory=trajectory, name="Ouderbetrokkenheid")
    table = Thematafel.unscoped.create(
        swv=world["swv"],
        trajectory=trajectory,
        group=group,
        title="Tafel ouders",
        held_on=date(2025, 3, 4),
        public=public,
    )
    table.themes.add(theme)
    return table, theme


def test_default_stakeholder_groups_are_editable(world):
    names = list(StakeholderGroup.unscoped.filter(swv=world["swv"]).values_list("name", flat=True))
    assert names[:2] == ["Ouders", "Leerkrachten"] and len(names) == 9
    services.add_group(world["swv"], world["user"], "Jeugdartsen")
    assert StakeholderGroup.unscoped.filter(swv=world["swv"]).count() == 10


def test_outcome_links_only_to_the_same_swvs_draft(world):
    table, theme = _table(world)
    own_goal = GoalFactory(theme__plan=world["draft"])
    own_main = MainActivityFactory(plan=world["draft"], swv=world["swv"], goal=own_goal)
    old_plan_goal = GoalFactory(theme__plan=PlanFactory(swv=world["swv"], code="oud"))
    foreign_goal = GoalFactory(theme__plan=PlanFactory(swv=SwvFactory(code="PO7104")))
    outcome = Outcome(
        swv=world["swv"], table=table, theme=theme, heard="Ouders eerder betrekken.", status="overgenomen"
    )
    for wrong in (old_plan_goal, foreign_goal):
        with pytest.raises(ValidationError, match="conceptplan"):
            services.save_outcome(outcome, world["user"], goals=[wrong])
    saved = services.save_outcome(outcome, world["user"], goals=[own_goal], main_activities=[own_main])
    assert list(saved.goals.all()) == [own_goal]
    from koers_dev.testing.factories import everything

    assert list(services.outcomes_for_element(own_goal, everything(world["swv"]))) == [saved]
    assert list(services.outcomes_for_element(own_main, everything(world["swv"]))) == [saved]
    assert list(services.outcomes_for_element(own_goal, everything(foreign_goal.swv))) == []


def test_not_used_needs_a_reason_and_no_link(world):
    table, theme = _table(world)
    outcome = Outcome(swv=world["swv"], table=table, theme=theme, heard="Een extra loket.", status="niet_overgenomen")
    with pytest.raises(ValidationError, match="reden"):
        services.save_outcome(outcome, world["user"])
    outcome.reason = "   "
    with pytest.raises(ValidationError, match="reden"):
        services.save_outcome(outcome, world["user"])
    outcome.reason = "Past niet in de begroting."
    assert services.save_outcome(outcome, world["user"]).pk
    used = Outcome(swv=world["swv"], table=table, theme=theme, heard="Meer scholing.", status="overgenomen")
    with pytest.raises(ValidationError, match="Koppel"):
        services.save_outcome(used, world["user"])


def test_element_page_shows_where_it_came_from(world):
    table, theme = _table(world)
    goal = GoalFactory(theme__plan=world["draft"])
    outcome = Outcome(swv=world["swv"], table=table, theme=theme, heard="Ouders willen een vast aanspreekpunt.")
    outcome.status = "overgenomen"
    services.save_outcome(outcome, world["user"], goals=[goal])
    client = Client()
    client.force_login(world["user"])
    page = client.get(reverse("plans:element_edit", args=["doel", goal.pk])).content.decode()
    assert "Waar dit vandaan komt" in page and "vast aanspreekpunt" in page and "Tafel ouders" in page
    other = GoalFactory(theme__plan=world["draft"])
    assert (
        "Waar dit vandaan komt"
        not in client.get(reverse("plans:element_edit", args=["doel", other.pk])).content.decode()
    )


def test_theme_overview_heard_and_done(world):
    table, theme = _table(world)
    services.save_outcome(
        Outcome(
            swv=world["swv"],
            table=table,
            theme=theme,
            heard="Kortere lijnen.",
            status="niet_overgenomen",
            reason="Al geregeld.",
        ),
        world["user"],
    )
    client = Client()
    client.force_login(world["user"])
    page = client.get(reverse("trajectory:themes", args=[world["trajectory"].pk])).content.decode()
    assert "Ouderbetrokkenheid" in page and "Kortere lijnen." in page and "Al geregeld." in page


def test_table_form_counts_participants_per_group_without_names(world):
    client = Client()
    client.force_login(world["user"])
    ouders = StakeholderGroup.unscoped.get(swv=world["swv"], name="Ouders")
    leerkrachten = StakeholderGroup.unscoped.get(swv=world["swv"], name="Leerkrachten")
    response = client.post(
        reverse("trajectory:table_new", args=[world["trajectory"].pk]),
        {
            "title": "Tafel ouders en leerkrachten",
            "group": ouders.pk,
            "held_on": "2025-02-11",
            "new_themes": "Thuiszitters\nBasisondersteuning",
            f"count_{ouders.pk}": "12",
            f"count_{leerkrachten.pk}": "4",
        },
    )
    assert response.status_code == 302
    table = Thematafel.unscoped.get(title="Tafel ouders en leerkrachten")
    assert table.participant_total == 16
    assert sorted(table.themes.values_list("name", flat=True)) == ["Basisondersteuning", "Thuiszitters"]


# ---- the public page ------------------------------------------------------------------------------


def test_public_page_shows_only_what_is_public(world):
    trajectory = world["trajectory"]
    PublicPage.unscoped.create(swv=world["swv"], published=True)
    table, theme = _table(world, public=True)
    secret_table = Thematafel.unscoped.create(
        swv=world["swv"], trajectory=trajectory, group=table.group, title="Besloten tafel", held_on=date(2025, 3, 5)
    )
    Outcome.unscoped.create(swv=world["swv"], table=table, theme=theme, heard="Openbare opbrengst.", public=True)
    Outcome.unscoped.create(swv=world["swv"], table=table, theme=theme, heard="Interne opbrengst.")
    Outcome.unscoped.create(swv=world["swv"], table=secret_table, theme=theme, heard="Geheime opbrengst.", public=True)
    from koers.trajectory.models import Participation

    Participation.unscoped.create(swv=world["swv"], table=table, group=table.group, count=3)
    url = reverse("public:page", args=[world["swv"].code])
    with override_settings(KOERS_TODAY=TODAY):
        assert "Op weg naar het nieuwe ondersteuningsplan" not in Client().get(url).content.decode()  # not public
        trajectory.public = True
        trajectory.save()
        _consult(world)
        page = Client().get(url).content.decode()
    assert "Op weg naar het nieuwe ondersteuningsplan" in page
    assert "Besluitvorming" in page and "Instemming OPR" in page and "10-02-2026" in page
    assert "Openbare opbrengst." in page
    assert "Interne opbrengst." not in page and "Geheime opbrengst." not in page and "Besloten tafel" not in page
    assert "3 deelnemers" not in page  # fewer than 5: not shown (ADR 0012)
    assert world["user"].username not in page


# ---- the demo -------------------------------------------------------------------------------------


def test_demo_trajectory_with_two_thematafels_moves_with_the_demo_clock():
    from koers.demo.trajectory import generate
    from koers.trajectory.models import Trajectory

    swv = SwvFactory(code="PO2801")
    Gemeente.unscoped.create(swv=swv, name="Den Haag")
    trajectory = generate(swv)
    assert trajectory.period_label == "2025-2029"  # the test date 21-07-2025 moves nothing
    tables = Thematafel.unscoped.filter(trajectory=trajectory)
    assert tables.count() == 2
    assert Outcome.unscoped.filter(table__in=tables).count() == 4
    assert Outcome.unscoped.get(status="niet_overgenomen").reason
    assert generate(swv) is None  # loading the demo twice adds nothing
    with override_settings(KOERS_TODAY=date(2027, 9, 1)):
        assert generate(SwvFactory(code="PO2899")).first_year == 2028
    assert Trajectory.unscoped.filter(swv=swv).count() == 1


# ---- the calendar for any plan period ------------------------------------------------------------


@given(first_year=st.integers(min_value=2001, max_value=2098), years=st.integers(min_value=1, max_value=8))
def test_default_calendar_holds_for_every_period(first_year, years):
    phases = {kind: (start, end) for kind, start, end in calendar.default_phases(first_year, years)}
    assert all(start <= end for start, end in phases.values())
    assert phases["evaluatie"][1] < phases["schrijven"][0] <= phases["toetsen"][0] <= phases["toetsen"][1]
    assert phases["toetsen"][1] <= phases["schrijven"][1] < phases["besluitvorming"][0]
    assert phases["besluitvorming"][1] < phases["inspectie"][0] <= phases["inspectie"][1] < date(first_year, 5, 1)
    assert phases["uitvoering"] == (date(first_year, 8, 1), date(first_year + years, 7, 31))
    planned = {k: calendar.default_planned(k, first_year) for k in Step.Kind}
    assert planned["opr"] < planned["bestuur"] and planned["oogo"] < planned["bestuur"] < planned["inspectie"]
    assert planned["inspectie"] <= calendar.inspectie_deadline(first_year) == date(first_year, 4, 30)
