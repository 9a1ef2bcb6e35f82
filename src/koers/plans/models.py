"""The plan cycle: ondersteuningsplan -> jaarplan -> jaaractiviteiten -> updates per tertiaal.

Levels may be skipped: a doel may hang directly under the plan, an activity directly under a theme, an
indicator under a doel or a theme or the plan itself. Every record carries its SWV.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.core.export_safety import EXCEL_CELL_MAX
from koers.core.models import ScopedManager, ScopedQuerySet, SwvOwned, Timestamped
from koers.core.periods import school_year_bounds, school_year_label

LONG_TEXT = EXCEL_CELL_MAX  # descriptions and other long texts: what one Excel cell holds (32.767 tekens)
REFERENCE_TEXT = 300  # a budget reference or a start "as written": real plans need more than 60 or 120


def long_text(*args, **kwargs):
    """A TextField of at most :data:`LONG_TEXT` characters: the form, the model's validation and the plan
    importer all hold it to that, so every text fits an Excel cell of the plan workbook."""
    kwargs.setdefault("max_length", LONG_TEXT)
    kwargs.setdefault("validators", [MaxLengthValidator(LONG_TEXT)])
    return models.TextField(*args, **kwargs)


class PlanQuerySet(ScopedQuerySet):
    def drafts(self):
        """Plans in concept: the one notion of a draft (``status``); an adopted plan is never one (constraint)."""
        return self.filter(status=Plan.Status.DRAFT)

    def not_drafts(self):
        return self.exclude(status=Plan.Status.DRAFT)


class PlanManager(ScopedManager):
    _queryset_class = PlanQuerySet


class Plan(SwvOwned, Timestamped):
    """An ondersteuningsplan (or strategic plan) covering several school years.

    A new plan can start as a draft (concept) from an ending one (``origin``); its elements then name the element
    of the old plan they were copied from (their ``origin``), see ADR 0028."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        CURRENT = "geldend", _("Geldend")

    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Korte naam voor bestanden en commando's, bijv. spow-osp-2024."),
    )
    title = models.CharField(_("titel"), max_length=250)
    first_year = models.PositiveSmallIntegerField(
        _("eerste schooljaar"), help_text=_("Beginjaar, bijv. 2024 voor 2024-2025.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("laatste schooljaar"), help_text=_("Beginjaar van het laatste schooljaar.")
    )
    mission = long_text(_("missie en visie"), blank=True)
    theme_label = models.CharField(_("naam van niveau thema"), max_length=40, default="Speerpunt")
    theme_label_plural = models.CharField(_("meervoud thema"), max_length=40, default="Speerpunten")
    goal_label = models.CharField(_("naam van niveau doel"), max_length=40, default="Doel")
    goal_label_plural = models.CharField(_("meervoud doel"), max_length=40, default="Doelen")
    indicator_label = models.CharField(_("naam van niveau indicator"), max_length=40, default="Indicator")
    main_activity_label = models.CharField(
        _("naam van niveau hoofdactiviteit"), max_length=40, default="Hoofdactiviteit"
    )
    activity_label = models.CharField(_("naam van niveau jaaractiviteit"), max_length=40, default="Jaaractiviteit")
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CURRENT)
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("voortgekomen uit"),
    )

    unscoped = PlanQuerySet.as_manager()
    objects = PlanManager()

    class Meta:
        verbose_name = _("ondersteuningsplan")
        verbose_name_plural = _("ondersteuningsplannen")
        ordering = ["-first_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["swv", "code"], name="uniq_plan_code_per_swv"),
            # one notion of a draft: the status; a plan with a date of vaststelling is not a draft
            models.CheckConstraint(
                condition=~models.Q(status="concept", adopted_on__isnull=False), name="plan_draft_not_adopted"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def period_label(self):
        return f"{self.first_year}-{self.last_year + 1}"

    @property
    def school_years(self):
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_locked(self):
        return self.adopted_on is not None

    @property
    def is_draft(self):
        """The one rule for "concept" (also :meth:`PlanQuerySet.drafts`): the status, never a missing
        ``adopted_on`` (an imported plan in force may have no date of vaststelling in Koers)."""
        return self.status == self.Status.DRAFT


def origin_field():
    """The element of an earlier plan this one was copied from ("overgenomen uit plan 2021-2025")."""
    return models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen uit"),
    )


class Theme(SwvOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=20, help_text=_("Nummer of korte code, uniek binnen het plan."))
    title = models.CharField(_("titel"), max_length=250)
    description = long_text(_("toelichting"), blank=True)
    origin = origin_field()
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="uniq_theme_code")]

    def __str__(self):
        return f"{self.plan.theme_label} {self.code}: {self.title}"


