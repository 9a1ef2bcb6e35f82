"""Business rules of accounts: one's own settings and e-mail address, memberships, the second factor and
notifications. Every change is one transaction in the history as the acting user; mail goes out on commit
(``koers.accounts.mail.send_text_mail``). Invitations have their own module, ``koers.accounts.invitations``.
"""

import re

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts import invitations, twofactor
from koers.accounts.mail import send_text_mail, site_url
from koers.accounts.models import Membership, Notification
from koers.accounts.notifications import notify
from koers.accounts.roles import BEHEERDER
from koers.audit.context import acting_as
from koers.audit.tracking import record_event

EMAIL_CHANGE_SALT = "koers.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 2 * 24 * 3600  # seconds


# ---- one's own account -----------------------------------------------------------------------


def _request_email_change(user, new_email):
    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object({"u": user.pk, "e": new_email, "o": user.email})
    context = {
        "user": user,
        "new_email": new_email,
        "old_email": user.email,
        "link": site_url(reverse("accounts:email_confirm", args=[token])),
        "hours": EMAIL_CHANGE_MAX_AGE // 3600,
    }
    send_text_mail(
        _("Bevestig uw nieuwe e-mailadres voor Koers"), "accounts/mail/email_confirm.txt", context, [new_email]
    )
    send_text_mail(
        _("Het e-mailadres van uw Koers-account wordt gewijzigd"),
        "accounts/mail/email_notice.txt",
        context,
        [user.email],
    )


def save_profile(form, user) -> str | None:
    """Name and notification setting from a ``ProfileForm`` at once; a new e-mail address waits for the link
    mailed to it (and the old address is told). Returns the address waiting for confirmation, or None."""
    new_email = form.new_email
    with acting_as(user), transaction.atomic():
        form.save()
        if new_email:
            _request_email_change(form.instance, new_email)
    return new_email


def read_email_change(token: str) -> tuple[int, str, str]:
    """(user pk, new address, old address) from the link in the confirmation mail. Raises ``BadSignature``
    (also when expired), ``KeyError`` or ``TypeError``."""
    data = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(token, max_age=EMAIL_CHANGE_MAX_AGE)
    return data["u"], data["e"], data["o"]


def confirm_email(user, new_email: str) -> None:
    """The confirmed new address takes effect. Raises ``IntegrityError`` when another account took it."""
    with acting_as(user), transaction.atomic():
        user.email = new_email
        user.save(update_fields=["email"])


def accept_with_new_account(form, invitation) -> Membership:
    """A new account with the password chosen in ``form`` (a set-password form on the unsaved user), and the
    invitation accepted by it: together or not at all. Raises ``InvitationUnusable`` (nothing is made)."""
    with acting_as(form.user), transaction.atomic():
        user = form.save()
        return invitations.accept(invitation, user)


# ---- memberships -----------------------------------------------------------------------------


class LastBeheerderError(ValueError):
    pass


def check_not_last_beheerder(membership, new_role=None):
    """An SWV always keeps at least one beheerder: raises ``LastBeheerderError`` when this change would leave
    none."""
    if membership.role.code != BEHEERDER or (new_role is not None and new_role.code == BEHEERDER):
        return
    others = Membership.objects.for_swv(membership.swv_id).filter(role__code=BEHEERDER).exclude(pk=membership.pk)
    if not others.exists():
        raise LastBeheerderError(
            _("Dit is de laatste beheerder van het samenwerkingsverband. Maak eerst iemand anders beheerder.")
        )


@transaction.atomic
def update_membership(membership, by, *, role, schoolbestuur, actors) -> Membership:
    """A member's role, schoolbestuur and links to actors in the membership's SWV."""
    check_not_last_beheerder(membership, role)
    with acting_as(by):
        membership.role = role
        membership.schoolbestuur = schoolbestuur
        membership.save()
        invitations.link_actors(membership.user, membership.swv, actors)
    return membership


@transaction.atomic
def remove_member(membership, by) -> None:
    """The member loses access to the membership's SWV and their links to its actors; the account stays."""
    check_not_last_beheerder(membership)
    with acting_as(by):
        invitations.link_actors(membership.user, membership.swv, [])
        membership.delete()


# ---- the second factor -----------------------------------------------------------------------


