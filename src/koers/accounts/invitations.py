"""Invitations as pending records (ADR 0010): inviting makes an Invitation and mails a one-time link; the
membership exists only once the addressee accepts, logged in with any account or by choosing a password."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.mail import send_text_mail, site_url
from koers.accounts.models import Invitation, Membership, User
from koers.accounts.notifications import notify
from koers.audit.context import acting_as
from koers.audit.tracking import record_event


class InvitationUnusable(ValueError):
    pass


class AlreadyMember(ValueError):
    pass


def link_actors(user, swv, actors):
    """Set which actors of ``swv`` the user is linked to; links in other SWV's stay."""
    current = set(user.actors.filter(swv=swv))
    wanted = set(actors)
    for actor in current - wanted:
        actor.users.remove(user)
    for actor in wanted - current:
        actor.users.add(user)


def _send(invitation, token, inviter):
    context = {
        "invitation": invitation,
        "swv": invitation.swv,
        "role": invitation.role,
        "inviter": inviter,
        "name": " ".join(filter(None, [invitation.first_name, invitation.last_name])) or invitation.email,
        "link": site_url(reverse("accounts:invitation_accept", args=[token])),
        "expires": invitation.expires_at,
    }
    subject = _("Uitnodiging voor Koers van %(swv)s") % {"swv": invitation.swv}
    send_text_mail(subject, "accounts/members/mail/invite.txt", context, [invitation.email])


def invite(swv, inviter, email, role, first_name="", last_name="", schoolbestuur=None, actors=()) -> Invitation:
    """Record an invitation to ``swv`` with ``role`` and mail its one-time link to ``email``.

    Nobody gets access yet: not even an existing account with this address (that address proves nothing).
    An earlier open invitation of the same address to the same SWV is revoked.
    """
    email = email.strip().lower()
    with acting_as(inviter), transaction.atomic():
        for earlier in Invitation.objects.for_swv(swv).pending().filter(email__iexact=email):
            earlier.revoked_at = timezone.now()
            earlier.save(update_fields=["revoked_at"])
        invitation = Invitation(
            swv=swv,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            schoolbestuur=schoolbestuur if role.code == "schoolbestuur" else None,
            invited_by=inviter,
        )
        token = invitation.new_token()
        invitation.save()
        invitation.actors.set(actors)
        _send(invitation, token, inviter)
    return invitation


def resend(invitation, by) -> Invitation:
    """A new link (the old one stops working) with a new term, mailed again."""
    with acting_as(by), transaction.atomic():
        token = invitation.new_token()
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
        _send(invitation, token, by)
    return invitation


def revoke(invitation, by):
    with acting_as(by), transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def accept(invitation, user) -> Membership:
    """Give ``user`` the invited role; the token works once. Raises InvitationUnusable or AlreadyMember."""
    now = timezone.now()
    with acting_as(user), transaction.atomic():
        if Membership.objects.for_swv(invitation.swv_id).filter(user=user).exists():
            raise AlreadyMember(_("U hebt al toegang tot %(swv)s.") % {"swv": invitation.swv})
        # one UPDATE decides who wins when the link is used twice at the same moment
        taken = (
            Invitation.objects.for_swv(invitation.swv_id)
            .usable()
            .filter(pk=invitation.pk)
            .update(accepted_at=now, accepted_by=user)
        )
        if not taken:
            raise InvitationUnusable(_("Deze uitnodiging is al gebruikt, ingetrokken of verlopen."))
        invitation.accepted_at, invitation.accepted_by = now, user
        record_event(invitation, {"accepted_at": [None, now], "accepted_by": [None, user.username]})
        membership = Membership.objects.create(
            user=user, swv=invitation.swv, role=invitation.role, schoolbestuur=invitation.schoolbestuur
        )
        link_actors(user, invitation.swv, invitation.actors.all())
        if invitation.invited_by_id:
            notify(
                invitation.invited_by,
                _("%(user)s heeft de uitnodiging voor %(swv)s geaccepteerd") % {"user": user, "swv": invitation.swv},
                _("%(email)s heeft nu de rol %(role)s.") % {"email": invitation.email, "role": invitation.role},
                reverse("accounts:members"),
            )
    return membership


def username_for(email: str) -> str:
    username, n = email, 2
    while User.objects.filter(username__iexact=username).exists():
        username, n = f"{email}-{n}", n + 1
    return username[:150]
