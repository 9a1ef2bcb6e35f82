from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.trajectory.services import send_due_reminders


class Command(BaseCommand):
    help = _(
        "Herinnert het bureau 14 en 3 dagen voor de deadline van een stap in het traject naar een nieuw "
        "ondersteuningsplan (elke herinnering één keer). Draait dagelijks in koers onderhoud."
    )

    def handle(self, *args, **options):
        result = send_due_reminders()
        self.stdout.write(
            ngettext(
                "%(s)s stap met een deadline binnenkort; %(n)s herinnering(en) verstuurd.",
                "%(s)s stappen met een deadline binnenkort; %(n)s herinnering(en) verstuurd.",
                result.steps,
            )
            % {"s": result.steps, "n": result.reminders}
        )
