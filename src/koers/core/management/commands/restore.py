from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.core.backup import BackupError, restore


class Command(BaseCommand):
    help = _("Zet een back-up terug. Let op: de huidige inhoud van de database wordt vervangen.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Back-upbestand van 'koers backup'"))
        parser.add_argument("--ja", action="store_true", help=_("Niet om bevestiging vragen."))

    def handle(self, *args, file, ja=False, **options):
        if not ja:
            answer = input(_("De database wordt vervangen door %(f)s. Doorgaan? [ja/nee] ") % {"f": file})
            if answer.strip().lower() not in {"ja", "j", "yes", "y"}:
                raise CommandError(_("Afgebroken."))
        try:
            restore(Path(file))
        except BackupError as exc:
            raise CommandError(_("Terugzetten mislukt: %(e)s") % {"e": exc}) from exc
        from django.core.cache import cache

        cache.clear()  # computed values belong to the data that was replaced
        self.stdout.write(self.style.SUCCESS(_("Back-up teruggezet.")))
