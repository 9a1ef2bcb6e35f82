import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.core.models import ScopedManager, ScopedQuerySet, ScopedRows


class User(AbstractUser):
    """A Koers user. Access to data goes through Membership (per SWV, with a role)."""

    email = models.EmailField(_("e-mailadres"), blank=True)
    email_notifications = models.BooleanField(
        _("e-mail bij meldingen"),
        default=True,
        help_text=_("Ontvang ook een e-mail bij een nieuwe melding."),
    )
    # Which branches of plan trees the user opened or closed, e.g. {"doel-12": true}: a preference, no plan data.
    tree_state = models.JSONField(_("open en dichte takken van planbomen"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            # One account per address: an invitation or a notice for an address reaches one person (ADR 0010).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="uniq_user_email_ci",
                violation_error_message=_("Dit e-mailadres is al in gebruik bij een ander account."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=80)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Membership(ScopedRows, models.Model):
    """A user's role in one SWV. A user may belong to several SWV's.

    ``Membership.objects`` refuses a read without a scope, like every SWV model (ADR 0011): views read the members
    of an SWV through ``restrict(audience)``, Koers' own work through ``for_swv(swv)``. A user's own memberships
    across SWV's (login, the SWV switcher, the audience itself) are read before there is an audience, through
    ``user.memberships`` (the related manager, which is ``Membership.unscoped``) or deliberately through
    ``Membership.unscoped``.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker"))
    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("samenwerkingsverband"),
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("rol"))
    schoolbestuur = models.ForeignKey(
        "organisations.Schoolbestuur",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("schoolbestuur"),
        help_text=_("Alleen voor de rol schoolbestuur: welke scholen zichtbaar zijn."),
    )

    # declared first: Django's default manager (user.memberships, related objects, cascades)
    unscoped = ScopedQuerySet.as_manager()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "swv"], name="uniq_membership")]

    def __str__(self):
        return f"{self.user} – {self.swv} ({self.role})"

    def has(self, permission: str) -> bool:
        from koers.accounts.roles import role_has

        return role_has(self.role.code, permission)


class Notification(models.Model):
    """An in-app message for one user: an update requested, a reminder, a report issued."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("gebruiker"))
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("bericht"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ontvangen op"), default=clock.now, editable=False)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def usable(self):
        return self.pending().filter(expires_at__gt=timezone.now())


class InvitationManager(ScopedManager.from_queryset(InvitationQuerySet)):
    """``Invitation.objects``: every read names its scope (``restrict(audience)`` or ``for_swv(swv)``), ADR 0011."""


class Invitation(ScopedRows, models.Model):
    """An invitation to an SWV, waiting for its addressee. No membership exists until it is accepted.

    Only a hash of the one-time token is stored; the token itself is in the link in the e-mail.
    """

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("samenwerkingsverband"),
    )
    email = models.EmailField(_("e-mailadres"))
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("rol"))
    schoolbestuur = models.ForeignKey(
        "organisations.Schoolbestuur",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("schoolbestuur"),
    )
    actors = models.ManyToManyField(
        "organisations.Actor", blank=True, related_name="+", verbose_name=_("eigenaar of betrokkene")
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uitgenodigd door")
    )
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("geaccepteerd door")
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    # declared first: Django's default manager (related objects, cascades); the token lookup uses it on purpose
    unscoped = InvitationQuerySet.as_manager()
    objects = InvitationManager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.swv} ({self.role})"

    def new_token(self) -> str:
        """Give this invitation a new one-time token (the old link stops working); returns the token."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + timedelta(days=settings.KOERS_INVITATION_DAYS)
        return token

    @classmethod
    def from_token(cls, token: str):
        """The usable invitation for ``token``, or None (unknown, used, revoked or expired)."""
        if not token or len(token) > 100:
            return None
        return (
            cls.unscoped.usable()  # the SWV is not known before the token is: the one lookup across SWV's
            .select_related("swv", "role", "schoolbestuur")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return _("geaccepteerd")
        if self.revoked_at:
            return _("ingetrokken")
        if self.is_expired:
            return _("verlopen")
        return _("wacht op acceptatie")


class OidcIdentity(models.Model):
    """The account at the installation's OpenID Connect provider that logs in as this user (ADR 0015).

    Bound once, at the first single sign-on login (through an invitation or a verified e-mail address); after that
    the pair issuer + subject decides, so a changed address at the provider does not move the login to another
    account.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="oidc_identities", verbose_name=_("gebruiker")
    )
    issuer = models.CharField(_("inlogdienst (issuer)"), max_length=255)
    subject = models.CharField(_("account bij de inlogdienst (sub)"), max_length=255)
    email = models.EmailField(_("e-mailadres bij het koppelen"), blank=True)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)

    class Meta:
        verbose_name = _("koppeling met de inlogdienst")
        verbose_name_plural = _("koppelingen met de inlogdienst")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="uniq_oidc_identity")]

    def __str__(self):
        return f"{self.user} – {self.issuer}"
