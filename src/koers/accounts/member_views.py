"""User management for the beheerder of an SWV: members and their roles, invitations, links to actors, resetting
a member's second factor; and every user's own notifications ("Mijn meldingen")."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.accounts import oidc, services, twofactor
from koers.accounts.invitations import invite, resend, revoke
from koers.accounts.mail import site_url
from koers.accounts.member_forms import InviteForm, KoersSetPasswordForm, MemberForm
from koers.accounts.models import Invitation, Membership, Notification, OidcIdentity
from koers.core.access import get_owned, require
from koers.core.tables import Column, Table
from koers.organisations.models import Actor


def set_password_link(user) -> str:
    """A set-password link for an account without a password (the invitations before ADR 0010)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url(reverse("accounts:set_password", args=[uid, token]))


@require("users.manage")
def members(request):
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("rol", "")
    memberships = (
        Membership.objects.restrict(request.audience)
        .select_related("user", "role", "schoolbestuur")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if q:
        memberships = memberships.filter(
            Q(user__username__icontains=q)
            | Q(user__email__icontains=q)
            | Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
        )
    from koers.accounts.models import Role

    roles = list(Role.objects.all())
    if role in {r.code for r in roles}:
        memberships = memberships.filter(role__code=role)
    else:
        role = ""
    memberships = list(memberships)
    actors = {}
    for actor in Actor.objects.restrict(request.audience).filter(users__in=[m.user for m in memberships]).distinct():
        for user in actor.users.all():
            actors.setdefault(user.pk, []).append(actor.name)
    table = Table(
        _("Gebruikers van %(swv)s") % {"swv": request.swv},
        [
            Column("name", _("Naam")),
            Column("username", _("Gebruikersnaam")),
            Column("email", _("E-mailadres")),
            Column("role", _("Rol")),
            Column("bestuur", _("Schoolbestuur")),
            Column("actors", _("Eigenaar of betrokkene")),
            Column("status", _("Status")),
            Column("sso", _("Single sign-on")),
            Column("last_login", _("Laatst ingelogd"), "date"),
        ],
        filename="gebruikers",
    )
    linked = set(
        OidcIdentity.objects.filter(user_id__in=[m.user_id for m in memberships]).values_list("user_id", flat=True)
    )
    for m in memberships:
        table.add_row(
            link={"name": reverse("accounts:member_edit", args=[m.pk])},
            name=m.user.get_full_name() or m.user.username,
            username=m.user.username,
            email=m.user.email,
            role=str(m.role),
            bestuur=str(m.schoolbestuur or ""),
            actors=", ".join(actors.get(m.user_id, [])),
            status=_("uitgenodigd, nog geen wachtwoord") if not m.user.has_usable_password() else _("actief"),
            sso=_("gekoppeld") if m.user_id in linked else _("niet gekoppeld"),
            last_login=m.user.last_login,
        )
    if (response := table.export_response(request)) is not None:
        return response
    invitations = (
        Invitation.objects.restrict(request.audience).pending().select_related("role", "invited_by").order_by("email")
    )
    context = {
        "table": table,
        "q": q,
        "role": role,
        "roles": roles,
        "filtered": bool(q or role),
        "invitations": invitations,
        "nav": "members",
    }
    return render(request, "accounts/members/list.html", context)


@require("users.manage")
def member_invite(request):
    form = InviteForm(request.POST or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = invite(
            request.swv,
            request.user,
            data["email"],
            data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            schoolbestuur=data["schoolbestuur"],
            actors=data["actors"],
        )
        messages.success(
            request,
            ngettext(
                "%(email)s is uitgenodigd als %(role)s. Er is een e-mail verstuurd met een link die %(days)s dag "
                "werkt. De toegang begint pas als de uitnodiging is geaccepteerd.",
                "%(email)s is uitgenodigd als %(role)s. Er is een e-mail verstuurd met een link die %(days)s dagen "
                "werkt. De toegang begint pas als de uitnodiging is geaccepteerd.",
                settings.KOERS_INVITATION_DAYS,
            )
            % {"email": invitation.email, "role": invitation.role, "days": settings.KOERS_INVITATION_DAYS},  # fmt: skip
        )
        return redirect("accounts:members")
    context = {"form": form, "invitation_days": settings.KOERS_INVITATION_DAYS, "nav": "members"}
    return render(request, "accounts/members/invite.html", context)


@require("users.manage")
def member_edit(request, pk):
    membership = get_owned(request, Membership.objects.restrict(request.audience).select_related("user", "role"), pk=pk)
    form = MemberForm(request.POST or None, swv=request.swv, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_membership(
                membership, request.user, role=data["role"], schoolbestuur=data["schoolbestuur"], actors=data["actors"]
            )
        except services.LastBeheerderError as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, _("De gegevens van %(user)s zijn opgeslagen.") % {"user": membership.user})
            return redirect("accounts:members")
    context = {
        "form": form,
        "membership": membership,
        "member": membership.user,
        "has_2fa": twofactor.has_confirmed_device(membership.user),
        "sso_links": list(OidcIdentity.objects.filter(user=membership.user).order_by("created_at", "pk")),
        "sso_provider": oidc.provider_name(),
        "sso_enabled": oidc.is_enabled(),
        "nav": "members",
    }
    return render(request, "accounts/members/edit.html", context)


def _reset_refusal(request, user):
    if user == request.user:
        return _("Uw eigen twee-factor-authenticatie wijzigt u bij Mijn instellingen.")
    if user.is_staff or user.is_superuser:
        return _("Dit is een account van een systeembeheerder. Alleen een andere systeembeheerder kan dat resetten.")
    from django_otp import devices_for_user

    if not any(True for _device in devices_for_user(user, confirmed=None)):
        return _("%(user)s heeft geen twee-factor-authenticatie ingesteld. Er is niets te resetten.") % {"user": user}
    return None


@require("users.manage")
def member_reset_2fa(request, pk):
    """Remove a member's authenticator apps and recovery codes (e.g. a lost phone); they set it up again at the
    next login. 2FA belongs to the account, so this holds in every SWV of the member: each one's history shows it
    (ADR 0009)."""
    membership = get_owned(
        request, Membership.objects.restrict(request.audience).select_related("user", "role", "swv"), pk=pk
    )
    user = membership.user
    error = _reset_refusal(request, user)
    if request.method == "POST" and error is None:
        services.reset_second_factor(membership, request.user)
        messages.success(
            request,
            _(
                "De twee-factor-authenticatie van %(user)s is gereset. Bij de volgende keer inloggen stelt %(user)s "
                "die opnieuw in."
            )
            % {"user": user},  # fmt: skip
        )
        return redirect("accounts:member_edit", membership.pk)
    context = {"membership": membership, "member": user, "error": error, "nav": "members"}
    return render(request, "accounts/members/reset_2fa.html", context)


@require_POST
@require("users.manage")
def invitation_revoke(request, pk):
    invitation = get_owned(request, Invitation.objects.restrict(request.audience).pending(), pk=pk)
    revoke(invitation, request.user)
    messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email})
    return redirect("accounts:members")


