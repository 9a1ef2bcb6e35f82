"""Building blocks shared by every domain app."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audience import Audience, UnscopedQuery, swv_id_of

# A colour as Koers stores and writes it into CSS: #rgb or #rrggbb, nothing else (it ends up inside <style>).
COLOUR_PATTERN = r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})"
DEFAULT_COLOUR = "#1d4f91"
validate_colour = RegexValidator(
    rf"\A{COLOUR_PATTERN}\Z", _("Geef de kleur als #rrggbb of #rgb, bijvoorbeeld #1d4f91."), code="colour"
)


class ScopedQuerySet(models.QuerySet):
    def restrict(self, audience: Audience):
        """The rows ``audience`` may see: its SWV, and what the model's :meth:`SwvOwned.scope_rows` allows."""
        if not isinstance(audience, Audience):
            raise UnscopedQuery(f"restrict() needs an Audience, not {audience!r}")
        return self.model.scope_rows(self.filter(swv_id=audience.swv_id), audience)

    def for_swv(self, swv):
        """Every row of one SWV, for Koers' own work inside it (a computation, an import, a service).

        The result is never shown as rows to a reader; what is shown goes through :meth:`restrict` or through a
        measure that takes the audience."""
        return self.filter(swv_id=swv_id_of(swv))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """``Model.objects`` of an SWV-owned model: a read must say its scope, or it raises.

    ``Model.objects.restrict(audience)`` (what a reader may see) or ``Model.objects.for_swv(swv)`` (Koers' own
    work in one SWV). ``Model.unscoped`` is the deliberate escape hatch for work across SWV's (admin, backup,
    retention, migrations); Django itself uses it for related objects and cascades."""

    def get_queryset(self):
        raise UnscopedQuery(
            f"{self.model.__name__}.objects without a scope: use .restrict(audience) or .for_swv(swv), "
            f"or {self.model.__name__}.unscoped for work across SWV's"
        )

    def _all(self):
        return super().get_queryset()

    def restrict(self, audience):
        return self._all().restrict(audience)

    def none(self):
        return self._all().none()  # empty: nothing to scope (forms and schema generators start from it)

    def for_swv(self, swv):
        return self._all().for_swv(swv)

    @staticmethod
    def _swv_of(kwargs, defaults=None):
        defaults = defaults or {}
        swv = kwargs.get("swv", kwargs.get("swv_id", defaults.get("swv", defaults.get("swv_id"))))
        if swv is None:
            raise UnscopedQuery("name the SWV (swv=...) when creating or looking up an SWV-owned row")
        return swv

    def create(self, **kwargs):
        self._swv_of(kwargs)
        return self._all().create(**kwargs)

    def get_or_create(self, defaults=None, **kwargs):
        swv = self._swv_of(kwargs, defaults)
        return self.for_swv(swv).get_or_create(defaults=defaults, **kwargs)

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        return self.for_swv(self._swv_of(kwargs, defaults or create_defaults)).update_or_create(
            defaults=defaults, create_defaults=create_defaults, **kwargs
        )

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(o.swv_id is None for o in objs):
            raise UnscopedQuery("every row of bulk_create needs its SWV")
        return self._all().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        return self._all().bulk_update(objs, fields, *args, **kwargs)


class ScopedRows:
    """For a model with an ``swv`` foreign key that is not :class:`SwvOwned` (memberships, invitations, API keys):
    ``restrict(audience)`` limits it to the audience's SWV and nothing more."""

    @classmethod
    def scope_rows(cls, queryset, audience: Audience):
        return queryset


class SwvOwned(models.Model):
    """Every record belongs to exactly one samenwerkingsverband."""

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )

    # Declared first, so it is Django's default manager (related objects, cascades, admin, serialisation).
    unscoped = ScopedQuerySet.as_manager()
    objects = ScopedManager()

    # Rows about single pupils (registers): only an audience with pupil-level access sees them as rows.
    pupil_rows = False
    # The field with the school of a row, for the schools of a schoolbestuur; None: not limited by school.
    school_field: str | None = None

    class Meta:
        abstract = True

    @classmethod
    def scope_rows(cls, queryset, audience: Audience):
        """The one place that limits rows beyond the SWV. A model may extend it (calling super())."""
        if cls.pupil_rows and not audience.pupil_level:
            return queryset.none()
        if cls.school_field and audience.schools is not None:
            queryset = queryset.filter(**{f"{cls.school_field}__in": audience.schools})
        return queryset


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A sign of life of a task worker (``koers taakwerker``): one row per worker, updated every half minute.

    ``/gereed/`` reports Koers as not ready when no worker has beaten recently. Not SWV data: no SWV, no person."""

    worker_id = models.CharField(_("taakwerker"), max_length=64, unique=True)
    beat_at = models.DateTimeField(_("laatste teken van leven"))

    class Meta:
        verbose_name = _("teken van leven van een taakwerker")
        verbose_name_plural = _("tekens van leven van taakwerkers")
        ordering = ["worker_id"]

    def __str__(self):
        return self.worker_id


class FileImport(SwvOwned, Timestamped):
    """One uploaded plan or organisation file on its way in (ADR 0036): read by the task worker, then confirmed.

    The file itself is kept only sealed (``core.staging``) in ``data`` until the run is applied, cancelled or
    expires; ``result`` holds what the worker computed (the preview, the counts), ``problems`` the problem list
    (locations and messages, never the values of a row). The domain apps handle the kinds: ``core.uploads``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("wachtrij")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")
        PROBLEMS = "problems", _("problemen")
        APPLIED = "applied", _("ingelezen")
        CANCELLED = "cancelled", _("geannuleerd")

    kind = models.CharField(_("soort"), max_length=20)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("stap"), max_length=100, blank=True, default="")
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    options = models.JSONField(_("keuzes"), default=dict, blank=True)
    problems = models.JSONField(_("probleemrapport"), default=list, blank=True)
    result = models.JSONField(_("resultaat"), default=dict, blank=True)
    data = models.BinaryField(_("bestand, versleuteld"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("bestand gewist na"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bestandsimport")
        verbose_name_plural = _("bestandsimports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def finished(self) -> bool:
        return not self.busy
