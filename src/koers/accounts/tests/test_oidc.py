"""Single sign-on (ADR 0015): who a provider's account logs in as, which claims count, and the pages around it.

The whole flow against a real provider is in tests/browser/test_oidc_login.py; these tests take the claims as given.
"""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from koers.accounts import oidc
from koers.accounts.invitations import invite
from koers.accounts.models import Invitation, Membership, OidcIdentity, Role, User
from koers.accounts.tests.helpers import login
from koers.audit.models import HistoryEntry
from koers_dev.testing.factories import SwvFactory, UserFactory, member

ISSUER = "https://login.example.org/tenant"
UNREACHABLE = "http://127.0.0.1:9/o"  # the discard port: nothing answers


def claims(sub="abc-123", email="anna@example.org", verified=True, **extra):
    return {"sub": sub, "email": email, "email_verified": verified, **extra}


@pytest.fixture
def swv(db):
    return SwvFactory(code="PO2801", name="Samenwerkingsverband Test")


@pytest.fixture
def configured(settings):
    settings.KOERS_OIDC_PROVIDER_NAME = "Microsoft"
    settings.KOERS_OIDC_ISSUER = UNREACHABLE
    settings.OIDC_RP_CLIENT_ID = "koers"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    return settings


# ---- claims -----------------------------------------------------------------------------------------------------


def test_verified_email_needs_the_claim_that_vouches_for_it(settings):
    assert oidc.verified_email(claims(email=" Anna@Example.org ")) == "anna@example.org"
    assert oidc.verified_email(claims(verified=False)) == ""
    assert oidc.verified_email(claims(verified="true")) == "anna@example.org"
    assert oidc.verified_email({"sub": "x", "email": "anna@example.org"}) == ""
    assert oidc.verified_email(claims(email="geen-adres")) == ""
    settings.KOERS_OIDC_EMAIL_VERIFIED_CLAIM = "xms_edov"  # Microsoft Entra ID
    assert oidc.verified_email(claims()) == ""
    assert oidc.verified_email(claims(xms_edov=True)) == "anna@example.org"
    settings.KOERS_OIDC_EMAIL_VERIFIED_CLAIM = ""  # every address of the provider counts
    assert oidc.verified_email({"sub": "x", "email": "anna@example.org"}) == "anna@example.org"


@given(amr=st.lists(st.sampled_from(["pwd", "mfa", "otp", "sms", "hwk", "face"]), max_size=4))
def test_mfa_is_claimed_by_amr_values_from_the_settings(amr):
    assert oidc.mfa_claimed({"amr": amr}) == bool({"mfa", "otp"} & set(amr))


def test_mfa_by_acr_only_when_configured(settings):
    assert not oidc.mfa_claimed({"acr": "urn:mace:incommon:iap:silver"})
    assert not oidc.mfa_claimed({})
    assert oidc.mfa_claimed({"amr": "mfa"})  # a single string, not a list
    settings.KOERS_OIDC_MFA_ACR = ["urn:mace:incommon:iap:silver", "c1"]
    assert oidc.mfa_claimed({"acr": "urn:mace:incommon:iap:silver"})
    assert oidc.mfa_claimed({"acrs": ["c1"]})  # Entra ID's authentication context
    assert not oidc.mfa_claimed({"acr": "0"})


def test_id_token_problems(settings):
    settings.KOERS_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "koers"
    good = {"iss": ISSUER, "aud": "koers", "exp": time.time() + 60}
    assert oidc.id_token_problem(good) == ""
    assert oidc.id_token_problem({**good, "aud": ["andere", "koers"]}) == ""
    assert oidc.id_token_problem({**good, "iss": "https://evil.example.org"}) == "iss"
    assert oidc.id_token_problem({**good, "aud": "andere-app"}) == "aud"
    assert oidc.id_token_problem({**good, "exp": time.time() - 1}) == "exp"
    assert oidc.id_token_problem({**good, "exp": None}) == "exp"


# ---- binding ------------------------------------------------------------------------------------------------------


def test_an_existing_account_is_bound_by_verified_email_and_the_binding_is_in_the_history(swv):
    user = UserFactory(email="Anna@example.org")
    membership = member(user, swv, "bureau")
    binding = oidc.bind_login(ISSUER, claims())
    assert (binding.user, binding.how) == (user, "email")
    identity = OidcIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (user, ISSUER, "abc-123")
    entry = HistoryEntry.objects.get(
        model="accounts.membership", object_id=str(membership.pk), reason__contains="single sign-on"
    )
    assert entry.swv_id == swv.pk and entry.user == user
    assert HistoryEntry.objects.filter(model="accounts.user", object_id=str(user.pk), reason=entry.reason).exists()


