"""Append-only history of changes and a log of who viewed pupil-level data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("historie kan niet worden gewijzigd")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("historie kan niet worden verwijderd")


class HistoryEntry(AppendOnly):
    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )
    model = models.CharField(_("soort gegeven"), max_length=100)
    object_id = models.CharField(_("id"), max_length=40)
    object_repr = models.CharField(_("omschrijving"), max_length=300)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("wijzigingen"), default=dict, help_text=_("veld: [oud, nieuw]"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    ip_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("historieregel")
        verbose_name_plural = _("historie")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.timestamp:%d-%m-%Y %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"


class AccessLog(AppendOnly):
    """Who viewed or exported pupil-level data, and what."""

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("actie"), max_length=40)
    subject = models.CharField(_("onderwerp"), max_length=300)
    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("inzagelog")
        verbose_name_plural = _("inzagelog")
        ordering = ["-timestamp"]

    def __str__(self):
        return f"{self.timestamp:%d-%m-%Y %H:%M} {self.username} {self.action} {self.subject}"