@require_POST
@require("users.manage")
def invitation_resend(request, pk):
    invitation = get_owned(request, Invitation.objects.restrict(request.audience).pending(), pk=pk)
    resend(invitation, request.user)
    messages.success(
        request,
        _("De uitnodiging voor %(email)s is opnieuw verstuurd, met een nieuwe link. De vorige link werkt niet meer.")
        % {"email": invitation.email},
    )
    return redirect("accounts:members")


@require("users.manage")
def member_remove(request, pk):
    membership = get_owned(request, Membership.objects.restrict(request.audience).select_related("user", "role"), pk=pk)
    error = None
    try:
        services.check_not_last_beheerder(membership)
    except services.LastBeheerderError as exc:
        error = str(exc)
    if request.method == "POST" and error is None:
        user = membership.user
        try:
            services.remove_member(membership, request.user)
        except services.LastBeheerderError as exc:  # the other beheerder left in the meantime
            messages.error(request, str(exc))
            return redirect("accounts:member_remove", membership.pk)
        messages.success(
            request, _("%(user)s heeft geen toegang meer tot %(swv)s.") % {"user": user, "swv": request.swv}
        )
        return redirect("accounts:members")
    context = {"membership": membership, "member": membership.user, "error": error, "nav": "members"}
    return render(request, "accounts/members/remove.html", context)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link from an invitation: choose a password, then log in."""

    template_name = "accounts/members/set_password.html"
    form_class = KoersSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Uw wachtwoord is ingesteld. U kunt nu inloggen."))
        return response


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)
    show = request.GET.get("toon", "")
    if show == "ongelezen":
        items = items.filter(read_at__isnull=True)
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    items = list(items[:200])
    table = Table(
        _("Mijn meldingen"),
        [Column("created", _("Ontvangen"), "date"), Column("subject", _("Melding")), Column("body", _("Bericht")),
         Column("read", _("Gelezen"), "date")],
        filename="meldingen",
    )  # fmt: skip
    for n in items:
        table.add_row(created=n.created_at, subject=n.subject, body=n.body, read=n.read_at)
    if (response := table.export_response(request)) is not None:
        return response
    context = {"items": items, "unread": unread, "show": show}
    return render(request, "accounts/members/notifications.html", context)


@require_POST
@login_required
def notification_read(request, pk=None):
    """Mark one notification (or, without pk, all of them) as read; then follow its link if asked."""
    if pk is not None:
        notification = get_object_or_404(Notification, user=request.user, pk=pk)
        target = notification.link if request.POST.get("open") else ""
        services.mark_read(request.user, notification)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        messages.success(request, _("De melding is als gelezen gemarkeerd."))
    else:
        count = services.mark_read(request.user)
        messages.success(
            request,
            ngettext("%(n)s melding als gelezen gemarkeerd.", "%(n)s meldingen als gelezen gemarkeerd.", count)
            % {"n": count},
        )
    return redirect("accounts:notifications")


@require("users.manage")
def member_sso_unlink(request, pk, identity):
    """Remove a member's link with the single sign-on provider (e.g. a colleague's account at the provider was
    reused): a confirmation page, the link removed on the button. Only members of the beheerder's own SWV."""
    membership = get_owned(
        request, Membership.objects.restrict(request.audience).select_related("user", "role", "swv"), pk=pk
    )
    link = get_object_or_404(OidcIdentity.objects.filter(user=membership.user), pk=identity)
    user, provider = membership.user, oidc.provider_name()
    error = None
    if user == request.user:
        error = _("Uw eigen koppeling verbreekt u bij Mijn instellingen.")
    elif user.is_staff or user.is_superuser:
        error = _("Dit is een account van een systeembeheerder. Alleen een andere systeembeheerder kan dat wijzigen.")
    if request.method == "POST" and error is None:
        services.unlink_member_sso(membership, link, request.user, provider)
        messages.success(
            request,
            _("De koppeling van %(user)s met %(provider)s is verbroken.") % {"user": user, "provider": provider},
        )
        return redirect("accounts:member_edit", membership.pk)
    context = {
        "membership": membership,
        "member": user,
        "identity": link,
        "provider": provider,
        "error": error,
        "nav": "members",
    }
    return render(request, "accounts/members/sso_unlink.html", context)
