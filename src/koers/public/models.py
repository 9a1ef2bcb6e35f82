from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned


class PublicPage(SwvOwned):
    """What an SWV publishes for parents and the public, without login. Nothing is public by default."""

    published = models.BooleanField(
        _("pagina is openbaar"), default=False, help_text=_("Zet dit pas aan als u de inhoud heeft gecontroleerd.")
    )
    introduction = models.TextField(
        _("inleiding"),
        blank=True,
        help_text=_(
            "In gewone taal: wat doet het samenwerkingsverband voor kinderen en ouders? Schrijf kort en helder."
        ),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan om te tonen"),
        help_text=_("De thema's en doelen van dit plan komen op de pagina. Activiteiten en namen niet."),
    )
    show_goals = models.BooleanField(_("doelen tonen"), default=True)
    measures = models.JSONField(
        _("kerncijfers"),
        default=list,
        blank=True,
        help_text=_("Welke kerncijfers openbaar zijn. Alleen totalen; kleine aantallen worden afgeschermd."),
    )
    contact = models.TextField(
        _("contact ouder- en jeugdsteunpunt"),
        blank=True,
        help_text=_("Telefoon, e-mail en openingstijden. Leeg: de contactgegevens van het samenwerkingsverband."),
    )

    class Meta:
        verbose_name = _("publieke pagina")
        verbose_name_plural = _("publieke pagina's")
        constraints = [models.UniqueConstraint(fields=["swv"], name="uniq_public_page_per_swv")]

    def __str__(self):
        return f"{_('Publieke pagina')} {self.swv}"
