"""The bureau's written conclusions on an ending ondersteuningsplan: one per plan, speerpunt (thema) or doel."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import SwvOwned, Timestamped
from koers.plans.models import long_text


class Conclusion(SwvOwned, Timestamped):
    """What the bureau concludes about a part of the plan at its evaluation. Without theme and goal: the plan as a
    whole. Who changed it when is in the history (koers.audit)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("plan"))
    theme = models.ForeignKey(
        "plans.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("thema")
    )
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("doel")
    )
    text = long_text(_("conclusie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst gewijzigd door"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("conclusie van de evaluatie")
        verbose_name_plural = _("conclusies van de evaluatie")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "theme", "goal"], name="uniq_conclusion_per_element"),
        ]

    def __str__(self):
        return self.text[:80]
