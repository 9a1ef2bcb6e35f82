"""The account changes the views hand to ``koers.accounts.services``: one transaction, in the history as the user."""

import pytest

from koers.accounts import services
from koers.accounts.invitations import InvitationUnusable, invite
from koers.accounts.member_forms import KoersSetPasswordForm
from koers.accounts.models import Invitation, Membership, Notification, Role, User
from koers.accounts.notifications import notify
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _new_account_form(invitation):
    user = User(username=invitation.email, email=invitation.email)
    password = "een-lang-wachtwoord-42"
    form = KoersSetPasswordForm(user, {"new_password1": password, "new_password2": password})
    assert form.is_valid(), form.errors
    return form


def test_a_new_account_and_its_acceptance_go_together(swv, bureau_user):
    invitation = invite(swv, bureau_user, "nieuw@example.org", Role.objects.get(code="bureau"))
    membership = services.accept_with_new_account(_new_account_form(invitation), invitation)
    assert membership.user.email == "nieuw@example.org" and membership.swv == swv
    assert HistoryEntry.objects.filter(model="accounts.membership", action="create", username="nieuw@example.org")


def test_no_account_is_left_behind_when_the_invitation_was_used_meanwhile(swv, bureau_user):
    invitation = invite(swv, bureau_user, "nieuw@example.org", Role.objects.get(code="bureau"))
    form = _new_account_form(invitation)
    Invitation.unscoped.filter(pk=invitation.pk).update(revoked_at="2020-01-01T00:00:00Z")
    with pytest.raises(InvitationUnusable):
        services.accept_with_new_account(form, invitation)
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_the_last_beheerder_stays(swv):
    beheerder = UserFactory(username="beheerder")
    only = member(beheerder, swv, "beheerder")
    with pytest.raises(services.LastBeheerderError):
        services.update_membership(only, beheerder, role=Role.objects.get(code="bureau"), schoolbestuur=None, actors=[])
    with pytest.raises(services.LastBeheerderError):
        services.remove_member(only, beheerder)
    assert Membership.unscoped.get(pk=only.pk).role.code == "beheerder"


def test_update_and_remove_a_member_as_the_beheerder(swv, bureau_user):
    beheerder = UserFactory(username="beheerder")
    member(beheerder, swv, "beheerder")
    membership = Membership.unscoped.get(user=bureau_user, swv=swv)
    services.update_membership(
        membership, beheerder, role=Role.objects.get(code="toezicht"), schoolbestuur=None, actors=[]
    )
    assert Membership.unscoped.get(pk=membership.pk).role.code == "toezicht"
    assert HistoryEntry.objects.filter(model="accounts.membership", action="update", username="beheerder")
    services.remove_member(membership, beheerder)
    assert not Membership.unscoped.filter(pk=membership.pk).exists()


def test_mark_read_one_or_all(bureau_user):
    other = UserFactory(username="ander")
    for user in (bureau_user, bureau_user, other):
        notify(user, "Onderwerp", "Tekst")
    first = Notification.objects.filter(user=bureau_user).first()
    assert services.mark_read(bureau_user, first) == 1
    assert services.mark_read(bureau_user) == 1  # the other one; someone else's stay unread
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1