class Goal(SwvOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("thema"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = long_text(_("titel"))
    ambition = long_text(
        _("ambitie"),
        blank=True,
        help_text=_("Wat willen we aan het eind van de planperiode bereiken?"),
    )
    origin = origin_field()
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="uniq_goal_code")]

    def __str__(self):
        return f"{self.plan.goal_label} {self.code}: {self.title}"


class Indicator(SwvOwned, Timestamped):
    """A measurable result. Hangs under a doel, a theme, or the plan as a whole."""

    class NormKind(models.TextChoices):
        NONE = "geen", _("Geen norm")
        BASELINE = "nulmeting", _("Nulmeting (de eerste meting is de basis)")
        THRESHOLD = "drempel", _("Drempelwaarde")
        ZERO = "nul", _("Nultolerantie")
        RANGE = "bereik", _("Bereik")
        TREND = "trend", _("Trend")
        MILESTONE = "mijlpaal", _("Mijlpaal (ja/nee)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("thema"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("doel"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = long_text(_("indicator"))
    definition = long_text(_("definitie"), blank=True, help_text=_("Hoe de waarde wordt berekend."))
    unit = models.CharField(_("eenheid"), max_length=20, blank=True, help_text=_("Bijv. %, aantal, weken, ja/nee."))
    norm_text = models.CharField(
        _("norm"),
        max_length=250,
        blank=True,
        help_text=_("De norm zoals in het plan, bijv. < 2,5%."),
    )
    norm_kind = models.CharField(_("soort norm"), max_length=10, choices=NormKind.choices, default=NormKind.NONE)
    norm_operator = models.CharField(
        _("vergelijking"),
        max_length=2,
        blank=True,
        choices=[("<", "<"), ("<=", "≤"), (">", ">"), (">=", "≥")],
    )
    norm_value = models.DecimalField(_("normwaarde"), max_digits=14, decimal_places=4, null=True, blank=True)
    norm_value_high = models.DecimalField(_("bovengrens"), max_digits=14, decimal_places=4, null=True, blank=True)
    norm_direction = models.CharField(
        _("gewenste richting"),
        max_length=6,
        blank=True,
        choices=[("stijgt", _("stijgt")), ("daalt", _("daalt"))],
    )
    norm_deadline = models.DateField(_("uiterste datum mijlpaal"), null=True, blank=True)
    norm_due_year = models.PositiveSmallIntegerField(
        _("mijlpaal uiterlijk eind schooljaar"),
        null=True,
        blank=True,
        help_text=_(
            "Beginjaar van het schooljaar aan het eind waarvan de mijlpaal bereikt moet zijn (2023 = eind 2023-2024)."
        ),
    )
    baseline = models.CharField(_("nulmeting (zoals geschreven)"), max_length=120, blank=True)
    baseline_value = models.DecimalField(_("waarde nulmeting"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("datum nulmeting"), null=True, blank=True)
    measurement_moments = models.CharField(
        _("meetmomenten"),
        max_length=200,
        blank=True,
        help_text=_("Bijv. drie keer per jaar, jaarlijks op 1 oktober."),
    )
    measure_code = models.CharField(
        _("berekening"),
        max_length=80,
        blank=True,
        help_text=_("Naam van de maat waaruit Koers de waarde berekent; leeg = handmatige metingen."),
    )
    measure_params = models.JSONField(_("parameters"), default=dict, blank=True)
    origin = origin_field()
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="uniq_indicator_code")]

    def __str__(self):
        return self.title[:120]

    def clean(self):
        from django.core.exceptions import ValidationError

        kind = self.NormKind
        errors = {}
        if self.norm_kind in (kind.THRESHOLD,) and (not self.norm_operator or self.norm_value is None):
            errors["norm_value"] = _("Een drempelwaarde heeft een vergelijking (<, ≤, >, ≥) en een waarde nodig.")
        if self.norm_kind == kind.RANGE and (self.norm_value is None or self.norm_value_high is None):
            errors["norm_value_high"] = _("Een bereik heeft een ondergrens en een bovengrens nodig.")
        has_both = None not in (self.norm_value, self.norm_value_high)
        if self.norm_kind == kind.RANGE and has_both and self.norm_value > self.norm_value_high:
            errors["norm_value_high"] = _("De bovengrens is lager dan de ondergrens.")
        if self.norm_kind == kind.TREND and not self.norm_direction:
            errors["norm_direction"] = _("Kies of de waarde moet stijgen of dalen.")
        if self.norm_kind == kind.MILESTONE and not self.norm_deadline and self.norm_due_year is None:
            errors["norm_deadline"] = _(
                "Een mijlpaal heeft een datum of een schooljaar nodig waarop hij bereikt moet zijn."
            )
        if self.norm_deadline and self.norm_due_year is not None:
            errors["norm_due_year"] = _("Vul een datum óf een schooljaar in, niet allebei.")
        if (self.baseline_value is None) != (self.baseline_date is None):
            errors["baseline_date"] = _("Een nulmeting heeft een waarde en een datum.")
        if self.goal_id and self.theme_id and self.goal.theme_id and self.goal.theme_id != self.theme_id:
            errors["theme"] = _("Dit doel hoort bij een ander thema.")
        if errors:
            raise ValidationError(errors)

    @property
    def milestone_deadline(self):
        """The day a milestone must be reached: its date, or the end (31 July) of its school year."""
        if self.norm_deadline:
            return self.norm_deadline
        if self.norm_due_year is not None:
            return school_year_bounds(self.norm_due_year)[1]
        return None

    @property
    def milestone_due_label(self) -> str:
        """'eind 2023-2024' for a school year, else the date as dd-mm-jjjj, else ''."""
        if self.norm_due_year is not None:
            return f"eind {school_year_label(self.norm_due_year)}"
        return self.norm_deadline.strftime("%d-%m-%Y") if self.norm_deadline else ""


