"""Undoing a single sign-on link: by the user on "Mijn instellingen" (only with a usable password), and by the
beheerder of an SWV for its own members, never for a user of another SWV."""

import pytest
from django.urls import reverse

from koers.accounts.models import Notification, OidcIdentity
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.org/tenant"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.KOERS_OIDC_PROVIDER_NAME = "Microsoft"
    settings.KOERS_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "koers"


def _link(user, subject="sub-1"):
    return OidcIdentity.objects.create(user=user, issuer=ISSUER, subject=subject, email=f"{subject}@example.org")


def _history(membership):
    return HistoryEntry.objects.filter(model="accounts.membership", object_id=str(membership.pk), action="update")


def test_the_user_unlinks_their_own_account_after_a_confirmation(client, swv):
    user = UserFactory(username="eva")
    membership = member(user, swv, "eigenaar")
    link = _link(user)
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    url = reverse("accounts:sso_unlink", args=[link.pk])
    assert "Koppeling met Microsoft verbreken" in page and url in page
    confirm = client.get(url).content.decode()
    assert "sub-1@example.org" in confirm and '<form method="post">' in confirm
    assert OidcIdentity.objects.filter(pk=link.pk).exists()  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert not OidcIdentity.objects.filter(pk=link.pk).exists()
    entry = _history(membership).get()
    assert entry.username == "eva" and "koppeling met Microsoft" in entry.changes


def test_without_a_usable_password_the_link_stays_and_the_page_says_why(client, swv):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    member(user, swv, "bureau")
    link = _link(user)
    client.force_login(user)
    response = client.post(reverse("accounts:sso_unlink", args=[link.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "geen wachtwoord van Koers" in page and "beheerder" in page
    assert OidcIdentity.objects.filter(pk=link.pk).exists()


def test_a_user_cannot_unlink_someone_elses_link(client, swv):
    user, other = UserFactory(), UserFactory()
    member(user, swv, "bureau")
    link = _link(other)
    client.force_login(user)
    assert client.get(reverse("accounts:sso_unlink", args=[link.pk])).status_code == 404
    assert client.post(reverse("accounts:sso_unlink", args=[link.pk])).status_code == 404
    assert OidcIdentity.objects.filter(pk=link.pk).exists()


@pytest.fixture
def beheerder(swv):
    user = UserFactory(username="beheer")
    member(user, swv, "beheerder")
    return user


def test_the_beheerder_sees_the_status_and_removes_a_members_link(client, swv, other_swv, beheerder):
    colleague = UserFactory(username="collega")
    membership = member(colleague, swv, "eigenaar")
    elsewhere = member(colleague, other_swv, "toezicht")
    link = _link(colleague, "hergebruikt")
    client.force_login(beheerder)
    listing = client.get(reverse("accounts:members")).content.decode()
    assert "Single sign-on" in listing and "gekoppeld" in listing
    edit = client.get(reverse("accounts:member_edit", args=[membership.pk])).content.decode()
    url = reverse("accounts:member_sso_unlink", args=[membership.pk, link.pk])
    assert "gekoppeld met Microsoft (hergebruikt@example.org" in edit and url in edit
    assert "hergebruikt@example.org" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not OidcIdentity.objects.filter(pk=link.pk).exists()
    entry = _history(membership).get()
    assert entry.username == "beheer" and "Verbroken door" in entry.reason
    assert _history(elsewhere).exists()  # the link belongs to the account: the other SWV's history shows it too
    assert Notification.objects.filter(user=colleague, subject__contains="Microsoft").exists()
    assert "niet gekoppeld" in client.get(reverse("accounts:member_edit", args=[membership.pk])).content.decode()


def test_an_attacker_cannot_unlink_a_user_of_another_swv(client, swv, other_swv, beheerder):
    victim = UserFactory()
    victim_membership = member(victim, other_swv, "bureau")
    victim_link = _link(victim, "slachtoffer")
    own = member(UserFactory(), swv, "bureau")
    client.force_login(beheerder)
    # the other SWV's membership, and the victim's link under a membership of the own SWV: both not found
    for args in ((victim_membership.pk, victim_link.pk), (own.pk, victim_link.pk)):
        url = reverse("accounts:member_sso_unlink", args=args)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert OidcIdentity.objects.filter(pk=victim_link.pk).exists()
    assert not _history(victim_membership).exists()


def test_only_a_beheerder_removes_links_and_not_their_own_here(client, swv, beheerder):
    colleague = UserFactory()
    membership = member(colleague, swv, "eigenaar")
    link = _link(colleague)
    bureau = UserFactory()
    member(bureau, swv, "bureau")
    client.force_login(bureau)
    assert client.post(reverse("accounts:member_sso_unlink", args=[membership.pk, link.pk])).status_code == 403
    own_link = _link(beheerder, "eigen")
    client.force_login(beheerder)
    own_membership = beheerder.memberships.get(swv=swv)
    response = client.post(reverse("accounts:member_sso_unlink", args=[own_membership.pk, own_link.pk]))
    assert response.status_code == 200 and "Mijn instellingen" in response.content.decode()
    assert OidcIdentity.objects.filter(pk__in=[link.pk, own_link.pk]).count() == 2
