"""The state of the first-run setup: one row per SWV, so that the wizard can be left and resumed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Installation(models.Model):
    """Exactly one row (pk 1) once the first account has been made through the open start page.

    The primary key makes a second, simultaneous first account impossible: its insert fails and is rolled back."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    created_at = models.DateTimeField(_("ingericht op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("installatie")
        verbose_name_plural = _("installaties")

    def __str__(self):
        return f"Installatie van {self.created_at:%d-%m-%Y}"


class Setup(models.Model):
    """How far an SWV is with setting itself up: the steps it finished or skipped."""

    swv = models.OneToOneField(
        "organisations.Swv", on_delete=models.CASCADE, related_name="setup", verbose_name=_("samenwerkingsverband")
    )
    done = models.JSONField(_("afgeronde stappen"), default=list, blank=True)
    skipped = models.JSONField(_("overgeslagen stappen"), default=list, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan")
    )
    year_plan = models.ForeignKey(
        "plans.YearPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("jaarplan")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("begonnen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inrichting")
        verbose_name_plural = _("inrichtingen")

    def __str__(self):
        return f"Inrichting van {self.swv}"
