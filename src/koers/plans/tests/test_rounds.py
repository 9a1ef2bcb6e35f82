"""The voortgangsronde: round page, reminders as often as needed, review, comments, evidence, and the lock once the
tertiaalrapportage is issued."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from koers.audit.models import AccessLog
from koers.plans import services
from koers.plans.forms import RoundForm, UpdateForm
from koers.plans.models import ActivityComment, ActivityUpdate, Amendment, Evidence, RoundNotice
from koers.plans.round_status import round_status
from koers.reports.models import Report
from koers_dev.testing.factories import ActivityFactory, ActorFactory, UserFactory, YearPlanFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(swv, bureau_user):
    year_plan = YearPlanFactory(plan__swv=swv)
    owner = UserFactory(username="eigenaar", email="eigenaar@example.org")
    member(owner, swv, "eigenaar")
    actor = ActorFactory(swv=swv, name="Team Ondersteuning")
    actor.users.add(owner)
    other = ActorFactory(swv=swv, name="Zonder gebruiker")
    activities = [ActivityFactory(year_plan=year_plan, owner=actor, code=f"A{n}") for n in (1, 2, 3)]
    lonely = ActivityFactory(year_plan=year_plan, owner=other, code="B1")
    ActivityFactory(year_plan=year_plan, owner=actor, code="K1", status="afgerond")  # finished: not asked
    return {
        "year_plan": year_plan,
        "owner": owner,
        "actor": actor,
        "other": other,
        "activities": activities,
        "lonely": lonely,
        "bureau": bureau_user,
    }


def _open(world, tertiaal="2025-T2", days=14):
    return services.open_round(
        world["year_plan"],
        tertiaal=tertiaal,
        deadline=timezone.localdate() + timedelta(days=days),
        user=world["bureau"],
    )


def test_round_status_per_owner_and_activity(world):
    update_round = _open(world)
    owner = world["owner"]
    a1, a2, _a3 = world["activities"]
    services.post_update(a1, owner, tertiaal="2025-T2", status="loopt", happened="Bezig.")
    update = services.post_update(a2, owner, tertiaal="2025-T2", status="loopt", happened="Kort.")
    services.review_update(update, world["bureau"], accept=False, comment="Wat is er precies gebeurd?")
    status = round_status(update_round)
    assert status.total == 4  # three of the team, one without a user; the finished one is not asked
    assert (status.done, status.returned, status.missing) == (1, 1, 2)
    team = next(o for o in status.owners if o.owner == world["actor"])
    assert [(a.activity.code, a.state) for a in team.activities] == [
        ("A1", "ingediend"),
        ("A2", "teruggestuurd"),
        ("A3", "nog_niet"),
    ]
    assert team.last_notice.kind == RoundNotice.Kind.REQUEST
    api = status.as_dict()
    assert api["done"] == 1 and {o["owner_name"] for o in api["owners"]} == {"Team Ondersteuning", "Zonder gebruiker"}


def test_herinner_as_often_as_needed_logs_each_and_links_to_the_activity(world, django_capture_on_commit_callbacks):
    update_round = _open(world)
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.remind_owner(update_round, world["actor"], world["bureau"]) == 1
    reminders = RoundNotice.objects.filter(round=update_round, kind=RoundNotice.Kind.REMINDER)
    assert reminders.count() == 2 and all(n.sent_by == world["bureau"] for n in reminders)
    body = mail.outbox[-1].body
    for activity in world["activities"]:
        assert f"http://127.0.0.1:8000/plannen/activiteit/{activity.pk}/" in body
    assert "/mijn-activiteiten/" not in body
    # the bureau's reminders do not use up the automatic one
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=update_round.deadline - timedelta(days=1)).reminders == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=update_round.deadline - timedelta(days=1)).reminders == 0
    # an owner without a user cannot be reminded, and says so
    with pytest.raises(ValidationError, match="geen gebruiker gekoppeld"):
        services.remind_owner(update_round, world["other"], world["bureau"])


def test_no_site_url_gives_paths_a_warning_and_a_check(
    world, settings, bureau_client, django_capture_on_commit_callbacks
):
    from koers.plans.checks import site_url_set

    settings.SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        update_round = _open(world)
    assert [w.id for w in site_url_set()] == ["koers.W001"]
    page = bureau_client.get(reverse("plans:round", args=[update_round.pk])).content.decode()
    assert "Het adres van Koers is niet ingesteld." in page
    body = mail.outbox[-1].body
    assert "127.0.0.1" not in body and f"\n  /plannen/activiteit/{world['activities'][0].pk}/\n" in body
    settings.SITE_URL = "https://koers.voorbeeld.nl"
    assert site_url_set() == []


def test_round_closes_by_hand_and_at_its_deadline(world):
    update_round = _open(world, days=1)
    assert update_round.is_open
    services.send_due_reminders(today=update_round.deadline + timedelta(days=1))
    update_round.refresh_from_db()
    assert update_round.closed_at is not None and not update_round.is_open
    second = _open(world, tertiaal="2025-T1")
    services.close_round(second, world["bureau"])
    with pytest.raises(ValidationError):
        services.remind_all(second, world["bureau"])


def test_send_back_notifies_the_owner_and_a_new_update_completes(world, django_capture_on_commit_callbacks):
    update_round = _open(world)
    owner = world["owner"]
    a1 = world["activities"][0]
    update = services.post_update(a1, owner, tertiaal="2025-T2", status="loopt", happened="Bezig.")
    with pytest.raises(ValidationError):
        services.review_update(update, world["bureau"], accept=False, comment="")  # a comment is required
    with django_capture_on_commit_callbacks(execute=True):
        services.review_update(update, world["bureau"], accept=False, comment="Noem de scholen.")
    assert owner.notifications.filter(subject__startswith="Update T2 2025 teruggestuurd").exists()
    assert "Noem de scholen." in mail.outbox[-1].body
    assert ActivityComment.unscoped.get(activity=a1).update == update
    assert services._missing_for(update_round, owner)[0] == a1
    fixed = services.post_update(a1, owner, tertiaal="2025-T2", status="loopt", happened="Op 3 scholen gestart.")
    with pytest.raises(ValidationError):  # the old one is superseded
        services.review_update(update, world["bureau"], accept=True)
    services.review_update(fixed, world["bureau"], accept=True)
    assert a1 not in services._missing_for(update_round, owner)


def _issue(year_plan, tertiaal):
    return Report.unscoped.create(
        swv=year_plan.swv,
        year_plan=year_plan,
        tertiaal=tertiaal,
        kind=Report.Kind.TERTIAAL,
        title="Rapportage",
        status=Report.Status.ISSUED,
    )


def test_an_issued_tertiaal_is_locked_a_later_update_is_an_amendment(world):
    owner = world["owner"]
    a1 = world["activities"][0]
    update = services.post_update(a1, owner, tertiaal="2024-T3", status="loopt", happened="Gestart.")
    _issue(world["year_plan"], "2024-T3")
    with pytest.raises(services.PlanLocked, match="T3 2024 is al uitgebracht"):
        services.post_update(a1, owner, tertiaal="2024-T3", status="afgerond", happened="Toch klaar.")
    with pytest.raises(services.PlanLocked):
        services.add_evidence(update, owner, title="Verslag", url="https://example.org/verslag")
    assert ActivityUpdate.unscoped.filter(activity=a1).count() == 1
    services.post_update(
        a1, owner, tertiaal="2024-T3", status="afgerond", happened="Toch klaar.", reason="Verkeerd doorgegeven."
    )
    amendment = Amendment.unscoped.get(year_plan=world["year_plan"])
    assert amendment.reason == "Verkeerd doorgegeven." and "T3 2024" in amendment.summary
    # another tertiaal is not locked
    services.post_update(a1, owner, tertiaal="2025-T1", status="afgerond", happened="Afgerond.")
    assert Amendment.unscoped.filter(year_plan=world["year_plan"]).count() == 1


def test_update_form_preselects_the_open_round_and_offers_only_the_school_year(world):
    a1 = world["activities"][0]
    _open(world, tertiaal="2025-T1")
    form = UpdateForm(activity=a1)
    assert [k for k, _label in form.fields["tertiaal"].choices] == ["2024-T3", "2025-T1", "2025-T2"]
    assert form.initial["tertiaal"] == "2025-T1"
    round_form = RoundForm(year_plan=world["year_plan"])
    assert [k for k, _label in round_form.fields["tertiaal"].choices] == ["2024-T3", "2025-T1", "2025-T2"]


def _upload(content=b"verslag met namen", name="verslag.txt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_evidence_is_encrypted_limited_served_to_bureau_and_owner_and_logged(world, swv, settings, client):
    owner = world["owner"]
    a1 = world["activities"][0]
    update = services.post_update(a1, owner, tertiaal="2025-T1", status="loopt", happened="Bezig.")
    evidence = services.add_evidence(update, owner, title="", upload=_upload())
    assert evidence.title == "verslag.txt" and evidence.size == len(b"verslag met namen")
    assert b"namen" not in bytes(evidence.sealed)
    settings.KOERS_IMPORT_MAX_BYTES = 4
    with pytest.raises(ValidationError, match="KOERS_IMPORT_MAX_BYTES"):
        services.add_evidence(update, owner, title="Te groot", upload=_upload())
    url = reverse("plans:evidence", args=[evidence.pk])
    for username, role, expected in (("eigenaar", None, 200), ("bureau", None, 200), ("tz", "toezicht", 404)):
        user = UserFactory(username=username) if role else type(owner).objects.get(username=username)
        if role:
            member(user, swv, role)
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, username
        if expected == 200:
            assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
                b"verslag met namen"
            )
    assert AccessLog.objects.filter(action="bewijsstuk bekeken").count() == 2


def test_evidence_past_the_retention_period_is_wiped_by_bewaartermijn(world, swv):
    from django.core.management import call_command

    owner = world["owner"]
    a1 = world["activities"][0]
    old = services.post_update(a1, owner, tertiaal="2014-T3", status="loopt", happened="Lang geleden.")
    recent = services.post_update(a1, owner, tertiaal="2025-T1", status="loopt", happened="Onlangs.")
    services.add_evidence(old, owner, title="Oud", upload=_upload())
    services.add_evidence(recent, owner, title="Nieuw", upload=_upload())
    call_command("bewaartermijn", stdout=open("/dev/null", "w"))  # noqa: SIM115 - a trial run wipes nothing
    assert Evidence.unscoped.filter(sealed__isnull=False).count() == 2
    call_command("bewaartermijn", "--uitvoeren", stdout=open("/dev/null", "w"))  # noqa: SIM115
    wiped = Evidence.unscoped.get(title="Oud")
    assert wiped.sealed is None and wiped.wiped_at is not None
    assert Evidence.unscoped.get(title="Nieuw").sealed is not None


def test_report_payload_lists_evidence_per_activity(world):
    from koers.accounts.audience import for_readers
    from koers.core.periods import Tertiaal
    from koers.reports.content import tertiaal_payload

    owner = world["owner"]
    a1 = world["activities"][0]
    update = services.post_update(a1, owner, tertiaal="2025-T1", status="loopt", happened="Bezig.")
    services.add_evidence(update, owner, title="Verslag", url="https://example.org/verslag")
    services.add_evidence(update, owner, title="Presentielijst", upload=_upload())
    payload = tertiaal_payload(world["year_plan"], Tertiaal.parse("2025-T1"), for_readers(world["year_plan"].swv))
    assert payload["evidence"] == [
        {
            "pk": a1.pk,
            "code": "A1",
            "description": a1.description,
            "items": [
                {"title": "Verslag", "kind": "link", "url": "https://example.org/verslag"},
                {"title": "Presentielijst", "kind": "bestand", "url": ""},
            ],
        }
    ]


def test_owner_round_view_saves_and_opens_the_next(world, client):
    _open(world)
    client.force_login(world["owner"])
    page = client.get(reverse("plans:my_round")).content.decode()
    assert page.index("A1 ") < page.index("A2 ")
    assert re.search(r'<option value="2025-T2" selected', page)  # the open round's tertiaal
    a1, a2, _a3 = world["activities"]
    data = {"tertiaal": "2025-T2", "status": "loopt", "happened": "Bezig.", "next_step": "", "risk": ""}
    response = client.post(reverse("plans:round_update", args=[a1.pk]), data, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Uw update van A1 is opgeslagen." in body
    assert f'hx-post="{reverse("plans:round_update", args=[a2.pk])}"' in body  # the next one is open
    assert "Nog 2 activiteiten bij te werken." in body


def test_api_round_status(world, swv):
    from rest_framework.test import APIClient

    from koers.api.models import ApiToken

    update_round = _open(world)
    services.post_update(world["activities"][0], world["owner"], tertiaal="2025-T2", status="loopt", happened="x")
    _token, key = ApiToken.issue(user=world["bureau"], swv=swv, name="Rondes", scopes=["plans:read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    data = api.get(f"/api/v1/rondes/{update_round.pk}/").json()
    assert data["tertiaal"] == "2025-T2" and data["is_open"] is True
    assert (data["status"]["total"], data["status"]["done"], data["status"]["missing"]) == (4, 1, 3)
    team = next(o for o in data["status"]["owners"] if o["owner_name"] == "Team Ondersteuning")
    assert [a["state"] for a in team["activities"]] == ["ingediend", "nog_niet", "nog_niet"]


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["update", "return", "accept"]), max_size=6))
def test_done_counts_follow_the_latest_update(swv, bureau_user, steps):
    """Whatever happens to one activity's updates, it counts as done exactly when its latest update for the
    round's tertiaal exists and was not sent back."""
    year_plan = YearPlanFactory(plan__swv=swv, school_year=2024)
    activity = ActivityFactory(year_plan=year_plan)
    update_round = services.open_round(
        year_plan, tertiaal="2025-T2", deadline=date.today() + timedelta(days=5), user=bureau_user
    )
    latest = None
    for step in steps:
        if step == "update":
            latest = services.post_update(activity, bureau_user, tertiaal="2025-T2", status="loopt", happened="x")
        elif latest is not None:
            services.review_update(latest, bureau_user, accept=step == "accept", comment="Aanvullen.")
            latest.refresh_from_db()
    expected = latest is not None and latest.review != ActivityUpdate.Review.RETURNED
    assert round_status(update_round).done == int(expected)
