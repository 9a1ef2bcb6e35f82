"""Monitoring registers: pupil counts, TLV's, arrangementen, verzuim, terugplaatsingen, manual measurements.

No BSN or name is ever stored: a pupil is a keyed HMAC-SHA256 pseudonym (see :mod:`koers.monitoring.pseudonym`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped

PSEUDONYM_LENGTH = 64
COUNT_DATE_CHOICES = [("1-oktober", _("1 oktober")), ("1-februari", _("1 februari"))]


class SchoolType(models.TextChoices):
    BO = "BO", _("basisonderwijs")
    SBO = "SBO", _("speciaal basisonderwijs")
    SO = "SO", _("speciaal onderwijs")
    VSO = "VSO", _("voortgezet speciaal onderwijs")
    VO = "VO", _("voortgezet onderwijs")
    PRO = "PRO", _("praktijkonderwijs")


class PupilCount(SwvOwned):
    school_field = "brin6"  # a schoolbestuur sees the counts of its own schools, not the SWV total

    class Level(models.TextChoices):
        SWV = "swv", _("samenwerkingsverband")
        SCHOOL = "school", _("schoolvestiging")

    peiljaar = models.PositiveSmallIntegerField(_("peiljaar"))
    peildatum = models.DateField(_("peildatum"))
    level = models.CharField(_("niveau"), max_length=6, choices=Level.choices, default=Level.SWV)
    brin6 = models.CharField(_("BRIN6"), max_length=6, blank=True)
    school_type = models.CharField(_("soort"), max_length=3, choices=SchoolType.choices)
    teldatum = models.CharField(
        _("teldatum"),
        max_length=10,
        choices=COUNT_DATE_CHOICES,
        default="1-oktober",
        help_text=_("De soort telling: 1 oktober (DUO) of 1 februari (bekostiging sinds 2023)."),
    )
    count = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    suppressed = models.BooleanField(
        _("afgeschermd"), default=False, help_text=_("DUO publiceert kleine aantallen als -1.")
    )
    source = models.CharField(_("bron"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("leerlingtelling")
        verbose_name_plural = _("leerlingtellingen")
        indexes = [models.Index(fields=["swv", "level", "peildatum", "school_type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "peildatum", "level", "brin6", "school_type"], name="uniq_pupilcount_per_swv"
            )
        ]

    def __str__(self):
        return f"{self.peildatum} {self.brin6 or self.level} {self.school_type}: {self.count}"


class NationalCount(models.Model):
    swv_code = models.CharField(_("SWV-code"), max_length=6)
    peiljaar = models.PositiveSmallIntegerField(_("peiljaar"))
    teldatum = models.CharField(_("teldatum"), max_length=10, choices=COUNT_DATE_CHOICES, default="1-oktober")
    school_type = models.CharField(_("soort"), max_length=3, choices=SchoolType.choices)
    count = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    suppressed = models.BooleanField(_("afgeschermd"), default=False)

    class Meta:
        verbose_name = _("landelijke telling")
        verbose_name_plural = _("landelijke tellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["swv_code", "peiljaar", "teldatum", "school_type"], name="uniq_nationalcount_teldatum"
            )
        ]

    def __str__(self):
        return f"{self.swv_code} {self.peiljaar} {self.school_type}: {self.count}"


class Tlv(SwvOwned, Timestamped):
    pupil_rows = True
    school_field = "brin6"

    class Besluit(models.TextChoices):
        AFGEGEVEN = "afgegeven", _("afgegeven")
        AFGEWEZEN = "afgewezen", _("afgewezen")
        INGETROKKEN = "ingetrokken", _("ingetrokken")

    class Category(models.TextChoices):
        LAAG = "L", _("laag")
        MIDDEN = "M", _("midden")
        HOOG = "H", _("hoog")

    dossiernummer = models.CharField(_("dossiernummer"), max_length=40)
    pupil = models.CharField(_("leerling (pseudoniem)"), max_length=PSEUDONYM_LENGTH, blank=True)
    aanvraagsoort = models.CharField(_("aanvraagsoort"), max_length=60)
    brin6 = models.CharField(_("aanvragende school (BRIN6)"), max_length=6, blank=True)
    bestuur = models.CharField(_("bestuur"), max_length=20, blank=True)
    ontvangstdatum = models.DateField(_("ontvangstdatum"))
    datum_compleet = models.DateField(_("datum compleet"), null=True, blank=True)
    besluitdatum = models.DateField(_("besluitdatum"), null=True, blank=True)
    besluit = models.CharField(_("besluit"), max_length=12, choices=Besluit.choices, blank=True)
    voorziening = models.CharField(_("voorziening"), max_length=3, blank=True)
    bekostigingscategorie = models.CharField(
        _("bekostigingscategorie"), max_length=1, choices=Category.choices, blank=True
    )
    ingangsdatum = models.DateField(_("ingangsdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    beschikkingsnummer = models.CharField(_("beschikkingsnummer"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("TLV")
        verbose_name_plural = _("TLV's")
        indexes = [
            models.Index(fields=["swv", "ontvangstdatum"]),
            models.Index(fields=["swv", "besluitdatum"]),
            models.Index(fields=["swv", "brin6"]),
        ]
        constraints = [models.UniqueConstraint(fields=["swv", "dossiernummer"], name="uniq_tlv_dossier_per_swv")]

    def __str__(self):
        return self.dossiernummer


class Arrangement(SwvOwned, Timestamped):
    pupil_rows = True
    school_field = "brin6"

    number = models.CharField(_("nummer"), max_length=40)
    kind = models.CharField(_("soort arrangement"), max_length=80)
    brin6 = models.CharField(_("school (BRIN6)"), max_length=6, blank=True)
    pupil = models.CharField(_("leerling (pseudoniem)"), max_length=PSEUDONYM_LENGTH, blank=True)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    cost = models.DecimalField(_("kosten"), max_digits=12, decimal_places=2, null=True, blank=True)
    funding_line = models.CharField(_("financieringslijn"), max_length=80, blank=True)
    outcome = models.CharField(_("evaluatie-uitkomst"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementen")
        # (swv, pupil, start, end) covers the stacking count (arrangementen per pupil on a day) from the index
        # alone, in pupil order (13 → 7 ms per day at 36.000 arrangementen); it also serves lookups by pupil.
        indexes = [
            models.Index(fields=["swv", "start", "end"]),
            models.Index(fields=["swv", "pupil", "start", "end"], name="arrangement_pupil_cover_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["swv", "number"], name="uniq_arrangement_per_swv")]

    def __str__(self):
        return self.number


class VerzuimMelding(SwvOwned, Timestamped):
    pupil_rows = True
    school_field = "brin6"

    class Soort(models.TextChoices):
        ABSOLUUT = "absoluut", _("absoluut verzuim")
        RELATIEF = "relatief", _("langdurig relatief verzuim")
        VRIJSTELLING = "vrijstelling", _("vrijstelling")

    meldingnummer = models.CharField(_("meldingnummer"), max_length=40)
    pupil = models.CharField(_("leerling (pseudoniem)"), max_length=PSEUDONYM_LENGTH, blank=True)
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    since = models.DateField(_("verzuim sinds"))
    end = models.DateField(_("einde verzuim"), null=True, blank=True)
    thuiszitter = models.BooleanField(
        _("thuiszitter volgens registratie"),
        default=False,
        help_text=_("De markering in het register zelf; de maat 'Thuiszitters' telt volgens de regel (ADR 0022)."),
    )
    reden = models.CharField(_("reden"), max_length=120, blank=True)
    brin6 = models.CharField(_("school (BRIN6)"), max_length=6, blank=True)
    perspectief = models.CharField(_("perspectief"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verzuimmelding")
        verbose_name_plural = _("verzuimmeldingen")
        # Covering index for "active at the reference date": thuiszitters are counted without reading the table.
        indexes = [models.Index(fields=["swv", "since", "end", "soort", "thuiszitter"], name="verzuim_actief_idx")]
        constraints = [models.UniqueConstraint(fields=["swv", "meldingnummer"], name="uniq_verzuim_per_swv")]

    def __str__(self):
        return self.meldingnummer


class Terugplaatsing(SwvOwned, Timestamped):
    pupil_rows = True
    school_field = "from_brin6"

    number = models.CharField(_("nummer"), max_length=40)
    pupil = models.CharField(_("leerling (pseudoniem)"), max_length=PSEUDONYM_LENGTH, blank=True)
    from_type = models.CharField(_("van soort"), max_length=3, choices=SchoolType.choices)
    from_brin6 = models.CharField(_("van school (BRIN6)"), max_length=6, blank=True)
    to_brin6 = models.CharField(_("naar school (BRIN6)"), max_length=6, blank=True)
    date = models.DateField(_("datum"))

    class Meta:
        verbose_name = _("terugplaatsing")
        verbose_name_plural = _("terugplaatsingen")
        indexes = [models.Index(fields=["swv", "date"])]
        constraints = [models.UniqueConstraint(fields=["swv", "number"], name="uniq_terugplaatsing_per_swv")]

    def __str__(self):
        return self.number


class ManualMeasurement(SwvOwned, Timestamped):
    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="manual_measurements", verbose_name=_("indicator")
    )
    date = models.DateField(_("meetdatum"))
    period_label = models.CharField(_("periode"), max_length=40, blank=True)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=4, null=True, blank=True)
    yes_no = models.BooleanField(_("ja/nee"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("handmatige meting")
        verbose_name_plural = _("handmatige metingen")
        ordering = ["date"]

    def __str__(self):
        return f"{self.indicator_id} {self.date}"


class ImportRun(SwvOwned, Timestamped):
    pupil_rows = True  # holds the uploaded file (encrypted, see monitoring.staging) until it is processed

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht")
        RUNNING = "running", _("bezig")
        DONE = "done", _("geïmporteerd")
        FAILED = "failed", _("niet geïmporteerd")
        WARNINGS = "warnings", _("waarschuwingen, wacht op bevestiging")
        CANCELLED = "cancelled", _("geannuleerd")

    register = models.CharField(_("register"), max_length=20)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    added = models.PositiveIntegerField(_("toegevoegd"), default=0)
    changed = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    removed = models.PositiveIntegerField(_("niet meer aanwezig"), default=0)
    remove_missing = models.BooleanField(_("ontbrekende regels verwijderen"), default=False)
    problems = models.JSONField(_("probleemrapport"), default=list, blank=True)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    mapping = models.ForeignKey(
        "ColumnMapping", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("koppeling")
    )
    data = models.BinaryField(_("bestand, versleuteld (tot de import klaar is)"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("bestand gewist na"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("importrun")
        verbose_name_plural = _("importruns")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.register} {self.file_name}"


class ColumnMapping(SwvOwned, Timestamped):
    name = models.CharField(_("naam"), max_length=100)
    register = models.CharField(_("register"), max_length=20)
    columns = models.JSONField(_("kolommen"), default=dict, blank=True, help_text=_("kolom in het bestand → veld"))
    values = models.JSONField(_("codes"), default=dict, blank=True, help_text=_("veld → {code in bestand: waarde}"))

    class Meta:
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")
        constraints = [models.UniqueConstraint(fields=["swv", "register", "name"], name="uniq_mapping_per_swv")]

    def __str__(self):
        return self.name


from koers.monitoring.flow_models import FlowCount, FundedPupil  # noqa: E402,F401 - models of funding and flows
