import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from koers.accounts.models import Invitation, Membership, Notification, Role, User
from koers.accounts.notifications import notify
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import ActorFactory, SchoolbestuurFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(swv):
    user = UserFactory(username="beheer", first_name="Bea", last_name="Beheer")
    member(user, swv, "beheerder")
    return user


@pytest.fixture
def admin_client(client, beheerder):
    client.force_login(beheerder)
    return client


def test_members_list_and_exports(admin_client, swv, bureau_user):
    page = admin_client.get(reverse("accounts:members")).content.decode()
    assert "<caption>" in page and "bureau" in page and "Bureau" in page
    assert 'href="/account/gebruikers/"' in page  # the menu shows Gebruikers
    csv = admin_client.get(reverse("accounts:members"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "Gebruikersnaam" in csv and "bureau" in csv
    assert admin_client.get(reverse("accounts:members"), {"export": "xlsx"}).content[:2] == b"PK"
    page = admin_client.get(reverse("accounts:members"), {"rol": "beheerder"}).content.decode()
    assert "beheer" in page and ">bureau<" not in page


def test_invite_records_invitation_and_the_new_account_is_made_on_accepting(
    admin_client, swv, client, django_capture_on_commit_callbacks
):
    actor = ActorFactory(swv=swv, name="Schoolbesturen")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:member_invite"),
            {"email": "Nieuw@Example.org", "first_name": "Nina", "last_name": "Nieuw", "role": _role("eigenaar"),
             "actors": [actor.pk]},
        )  # fmt: skip
    assert response.status_code == 302
    # nothing exists yet but the invitation
    assert not User.objects.filter(email="nieuw@example.org").exists()
    invitation = Invitation.unscoped.get(email="nieuw@example.org")
    assert invitation.role.code == "eigenaar" and list(invitation.actors.all()) == [actor]
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"] and "Uitnodiging" in message.subject
    link = re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # settings.SITE_URL, not the request's host
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash != token and token not in str(Invitation.unscoped.values().get())
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    admin_client.logout()
    page = client.get(path).content.decode()
    assert "Samenwerkingsverband Test" in page and "Eigenaar" in page and "nieuw@example.org" in page
    response = client.post(path, {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"})
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert user.check_password("Een-lang-wachtwoord-42") and user.first_name == "Nina"
    assert Membership.unscoped.get(user=user, swv=swv).role.code == "eigenaar"
    assert list(user.actors.all()) == [actor]
    assert client.get("/").status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert Notification.objects.filter(user__username="beheer").count() == 1  # the inviter hears of it
    # the link works only once
    client.logout()
    page = client.get(path).content.decode()
    assert "werkt niet" in page


def test_invite_existing_user_of_other_swv(admin_client, swv, other_swv, django_capture_on_commit_callbacks):
    """An existing account gets nothing from the invitation itself: it logs in and accepts with the link."""
    user = UserFactory(email="bestaand@example.org")
    member(user, other_swv, "bureau")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:member_invite"), {"email": "bestaand@example.org", "role": _role("toezicht")}
        )
    assert response.status_code == 302
    assert user.memberships.count() == 1 and User.objects.filter(email="bestaand@example.org").count() == 1
    path = "/" + re.search(r"https?://\S+/uitnodiging/\S+/", mail.outbox[0].body).group(0).split("/", 3)[3]
    client = Client()
    page = client.get(path).content.decode()
    assert "Er is al een account met dit e-mailadres" in page and "new_password1" not in page
    client.force_login(user)
    assert "Accepteren" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert user.memberships.get(swv=swv).role.code == "toezicht"


def test_invite_refuses_existing_member_and_bad_input(admin_client, bureau_user):
    bureau_user.email = "bureau@example.org"
    bureau_user.save()
    response = admin_client.post(reverse("accounts:member_invite"), {"email": "bureau@example.org", "role": _role()})
    assert response.status_code == 200 and "hoort al bij" in response.content.decode()
    response = admin_client.post(reverse("accounts:member_invite"), {"email": "geen-adres", "role": _role()})
    assert response.status_code == 200
    response = admin_client.post(reverse("accounts:member_invite"), {"email": "a@b.nl", "role": _role("schoolbestuur")})
    assert response.status_code == 200 and "Kies bij de rol schoolbestuur" in response.content.decode()
    assert not mail.outbox


def test_change_role_and_link_actor_records_history(admin_client, swv, bureau_user):
    membership = bureau_user.memberships.get(swv=swv)
    bestuur = SchoolbestuurFactory(swv=swv)
    actor = ActorFactory(swv=swv)
    response = admin_client.post(
        reverse("accounts:member_edit", args=[membership.pk]),
        {"role": _role("schoolbestuur"), "schoolbestuur": bestuur.pk, "actors": [actor.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role.code == "schoolbestuur" and membership.schoolbestuur == bestuur
    assert list(bureau_user.actors.all()) == [actor]
    assert HistoryEntry.objects.filter(model="accounts.membership", object_id=str(membership.pk), action="update")


def test_never_the_last_beheerder(admin_client, swv, beheerder):
    membership = beheerder.memberships.get(swv=swv)
    response = admin_client.post(reverse("accounts:member_edit", args=[membership.pk]), {"role": _role("bureau")})
    assert response.status_code == 200 and "laatste beheerder" in response.content.decode()
    response = admin_client.post(reverse("accounts:member_remove", args=[membership.pk]))
    assert response.status_code == 200 and "laatste beheerder" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role.code == "beheerder"
    other = UserFactory()
    member(other, swv, "beheerder")
    response = admin_client.post(reverse("accounts:member_edit", args=[membership.pk]), {"role": _role("bureau")})
    assert response.status_code == 302


def test_remove_member(admin_client, swv, bureau_user):
    membership = bureau_user.memberships.get(swv=swv)
    actor = ActorFactory(swv=swv)
    actor.users.add(bureau_user)
    assert admin_client.post(reverse("accounts:member_remove", args=[membership.pk])).status_code == 302
    assert not Membership.unscoped.filter(pk=membership.pk).exists()
    assert not actor.users.exists()
    assert User.objects.filter(pk=bureau_user.pk).exists()


def test_other_swv_membership_is_404(admin_client, other_swv):
    stranger = UserFactory()
    membership = member(stranger, other_swv, "bureau")
    assert admin_client.get(reverse("accounts:member_edit", args=[membership.pk])).status_code == 404
    assert admin_client.post(reverse("accounts:member_remove", args=[membership.pk])).status_code == 404
    assert Membership.unscoped.filter(pk=membership.pk).exists()
    page = admin_client.get(reverse("accounts:members")).content.decode()
    assert stranger.username not in page


def test_other_swv_actor_cannot_be_linked(admin_client, swv, other_swv, bureau_user):
    foreign = ActorFactory(swv=other_swv)
    membership = bureau_user.memberships.get(swv=swv)
    response = admin_client.post(
        reverse("accounts:member_edit", args=[membership.pk]), {"role": _role("bureau"), "actors": [foreign.pk]}
    )
    assert response.status_code == 200
    assert not foreign.users.exists()


@pytest.mark.parametrize("role", ["bureau", "eigenaar", "schoolbestuur", "toezicht"])
def test_only_beheerder_manages_users(client, swv, role):
    user = UserFactory()
    membership = member(user, swv, role)
    client.force_login(user)
    for url in (reverse("accounts:members"), reverse("accounts:member_invite"),
                reverse("accounts:member_edit", args=[membership.pk])):  # fmt: skip
        assert client.get(url).status_code == 403
    assert client.post(reverse("accounts:member_remove", args=[membership.pk])).status_code == 403
    assert "/account/gebruikers/" not in client.get(reverse("accounts:profile")).content.decode()


def test_notifications_list_and_mark_read(client, bureau_user, other_swv):
    client.force_login(bureau_user)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "Nog geen meldingen" in page
    first = notify(bureau_user, "Werk uw activiteiten bij", "Voor T3 2024", "/plannen/")
    notify(bureau_user, "Rapportage uitgebracht")
    someone = UserFactory()
    theirs = notify(someone, "Niet voor u")
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "Werk uw activiteiten bij" in page and "Niet voor u" not in page and "2 ongelezen" in page
    response = client.post(reverse("accounts:notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/plannen/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post(reverse("accounts:notification_read", args=[theirs.pk])).status_code == 404
    csv = client.get(reverse("accounts:notifications"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "Werk uw activiteiten bij" in csv and "Niet voor u" not in csv
    client.post(reverse("accounts:notifications_read"))
    assert not Notification.objects.filter(user=bureau_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_profile_email_setting(client, bureau_user):
    client.force_login(bureau_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:notifications") in page and "email_notifications" in page
    client.post(reverse("accounts:profile"), {"email": bureau_user.email})
    bureau_user.refresh_from_db()
    assert bureau_user.email_notifications is False


def test_invalid_set_password_link(client):
    page = client.get(reverse("accounts:set_password", args=["MQ", "ongeldig"]), follow=True).content.decode()
    assert "werkt niet" in page


def _role(code="bureau"):
    return Role.objects.get(code=code).pk
