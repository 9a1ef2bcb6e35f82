from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.core.backup import BackupError, backup
from koers.core.management.options import option


class Command(BaseCommand):
    help = _("Maakt een back-up van de hele database (SQLite of PostgreSQL) naar een bestand.")

    def add_arguments(self, parser):
        option(
            parser,
            "-o",
            "--uitvoer",
            old="--output",
            dest="output",
            help=_("Doelbestand; standaard var/backups/koers-DATUM.backup"),
        )

    def handle(self, *args, output=None, **options):
        target = (
            Path(output) if output else settings.VAR_DIR / "backups" / f"koers-{datetime.now():%Y%m%d-%H%M%S}.backup"
        )
        try:
            backup(target)
        except BackupError as exc:
            raise CommandError(_("Back-up mislukt: %(e)s") % {"e": exc}) from exc
        self.stdout.write(self.style.SUCCESS(_("Back-up geschreven naar %(f)s") % {"f": target}))
