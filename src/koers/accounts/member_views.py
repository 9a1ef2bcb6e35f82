"""User management for the beheerder of an SWV: members and their roles, invitations, links to actors; and every
user's own notifications ("Mijn meldingen")."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.member_forms import InviteForm, KoersSetPasswordForm, MemberForm
from koers.accounts.models import Membership, Notification, User
from koers.accounts.notifications import notify
from koers.accounts.roles import BEHEERDER
from koers.audit.context import acting_as
from koers.core.access import get_owned, require
from koers.organisations.models import Actor
from koers.reports.tables import Column, Table


class LastBeheerderError(ValueError):
    pass


def _check_not_last_beheerder(membership, new_role=None):
    """An SWV always keeps at least one beheerder."""
    if membership.role.code != BEHEERDER or (new_role is not None and new_role.code == BEHEERDER):
        return
    others = Membership.objects.filter(swv=membership.swv, role__code=BEHEERDER).exclude(pk=membership.pk)
    if not others.exists():
        raise LastBeheerderError(
            _("Dit is de laatste beheerder van het samenwerkingsverband. Maak eerst iemand anders beheerder.")
        )


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:set_password", args=[uid, token])


def _link_actors(user, swv, actors):
    """Set which actors of ``swv`` the user is linked to; links in other SWV's stay."""
    current = set(user.actors.filter(swv=swv))
    wanted = set(actors)
    for actor in current - wanted:
        actor.users.remove(user)
    for actor in wanted - current:
        actor.users.add(user)


@transaction.atomic
def invite(swv, inviter, email, role, first_name="", last_name="", schoolbestuur=None, actors=()):
    """Make (or find) the user, give them the role in ``swv``, mail a set-password link and notify them."""
    user = User.objects.filter(email__iexact=email).first()
    new = user is None
    with acting_as(inviter):
        if new:
            username = email
            n = 2
            while User.objects.filter(username=username).exists():
                username, n = f"{email}-{n}", n + 1
            user = User(username=username[:150], email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()  # no login until the invitee sets a password through the link
            user.save()
        membership = Membership.objects.create(user=user, swv=swv, role=role, schoolbestuur=schoolbestuur)
        _link_actors(user, swv, actors)
    context = {
        "user": user,
        "swv": swv,
        "role": role,
        "inviter": inviter,
        "new": new,
        "link": set_password_link(user) if new or not user.has_usable_password() else "",
        "login": settings.SITE_URL.rstrip("/") + reverse("accounts:login"),
        "username": user.username,
    }
    subject = _("Uitnodiging voor Koers van %(swv)s") % {"swv": swv}
    send_mail(subject, render_to_string("accounts/members/mail/invite.txt", context), None, [email])
    notify(
        user,
        _("U hebt toegang tot %(swv)s als %(role)s") % {"swv": swv, "role": role},
        _("%(inviter)s heeft u uitgenodigd.") % {"inviter": inviter},
        reverse("core:home"),
    )
    return membership


@require("users.manage")
def members(request):
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("rol", "")
    memberships = (
        Membership.objects.filter(swv=request.swv)
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
            Column("last_login", _("Laatst ingelogd"), "date"),
        ],
        filename="gebruikers",
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
            last_login=m.user.last_login,
        )
    if (response := table.export_response(request)) is not None:
        return response
    context = {"table": table, "q": q, "role": role, "roles": roles, "filtered": bool(q or role), "nav": "members"}
    return render(request, "accounts/members/list.html", context)


@require("users.manage")
def member_invite(request):
    form = InviteForm(request.POST or None, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = invite(
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
            _(
                "%(email)s is uitgenodigd als %(role)s. Er is een e-mail verstuurd met een link om een wachtwoord in "
                "te stellen."
            )
            % {"email": data["email"], "role": membership.role},  # fmt: skip
        )
        return redirect("accounts:members")
    return render(request, "accounts/members/invite.html", {"form": form, "nav": "members"})


@require("users.manage")
def member_edit(request, pk):
    membership = get_owned(request, Membership.objects.select_related("user", "role"), pk=pk)
    form = MemberForm(request.POST or None, swv=request.swv, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _check_not_last_beheerder(membership, data["role"])
        except LastBeheerderError as exc:
            form.add_error("role", str(exc))
        else:
            with acting_as(request.user), transaction.atomic():
                membership.role = data["role"]
                membership.schoolbestuur = data["schoolbestuur"]
                membership.save()
                _link_actors(membership.user, request.swv, data["actors"])
            messages.success(request, _("De gegevens van %(user)s zijn opgeslagen.") % {"user": membership.user})
            return redirect("accounts:members")
    context = {"form": form, "membership": membership, "member": membership.user, "nav": "members"}
    return render(request, "accounts/members/edit.html", context)


@require("users.manage")
def member_remove(request, pk):
    membership = get_owned(request, Membership.objects.select_related("user", "role"), pk=pk)
    error = None
    try:
        _check_not_last_beheerder(membership)
    except LastBeheerderError as exc:
        error = str(exc)
    if request.method == "POST" and error is None:
        user = membership.user
        with acting_as(request.user), transaction.atomic():
            _link_actors(user, request.swv, [])
            membership.delete()
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
    items = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk is not None:
        notification = get_object_or_404(Notification, user=request.user, pk=pk)
        items = items.filter(pk=notification.pk)
        target = notification.link if request.POST.get("open") else ""
        items.update(read_at=timezone.now())
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        messages.success(request, _("De melding is als gelezen gemarkeerd."))
    else:
        count = items.update(read_at=timezone.now())
        messages.success(request, _("%(n)s meldingen als gelezen gemarkeerd.") % {"n": count})
    return redirect("accounts:notifications")
