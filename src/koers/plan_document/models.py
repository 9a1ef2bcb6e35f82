"""The ondersteuningsplan as a document (PDF and Word): a frozen payload, and the files the background task makes
of it (ADR 0042).

A document is made of the plan as it is (a draft: "Concept"; an adopted plan) or of one recorded version of a
draft ("Concept – versie N", its texts from the version's immutable snapshot). Once made, a document does not
change: a later change of the plan makes a new document, the old one stays as it was.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped


class PlanDocument(SwvOwned, Timestamped):
    class FilesStatus(models.TextChoices):
        PENDING = "wachtrij", _("In de wachtrij")
        RUNNING = "bezig", _("Wordt gemaakt")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="documents", verbose_name=_("ondersteuningsplan")
    )
    version = models.ForeignKey(
        "consultation.PlanVersion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("versie van het concept"),
    )
    is_draft = models.BooleanField(_("concept"), default=False)
    digest = models.CharField(_("vingerafdruk van de inhoud"), max_length=64, editable=False)
    payload = models.JSONField(_("bevroren inhoud"), editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    docx = models.BinaryField(_("Word-bestand"), null=True, blank=True, editable=False)
    files_status = models.CharField(
        _("bestanden"), max_length=10, choices=FilesStatus.choices, default=FilesStatus.PENDING
    )
    files_progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    files_error = models.CharField(_("foutmelding"), max_length=250, blank=True)
    public = models.BooleanField(
        _("op de publieke pagina"),
        default=False,
        help_text=_("De PDF van het vastgestelde plan staat op de publieke pagina van het samenwerkingsverband."),
    )

    class Meta:
        verbose_name = _("document van het ondersteuningsplan")
        verbose_name_plural = _("documenten van het ondersteuningsplan")
        ordering = ["-created_at", "-id"]

    @classmethod
    def scope_rows(cls, queryset, audience):
        """The public (no login) sees only the PDF an SWV put on its public page."""
        from koers.core.audience import PUBLIC

        queryset = super().scope_rows(queryset, audience)
        return queryset.filter(public=True, is_draft=False) if audience.kind == PUBLIC else queryset

    def __str__(self):
        return self.payload.get("title", "") if isinstance(self.payload, dict) else str(self.plan_id)

    @property
    def is_done(self) -> bool:
        return self.files_status == self.FilesStatus.DONE

    @property
    def version_number(self):
        return self.payload.get("version", {}).get("number") if isinstance(self.payload, dict) else None

    @property
    def file_stem(self) -> str:
        stem = slugify(f"ondersteuningsplan-{self.payload.get('plan', {}).get('code', '')}") or "ondersteuningsplan"
        if self.version_number:
            return f"{stem}-concept-versie-{self.version_number}"
        return f"{stem}-concept" if self.is_draft else stem
