"""Changes to the evaluation: the bureau's conclusions. One transaction each; the history records who and when."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.evaluation.models import Conclusion


@transaction.atomic
def save_conclusion(plan, user, *, text: str, theme=None, goal=None, expected_version: int | None = None) -> Conclusion:
    """Write (or change) the conclusion on ``plan``, one of its themes or one of its doelen."""
    for element in (theme, goal):
        if element is not None and (element.plan_id != plan.pk or element.swv_id != plan.swv_id):
            raise ValidationError(_("Dit onderdeel hoort niet bij dit plan."))
    if theme is not None and goal is not None:
        raise ValidationError(_("Een conclusie hoort bij het plan, een thema of een doel, niet bij twee."))
    text = (text or "").strip()
    with acting_as(user):
        current = (
            Conclusion.objects.for_swv(plan.swv_id)
            .select_for_update()
            .filter(plan=plan, theme=theme, goal=goal)
            .first()
        )
        if current is None:
            if not text:
                raise ValidationError(_("Schrijf een conclusie."))
            return Conclusion.objects.create(
                swv_id=plan.swv_id, plan=plan, theme=theme, goal=goal, text=text, author=user
            )
        if expected_version is not None and current.version != expected_version:
            raise ValidationError(
                _("Iemand anders heeft deze conclusie intussen gewijzigd. Lees de nieuwe tekst en probeer het opnieuw.")
            )
        current.text, current.author, current.version = text, user, F("version") + 1
        current.save(update_fields=["text", "author", "version", "updated_at"])
        current.refresh_from_db()
        return current
