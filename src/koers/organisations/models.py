from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from koers.core.models import DEFAULT_COLOUR, SwvOwned, Timestamped, validate_colour


class Swv(Timestamped):
    """A samenwerkingsverband passend onderwijs, the tenant of everything else."""

    class Sector(models.TextChoices):
        PO = "PO", _("Primair onderwijs")
        VO = "VO", _("Voortgezet onderwijs")

    code = models.CharField(_("SWV-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld PO2801."))
    name = models.CharField(_("naam"), max_length=200)
    short_name = models.CharField(_("korte naam"), max_length=40, blank=True, help_text=_("Bijvoorbeeld SPOW."))
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices, default=Sector.PO)
    main_colour = models.CharField(
        _("hoofdkleur"), max_length=7, default=DEFAULT_COLOUR, validators=[validate_colour]
    )  # written into <style> in every page: only #rgb or #rrggbb (templates also pass it through css_colour)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    steunpunt_contact = models.TextField(
        _("contact ouder- en jeugdsteunpunt"),
        blank=True,
        help_text=_("Wordt getoond op de publieke pagina."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["code"]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        from koers.core.normalise import normalise_swv_code

        self.code = normalise_swv_code(self.code)
        self.sector = self.code[:2]
        super().save(*args, **kwargs)

    @property
    def duo_codes(self) -> list[str]:
        """All DUO codes of this bureau, the main one first: ['PO2401', 'VO2401'] for a combined bureau."""
        extra = [c.code for c in self.extra_codes.all()] if self.pk else []
        return [self.code, *sorted(extra)]

    @property
    def sectors(self) -> list[str]:
        """'PO', 'VO' or both: the sectors of the DUO codes (ADR 0014)."""
        return [code[:2] for code in self.duo_codes]

    @property
    def codes_label(self) -> str:
        """'PO2401' or 'PO2401 en VO2401'."""
        return " en ".join(self.duo_codes)

    @cached_property
    def logo_url(self) -> str:
        """Address of the SWV's logo (with its version, for caching), or '' without a logo.

        Asks only for the date: the image itself stays in the database until the logo view reads it."""
        from django.urls import reverse

        changed = SwvLogo.objects.filter(swv_id=self.pk).values_list("updated_at", flat=True).first()
        if changed is None:
            return ""
        return f"{reverse('onboarding:logo', args=[self.code])}?v={int(changed.timestamp())}"


class SwvCode(models.Model):
    """A further DUO code of a bureau that serves a PO and a VO samenwerkingsverband with one plan (ADR 0014).

    The main code is :attr:`Swv.code`; a combined bureau has one more here, of the other sector. Part of the SWV
    itself, like its logo: not an SWV-owned record behind a scope.
    """

    swv = models.ForeignKey(
        Swv, on_delete=models.CASCADE, related_name="extra_codes", verbose_name=_("samenwerkingsverband")
    )
    code = models.CharField(_("SWV-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld VO2401."))

    class Meta:
        verbose_name = _("extra SWV-code")
        verbose_name_plural = _("extra SWV-codes")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        from koers.core.normalise import normalise_swv_code

        self.code = normalise_swv_code(self.code)
        super().save(*args, **kwargs)

    @property
    def sector(self) -> str:
        return self.code[:2]


class SwvLogo(models.Model):
    """The SWV's own logo, in the database so that a backup holds it. A separate table, so that loading the SWV
    (on every page) does not load the image. PNG or JPEG only, checked with Pillow on upload."""

    swv = models.OneToOneField(
        Swv, on_delete=models.CASCADE, primary_key=True, related_name="logo", verbose_name=_("samenwerkingsverband")
    )
    data = models.BinaryField(_("afbeelding"))
    content_type = models.CharField(_("soort bestand"), max_length=20)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logo's")

    def __str__(self):
        return f"Logo {self.swv}"

    @property
    def data_uri(self) -> str:
        """The image inline (data: URI), for documents that may not fetch anything, such as the PDF reports."""
        import base64

        return f"data:{self.content_type};base64,{base64.b64encode(bytes(self.data)).decode()}"


class Gemeente(SwvOwned):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_gemeente_per_swv")]

    def __str__(self):
        return self.name


class Werkgebied(SwvOwned):
    """A werkgebied, kern or wijk within the SWV's region."""

    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_werkgebied_per_swv")]

    def __str__(self):
        return self.name


class Schoolbestuur(SwvOwned):
    bevoegd_gezag = models.CharField(_("bevoegd-gezagnummer"), max_length=10)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "bevoegd_gezag"], name="uniq_bestuur_per_swv")]

    def __str__(self):
        return self.name


