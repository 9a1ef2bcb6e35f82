"""Single sign-on with OpenID Connect: one provider per installation (ADR 0015).

mozilla-django-oidc does the protocol (authorization code flow with PKCE, state, nonce, the signature of the ID
token); this module adds what Koers decides:

- the endpoints come from the settings or from the issuer's discovery document (read at the first login);
- the ID token's ``iss``, ``aud`` and ``exp`` are checked;
- :func:`bind_login` decides who logs in: the account already bound to this issuer + subject, else an existing
  account by *verified* e-mail address, else a pending invitation (from the link the user came from, or by
  verified address), which then makes the account. Anyone else is refused with a page that says why;
- an MFA claim of the provider (``amr``/``acr``) counts as the second factor through
  :func:`koers.accounts.twofactor.mark_verified_by_sso`; without it Koers asks for its own code as after a local
  login.
"""

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from koers.accounts import invitations, twofactor
from koers.accounts.mail import site_url
from koers.accounts.models import Invitation, OidcIdentity
from koers.audit.context import acting_as
from koers.audit.tracking import record_event
from koers.core.middleware import SESSION_KEY as SWV_SESSION_KEY

LOGGER = logging.getLogger(__name__)

# The session of a single sign-on login carries this flag (for logging out at the provider too).
SSO_LOGIN_SESSION_KEY = "koers_sso_login"
# Why the last single sign-on login was refused: a key of REFUSALS, read once by the refusal page.
REFUSED_SESSION_KEY = "koers_sso_refused"

_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
_discovered: dict[str, dict] = {}


def is_enabled() -> bool:
    """Is single sign-on configured for this installation?"""
    return bool(settings.OIDC_RP_CLIENT_ID and (settings.KOERS_OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT))


def provider_name() -> str:
    return settings.KOERS_OIDC_PROVIDER_NAME or _("de inlogdienst van uw organisatie")


def discovery(issuer: str) -> dict:
    """The provider's discovery document, read once per process (a failure is not remembered)."""
    if issuer not in _discovered:
        url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
            raise ImproperlyConfigured(f"KOERS_OIDC_ISSUER is {issuer}, de discovery noemt {document.get('issuer')}")
        _discovered[issuer] = document
    return _discovered[issuer]


def oidc_setting(attr, *default):
    """mozilla-django-oidc's settings, with empty endpoints filled in from the issuer's discovery document."""
    if attr in _ENDPOINTS:
        value = getattr(settings, attr, "")
        if not value and settings.KOERS_OIDC_ISSUER:
            value = discovery(settings.KOERS_OIDC_ISSUER).get(_ENDPOINTS[attr]) or ""
        if value:
            return value
        if default:
            return default[0]
        raise ImproperlyConfigured(f"{attr}: geen endpoint ingesteld en niet in de discovery van de issuer")
    return import_from_settings(attr, *default)


def expected_issuer() -> str:
    if settings.KOERS_OIDC_ISSUER:
        return settings.KOERS_OIDC_ISSUER
    return ""


# ---- claims -----------------------------------------------------------------------------------------------------


def _true(value) -> bool:
    return value is True or value == 1 or str(value).strip().lower() in {"true", "1"}


def verified_email(claims: dict) -> str:
    """The user's e-mail address if the provider vouches for it (the claim of KOERS_OIDC_EMAIL_VERIFIED_CLAIM is
    true, or that setting is empty), else ""."""
    email = str(claims.get(settings.KOERS_OIDC_EMAIL_CLAIM) or "").strip().lower()
    if "@" not in email or len(email) > 254:
        return ""
    flag = settings.KOERS_OIDC_EMAIL_VERIFIED_CLAIM
    if flag and not _true(claims.get(flag)):
        return ""
    return email


def _values(claim) -> set[str]:
    if claim is None:
        return set()
    if isinstance(claim, list | tuple):
        return {str(item) for item in claim}
    return {str(claim)}


def mfa_claimed(id_token_claims: dict) -> bool:
    """Did the provider confirm multi-factor authentication in the ID token (amr, or acr/acrs from settings)?"""
    if _values(id_token_claims.get("amr")) & set(settings.KOERS_OIDC_MFA_AMR):
        return True
    accepted = set(settings.KOERS_OIDC_MFA_ACR)
    return bool(accepted and (_values(id_token_claims.get("acr")) | _values(id_token_claims.get("acrs"))) & accepted)