def unconfirmed_device(user):
    """The authenticator app being set up: the one not confirmed yet, else a new one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def confirm_device(user, device) -> list[str]:
    """The app gave a right code: it replaces any earlier app, and new recovery codes replace the old ones.
    Returns the new codes (shown once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with acting_as(user), transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        return twofactor.new_recovery_codes(user)


def reset_second_factor(membership, by) -> None:
    """A beheerder removes a member's authenticator apps and recovery codes (e.g. a lost phone). 2FA belongs
    to the account, so every SWV of the member shows it in its history (ADR 0009); the member is told."""
    user, swv = membership.user, membership.swv
    reason = _("Gereset door %(who)s, beheerder van %(swv)s") % {"who": by, "swv": swv}
    with acting_as(by, reason), transaction.atomic():
        twofactor.remove_all_devices(user)
        for each in user.memberships.select_related("swv"):
            record_event(each, {_("twee-factor-authenticatie"): [_("ingesteld"), _("gereset")]})
        notify(
            user,
            _("Uw twee-factor-authenticatie is gereset"),
            _(
                "%(who)s heeft uw twee-factor-authenticatie gereset. Stel bij de volgende keer inloggen uw "
                "authenticator-app opnieuw in."
            )
            % {"who": by},  # fmt: skip
        )
        send_text_mail(
            _("Uw twee-factor-authenticatie voor Koers is gereset"),
            "accounts/mail/twofactor_reset.txt",
            {"user": user, "who": by, "swv": swv, "login": site_url(reverse("accounts:login"))},
            [user.email],
        )


# ---- single sign-on links ----------------------------------------------------------------------


class LastLoginMethodError(ValueError):
    """Removing this link would leave the user without a way to log in."""

    @staticmethod
    def message_for(provider: str) -> str:
        return _(
            "U logt alleen in via %(provider)s: u hebt geen wachtwoord van Koers. Zonder deze koppeling kunt u niet "
            "meer inloggen, daarom kunt u haar hier niet verbreken. Hoort de koppeling bij het verkeerde account bij "
            "%(provider)s, vraag dan de beheerder van uw samenwerkingsverband om haar te verbreken; bij de volgende "
            "keer inloggen via %(provider)s koppelt Koers dan opnieuw, via uw bevestigde e-mailadres."
        ) % {"provider": provider}


def _record_unlink(user, identity, provider):
    for each in user.memberships.select_related("swv"):
        record_event(
            each,
            {
                _("koppeling met %(provider)s") % {"provider": provider}: [
                    identity.email or _("gekoppeld"),
                    _("verbroken"),
                ]
            },
        )


def unlink_own_sso(user, identity, provider: str) -> None:
    """The user removes the link between their Koers account and their account at the provider. Only when a usable
    local password remains: otherwise they could not log in any more (``LastLoginMethodError``)."""
    if identity.user_id != user.pk:
        raise ValueError("not the user's own link")
    if not user.has_usable_password():
        raise LastLoginMethodError(LastLoginMethodError.message_for(provider))
    with acting_as(user, _("Zelf verbroken bij Mijn instellingen")), transaction.atomic():
        identity.delete()
        _record_unlink(user, identity, provider)


def unlink_member_sso(membership, identity, by, provider: str) -> None:
    """A beheerder removes the link of a member of their SWV (e.g. when a colleague's account at the provider was
    reused). The link belongs to the account, so every SWV of the member shows it in its history; the member is
    told. The next single sign-on login binds again through a verified e-mail address or an invitation."""
    user = membership.user
    if identity.user_id != user.pk:
        raise ValueError("not this member's link")
    reason = _("Verbroken door %(who)s, beheerder van %(swv)s") % {"who": by, "swv": membership.swv}
    with acting_as(by, reason), transaction.atomic():
        identity.delete()
        _record_unlink(user, identity, provider)
        notify(
            user,
            _("De koppeling met %(provider)s is verbroken") % {"provider": provider},
            _(
                "%(who)s heeft de koppeling tussen uw account in Koers en uw account bij %(provider)s verbroken. "
                "Vraag %(who)s waarom als u dat niet verwachtte."
            )
            % {"who": by, "provider": provider},
        )


# ---- notifications ---------------------------------------------------------------------------


def mark_read(user, notification=None) -> int:
    """Mark one of the user's notifications (or, without one, all of them) as read. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


TREE_KEY = re.compile(r"^(thema|doel|hoofdactiviteit)-[1-9][0-9]{0,18}$")
TREE_STATE_MAX = 2000  # keys kept per user; the oldest go first


def remember_branches(user, keys: list[str], is_open: bool) -> None:
    """Remember that ``user`` opened or closed branches of a plan tree (``thema-12``, ``doel-34``, ...)."""
    if not keys or len(keys) > TREE_STATE_MAX or not all(TREE_KEY.match(key) for key in keys):
        raise ValueError("onbekende tak")
    with transaction.atomic():
        state = dict(get_user_model().objects.select_for_update().values_list("tree_state", flat=True).get(pk=user.pk))
        for key in keys:
            state.pop(key, None)
            state[key] = bool(is_open)
        while len(state) > TREE_STATE_MAX:
            state.pop(next(iter(state)))
        # update(): a preference, not a change to audit (no history signal for every click)
        get_user_model().objects.filter(pk=user.pk).update(tree_state=state)
    user.tree_state = state
