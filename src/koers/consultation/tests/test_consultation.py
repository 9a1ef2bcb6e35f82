"""The feedback round: invitees' links (valid, guessed, another round's, expired, revoked, replayed), comments
and answers, and what an invitee can read (the draft's text only)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.audit.models import HistoryEntry
from koers.consultation import services
from koers.consultation.content import draft_elements
from koers.consultation.models import Comment, Invitee
from koers.core.audience import Audience
from koers.plans.models import Plan
from koers_dev.testing.factories import (
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    PlanFactory,
    SwvFactory,
    UserFactory,
    member,
)

TODAY = date(2025, 7, 21)  # koers.conf.ci


@pytest.fixture
def draft(db):
    swv = SwvFactory()
    plan = PlanFactory(swv=swv, status=Plan.Status.DRAFT, title="Concept 2025-2029")
    goal = GoalFactory(theme__plan=plan, title="Elk kind een passende plek", ambition="Thuiszitters terug naar school")
    MainActivityFactory(goal=goal, plan=plan, swv=swv, title="Arrangementen dichtbij huis")
    IndicatorFactory(goal=goal, title="Geheime indicatornaam")
    return plan


@pytest.fixture
def bureau(draft):
    user = UserFactory()
    member(user, draft.swv, "bureau")
    return user


def _keys(plan):
    return {e.key for e in draft_elements(plan, Audience.system(plan.swv, reason="test"))}


@pytest.fixture
def round_(draft, bureau):
    return services.open_round(
        draft, bureau, title="Reactieronde concept", opens_on=date(2025, 7, 1), closes_on=date(2025, 8, 31)
    )


def _invite(round_, bureau, name="Ouder A", group="ouder", **kw):
    return services.invite(
        round_, bureau, name=name, email=f"{name.split()[-1].lower()}@example.org", group=group, **kw
    )


def _url(token):
    return reverse("consultation:respond", args=[token])


def test_a_round_is_only_about_a_draft(db, bureau):
    current = PlanFactory(status=Plan.Status.CURRENT)
    with pytest.raises(ValidationError):
        services.open_round(current, bureau, title="x", opens_on=TODAY, closes_on=TODAY)


def test_only_the_hash_of_the_token_is_stored_and_the_mail_has_the_absolute_link(round_, bureau, settings):
    invitee, token = _invite(round_, bureau)
    stored = Invitee.unscoped.get(pk=invitee.pk)
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert stored.matches(token)
    assert not stored.matches(token + "x")


def test_invitation_mail_after_commit(round_, bureau, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        invitee, token = _invite(round_, bureau)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert settings.SITE_URL.rstrip("/") + _url(token) in body
    assert mail.outbox[0].to == ["a@example.org"]


def test_the_link_shows_the_draft_text_and_nothing_else(round_, bureau, draft):
    _invitee, token = _invite(round_, bureau)
    page = Client().get(_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Elk kind een passende plek" in html and "Thuiszitters terug naar school" in html
    assert "Arrangementen dichtbij huis" in html
    assert "Geheime indicatornaam" not in html  # no monitoring
    assert "a@example.org" not in html
    other = PlanFactory(swv=draft.swv, status=Plan.Status.DRAFT)
    GoalFactory(theme__plan=other, title="Doel van een ander plan")
    assert "Doel van een ander plan" not in Client().get(_url(token)).content.decode()


def test_an_invitee_comments_through_its_link_and_the_bureau_answers(round_, bureau, draft):
    invitee, token = _invite(round_, bureau)
    key = sorted(k for k in _keys(draft) if k.startswith("goal:"))[0]
    client = Client()
    response = client.post(_url(token), {"element": key, "text": "Meer aandacht\x0b voor ouders <b>graag</b>"})
    assert response.status_code == 302
    comment = Comment.unscoped.get(round=round_)
    assert comment.invitee == invitee and comment.element == key
    assert "\x0b" not in comment.text
    page = client.get(_url(token)).content.decode()
    assert "&lt;b&gt;graag&lt;/b&gt;" in page and "<b>graag</b>" not in page
    with pytest.raises(ValidationError):
        services.answer(comment, bureau, answer=Comment.Answer.NOT, reason="")
    services.answer(comment, bureau, answer=Comment.Answer.PARTLY, reason="Deels: in doel 2 opgenomen.")
    comment.refresh_from_db()
    assert comment.answer == "deels" and comment.answered_by == bureau
    assert HistoryEntry.objects.filter(object_id=str(comment.pk)).exists()


def test_the_bureau_round_page_groups_comments_and_filters_by_status(round_, bureau, draft):
    invitee, _token = _invite(round_, bureau)
    keys = sorted(_keys(draft))
    first = services.comment(round_, keys[0], "Eerste", keys=set(keys), invitee=invitee)
    services.comment(round_, keys[1], "Tweede", keys=set(keys), invitee=invitee)
    services.answer(first, bureau, answer=Comment.Answer.ADOPTED)
    client = Client()
    client.force_login(bureau)
    url = reverse("consultation:round", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Eerste" in page and "Tweede" in page and "a@example.org" not in page
    filtered = client.get(url + "?status=overgenomen").content.decode()
    assert "Eerste" in filtered and "Tweede" not in filtered


def test_a_member_comments_too(round_, draft):
    reader = UserFactory()
    member(reader, draft.swv, "toezicht")
    client = Client()
    client.force_login(reader)
    key = sorted(_keys(draft))[0]
    client.post(reverse("consultation:member_comment", args=[round_.pk]), {"element": key, "text": "Van de RvT"})
    assert Comment.unscoped.get(round=round_).author == reader


def test_length_limit_and_closed_elements(round_, bureau, draft):
    invitee, _token = _invite(round_, bureau)
    keys = _keys(draft)
    with pytest.raises(ValidationError):
        services.comment(round_, sorted(keys)[0], "x" * 4001, keys=keys, invitee=invitee)
    with pytest.raises(ValidationError):
        services.comment(round_, "goal:999999999", "Elders", keys=keys, invitee=invitee)
    round_.elements = [sorted(keys)[0]]
    round_.save()
    with pytest.raises(ValidationError):
        services.comment(round_, sorted(keys)[1], "Niet open", keys=keys, invitee=invitee)


# Attacker tests: every refusal looks the same (404, the same page) and writes nothing.


def _refused(client, token, element="goal:1"):
    before = Comment.unscoped.count()
    get = client.get(_url(token))
    post = client.post(_url(token), {"element": element, "text": "Aanval"})
    assert get.status_code == 404 and post.status_code == 404
    assert "Deze link werkt niet" in get.content.decode()
    assert Comment.unscoped.count() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    guess=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=60)
)
def test_guessed_tokens_are_refused(guess, db):
    response = Client().get(_url(guess))
    assert response.status_code == 404


def test_the_hash_itself_is_no_key(round_, bureau):
    invitee, _token = _invite(round_, bureau)
    _refused(Client(), Invitee.unscoped.get(pk=invitee.pk).token_hash)


def test_a_token_opens_only_its_own_round(round_, bureau, draft):
    other_swv_plan = PlanFactory(status=Plan.Status.DRAFT)
    GoalFactory(theme__plan=other_swv_plan, title="Doel van een ander SWV")
    other_round = services.open_round(
        other_swv_plan, UserFactory(), title="Ander", opens_on=date(2025, 7, 1), closes_on=date(2025, 8, 31)
    )
    _invitee, token = _invite(round_, bureau)
    page = Client().get(_url(token)).content.decode()
    assert "Doel van een ander SWV" not in page
    other_key = sorted(_keys(other_swv_plan))[0]
    before = Comment.unscoped.count()
    Client().post(_url(token), {"element": other_key, "text": "Verkeerd"})
    assert Comment.unscoped.count() == before
    assert not Comment.unscoped.filter(round=other_round).exists()


def test_expired_links_are_refused(round_, bureau, settings):
    _invitee, token = _invite(round_, bureau, expires_on=date(2025, 7, 20))
    _refused(Client(), token)
    _invitee2, token2 = _invite(round_, bureau, name="Leerkracht B", group="leerkracht")
    settings.KOERS_TODAY = "2025-09-01"  # after the round closed
    _refused(Client(), token2)


def test_revoked_links_are_refused_also_on_replay_and_resend_makes_the_old_link_useless(round_, bureau, draft):
    invitee, token = _invite(round_, bureau)
    client = Client()
    assert client.get(_url(token)).status_code == 200
    services.revoke(invitee, bureau)
    _refused(client, token, sorted(_keys(draft))[0])
    with pytest.raises(ValidationError):
        services.resend(invitee, bureau)
    other, old = _invite(round_, bureau, name="Leerkracht B", group="leerkracht")
    new = services.resend(other, bureau)
    _refused(Client(), old)
    assert Client().get(_url(new)).status_code == 200


def test_revoke_through_the_bureau_page(round_, bureau):
    invitee, token = _invite(round_, bureau)
    client = Client()
    client.force_login(bureau)
    assert client.post(reverse("consultation:revoke", args=[invitee.pk])).status_code == 302
    _refused(Client(), token)


def test_purge_empties_personal_data_and_the_appendix_uses_the_group(round_, bureau, settings):
    invitee, token = _invite(round_, bureau, name_in_appendix=True)
    assert invitee.appendix_name == "Ouder A"
    settings.KOERS_TODAY = "2026-12-01"
    assert services.purge_invitees(round_.swv, days=365) == 1
    invitee.refresh_from_db()
    assert invitee.name == "" and invitee.email == "" and invitee.appendix_name == "een ouder"
    settings.KOERS_TODAY = "2025-07-21"
    _refused(Client(), token)


def test_no_email_in_history(round_, bureau):
    _invite(round_, bureau)
    assert not any("a@example.org" in str(h.changes) for h in HistoryEntry.objects.all())


def test_the_round_closes(round_, bureau, draft):
    invitee, _token = _invite(round_, bureau)
    round_.closes_on = TODAY - timedelta(days=1)
    round_.save()
    with pytest.raises(ValidationError):
        services.comment(round_, sorted(_keys(draft))[0], "Te laat", keys=_keys(draft), invitee=invitee)