class MainActivity(SwvOwned):
    """A hoofdactiviteit or project from the ondersteuningsplan, planned over school years."""

    class Kind(models.TextChoices):
        MAIN = "hoofdactiviteit", _("Hoofdactiviteit")
        PROJECT = "project", _("Project")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="main_activities", verbose_name=_("plan"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="main_activities",
        verbose_name=_("thema"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="main_activities",
        verbose_name=_("doel"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = long_text(_("omschrijving"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.MAIN)
    school_years = models.JSONField(
        _("gepland in schooljaren"),
        default=list,
        blank=True,
        help_text=_("Beginjaren, bijv. [2024, 2025]."),
    )
    hours_budget = models.DecimalField(_("urenbudget"), max_digits=8, decimal_places=1, null=True, blank=True)
    origin = origin_field()
    # a plan without hoofdactiviteiten carries over an open jaaractiviteit of its last jaarplan as a hoofdactiviteit
    origin_activity = models.ForeignKey(
        "Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen uit jaaractiviteit"),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("hoofdactiviteit")
        verbose_name_plural = _("hoofdactiviteiten")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="uniq_main_activity_code")]

    def __str__(self):
        return self.title[:120]

    @property
    def school_year_labels(self):
        return [school_year_label(y) for y in self.school_years]


class YearPlan(SwvOwned, Timestamped):
    """A jaarplan (jaar- en activiteitenplan) for one school year of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_plans", verbose_name=_("plan"))
    school_year = models.PositiveSmallIntegerField(
        _("schooljaar"), help_text=_("Beginjaar, bijv. 2024 voor 2024-2025.")
    )
    title = models.CharField(_("titel"), max_length=250)
    introduction = long_text(_("inleiding"), blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_by = models.CharField(_("vastgesteld door"), max_length=200, blank=True)
    created_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen uit"),
    )

    class Meta:
        verbose_name = _("jaarplan")
        verbose_name_plural = _("jaarplannen")
        ordering = ["-school_year"]
        constraints = [models.UniqueConstraint(fields=["plan", "school_year"], name="uniq_yearplan_per_year")]

    def __str__(self):
        return self.title

    @property
    def school_year_label(self):
        return school_year_label(self.school_year)

    @property
    def is_locked(self):
        return self.adopted_on is not None


class YearGoal(SwvOwned):
    """A goal for one school year under a theme (or the plan): "Wat willen we dit jaar bereiken?"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_goals", verbose_name=_("plan"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="year_goals",
        verbose_name=_("thema"),
    )
    school_year = models.PositiveSmallIntegerField(
        _("schooljaar"), help_text=_("Beginjaar, bijv. 2024 voor 2024-2025.")
    )
    title = long_text(_("jaardoel"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("jaardoel")
        verbose_name_plural = _("jaardoelen")
        ordering = ["school_year", "order", "id"]

    def __str__(self):
        return self.title[:120]

    @property
    def school_year_label(self):
        return school_year_label(self.school_year)


class Activity(SwvOwned, Timestamped):
    """A jaaractiviteit: what happens this school year, by whom, from when."""

    class Status(models.TextChoices):
        NOT_STARTED = "niet_gestart", _("Niet gestart")
        RUNNING = "loopt", _("Loopt")
        DONE = "afgerond", _("Afgerond")
        POSTPONED = "uitgesteld", _("Uitgesteld")
        CANCELLED = "vervallen", _("Vervallen")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.RUNNING, Status.POSTPONED)

    year_plan = models.ForeignKey(
        YearPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("jaarplan")
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("thema"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("doel"),
    )
    main_activity = models.ForeignKey(
        MainActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("hoofdactiviteit"),
    )
    code = models.CharField(_("code"), max_length=20)
    description = long_text(_("omschrijving"))
    start_text = models.CharField(
        _("start"),
        max_length=REFERENCE_TEXT,
        blank=True,
        help_text=_(
            "Een datum (19-09-2024), een tertiaal (T3 2024), een schooljaar (2024-2025) of vrije tekst (doorlopend)."
        ),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True, editable=False)
    start_tertiaal = models.CharField(_("starttertiaal"), max_length=7, blank=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("gereed (zoals geschreven)"), max_length=REFERENCE_TEXT, blank=True)
    owner = models.ForeignKey(
        "organisations.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_activities",
        verbose_name=_("eigenaar"),
    )
    involved = models.ManyToManyField(
        "organisations.Actor",
        blank=True,
        related_name="involved_activities",
        verbose_name=_("betrokkenen"),
    )
    priority = models.BooleanField(_("prioriteit"), default=False)
    incidental = models.BooleanField(
        _("incidentele activiteit"),
        default=False,
        help_text=_("Een losse activiteit dit jaar, buiten de projecten en hoofdactiviteiten van het plan."),
    )
    budget_code = models.CharField(
        _("begrotingspost"),
        max_length=REFERENCE_TEXT,
        blank=True,
        help_text=_("Bijv. 3.1 licentie, of xx als nog onbekend."),
    )
    budget_amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2, null=True, blank=True)
    hours_budget = models.DecimalField(_("urenbudget"), max_digits=8, decimal_places=1, null=True, blank=True)
    hours_spent = models.DecimalField(_("bestede uren"), max_digits=8, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("overgenomen van"),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("jaaractiviteit")
        verbose_name_plural = _("jaaractiviteiten")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["year_plan", "code"], name="uniq_activity_code")]

    def __str__(self):
        return self.description[:120]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def start_label(self):
        """The start as written, without a leading "Start", and the tertiaal it falls in when that adds something:
        "schooljaar 2025-2026 (T3 2025)", but "T1 2025" and not "Start T1 2025 (T1 2025)"."""
        from koers.core.periods import Tertiaal

        text = self.start_text.strip()
        if text[:6].lower() == "start ":
            text = text[6:].strip()
        parsed = Tertiaal.try_parse(self.start_tertiaal or "")
        label = str(parsed) if parsed else ""
        if not label or label.lower() in text.lower():
            return text
        return f"{text} ({label})" if text else label

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:activity", args=[self.pk])

    def save(self, *args, **kwargs):
        from koers.core.periods import parse_start

        # the jaarplan's school year gives a year to "najaar" or "start schooljaar" written without one
        moment = parse_start(self.start_text, self.year_plan.school_year if self.year_plan_id else None)
        self.start_date = moment.date
        self.start_tertiaal = moment.tertiaal.key if moment.tertiaal else ""
        super().save(*args, **kwargs)

    @property
    def has_no_start_tertiaal(self) -> bool:
        """A start such as "doorlopend": shown as "doorlopend / geen tertiaal" in the start views."""
        return not self.start_tertiaal


class ActivityUpdate(SwvOwned):
    """A progress update by the owner in a tertiaal. Never edited: a new update supersedes."""

    class Review(models.TextChoices):
        SUBMITTED = "ingediend", _("Ingediend")
        ACCEPTED = "geaccepteerd", _("Geaccepteerd")
        RETURNED = "teruggestuurd", _("Teruggestuurd")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="updates", verbose_name=_("activiteit")
    )
    round = models.ForeignKey(
        "UpdateRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("voortgangsronde"),
    )
    tertiaal = models.CharField(_("tertiaal"), max_length=7)
    status = models.CharField(_("status"), max_length=15, choices=Activity.Status.choices)
    happened = long_text(_("wat is er gebeurd"))
    next_step = long_text(_("volgende stap"), blank=True)
    risk = long_text(_("risico's"), blank=True)
    hours_spent = models.DecimalField(
        _("bestede uren tot nu toe"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("geplaatst op"), default=clock.now, editable=False)
    # The bureau's review: bookkeeping on the update, not a change of what the owner wrote.
    review = models.CharField(_("beoordeling"), max_length=15, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voortgangsupdate")
        verbose_name_plural = _("voortgangsupdates")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.activity} – {self.tertiaal}"


class UpdateRound(SwvOwned):
    """The bureau asks owners for their updates for one tertiaal, before a deadline."""

    year_plan = models.ForeignKey(YearPlan, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("jaarplan"))
    tertiaal = models.CharField(_("tertiaal"), max_length=7)
    deadline = models.DateField(_("deadline"))
    message = long_text(_("bericht aan eigenaren"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geopend door"),
    )
    opened_at = models.DateTimeField(_("geopend op"), default=clock.now, editable=False)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voortgangsronde")
        verbose_name_plural = _("voortgangsrondes")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["year_plan", "tertiaal"], name="uniq_round_per_tertiaal")]

    def __str__(self):
        from koers.core.periods import Tertiaal

        return f"{Tertiaal.parse(self.tertiaal)} – {self.year_plan}"

    @property
    def is_open(self) -> bool:
        """Open until closed by hand or until its deadline has passed."""
        return self.closed_at is None and self.deadline >= clock.today()