def id_token_problem(payload: dict) -> str:
    """Why these ID token claims are not acceptable, or ""."""
    issuer = expected_issuer()
    if issuer and str(payload.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        return "iss"
    if settings.OIDC_RP_CLIENT_ID not in _values(payload.get("aud")):
        return "aud"
    try:
        expires = float(payload.get("exp"))
    except (TypeError, ValueError):
        return "exp"
    if expires < time.time():
        return "exp"
    return ""


# ---- binding (the state change of a single sign-on login) ---------------------------------------------------------

REFUSALS = {
    "unknown": gettext_lazy(
        "Er is in Koers geen account en geen openstaande uitnodiging voor dit account van de inlogdienst."
    ),
    "inactive": gettext_lazy("Het account in Koers dat bij dit account van de inlogdienst hoort, is uitgeschakeld."),
    "account_exists": gettext_lazy(
        "Er is al een account in Koers met het adres van de uitnodiging; log daarmee in en accepteer de uitnodiging."
    ),
    "cancelled": gettext_lazy("Het inloggen bij de inlogdienst is afgebroken of geweigerd."),
    "technical": gettext_lazy("De inlogdienst gaf geen bruikbaar antwoord."),
}


@dataclass
class Binding:
    user: object = None
    how: str = ""  # "identity", "email", "invitation"; "" when refused
    refusal: str = ""  # a key of REFUSALS
    invitation: Invitation | None = None
    mfa: bool = False  # the provider confirmed multi-factor authentication (set by the backend)


def _bind(user, issuer, subject, email, how):
    identity = OidcIdentity.objects.create(
        user=user, issuer=issuer, subject=subject, email=email, last_login_at=timezone.now()
    )
    label = _("single sign-on")
    value = _("gekoppeld aan %(issuer)s (%(how)s)") % {
        "issuer": issuer,
        "how": _("uitnodiging") if how == "invitation" else _("gecontroleerd e-mailadres"),
    }
    with acting_as(user, _("Eerste inlog via single sign-on")):
        record_event(user, {label: [None, value]})
        for membership in user.memberships.select_related("swv").order_by("pk"):
            record_event(membership, {label: [None, value]})
    return identity


def bind_login(issuer: str, claims: dict, invitation: Invitation | None = None) -> Binding:
    """Decide who logs in with these claims (ADR 0015). The first time, the provider's account is bound to a Koers
    account: an existing one by verified e-mail address, or a new one from a pending invitation (``invitation``,
    from the link the user came from, or else one for the verified address). Audit-logged."""
    try:
        return _bind_login(issuer, claims, invitation)
    except IntegrityError:  # the same first login twice at the same moment: the other one bound it
        return Binding(refusal="technical")


def _bind_login(issuer, claims, invitation):
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255 or len(issuer) > 255:
        return Binding(refusal="technical")
    User = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        identity = OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        if identity is not None:
            if not identity.user.is_active:
                return Binding(refusal="inactive")
            OidcIdentity.objects.filter(pk=identity.pk).update(last_login_at=now)
            return Binding(identity.user, "identity")
        email = verified_email(claims)
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is not None:
            if not user.is_active:
                return Binding(refusal="inactive")
            _bind(user, issuer, subject, email, "email")
            return Binding(user, "email")
        if invitation is None and email:
            invitation = (
                Invitation.unscoped.usable()  # by address, before any SWV is known: deliberately across SWV's
                .select_related("swv", "role")
                .filter(email__iexact=email)
                .order_by("-sent_at", "-pk")
                .first()
            )
        if invitation is None:
            return Binding(refusal="unknown")
        address = email or invitation.email
        if User.objects.filter(email__iexact=address).exists():
            # as in ADR 0010: an account with the invited address exists, so only logging in with it and accepting
            return Binding(refusal="account_exists", invitation=invitation)
        user = User(
            username=invitations.username_for(address or f"sso-{subject}"[:140]),
            email=address,
            first_name=str(claims.get("given_name") or invitation.first_name)[:150],
            last_name=str(claims.get("family_name") or invitation.last_name)[:150],
        )
        user.set_unusable_password()  # this account logs in through the provider only
        try:
            with transaction.atomic():
                user.save()
                invitations.accept(invitation, user)
        except (invitations.InvitationUnusable, IntegrityError):
            return Binding(refusal="unknown")
        _bind(user, issuer, subject, email, "invitation")
        return Binding(user, "invitation", invitation=invitation)


# ---- Django: backend and views --------------------------------------------------------------------------------------


def _invitation_next(next_url) -> str:
    """The token when ``next_url`` is an invitation link, else ""."""
    try:
        match = resolve(urlsplit(next_url or "").path)
    except Resolver404:
        return ""
    return match.kwargs.get("token", "") if match.view_name == "accounts:invitation_accept" else ""


def _invitation_from_next(request):
    """The invitation of the page the user started from (``next`` = the invitation link), if usable."""
    token = _invitation_next(request.session.get("oidc_login_next"))
    return Invitation.from_token(token) if token else None


class OIDCBackend(OIDCAuthenticationBackend):
    """Only for the callback of a single sign-on login; local logins pass it by without any network call."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every login, also a local one: read the settings only when used.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not is_enabled():
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = self.get_settings("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = self.get_settings("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = self.get_settings("OIDC_OP_JWKS_ENDPOINT", None)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = self.get_settings("OIDC_RP_IDP_SIGN_KEY", None)
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        problem = id_token_problem(payload or {})
        if problem:
            LOGGER.warning("ID-token geweigerd: claim %s klopt niet", problem)
            return None
        self.id_token_claims = payload
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if str(user_info.get("sub", payload.get("sub"))) != str(payload.get("sub")):
            return None  # the userinfo of another account than the ID token (OIDC Core 5.3.2)
        claims = {**payload, **user_info}
        issuer = expected_issuer() or str(payload.get("iss", ""))
        binding = bind_login(issuer, claims, invitation=_invitation_from_next(self.request))
        if binding.user is None:
            self.request.session[REFUSED_SESSION_KEY] = binding.refusal
            LOGGER.info("Single sign-on geweigerd: %s", binding.refusal)
            return None
        self.request.session.pop(REFUSED_SESSION_KEY, None)
        binding.mfa = mfa_claimed(payload)
        self.request.koers_sso_binding = binding
        return binding.user


def is_sso_callback(request, credentials) -> bool:
    """For django-axes (AXES_WHITELIST_CALLABLE): this authentication is a single sign-on callback, no password."""
    credentials = credentials or {}
    return "nonce" in credentials and not credentials.get("username") and not credentials.get("password")


def _unreachable(request):
    return render(
        request, "accounts/sso_refused.html", {"reason": "technical", "provider": provider_name()}, status=503
    )


class LoginView(oidc_views.OIDCAuthenticationRequestView):
    """ "Inloggen met <provider>": to the provider's login page. Without single sign-on: the local login page."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)  # the endpoints are read per request (discovery), in get()

    def get(self, request):
        if not is_enabled():
            return redirect("accounts:login")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError):
            LOGGER.warning("Discovery van de inlogdienst mislukt", exc_info=True)
            return _unreachable(request)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; mozilla-django-oidc checks state and nonce."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not is_enabled():
            return redirect("accounts:login")
        # until the backend knows better: an error from the provider (cancelled), or a callback without a login
        request.session[REFUSED_SESSION_KEY] = "cancelled" if request.GET.get("error") else "technical"
        try:
            return super().get(request)
        except requests.RequestException:
            LOGGER.warning("De inlogdienst antwoordde niet", exc_info=True)
            return _unreachable(request)

    def login_failure(self):
        return redirect("accounts:oidc_refused")

    def login_success(self):
        response = super().login_success()
        binding = self.request.koers_sso_binding
        self.request.session[SSO_LOGIN_SESSION_KEY] = True
        if binding.mfa:
            twofactor.mark_verified_by_sso(self.request)
        if binding.invitation is not None:
            self.request.session[SWV_SESSION_KEY] = binding.invitation.swv_id
            messages.success(
                self.request,
                _("Welkom bij %(swv)s. U hebt nu de rol %(role)s.")
                % {"swv": binding.invitation.swv, "role": binding.invitation.role},
            )
            if _invitation_next(self.request.session.get("oidc_login_next")):
                return redirect("dashboard:home")  # the invitation is used now: its page would say it no longer works
        return response


@require_GET
def refused(request):
    """Why single sign-on did not log the user in, in plain Dutch, with what to do."""
    reason = request.session.pop(REFUSED_SESSION_KEY, "technical")
    if reason not in REFUSALS:
        reason = "technical"
    return render(request, "accounts/sso_refused.html", {"reason": reason, "provider": provider_name()})


def provider_logout_url(request) -> str:
    """Where to send the browser after logging out of Koers, to end the provider's session too; "" for no.

    Read before the Koers session ends (the ID token is in it)."""
    if not (settings.KOERS_OIDC_PROVIDER_LOGOUT and is_enabled() and request.session.get(SSO_LOGIN_SESSION_KEY)):
        return ""
    try:
        endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    except requests.RequestException:
        return ""
    if not endpoint:
        return ""
    params = {"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": site_url(reverse("accounts:login"))}
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
