"""Money of an SWV: tariffs, the dekkend netwerk, the afdrachten as budgeted per category, the jaarrekening.

The begroting itself (total, verplichte afdrachten, lines per speerpunt) and its realisation per tertiaal stay in
:mod:`koers.plans` (``Budget``, ``BudgetLine``, ``BudgetRealisation``); this app links to them and never copies
them. Figures computed from registers (occupancy, afdrachten from TLV's) are not stored: see
:mod:`koers.finance.services`.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped

MONEY = {"max_digits": 14, "decimal_places": 2}


class FundedType(models.TextChoices):
    """The kinds of school whose pupils with a TLV of this SWV cost an afdracht."""

    SBO = "SBO", _("speciaal basisonderwijs (SBO)")
    SO = "SO", _("speciaal onderwijs (SO)")
    VSO = "VSO", _("voortgezet speciaal onderwijs (VSO)")


class Category(models.TextChoices):
    """Bekostigingscategorie; the OSO codes L/M/H are the stored values (as in the TLV register)."""

    LAAG = "L", _("laag")
    MIDDEN = "M", _("midden")
    HOOG = "H", _("hoog")


class Tariff(SwvOwned, Timestamped):
    """The amount per pupil per year for one kind of school and category, for one calendar year, with its source.

    SBO has one tariff for every pupil: its category is left empty."""

    year = models.PositiveSmallIntegerField(_("kalenderjaar"), validators=[MinValueValidator(2000)])
    school_type = models.CharField(_("soort"), max_length=3, choices=FundedType.choices)
    category = models.CharField(_("categorie"), max_length=1, choices=Category.choices, blank=True)
    amount = models.DecimalField(_("bedrag per leerling per jaar"), validators=[MinValueValidator(0)], **MONEY)
    source = models.CharField(_("bron"), max_length=200, help_text=_("Bijv. 'Regeling bekostiging 2025, bijlage 3'."))

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["-year", "school_type", "category"]
        constraints = [
            models.UniqueConstraint(fields=["swv", "year", "school_type", "category"], name="uniq_tariff_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.school_type} {self.category or '-'}"


class Provision(SwvOwned, Timestamped):
    """A voorziening or arrangement of the dekkend netwerk."""

    class Kind(models.TextChoices):
        VOORZIENING = "voorziening", _("voorziening")
        ARRANGEMENT = "arrangement", _("arrangement")

    class Type(models.TextChoices):
        SBO = "SBO", _("SBO")
        SO = "SO", _("SO")
        VSO = "VSO", _("VSO")
        ARRANGEMENT = "ARR", _("arrangement")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.VOORZIENING)
    provision_type = models.CharField(_("type"), max_length=3, choices=Type.choices)
    category = models.CharField(
        _("categorie"), max_length=1, choices=Category.choices, blank=True, help_text=_("Alleen waar van toepassing.")
    )
    provider = models.CharField(_("aanbieder (school of bestuur)"), max_length=200)
    provider_brin6 = models.CharField(
        _("BRIN6 van de aanbieder"),
        max_length=6,
        blank=True,
        help_text=_("De school in het arrangementenregister; leeg: elke school."),
    )
    register_kind = models.CharField(
        _("soort in het arrangementenregister"),
        max_length=80,
        blank=True,
        help_text=_("De bezetting telt de lopende arrangementen van deze soort (hoofdletters tellen niet)."),
    )
    note = models.CharField(_("toelichting"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_provision_name")]

    def __str__(self):
        return self.name


class ProvisionYear(SwvOwned, Timestamped):
    """Places and tariff of a voorziening in one school year (``school_year`` = the year it starts in August)."""

    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="years", verbose_name=_("voorziening")
    )
    school_year = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"), validators=[MinValueValidator(2000)])
    places = models.PositiveIntegerField(_("plaatsen"))
    planned_next = models.PositiveIntegerField(_("plaatsen gepland volgend schooljaar"), null=True, blank=True)
    tariff = models.DecimalField(_("tarief per plaats per jaar"), validators=[MinValueValidator(0)], **MONEY)
    tariff_source = models.CharField(_("bron van het tarief"), max_length=200)
    indexation = models.DecimalField(
        _("indexering naar volgend jaar (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Alleen nodig zolang het tarief van volgend schooljaar nog niet is ingevoerd."),
    )

    class Meta:
        verbose_name = _("plaatsen en tarief per schooljaar")
        verbose_name_plural = _("plaatsen en tarieven per schooljaar")
        ordering = ["provision", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "school_year"], name="uniq_provision_year"),
        ]

    def __str__(self):
        return f"{self.provision_id} {self.school_year}"


class BudgetedContribution(SwvOwned, Timestamped):
    """How the begroting's afdrachten line is built up: pupils and amount per kind of school and category.

    Optional: without it the comparison shows the computed afdrachten per category against the one line."""

    budget = models.ForeignKey(
        "plans.Budget", on_delete=models.CASCADE, related_name="contributions", verbose_name=_("begroting")
    )
    school_type = models.CharField(_("soort"), max_length=3, choices=FundedType.choices)
    category = models.CharField(_("categorie"), max_length=1, choices=Category.choices, blank=True)
    pupils = models.DecimalField(_("begrote leerlingen"), max_digits=8, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(_("begroot bedrag"), **MONEY)

    class Meta:
        verbose_name = _("begrote afdracht")
        verbose_name_plural = _("begrote afdrachten")
        ordering = ["school_type", "category"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "school_type", "category"], name="uniq_budgeted_contribution")
        ]


class AnnualAccount(SwvOwned, Timestamped):
    """Balance sheet and result items of one jaarrekening (calendar year), as the jaarverslag gives them."""

    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000)])
    fixed_assets = models.DecimalField(_("vaste activa"), default=Decimal("0"), **MONEY)
    current_assets = models.DecimalField(_("vlottende activa (incl. liquide middelen)"), default=Decimal("0"), **MONEY)
    cash = models.DecimalField(_("waarvan liquide middelen"), default=Decimal("0"), **MONEY)
    equity = models.DecimalField(_("eigen vermogen"), **MONEY)
    private_equity = models.DecimalField(
        _("waarvan privaat eigen vermogen"),
        default=Decimal("0"),
        help_text=_("Telt niet mee voor de signaleringswaarde van bovenmatig eigen vermogen."),
        **MONEY,
    )
    provisions = models.DecimalField(_("voorzieningen"), default=Decimal("0"), **MONEY)
    long_term_debt = models.DecimalField(_("langlopende schulden"), default=Decimal("0"), **MONEY)
    short_term_debt = models.DecimalField(_("kortlopende schulden"), default=Decimal("0"), **MONEY)
    income = models.DecimalField(_("totale baten"), **MONEY)
    expenses = models.DecimalField(_("totale lasten"), **MONEY)
    source = models.CharField(
        _("bron"), max_length=200, help_text=_("Bijv. 'Jaarrekening 2024, vastgesteld 18-06-2025'.")
    )

    class Meta:
        verbose_name = _("jaarrekening")
        verbose_name_plural = _("jaarrekeningen")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["swv", "year"], name="uniq_annual_account")]

    def __str__(self):
        return f"{_('Jaarrekening')} {self.year}"

    @property
    def balance_total(self) -> Decimal:
        return self.fixed_assets + self.current_assets

    @property
    def result(self) -> Decimal:
        return self.income - self.expenses


class HealthNorms(SwvOwned, Timestamped):
    """The SWV's own norms for the ratios; empty fields take the Inspectie's signaleringswaarden (see services)."""

    solvency_min = models.DecimalField(
        _("solvabiliteit 2 ten minste"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    liquidity_min = models.DecimalField(
        _("liquiditeit (current ratio) ten minste"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    resistance_min = models.DecimalField(
        _("weerstandsvermogen ten minste"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    reserve_factor = models.DecimalField(
        _("signaleringswaarde eigen vermogen: deel van de baten"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    reserve_minimum = models.DecimalField(
        _("signaleringswaarde eigen vermogen: ten minste"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("normen financiële gezondheid")
        verbose_name_plural = _("normen financiële gezondheid")
        constraints = [models.UniqueConstraint(fields=["swv"], name="uniq_health_norms")]