class RoundNotice(models.Model):
    """Every request and reminder a user got in a round: the automatic one (``sent_by`` empty) goes out once,
    the bureau's "herinner" as often as needed."""

    class Kind(models.TextChoices):
        REQUEST = "verzoek", _("verzoek")
        REMINDER = "herinnering", _("herinnering")

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(default=clock.now, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user} {self.sent_at:%d-%m-%Y}"


class ActivityComment(SwvOwned):
    """A comment on an activity, by the bureau or the owner; a review that sends an update back leaves one too."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="comments", verbose_name=_("activiteit")
    )
    update = models.ForeignKey(
        ActivityUpdate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("bij update"),
    )
    text = long_text(_("opmerking"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("geplaatst op"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:80]


class Evidence(SwvOwned):
    """Evidence attached to an update: a link, or a file kept encrypted in the database (never under the web
    root; served only by :func:`koers.plans.round_views.evidence_file`, which logs every viewing).

    A file may hold personal data: as rows only the bureau (pupil-level audiences) and the activity's owner see
    it; the retention command wipes the file's content once its tertiaal is past the retention period."""

    update = models.ForeignKey(
        ActivityUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("update")
    )
    title = models.CharField(_("omschrijving"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(_("soort bestand"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("grootte"), default=0)
    sealed = models.BinaryField(_("versleutelde inhoud"), null=True, blank=True, editable=False)
    wiped_at = models.DateTimeField(_("gewist op"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    created_at = models.DateTimeField(_("toegevoegd op"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def is_file(self):
        return bool(self.file_name)

    @classmethod
    def scope_rows(cls, queryset, audience):
        queryset = super().scope_rows(queryset, audience)
        if audience.pupil_level:
            return queryset
        if audience.user_id is None:
            return queryset.none()
        owned = Q(update__activity__owner__users=audience.user_id) | Q(
            update__activity__owner__staff_member__user=audience.user_id
        )
        return queryset.filter(owned).distinct()


class BudgetPeriod(models.TextChoices):
    """The year a begroting covers: the school year of its jaarplan, or a calendar year (the SWV's boekjaar)."""

    SCHOOLJAAR = "schooljaar", _("schooljaar")
    KALENDERJAAR = "kalenderjaar", _("kalenderjaar")


class Budget(SwvOwned):
    """The budget of a plan year: total, verplichte afdrachten, allocations; result is computed.

    ``period`` says whether it covers the jaarplan's school year or a calendar year (``covered_calendar_year``)."""

    year_plan = models.OneToOneField(
        YearPlan, on_delete=models.CASCADE, related_name="budget", verbose_name=_("jaarplan")
    )
    total = models.DecimalField(_("totaal begroting"), max_digits=14, decimal_places=2, default=Decimal("0"))
    mandatory_contributions = models.DecimalField(
        _("verplichte afdrachten"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    period = models.CharField(
        _("begrotingsjaar"),
        max_length=12,
        choices=BudgetPeriod.choices,
        default=BudgetPeriod.SCHOOLJAAR,
        help_text=_("Schooljaar (1 augustus - 31 juli) of kalenderjaar (1 januari - 31 december, het boekjaar)."),
    )
    calendar_year = models.PositiveSmallIntegerField(
        _("kalenderjaar"),
        null=True,
        blank=True,
        help_text=_("Alleen bij een begroting per kalenderjaar; leeg: het jaar waarin het schooljaar begint."),
    )
    note = long_text(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")

    def __str__(self):
        if self.period == BudgetPeriod.KALENDERJAAR:
            return f"{_('Begroting')} {self.covered_calendar_year}"
        return f"{_('Begroting')} {self.year_plan.school_year_label}"

    @property
    def covered_calendar_year(self) -> int | None:
        """The calendar year of a begroting per kalenderjaar (default: the year its school year begins in)."""
        if self.period != BudgetPeriod.KALENDERJAAR:
            return None
        return self.calendar_year or self.year_plan.school_year


class BudgetLine(SwvOwned):
    """Allocation of the budget to a theme, a doel, or a named post."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("begroting"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thema"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doel"),
    )
    label = models.CharField(_("omschrijving"), max_length=250, blank=True, help_text=_("Bijv. 'Doel 2 t/m 4'."))
    code = models.CharField(_("begrotingspost"), max_length=60, blank=True)
    amount = models.DecimalField(_("begroot"), max_digits=14, decimal_places=2)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["order", "id"]

    def __str__(self):
        # ids only: this also runs in the audit signal during a cascade delete, when the theme may be gone
        return self.label or self.code or f"{_('begrotingsregel')} {self.pk}"


class BudgetRealisation(SwvOwned):
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="realisations",
        verbose_name=_("begrotingsregel"),
    )
    tertiaal = models.CharField(_("tertiaal"), max_length=7)
    amount = models.DecimalField(_("gerealiseerd"), max_digits=14, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["tertiaal"]
        constraints = [models.UniqueConstraint(fields=["line", "tertiaal"], name="uniq_realisation")]


class PortfolioEntry(SwvOwned):
    """Which staff member holds which theme, doel or taakgroep."""

    year_plan = models.ForeignKey(
        YearPlan, on_delete=models.CASCADE, related_name="portfolio", verbose_name=_("jaarplan")
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thema"),
    )
    label = models.CharField(_("portefeuille"), max_length=200, help_text=_("Bijv. 'Inclusief onderwijs (1)'."))
    goals = models.ManyToManyField(Goal, blank=True, related_name="+", verbose_name=_("doelen"))
    goals_text = models.CharField(_("doelen (zoals geschreven)"), max_length=120, blank=True)
    holders = models.ManyToManyField(
        "organisations.StaffMember",
        blank=True,
        related_name="portfolio",
        verbose_name=_("portefeuillehouders"),
    )
    taakgroepen = long_text(_("speerpunten en taakgroepen"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("portefeuille")
        verbose_name_plural = _("portefeuilles")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label


class Adoption(SwvOwned):
    """A discussion or decision of a plan or jaarplan by a gremium on a date."""

    class Kind(models.TextChoices):
        DISCUSSED = "besproken", _("Besproken")
        ADVICE = "advies", _("Advies gegeven")
        CONSENT = "instemming", _("Ingestemd")
        ADOPTED = "vastgesteld", _("Vastgesteld")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("plan"),
    )
    year_plan = models.ForeignKey(
        YearPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("jaarplan"),
    )
    gremium = models.ForeignKey(
        "organisations.Gremium",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gremium"),
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSED)
    note = models.CharField(_("toelichting"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(year_plan__isnull=False),
                name="adoption_has_target",
            )
        ]


class Amendment(SwvOwned):
    """A change to an adopted plan: who, when and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("plan"))
    year_plan = models.ForeignKey(
        YearPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("jaarplan"),
    )
    reason = long_text(_("reden"))
    summary = long_text(_("wat is gewijzigd"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging na vaststelling")
        verbose_name_plural = _("wijzigingen na vaststelling")
        ordering = ["-created_at"]
