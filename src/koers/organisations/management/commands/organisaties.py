"""koers organisaties import BESTAND [--swv CODE] [--format duo|excel] [--alleen-eigen] [--accepteer-waarschuwingen]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.importing import ReadError, read_limited
from koers.organisations import importers, services


class Command(BaseCommand):
    help = _("Importeert scholen, besturen en de rest van de organisatie uit een DUO-adressenbestand of Excel.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"], help=_("Wat te doen: import."))
        parser.add_argument("file", help=_("Het bestand: vestigingenbo.csv van DUO of het Excel-sjabloon."))
        parser.add_argument("--swv", default="", help=_("SWV-code, bijv. PO2806. Nodig als er meer SWV's zijn."))
        parser.add_argument(
            "--format", dest="fmt", choices=["duo", "excel"], default="", help=_("duo of excel (standaard: extensie).")
        )
        parser.add_argument(
            "--alleen-eigen",
            action="store_true",
            dest="only_own",
            help=_("Alleen scholen van dit SWV (als het DUO-bestand een kolom met het SWV-nummer heeft)."),
        )
        parser.add_argument(
            "--accepteer-waarschuwingen",
            action="store_true",
            dest="accept",
            help=_("Ook importeren als er waarschuwingen zijn."),
        )
        parser.add_argument("--controleer", action="store_true", dest="dry_run", help=_("Alleen controleren."))

    def handle(self, action, file, swv, fmt, only_own, accept, dry_run, **options):
        from koers.core.normalise import normalise_swv_code
        from koers.organisations.models import Swv

        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Bestand %(file)s bestaat niet.") % {"file": file})
        if swv:
            try:
                target = Swv.objects.filter(code=normalise_swv_code(swv)).first()
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if target is None:
                raise CommandError(_("Geen samenwerkingsverband met code %(code)s.") % {"code": swv})
        else:
            swvs = list(Swv.objects.all()[:2])
            if len(swvs) != 1:
                raise CommandError(_("Geef het samenwerkingsverband op met --swv CODE."))
            target = swvs[0]
        fmt = fmt or ("excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "duo")
        try:  # at most the limit is read (KOERS_IMPORT_MAX_BYTES), as in the browser
            with path.open("rb") as stream:
                data = read_limited(stream)
        except ReadError as exc:
            raise CommandError(str(exc)) from None
        if fmt == "duo":
            parsed = importers.parse_duo(data, filename=path.name, swv_code=target.code if only_own else None)
        else:
            parsed = importers.parse_excel(data, filename=path.name)
        outcome = services.import_parsed(target, parsed, None, accept_warnings=accept, dry_run=dry_run)
        for p in parsed.problems:
            self.stderr.write(f"{p.level}: {p}")
        for row in outcome.rows:
            self.stdout.write(
                _("%(kind)s: %(added)s toegevoegd, %(changed)s gewijzigd, %(unchanged)s ongewijzigd") % row
            )
        if outcome.skipped:
            self.stdout.write(
                ngettext(
                    "%(n)s rij van een ander SWV overgeslagen.",
                    "%(n)s rijen van een ander SWV overgeslagen.",
                    outcome.skipped,
                )
                % {"n": outcome.skipped}
            )
        if parsed.errors:
            n = len(parsed.errors)
            raise CommandError(
                ngettext("Niets opgeslagen: %(n)s fout.", "Niets opgeslagen: %(n)s fouten.", n) % {"n": n}
            )
        if not outcome.saved:
            if dry_run:
                self.stdout.write(_("Alleen gecontroleerd: niets opgeslagen."))
                return
            raise CommandError(_("Niets opgeslagen: er zijn waarschuwingen. Gebruik --accepteer-waarschuwingen."))
        self.stdout.write(self.style.SUCCESS(_("Geïmporteerd in %(swv)s.") % {"swv": target}))
