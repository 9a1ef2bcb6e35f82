"""Data protection: the retention term per SWV, measurements frozen before pupil rows are removed, and an
append-only record of every removal (by retention or by a verwijderverzoek). See docs/adr/0007-bewaartermijn.md."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.audit.models import AppendOnly

MIN_JAREN, MAX_JAREN = 1, 30


class Bewaartermijn(models.Model):
    """The retention term of one SWV; without a row the installation's default (KOERS_BEWAARTERMIJN_JAREN)."""

    swv = models.OneToOneField(
        "organisations.Swv", on_delete=models.CASCADE, related_name="+", verbose_name=_("samenwerkingsverband")
    )
    jaren = models.PositiveSmallIntegerField(
        _("bewaartermijn in jaren"),
        validators=[MinValueValidator(MIN_JAREN), MaxValueValidator(MAX_JAREN)],
        help_text=_("Zoveel jaar na het einde van het schooljaar waarin een dossier is afgesloten."),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self):
        return f"{self.swv_id}: {self.jaren}"


class BevrorenMeting(models.Model):
    """A measurement computed from pupil rows just before (some of) those rows were removed.

    ``indicator`` set: one point of that indicator's series. ``indicator`` empty: a measure for the whole SWV
    over one school year. The value for readers outside the bureau is stored separately (small counts hidden).
    """

    swv = models.ForeignKey(
        "organisations.Swv", on_delete=models.CASCADE, related_name="+", verbose_name=_("samenwerkingsverband")
    )
    indicator = models.ForeignKey(
        "plans.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    measure_code = models.CharField(_("maat"), max_length=80)
    period_kind = models.CharField(_("soort periode"), max_length=12)
    period_label = models.CharField(_("periode"), max_length=60)
    date = models.DateField(_("meetdatum"))
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=4, null=True, blank=True)
    display = models.CharField(_("weergave"), max_length=60)
    public_display = models.CharField(_("weergave buiten het bureau"), max_length=60)
    public_suppressed = models.BooleanField(_("afgeschermd buiten het bureau"), default=False)
    frozen_at = models.DateTimeField(_("bevroren op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bevroren meting")
        verbose_name_plural = _("bevroren metingen")
        ordering = ["swv", "measure_code", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=models.Q(indicator__isnull=False),
                name="uniq_bevroren_indicator_datum",
            ),
            models.UniqueConstraint(
                fields=["swv", "measure_code", "period_kind", "date"],
                condition=models.Q(indicator__isnull=True),
                name="uniq_bevroren_maat_datum",
            ),
        ]

    def __str__(self):
        return f"{self.measure_code} {self.period_label}: {self.display}"


class Verwijdering(AppendOnly):
    """Who removed pupil rows, when, why and how many per register. Never a BSN; a pupil only by its kenmerk
    (the first characters of the pseudonym)."""

    class Soort(models.TextChoices):
        BEWAARTERMIJN = "bewaartermijn", _("bewaartermijn verstreken")
        VERZOEK = "verzoek", _("verwijderverzoek")

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )
    soort = models.CharField(_("soort"), max_length=14, choices=Soort.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    kenmerk = models.CharField(_("kenmerk leerling"), max_length=100, blank=True)
    aantallen = models.JSONField(_("verwijderde regels per register"), default=dict)
    reden = models.TextField(_("reden"))
    grensdatum = models.DateField(_("afgesloten op of voor"), null=True, blank=True)
    jaren = models.PositiveSmallIntegerField(_("bewaartermijn in jaren"), null=True, blank=True)
    bevroren = models.PositiveIntegerField(_("bevroren metingen"), default=0)
    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verwijdering")
        verbose_name_plural = _("verwijderingen")
        ordering = ["-timestamp", "-id"]

    def __str__(self):
        return f"{self.timestamp:%d-%m-%Y %H:%M} {self.username} {self.get_soort_display()}"

    @property
    def totaal(self):
        return sum(self.aantallen.values())
