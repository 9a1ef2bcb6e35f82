"""The trajectory towards a new ondersteuningsplan: phases, the legal steps, thematafels and what was done with them.

A trajectory belongs to one SWV and one coming plan period (e.g. 2025-2029). Its draft plan is a normal
``plans.Plan`` in concept (``Plan.is_draft``, ``Plan.objects.for_swv(swv).drafts()``, ADR 0044); outcomes of the
thematafels link to the draft's doelen and hoofdactiviteiten by their primary key, their stable identity (ADR 0029).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped

SHORT_TEXT = 250
LONG_TEXT = 10_000


class Trajectory(SwvOwned, Timestamped):
    """The way to a new ondersteuningsplan for the period ``first_year``-``last_year + 1``."""

    title = models.CharField(_("titel"), max_length=SHORT_TEXT)
    first_year = models.PositiveSmallIntegerField(
        _("eerste schooljaar van het nieuwe plan"), help_text=_("Beginjaar, bijv. 2025 voor het plan 2025-2029.")
    )
    years = models.PositiveSmallIntegerField(_("looptijd in jaren"), default=4)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conceptplan"),
        help_text=_("Het nieuwe ondersteuningsplan in concept (nog niet vastgesteld)."),
    )
    opr_term_days = models.PositiveSmallIntegerField(
        _("reactietermijn OPR in dagen"), default=28, help_text=_("Standaard 4 weken.")
    )
    public = models.BooleanField(
        _("voortgang openbaar"),
        default=False,
        help_text=_("Toont de fasen en de data van de besluiten op de publieke pagina."),
    )

    class Meta:
        verbose_name = _("traject nieuw ondersteuningsplan")
        verbose_name_plural = _("trajecten nieuw ondersteuningsplan")
        ordering = ["-first_year", "id"]
        constraints = [models.UniqueConstraint(fields=["swv", "first_year"], name="uniq_trajectory_per_period")]

    def __str__(self):
        return self.title

    @property
    def last_year(self):
        return self.first_year + self.years - 1

    @property
    def period_label(self):
        return f"{self.first_year}-{self.first_year + self.years}"


class Phase(SwvOwned):
    class Kind(models.TextChoices):
        EVALUATIE = "evaluatie", _("Evaluatie")
        SCHRIJVEN = "schrijven", _("Schrijven")
        TOETSEN = "toetsen", _("Toetsen van de hoofdlijnen")
        BESLUITVORMING = "besluitvorming", _("Besluitvorming")
        INSPECTIE = "inspectie", _("Naar de Inspectie")
        UITVOERING = "uitvoering", _("Uitvoering")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("fase"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    description = models.CharField(_("toelichting"), max_length=SHORT_TEXT, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "kind"], name="uniq_phase_per_trajectory")]

    def __str__(self):
        return self.get_kind_display()


class Step(SwvOwned):
    """A step that must happen: the bestuur decision, OPR instemming, OOGO with one gemeente, the Inspectie."""

    class Kind(models.TextChoices):
        OPR = "opr", _("Instemming OPR")
        OOGO = "oogo", _("OOGO met de gemeente")
        BESTUUR = "bestuur", _("Besluit van het bestuur")
        INSPECTIE = "inspectie", _("Indienen bij de Inspectie")

    class Outcome(models.TextChoices):
        NONE = "", _("Nog geen uitkomst")
        GRANTED = "verleend", _("Instemming verleend")
        REFUSED = "geweigerd", _("Instemming geweigerd")
        HELD = "aangehouden", _("Aangehouden")
        AGREED = "overeenstemming", _("Overeenstemming bereikt")
        NO_AGREEMENT = "geen_overeenstemming", _("Geen overeenstemming")
        ADOPTED = "vastgesteld", _("Vastgesteld")
        SUBMITTED = "ingediend", _("Ingediend")

    # the outcomes that count as "done" for the rules, per kind
    POSITIVE = {
        Kind.OPR: Outcome.GRANTED,
        Kind.OOGO: Outcome.AGREED,
        Kind.BESTUUR: Outcome.ADOPTED,
        Kind.INSPECTIE: Outcome.SUBMITTED,
    }
    OUTCOMES = {
        Kind.OPR: [Outcome.GRANTED, Outcome.REFUSED, Outcome.HELD],
        Kind.OOGO: [Outcome.AGREED, Outcome.NO_AGREEMENT, Outcome.HELD],
        Kind.BESTUUR: [Outcome.ADOPTED, Outcome.HELD],
        Kind.INSPECTIE: [Outcome.SUBMITTED],
    }

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("stap"), max_length=12, choices=Kind.choices)
    gemeente = models.ForeignKey(
        "organisations.Gemeente",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    sent_on = models.DateField(
        _("voorgelegd op"),
        null=True,
        blank=True,
        help_text=_("Voor de OPR: de dag waarop het plan is voorgelegd; de reactietermijn telt vanaf hier."),
    )
    done_on = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=24, choices=Outcome.choices, blank=True, default="")
    notes = models.TextField(_("aantekeningen"), max_length=LONG_TEXT, blank=True)
    document_url = models.URLField(_("link naar het document"), max_length=500, blank=True)
    document_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    document_type = models.CharField(_("soort bestand"), max_length=100, blank=True)
    document_data = models.BinaryField(_("document"), null=True, blank=True, editable=False)
    adoption = models.ForeignKey(
        "plans.Adoption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bespreking in het plan"),
        help_text=_("Het besluit zoals het bij het plan is vastgelegd (vaststelling door gremia)."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind"], condition=Q(gemeente__isnull=True), name="uniq_step_per_kind"
            ),
            models.UniqueConstraint(
                fields=["trajectory", "gemeente"], condition=Q(gemeente__isnull=False), name="uniq_oogo_per_gemeente"
            ),
            models.CheckConstraint(
                condition=Q(kind="oogo", gemeente__isnull=False) | (~Q(kind="oogo") & Q(gemeente__isnull=True)),
                name="oogo_step_has_gemeente",
            ),
        ]

    def __str__(self):
        if self.gemeente_id:
            return _("OOGO met %(g)s") % {"g": self.gemeente.name}
        return str(self.get_kind_display())

    @property
    def is_positive(self):
        return self.done_on is not None and self.outcome == self.POSITIVE[self.kind]

    @property
    def has_document(self):
        return bool(self.document_name)


class StepReminder(SwvOwned):
    """A reminder sent before a step's deadline: one per step, deadline, lead time and recipient (not twice)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField(_("deadline"))
    days_before = models.PositiveSmallIntegerField(_("dagen ervoor"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herinnering bij een stap")
        verbose_name_plural = _("herinneringen bij stappen")
        constraints = [
            models.UniqueConstraint(fields=["step", "user", "deadline", "days_before"], name="uniq_step_reminder")
        ]


class StakeholderGroup(SwvOwned):
    """A group of people involved (ouders, leerkrachten, ...): the SWV's own, editable list."""

    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("groep betrokkenen")
        verbose_name_plural = _("groepen betrokkenen")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_stakeholder_group")]

    def __str__(self):
        return self.name


class ConsultationTheme(SwvOwned):
    """A theme discussed at thematafels ("Basisondersteuning", "Thuiszitters", ...)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("thema"), max_length=120)

    class Meta:
        verbose_name = _("thema van de thematafels")
        verbose_name_plural = _("thema's van de thematafels")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "name"], name="uniq_consultation_theme")]

    def __str__(self):
        return self.name


class Thematafel(SwvOwned, Timestamped):
    """A session with one group of people involved. Participants are counted per group: no names."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="tables")
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.PROTECT, related_name="tables", verbose_name=_("voor de groep")
    )
    title = models.CharField(_("titel"), max_length=SHORT_TEXT)
    held_on = models.DateField(_("datum"))
    themes = models.ManyToManyField(ConsultationTheme, related_name="tables", verbose_name=_("besproken thema's"))
    summary = models.TextField(_("samenvatting"), max_length=LONG_TEXT, blank=True)
    public = models.BooleanField(
        _("openbaar"),
        default=False,
        help_text=_("Toon deze thematafel en haar openbare opbrengsten op de publieke pagina."),
    )

    class Meta:
        verbose_name = _("thematafel")
        verbose_name_plural = _("thematafels")
        ordering = ["held_on", "id"]

    def __str__(self):
        return self.title

    @property
    def participant_total(self):
        return sum(p.count for p in self.participants.all())


class Participation(SwvOwned):
    table = models.ForeignKey(Thematafel, on_delete=models.CASCADE, related_name="participants")
    group = models.ForeignKey(StakeholderGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("groep"))
    count = models.PositiveIntegerField(_("aantal deelnemers"))

    class Meta:
        verbose_name = _("deelnemers per groep")
        verbose_name_plural = _("deelnemers per groep")
        ordering = ["group__order", "group__name"]
        constraints = [models.UniqueConstraint(fields=["table", "group"], name="uniq_participation")]


class Outcome(SwvOwned, Timestamped):
    """What we heard at a thematafel about one theme, and what we did with it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nog niet verwerkt")
        USED = "overgenomen", _("Overgenomen")
        PARTLY = "deels", _("Deels overgenomen")
        NOT_USED = "niet_overgenomen", _("Niet overgenomen")

    table = models.ForeignKey(Thematafel, on_delete=models.CASCADE, related_name="outcomes")
    theme = models.ForeignKey(
        ConsultationTheme, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("thema")
    )
    heard = models.TextField(_("wat we hoorden"), max_length=LONG_TEXT)
    status = models.CharField(_("wat we ermee deden"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(
        _("reden"), max_length=LONG_TEXT, blank=True, help_text=_("Verplicht als de opbrengst niet is overgenomen.")
    )
    public = models.BooleanField(_("openbaar"), default=False)
    goals = models.ManyToManyField("plans.Goal", blank=True, related_name="+", verbose_name=_("doelen in het concept"))
    main_activities = models.ManyToManyField(
        "plans.MainActivity", blank=True, related_name="+", verbose_name=_("hoofdactiviteiten in het concept")
    )

    class Meta:
        verbose_name = _("opbrengst")
        verbose_name_plural = _("opbrengsten")
        ordering = ["theme__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="niet_overgenomen") | ~Q(reason=""),
                name="outcome_not_used_has_reason",
                violation_error_message=_("Geef de reden waarom deze opbrengst niet is overgenomen."),
            )
        ]

    def __str__(self):
        return self.heard[:80]


class FeedToken(SwvOwned):
    """A personal, secret, revocable calendar feed of one user in one SWV. Only the hash of the key is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self):
        return f"{self.user} ({self.swv})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, swv):
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, swv=swv, key_hash=cls.hash_key(key)), key
