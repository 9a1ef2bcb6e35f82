"""Invitations as pending records and unique, confirmed e-mail addresses; attack 3 as it was done."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.invitations import invite
from koers.accounts.models import Invitation, Membership, Role, User
from koers.accounts.tests.helpers import confirmed_device, login, verify
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.KOERS_REQUIRE_2FA = True


def _role(code):
    return Role.objects.get(code=code)


def _link(message):
    return "/" + re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0).split("/", 3)[3]


def _beheerder_client(swv, username):
    user = UserFactory(username=username)
    member(user, swv, "beheerder")
    device = confirmed_device(user)
    client = Client()
    login(client, username)
    verify(client, device)
    return client, user


def _confirm_link(message):
    return "/" + re.search(r"https?://\S+/e-mailadres-bevestigen/\S+/", message.body).group(0).split("/", 3)[3]


# ---------------------------------------------------------------------------------------------------------------
# Attack 3: an eigenaar of SWV A takes the address SWV B is about to invite


def test_invitation_hijack_across_swvs_fails(django_capture_on_commit_callbacks):
    spow = SwvFactory(code="PO3001", name="SPOW")
    sppoh = SwvFactory(code="PO3002", name="SPPOH")
    attacker = UserFactory(username="eigenaar-spow", email="eigenaar@spow.example")
    member(attacker, spow, "eigenaar")
    client = Client()
    login(client, "eigenaar-spow")

    # the address SPPOH is about to invite, still free: the attacker puts it in the profile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:profile"), {"email": "directeur@sppoh.example"})
    assert response.status_code == 302
    attacker.refresh_from_db()
    assert attacker.email == "eigenaar@spow.example"  # not changed without confirmation from the new address
    confirm_mail, notice = mail.outbox
    assert confirm_mail.to == ["directeur@sppoh.example"] and notice.to == ["eigenaar@spow.example"]

    # SPPOH invites that address: the attacker's account gets nothing
    sppoh_client, _beheerder = _beheerder_client(sppoh, "beheer-sppoh")
    with django_capture_on_commit_callbacks(execute=True):
        response = sppoh_client.post(
            reverse("accounts:member_invite"), {"email": "directeur@sppoh.example", "role": _role("bureau").pk}
        )
    assert response.status_code == 302
    assert not Membership.unscoped.filter(user=attacker, swv=sppoh).exists()
    assert not Membership.unscoped.filter(swv=sppoh).exclude(user__username="beheer-sppoh").exists()
    assert client.post(reverse("accounts:switch_swv"), {"swv": sppoh.pk}).status_code == 404
    assert list(attacker.memberships.values_list("swv__code", flat=True)) == ["PO3001"]
    assert client.get(reverse("monitoring:register", kwargs={"register": "tlv"})).status_code == 403
    # only the link mailed to the invited address gives access
    assert mail.outbox[-1].to == ["directeur@sppoh.example"]
    assert not Membership.unscoped.filter(user=attacker, swv=sppoh).exists()


def test_cannot_save_an_address_of_another_account(client):
    UserFactory(username="pieter-sppoh", email="Directeur@SPPOH.example")
    user = UserFactory(username="ik", email="ik@example.org")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"email": "directeur@sppoh.example"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit e-mailadres kunt u niet gebruiken" in page and "pieter-sppoh" not in page
    assert not mail.outbox
    user.refresh_from_db()
    assert user.email == "ik@example.org"


def test_email_unique_ignoring_case_but_blank_is_free():
    UserFactory(username="a", email="Een@Example.org")
    UserFactory(username="b", email="")
    UserFactory(username="c", email="")
    with pytest.raises(IntegrityError):
        UserFactory(username="d", email="een@example.org")


def test_email_change_takes_effect_on_confirmation_and_keeps_username(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="jan", email="jan@oud.example", first_name="Jan")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:profile"), {"email": "Jan@Nieuw.example", "first_name": "Jan"})
    assert "geldt pas" in client.get(response["Location"]).content.decode()
    confirm, notice = mail.outbox
    assert "jan@nieuw.example" in notice.body and "&#x27;" not in notice.body + confirm.body
    path = _confirm_link(confirm)
    assert confirm.body.count("http://127.0.0.1:8000/") == 1
    anonymous = Client()
    page = anonymous.get(path).content.decode()
    assert "jan@nieuw.example" in page
    user.refresh_from_db()
    assert user.email == "jan@oud.example"  # a GET (e.g. a mail scanner) changes nothing
    assert anonymous.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email == "jan@nieuw.example" and user.username == "jan"
    assert HistoryEntry.objects.filter(model="accounts.user", object_id=str(user.pk), changes__email__isnull=False)
    # one-time: the link names the old address, which is gone
    assert "werkt niet" in anonymous.get(path).content.decode()


def test_email_confirmation_refused_when_address_was_taken_meanwhile(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="jan", email="jan@oud.example")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:profile"), {"email": "gedeeld@example.org"})
    UserFactory(username="sneller", email="gedeeld@example.org")
    response = client.post(_confirm_link(mail.outbox[0]))
    assert response.status_code == 200 and "kunt u niet gebruiken" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "jan@oud.example"


def test_email_confirmation_link_expires(client, django_capture_on_commit_callbacks):
    from unittest import mock

    user = UserFactory(username="jan", email="jan@oud.example")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:profile"), {"email": "jan@nieuw.example"})
    path = _confirm_link(mail.outbox[0])
    later = timezone.now().timestamp() + 3 * 24 * 3600
    with mock.patch("time.time", return_value=later):
        assert "werkt niet" in client.post(path).content.decode()
    user.refresh_from_db()
    assert user.email == "jan@oud.example"


# ---------------------------------------------------------------------------------------------------------------
# The invitation's life: one-time, expiring, revocable, resendable


def test_invitation_token_is_one_time_expiring_and_accept_is_in_history(swv, django_capture_on_commit_callbacks):
    beheerder = UserFactory(username="beheer")
    member(beheerder, swv, "beheerder")
    user = UserFactory(username="iemand", email="ander-adres@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(swv, beheerder, "uitgenodigd@example.org", _role("bureau"))
    path = _link(mail.outbox[0])
    assert invitation.expires_at - invitation.created_at > timedelta(days=13)
    client = Client()
    client.force_login(user)  # the account's address need not match: the token is the proof
    page = client.get(path).content.decode()
    assert "Accepteren" in page and "Bureau" in page
    assert client.post(path).status_code == 302
    assert Membership.unscoped.get(user=user, swv=swv).role.code == "bureau"
    assert HistoryEntry.objects.filter(model="accounts.membership", action="create", username="iemand")
    assert HistoryEntry.objects.filter(model="accounts.invitation", object_id=str(invitation.pk), action="update",
                                       username="iemand")  # fmt: skip
    second = UserFactory(username="tweede")
    client.force_login(second)
    assert "werkt niet" in client.get(path).content.decode()
    client.post(path)
    assert not Membership.unscoped.filter(user=second).exists()

    with django_capture_on_commit_callbacks(execute=True):
        late = invite(swv, beheerder, "laat@example.org", _role("toezicht"))
    Invitation.unscoped.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.post(_link(mail.outbox[-1]))
    assert "werkt niet" in client.get(_link(mail.outbox[-1])).content.decode()
    assert not Membership.unscoped.filter(user=second).exists()


def test_pending_invitations_listed_revoked_and_resent(swv, other_swv, django_capture_on_commit_callbacks):
    client, beheerder = _beheerder_client(swv, "beheer")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(swv, beheerder, "wacht@example.org", _role("eigenaar"))
        foreign = invite(other_swv, beheerder, "elders@example.org", _role("eigenaar"))
    first_link = _link(mail.outbox[0])
    page = client.get(reverse("accounts:members")).content.decode()
    assert (
        "Openstaande uitnodigingen" in page and ">wacht@example.org</td>" in page and "elders@example.org" not in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:invitation_resend", args=[invitation.pk])).status_code == 302
    second_link = _link(mail.outbox[-1])
    assert second_link != first_link
    visitor = Client()
    assert "werkt niet" in visitor.get(first_link).content.decode()
    assert "werkt niet" not in visitor.get(second_link).content.decode()
    assert client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 302
    assert "werkt niet" in visitor.get(second_link).content.decode()
    assert HistoryEntry.objects.filter(model="accounts.invitation", object_id=str(invitation.pk), username="beheer",
                                       changes__revoked_at__isnull=False)  # fmt: skip
    assert ">wacht@example.org</td>" not in client.get(reverse("accounts:members")).content.decode()
    # another SWV's invitation cannot be touched
    assert client.post(reverse("accounts:invitation_revoke", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_resend", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
    # a GET never revokes
    assert client.get(reverse("accounts:invitation_revoke", args=[foreign.pk])).status_code == 405


def test_invitation_mail_is_plain_text(django_capture_on_commit_callbacks):
    swv = SwvFactory(code="PO3003", name="SWV's Rivierenland & Omstreken")
    beheerder = UserFactory(username="beheer", first_name="Anne-Marie", last_name="d'Hondt")
    member(beheerder, swv, "beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        invite(swv, beheerder, "x@example.org", _role("bureau"), first_name="Sanne")
    body = mail.outbox[0].body
    assert "SWV's Rivierenland & Omstreken" in body and "d'Hondt" in body
    assert "&#x27;" not in body and "&amp;" not in body and "&#39;" not in body


def test_no_mail_when_the_transaction_rolls_back(swv, django_capture_on_commit_callbacks):
    from django.db import transaction

    beheerder = UserFactory(username="beheer")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        invite(swv, beheerder, "x@example.org", _role("bureau"))
        raise RuntimeError
    assert not mail.outbox and not Invitation.unscoped.exists()


def test_inviting_again_revokes_the_earlier_link(swv, django_capture_on_commit_callbacks):
    beheerder = UserFactory(username="beheer")
    with django_capture_on_commit_callbacks(execute=True):
        invite(swv, beheerder, "x@example.org", _role("bureau"))
        invite(swv, beheerder, "X@example.org", _role("toezicht"))
    assert Invitation.unscoped.pending().get().role.code == "toezicht"
    assert "werkt niet" in Client().get(_link(mail.outbox[0])).content.decode()


def test_new_account_with_bureau_role_sets_up_2fa_after_accepting(swv, django_capture_on_commit_callbacks):
    beheerder = UserFactory(username="beheer")
    with django_capture_on_commit_callbacks(execute=True):
        invite(swv, beheerder, "nieuw@example.org", _role("bureau"))
    client = Client()
    response = client.post(
        _link(mail.outbox[0]), {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="nieuw@example.org").memberships.get().role.code == "bureau"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))


def test_weak_password_makes_no_account(swv, django_capture_on_commit_callbacks):
    beheerder = UserFactory(username="beheer")
    with django_capture_on_commit_callbacks(execute=True):
        invite(swv, beheerder, "nieuw@example.org", _role("eigenaar"))
    response = Client().post(_link(mail.outbox[0]), {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert Invitation.unscoped.usable().exists()


def test_admin_form_refuses_a_duplicate_address_with_a_clear_message():
    from django.core.exceptions import ValidationError

    UserFactory(username="a", email="Een@Example.org")
    with pytest.raises(ValidationError, match="al in gebruik bij een ander account"):
        User(username="b", email="een@example.org").validate_constraints()