def test_after_binding_the_subject_decides_not_the_address(swv):
    user = UserFactory(email="anna@example.org")
    oidc.bind_login(ISSUER, claims())
    UserFactory(email="nieuw@example.org")
    # the provider now gives another address (even one of another account): still the bound account
    binding = oidc.bind_login(ISSUER, claims(email="nieuw@example.org"))
    assert (binding.user, binding.how) == (user, "identity")
    assert OidcIdentity.objects.get().last_login_at is not None
    # the same subject at another issuer is another account at another provider: not bound
    assert oidc.bind_login("https://ander.example.org", claims(email="onbekend@example.org")).refusal == "unknown"


def test_an_unverified_address_binds_nothing(swv):
    UserFactory(email="anna@example.org")
    invite(swv, UserFactory(), "anna2@example.org", Role.objects.get(code="toezicht"))
    assert oidc.bind_login(ISSUER, claims(verified=False)).refusal == "unknown"
    assert oidc.bind_login(ISSUER, claims(email="anna2@example.org", verified=False)).refusal == "unknown"
    assert not OidcIdentity.objects.exists()


def test_a_pending_invitation_for_the_verified_address_makes_the_account(swv):
    inviter = UserFactory()
    invitation = invite(swv, inviter, "anna@example.org", Role.objects.get(code="toezicht"))
    binding = oidc.bind_login(ISSUER, claims(email="ANNA@example.org", given_name="Anna", family_name="Jansen"))
    assert binding.how == "invitation" and binding.invitation == invitation
    user = binding.user
    assert (user.email, user.first_name, user.last_name) == ("anna@example.org", "Anna", "Jansen")
    assert not user.has_usable_password()
    assert Membership.unscoped.get(user=user).role.code == "toezicht"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert OidcIdentity.objects.get().user == user


def test_the_invitation_link_is_proof_without_a_matching_address(swv):
    """From the invitation page ("Accepteren met ..."), as with a local account: the token is the proof."""
    invitation = invite(swv, UserFactory(), "prive@example.org", Role.objects.get(code="eigenaar"))
    binding = oidc.bind_login(ISSUER, claims(email="werk@example.org", verified=False), invitation=invitation)
    assert binding.how == "invitation"
    assert binding.user.email == "prive@example.org"
    assert Membership.unscoped.get(user=binding.user).swv == swv


def test_unknown_revoked_and_expired_are_refused(swv):
    invitation = invite(swv, UserFactory(), "anna@example.org", Role.objects.get(code="toezicht"))
    Invitation.unscoped.filter(pk=invitation.pk).update(revoked_at=invitation.sent_at)
    assert oidc.bind_login(ISSUER, claims()).refusal == "unknown"
    assert oidc.bind_login(ISSUER, claims(email="wie@example.org")).refusal == "unknown"
    assert oidc.bind_login(ISSUER, {"email": "anna@example.org", "email_verified": True}).refusal == "technical"
    assert User.objects.filter(email="anna@example.org").count() == 0


def test_an_inactive_account_is_refused(swv):
    user = UserFactory(email="anna@example.org", is_active=False)
    assert oidc.bind_login(ISSUER, claims()).refusal == "inactive"
    OidcIdentity.objects.create(user=user, issuer=ISSUER, subject="abc-123")
    assert oidc.bind_login(ISSUER, claims()).refusal == "inactive"


# ---- pages --------------------------------------------------------------------------------------------------------


def test_login_page_offers_the_provider_only_when_configured(client, swv, settings):
    local = client.get(reverse("accounts:login")).content.decode()
    assert "Gebruikersnaam" in local and "Inloggen met" not in local
    settings.KOERS_OIDC_PROVIDER_NAME = "Microsoft"
    settings.KOERS_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "koers"
    page = client.get(reverse("accounts:login") + "?next=/plannen/").content.decode()
    assert f'href="{reverse("accounts:oidc_login")}?next=/plannen/"' in page
    assert "Inloggen met Microsoft" in page


def test_local_login_still_works_and_asks_the_provider_nothing(client, swv, configured):
    user = UserFactory(username="lokaal")
    member(user, swv, "toezicht")
    response = login(client, "lokaal")  # the issuer does not answer: a network call would fail the login
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_an_unreachable_provider_gives_a_clear_page(client, db, configured):
    response = client.get(reverse("accounts:oidc_login"))
    assert response.status_code == 503
    assert "niet afronden" in response.content.decode()


