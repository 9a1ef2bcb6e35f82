from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.core.management.options import option
from koers.demo import setup


class Command(BaseCommand):
    help = _("Laadt de demo: SPOW, SPPOH en SPOR met hun plannen, en demo-gebruikers.")

    def add_arguments(self, parser):
        option(
            parser,
            "--als-leeg",
            old="--if-empty",
            dest="if_empty",
            action="store_true",
            help=_("Alleen laden als de demo er nog niet is."),
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and setup.is_loaded():
            self.stdout.write(_("De demo staat al in de database."))
        else:
            setup.load()
            self.stdout.write(self.style.SUCCESS(_("De demo is geladen.")))
        self.stdout.write("")
        self.stdout.write(_("Open http://127.0.0.1:8000 en log in met:"))
        for username, _name, memberships, _su in setup.USERS:
            roles = ", ".join(f"{role} bij {swv}" for swv, role in memberships.items())
            self.stdout.write(
                f"  {_('gebruiker')}: {username:<10} {_('wachtwoord')}: {setup.DEMO_PASSWORD}   ({roles})"
            )
        self.stdout.write("")
