"""Invitations and API keys are read with a scope (ADR 0011); memberships can be restricted to an audience."""

import pytest

from koers.accounts import invitations
from koers.accounts.audience import for_command_line
from koers.accounts.models import Invitation, Membership, Role
from koers.api.models import ApiToken
from koers.core.audience import UnscopedQuery
from koers_dev.testing.factories import SwvFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Invitation, ApiToken])
def test_an_unscoped_read_is_refused(model):
    for read in (lambda: list(model.objects.all()), lambda: model.objects.count(), lambda: model.objects.get(pk=1)):
        with pytest.raises(UnscopedQuery):
            read()
    with pytest.raises(UnscopedQuery):
        Invitation.objects.pending()


def test_restrict_and_for_swv_see_only_their_swv():
    mine, theirs = SwvFactory(), SwvFactory()
    boss = UserFactory()
    member(boss, mine, "beheerder")
    member(UserFactory(), theirs, "beheerder")
    role = Role.objects.get(code="bureau")
    invitations.invite(mine, boss, "a@example.org", role)
    invitations.invite(theirs, boss, "b@example.org", role)
    ApiToken.issue(user=boss, swv=mine, name="Mijn", scopes=[])
    ApiToken.issue(user=boss, swv=theirs, name="Andere", scopes=[])
    audience = for_command_line(mine, "beheerder")
    assert [i.email for i in Invitation.objects.restrict(audience).pending()] == ["a@example.org"]
    assert [i.email for i in Invitation.objects.for_swv(theirs).usable()] == ["b@example.org"]
    assert [t.name for t in ApiToken.objects.restrict(audience).active()] == ["Mijn"]
    assert Membership.objects.restrict(audience).count() == 1
    assert Membership.objects.for_swv(theirs).count() == 1
