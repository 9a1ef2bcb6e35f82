from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A Koers user. Access to data goes through Membership (per SWV, with a role)."""

    email = models.EmailField(_("e-mailadres"), blank=True)
    email_notifications = models.BooleanField(
        _("e-mail bij meldingen"),
        default=True,
        help_text=_("Ontvang ook een e-mail bij een nieuwe melding."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

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


class Membership(models.Model):
    """A user's role in one SWV. A user may belong to several SWV's."""

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
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
