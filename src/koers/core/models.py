"""Building blocks shared by every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SwvQuerySet(models.QuerySet):
    def for_swv(self, swv):
        return self.filter(swv=swv)


class SwvOwned(models.Model):
    """Every record belongs to exactly one samenwerkingsverband."""

    swv = models.ForeignKey(
        "organisations.Swv",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )

    objects = SwvQuerySet.as_manager()

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True