class School(SwvOwned):
    """A school location (vestiging), identified by its BRIN6."""

    class Type(models.TextChoices):
        BO = "BO", _("Basisonderwijs")
        SBO = "SBO", _("Speciaal basisonderwijs")
        SO = "SO", _("Speciaal onderwijs")
        VSO = "VSO", _("Voortgezet speciaal onderwijs")
        VO = "VO", _("Voortgezet onderwijs")
        PRO = "PRO", _("Praktijkonderwijs")

    brin6 = models.CharField(_("BRIN6"), max_length=6)
    name = models.CharField(_("naam"), max_length=200)
    school_type = models.CharField(_("soort"), max_length=3, choices=Type.choices, default=Type.BO)
    bestuur = models.ForeignKey(
        Schoolbestuur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("schoolbestuur"),
    )
    werkgebied = models.ForeignKey(
        Werkgebied,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("werkgebied of kern"),
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("gemeente"),
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "brin6"], name="uniq_school_per_swv")]

    def __str__(self):
        return f"{self.name} ({self.brin6})"


class Ketenpartner(SwvOwned):
    class Kind(models.TextChoices):
        JEUGDHULP = "jeugdhulp", _("Jeugdhulp")
        LEERPLICHT = "leerplicht", _("Leerplicht")
        JGZ = "jgz", _("Jeugdgezondheidszorg")
        GEMEENTE = "gemeente", _("Gemeente")
        ONDERWIJS = "onderwijs", _("Onderwijs")
        OVERIG = "overig", _("Overig")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OVERIG)
    contact = models.CharField(_("contactpersoon of -gegevens"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ketenpartner")
        verbose_name_plural = _("ketenpartners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Gremium(SwvOwned):
    class Kind(models.TextChoices):
        RVT = "RvT", _("Raad van Toezicht")
        RVA = "RvA", _("Raad van Aangeslotenen / algemeen bestuur")
        OPR = "OPR", _("Ondersteuningsplanraad")
        MR = "MR", _("Medezeggenschapsraad")
        BESTUUR = "bestuur", _("Bestuur")
        OOGO = "OOGO", _("OOGO met gemeenten")
        TEAM = "team", _("Team")
        OVERIG = "overig", _("Overig")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OVERIG)

    class Meta:
        verbose_name = _("gremium")
        verbose_name_plural = _("gremia")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_gremium_per_swv")]

    def __str__(self):
        return self.name


class StaffMember(SwvOwned):
    """A member of the bureau (medewerker) with a function; optionally a Koers user."""

    name = models.CharField(_("naam"), max_length=200)
    function = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_roles",
        verbose_name=_("gebruiker"),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.function})" if self.function else self.name


class Actor(SwvOwned):
    """Who can own or be involved in an activity: a staff member, a role or an organisation.

    Plans name owners as "Schoolbesturen", "SPOW-bureau" or "OOGO/LEA-partners" as often as a person.
    Users linked to an actor see its activities under "mijn activiteiten".
    """

    class Kind(models.TextChoices):
        PERSON = "persoon", _("Medewerker")
        ROLE = "rol", _("Rol of groep")
        ORGANISATION = "organisatie", _("Organisatie")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.ROLE)
    staff_member = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("medewerker"),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="actors",
        verbose_name=_("gebruikers"),
        help_text=_("Deze gebruikers zien de activiteiten van deze eigenaar bij 'Mijn activiteiten'."),
    )

    class Meta:
        verbose_name = _("eigenaar of betrokkene")
        verbose_name_plural = _("eigenaren en betrokkenen")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["swv", "name"], name="uniq_actor_per_swv")]

    def __str__(self):
        return self.name