def test_the_refusal_page_says_why_once(client, db):
    session = client.session
    session[oidc.REFUSED_SESSION_KEY] = "inactive"
    session.save()
    assert "uitgeschakeld" in client.get(reverse("accounts:oidc_refused")).content.decode()
    assert "niet afronden" in client.get(reverse("accounts:oidc_refused")).content.decode()


def test_a_cancelled_login_at_the_provider_says_so(client, db, configured):
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied", "state": "s"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:oidc_refused")
    assert "is afgebroken of geweigerd" in client.get(response["Location"]).content.decode()


def test_logging_out_at_the_provider_only_when_asked_and_after_sso(configured, db):
    request = RequestFactory().post("/account/uitloggen/")
    request.session = SessionStore()
    request.session["oidc_id_token"] = "het.id.token"
    oidc._discovered[UNREACHABLE] = {"issuer": UNREACHABLE, "end_session_endpoint": f"{UNREACHABLE}/logout/"}
    try:
        assert oidc.provider_logout_url(request) == ""  # KOERS_OIDC_PROVIDER_LOGOUT is off
        configured.KOERS_OIDC_PROVIDER_LOGOUT = True
        assert oidc.provider_logout_url(request) == ""  # a local login
        request.session[oidc.SSO_LOGIN_SESSION_KEY] = True
        url = oidc.provider_logout_url(request)
        assert url.startswith(f"{UNREACHABLE}/logout/?client_id=koers&post_logout_redirect_uri=")
        assert "id_token_hint=het.id.token" in url
    finally:
        del oidc._discovered[UNREACHABLE]


def test_logout_ends_the_koers_session_and_goes_to_the_provider(client, swv, configured):
    configured.KOERS_OIDC_PROVIDER_LOGOUT = True
    configured.OIDC_OP_LOGOUT_ENDPOINT = "https://login.example.org/logout"
    user = UserFactory()
    member(user, swv, "toezicht")
    client.force_login(user)
    session = client.session
    session[oidc.SSO_LOGIN_SESSION_KEY] = True
    session.save()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200  # a page that goes on to the provider (the CSP allows no redirect there)
    assert 'content="0; url=https://login.example.org/logout?client_id=koers&amp;' in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302  # logged out of Koers


def test_refused_sso_callbacks_do_not_lock_anyone_out(db, settings):
    from axes.models import AccessAttempt
    from django.contrib.auth import authenticate

    settings.OIDC_RP_CLIENT_ID = "koers"
    for name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"):
        setattr(settings, name, UNREACHABLE)
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        request = RequestFactory().get(reverse("accounts:oidc_callback"), {"state": "s"})  # no code: refused
        request.session = SessionStore()
        assert authenticate(request=request, nonce="n", code_verifier=None) is None
    assert not AccessAttempt.objects.exists()
    # a password guess still counts
    request = RequestFactory().post(reverse("accounts:login"))
    request.session = SessionStore()
    assert authenticate(request=request, username="wie", password="fout") is None
    assert AccessAttempt.objects.get().username == "wie"


def test_the_invitation_is_taken_from_the_page_the_login_started_on(swv):
    invitation = invite(swv, UserFactory(), "anna@example.org", Role.objects.get(code="toezicht"))
    token = invitation.new_token()
    invitation.save()
    request = RequestFactory().get("/")
    request.session = SessionStore()
    for next_url, expected in [
        (reverse("accounts:invitation_accept", args=[token]), invitation),
        (reverse("accounts:invitation_accept", args=["ongeldig"]), None),
        ("/plannen/", None),
        ("", None),
    ]:
        request.session["oidc_login_next"] = next_url
        assert oidc._invitation_from_next(request) == expected


def test_no_second_account_for_an_invited_address_that_has_one(swv):
    """ADR 0010: with an account for the invited address, only that account can accept."""
    UserFactory(email="prive@example.org")
    invitation = invite(swv, UserFactory(), "prive@example.org", Role.objects.get(code="eigenaar"))
    binding = oidc.bind_login(ISSUER, claims(email="werk@example.org", verified=False), invitation=invitation)
    assert binding.refusal == "account_exists"
    assert not OidcIdentity.objects.exists()
    assert not Membership.unscoped.filter(swv=swv).exists()
