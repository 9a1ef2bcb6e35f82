from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.plans.services import send_due_reminders


class Command(BaseCommand):
    help = _(
        "Stuurt herinneringen aan eigenaren die hun voortgang nog niet hebben bijgewerkt, "
        "een paar dagen voor de deadline van een open ronde. Draait dagelijks in koers onderhoud."
    )

    def handle(self, *args, **options):
        result = send_due_reminders()
        self.stdout.write(
            _("%(r)s open ronde(s) met een deadline binnenkort; %(n)s herinnering(en) verstuurd.")
            % {"r": result.rounds, "n": result.reminders}
        )
