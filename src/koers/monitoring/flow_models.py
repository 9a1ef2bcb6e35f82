"""Funding and pupil flows: DUO's SO/VSO counts per paying SWV (grensverkeer) and the SWV's funded-pupil list.

Imported by :mod:`koers.monitoring.models` so that Django finds them; see docs/monitoring-registers.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped

PSEUDONYM_LENGTH = 64


class FlowCount(SwvOwned):
    """A DUO count of SO/VSO (or SBO) pupils of this SWV in one direction; -1 and "<5" are kept as suppressed."""

    class Direction(models.TextChoices):
        BETAALD = "betaald", _("betaald door dit SWV (alle)")
        BINNEN = "binnen", _("betaald door dit SWV, school binnen het SWV")
        UITGAAND = "uitgaand", _("betaald door dit SWV, school in een ander SWV (uitgaand)")
        INKOMEND = "inkomend", _("school in dit SWV, betaald door een ander SWV (inkomend)")

    peiljaar = models.PositiveSmallIntegerField(_("peiljaar"))
    peildatum = models.DateField(_("peildatum"))
    school_type = models.CharField(_("soort"), max_length=3)
    direction = models.CharField(_("richting"), max_length=8, choices=Direction.choices)
    # what else splits the DUO row (residentiële plaats, bekostigingscategorie); rows are summed by the measures
    detail = models.CharField(_("uitsplitsing"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    suppressed = models.BooleanField(
        _("afgeschermd"), default=False, help_text=_("DUO publiceert kleine aantallen als -1 of <5.")
    )
    source = models.CharField(_("bron"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("telling grensverkeer")
        verbose_name_plural = _("tellingen grensverkeer")
        indexes = [models.Index(fields=["swv", "peildatum", "direction"])]
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "peildatum", "school_type", "direction", "detail"], name="uniq_flowcount_per_swv"
            )
        ]

    def __str__(self):
        return f"{self.peildatum} {self.school_type} {self.direction}: {self.count}"


class FundedPupil(SwvOwned, Timestamped):
    """One row of DUO's list of pupils this SWV pays for (per beschikkingsnummer); the pupil only as pseudonym.

    One list per school year (``school_year``, from the peildatum): the history of funded pupils per year."""

    pupil_rows = True
    school_field = "brin6"

    class Category(models.TextChoices):
        LAAG = "L", _("laag")
        MIDDEN = "M", _("midden")
        HOOG = "H", _("hoog")

    beschikkingsnummer = models.CharField(_("beschikkingsnummer"), max_length=40)
    pupil = models.CharField(_("leerling (pseudoniem)"), max_length=PSEUDONYM_LENGTH, blank=True)
    categorie = models.CharField(_("bekostigingscategorie"), max_length=1, choices=Category.choices, blank=True)
    brin6 = models.CharField(_("school (BRIN6)"), max_length=6, blank=True)
    school_type = models.CharField(_("soort"), max_length=3)
    peildatum = models.DateField(_("peildatum"))
    # the school year of the list (of its peildatum): a new list adds a year, a list of the same year replaces it
    school_year = models.PositiveSmallIntegerField(_("schooljaar van de lijst (beginjaar)"))
    binnen = models.BooleanField(_("school binnen het SWV"), default=True)

    class Meta:
        verbose_name = _("bekostigde leerling (DUO)")
        verbose_name_plural = _("bekostigde leerlingen (DUO)")
        indexes = [models.Index(fields=["swv", "peildatum", "school_type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "school_year", "beschikkingsnummer"], name="uniq_fundedpupil_per_swv_year"
            )
        ]

    def __str__(self):
        return self.beschikkingsnummer
