from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts import invitations, oidc, services, twofactor
from koers.accounts.forms import EMAIL_IN_USE, LoginForm, ProfileForm, email_in_use
from koers.accounts.member_forms import KoersSetPasswordForm
from koers.accounts.models import Invitation, OidcIdentity, User
from koers.core.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Ends the Koers session; after a single sign-on login also the provider's, when so configured."""

    def post(self, request, *args, **kwargs):
        at_provider = oidc.provider_logout_url(request)  # before the session (with the ID token) ends
        response = super().post(request, *args, **kwargs)
        if not at_provider:
            return response
        # a page, not a redirect: the CSP's form-action 'self' would stop a redirect elsewhere after this POST
        return render(request, "accounts/sso_logout.html", {"url": at_provider, "provider": oidc.provider_name()})


@require_POST
@login_required
def switch_swv(request):
    membership = get_object_or_404(request.user.memberships.select_related("swv"), swv_id=request.POST.get("swv"))
    request.session[SESSION_KEY] = membership.swv_id
    messages.success(request, _("U werkt nu in %(swv)s.") % {"swv": membership.swv})
    return redirect("dashboard:home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        new_email = services.save_profile(form, request.user)
        if new_email:
            messages.success(
                request,
                _(
                    "Uw instellingen zijn opgeslagen. We hebben een e-mail gestuurd naar %(email)s. Uw nieuwe "
                    "e-mailadres geldt pas als u op de link in die e-mail klikt."
                )
                % {"email": new_email},  # fmt: skip
            )
        else:
            messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "has_2fa": twofactor.has_confirmed_device(request.user),
        "verified": twofactor.is_verified(request),
        "codes_left": twofactor.recovery_codes_left(request.user),
        "sso_links": list(OidcIdentity.objects.filter(user=request.user).order_by("created_at", "pk")),
        "sso_provider": oidc.provider_name(),
    }
    return render(request, "accounts/profile.html", context)


def email_confirm(request, token):
    """The link in the mail to the new address. The change takes effect on the button (POST), once."""
    try:
        user_pk, new_email, old_email = services.read_email_change(token)
        user = User.objects.get(pk=user_pk, email=old_email)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return render(request, "accounts/email_confirm.html", {"invalid": True})
    error = EMAIL_IN_USE if email_in_use(new_email, exclude=user) else None
    if request.method == "POST" and error is None:
        try:
            services.confirm_email(user, new_email)
        except IntegrityError:
            error = EMAIL_IN_USE
        else:
            messages.success(request, _("Uw e-mailadres is nu %(email)s.") % {"email": new_email})
            if request.user.is_authenticated and request.user.pk == user.pk:
                return redirect("accounts:profile")
            return redirect("accounts:login")
    return render(request, "accounts/email_confirm.html", {"new_email": new_email, "error": error})


def invitation_accept(request, token):
    """The one-time link of an invitation: accept it logged in (any account: the token is the proof), or choose a
    password for a new account, which is made only then."""
    invitation = Invitation.from_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_accept.html", {"invalid": True})
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        already = request.user.memberships.filter(swv=invitation.swv).exists()
        context["already"] = already
        if request.method == "POST" and not already:
            return _accept(request, invitation, request.user)
        return render(request, "accounts/invitation_accept.html", context)
    # An account with this address logs in and accepts; otherwise a new account is made with the chosen password.
    account_exists = email_in_use(invitation.email)
    form = None
    if not account_exists:
        new_user = User(
            username=invitations.username_for(invitation.email),
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        )
        form = KoersSetPasswordForm(new_user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.accept_with_new_account(form, invitation)
            except (invitations.InvitationUnusable, IntegrityError):
                return render(request, "accounts/invitation_accept.html", {"invalid": True})
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    context |= {
        "form": form,
        "account_exists": account_exists,
        "username": form.user.username if form else "",
        "login_url": f"{reverse('accounts:login')}?next={request.path}",
    }
    return render(request, "accounts/invitation_accept.html", context)


def _accept(request, invitation, user):
    try:
        invitations.accept(invitation, user)
    except invitations.AlreadyMember as exc:
        messages.info(request, str(exc))
        return redirect("dashboard:home")
    except invitations.InvitationUnusable:
        return render(request, "accounts/invitation_accept.html", {"invalid": True})
    return _welcome(request, invitation)


def _welcome(request, invitation):
    request.session[SESSION_KEY] = invitation.swv_id
    messages.success(
        request,
        _("Welkom bij %(swv)s. U hebt nu de rol %(role)s.") % {"swv": invitation.swv, "role": invitation.role},
    )
    return redirect("dashboard:home")


@login_required
def sso_unlink(request, pk):
    """Undo the link between one's own Koers account and the account at the single sign-on provider: a confirmation
    page, the link removed on the button (POST). Refused with an explanation when no local password remains."""
    identity = get_object_or_404(OidcIdentity.objects.filter(user=request.user), pk=pk)
    provider = oidc.provider_name()
    error = None
    if not request.user.has_usable_password():
        error = services.LastLoginMethodError.message_for(provider)
    if request.method == "POST" and error is None:
        services.unlink_own_sso(request.user, identity, provider)
        messages.success(
            request,
            _("De koppeling met %(provider)s is verbroken. U logt voortaan in met uw gebruikersnaam en wachtwoord.")
            % {"provider": provider},
        )
        return redirect("accounts:profile")
    context = {"identity": identity, "provider": provider, "error": error}
    return render(request, "accounts/sso_unlink.html", context)
