"""Reports: a tertiaalrapportage (or another kind) that the bureau writes, previews and issues.

Issuing freezes a report: its content is kept as a JSON payload, and the PDF and Word files (and, for a
tertiaalrapportage, the PowerPoint presentation of the board pack) are rendered from that payload and stored with it. Later changes to the plan or the measurements do not change an issued report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped


class Report(SwvOwned, Timestamped):
    class Kind(models.TextChoices):
        TERTIAAL = "tertiaalrapportage", _("Tertiaalrapportage")
        YEAR_PLAN = "jaarplan", _("Jaarplan")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        ISSUED = "uitgebracht", _("Uitgebracht")

    class FilesStatus(models.TextChoices):
        NONE = "", _("Geen bestanden")
        PENDING = "wachtrij", _("In de wachtrij")
        RUNNING = "bezig", _("Wordt gemaakt")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.TERTIAAL)
    year_plan = models.ForeignKey(
        "plans.YearPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("jaarplan"),
    )
    tertiaal = models.CharField(_("tertiaal"), max_length=7, blank=True)
    title = models.CharField(_("titel"), max_length=250)
    introduction = models.TextField(_("inleiding"), blank=True)
    conclusion = models.TextField(_("conclusie"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgebracht door"),
    )
    issued_by_name = models.CharField(_("uitgebracht door (naam)"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("uitgebracht op"), null=True, blank=True)
    payload = models.JSONField(_("bevroren inhoud"), null=True, blank=True, editable=False)
    content_html = models.TextField(_("bevroren inhoud (HTML)"), blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    docx = models.BinaryField(_("Word-bestand"), null=True, blank=True, editable=False)
    pptx = models.BinaryField(_("PowerPoint-presentatie"), null=True, blank=True, editable=False)
    files_status = models.CharField(
        _("bestanden"), max_length=10, choices=FilesStatus.choices, default=FilesStatus.NONE, blank=True
    )
    files_progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    files_error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["-issued_at", "-created_at"]

    @classmethod
    def scope_rows(cls, queryset, audience):
        """Only the bureau sees concepts; every other reader sees issued reports only."""
        queryset = super().scope_rows(queryset, audience)
        return queryset if audience.may("reports.make") else queryset.filter(status=cls.Status.ISSUED)

    def __str__(self):
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def tertiaal_label(self) -> str:
        from koers.core.periods import Tertiaal

        parsed = Tertiaal.try_parse(self.tertiaal)
        return str(parsed) if parsed else ""

    @property
    def formats(self) -> tuple[str, ...]:
        """The files of this report: PDF and Word; a tertiaalrapportage also as PowerPoint (the board pack)."""
        return ("pdf", "docx", "pptx") if self.kind == self.Kind.TERTIAAL else ("pdf", "docx")

    @property
    def file_stem(self) -> str:
        from django.utils.text import slugify

        return slugify(self.title) or f"rapportage-{self.pk}"
