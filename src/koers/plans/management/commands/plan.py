"""koers plan list [--swv CODE] [--codes] | koers plan import BESTAND [--swv CODE] |
koers plan export PLANCODE --format xlsx|yaml -o BESTAND [--swv CODE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.management.options import option
from koers.core.normalise import normalise_swv_code
from koers.organisations.cli import find_swv


class Command(BaseCommand):
    help = _(
        "Leest een plan in uit een YAML- of Excel-bestand, of schrijft een plan naar een bestand. "
        "Het formaat staat in docs/plan-importformaat.md."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="list|import|export", required=True)
        listing = sub.add_parser("list", help=_("Plannen en hun jaarplannen tonen, van alle of één SWV."))
        listing.add_argument("--swv", default="", help=_("Alleen dit samenwerkingsverband (SWV-code, bijv. PO2806)."))
        listing.add_argument(
            "--codes", action="store_true", help=_("Alleen de plancodes, één per regel (voor scripts).")
        )
        importing = sub.add_parser(
            "import",
            help=_("Plan inlezen (alles of niets). Een plan met dezelfde code wordt bijgewerkt."),
        )
        importing.add_argument("file", metavar="BESTAND", help=_("Het .yaml- of .xlsx-bestand."))
        importing.add_argument("--swv", default="", help=_("SWV-code, bijv. PO2806; nodig als er meer SWV's zijn."))
        importing.add_argument(
            "--format",
            dest="fmt",
            choices=["yaml", "xlsx"],
            default=None,
            help=_("Formaat (standaard: uit de extensie)."),
        )
        importing.add_argument(
            "--reden",
            default="",
            help=_("Reden van de wijziging; nodig als het bestaande plan al is vastgesteld."),
        )
        option(
            importing,
            "--proef",
            old="--dry-run",
            dest="proef",
            action="store_true",
            help=_("Alleen tonen wat er zou veranderen (toegevoegd, gewijzigd, verwijderd); niets opslaan."),
        )
        exporting = sub.add_parser("export", help=_("Plan naar een bestand schrijven."))
        exporting.add_argument("plan", metavar="PLANCODE", help=_("Code van het plan, bijv. spow-osp-2024-2028."))
        exporting.add_argument(
            "--format", dest="fmt", choices=["yaml", "xlsx"], default=None, help=_("xlsx of yaml (standaard: uit -o).")
        )
        option(
            exporting,
            "-o",
            "--uitvoer",
            old="--output",
            dest="output",
            required=True,
            metavar="BESTAND",
            help=_("Bestand om te schrijven."),
        )
        exporting.add_argument(
            "--swv", default="", help=_("SWV-code, nodig als meer SWV's een plan met deze code hebben.")
        )

    def handle(self, *args, action, **options):
        if action == "list":
            return self.do_list(options["swv"], codes_only=options["codes"])
        if action == "import":
            return self.do_import(
                options["file"], options["swv"], options["fmt"], options["reden"], proef=options["proef"]
            )
        return self.do_export(options["plan"], options["fmt"], options["output"], options["swv"])

    def _swv(self, code):
        return find_swv(code)

    def do_list(self, swv_code, *, codes_only=False):
        from koers.organisations.models import Swv
        from koers.plans.models import Plan, YearPlan

        swvs = [find_swv(swv_code)] if swv_code else list(Swv.objects.order_by("code"))
        rows = []
        for swv in swvs:
            for plan in Plan.objects.for_swv(swv).order_by("first_year", "code"):
                years = YearPlan.objects.for_swv(swv).filter(plan=plan).order_by("school_year")
                rows.append((swv.code, plan, [f"{y.school_year}-{y.school_year + 1}" for y in years]))
        if codes_only:
            for _code, plan, _years in rows:
                self.stdout.write(plan.code)
            return
        if not rows:
            self.stdout.write(_("Geen plannen. Lees er een in met koers plan import BESTAND."))
            return
        self.stdout.write(
            "\t".join([_("SWV"), _("code"), _("periode"), _("vastgesteld"), _("jaarplannen"), _("titel")])
        )
        for code, plan, years in rows:
            adopted = plan.adopted_on.strftime("%d-%m-%Y") if plan.adopted_on else _("nee")
            period = f"{plan.first_year}-{plan.last_year + 1}"
            self.stdout.write("\t".join([code, plan.code, period, adopted, ", ".join(years) or "-", plan.title]))

    def do_import(self, file, swv_code, fmt, reason="", *, proef=False):
        from koers.plans.io.errors import PlanImportError
        from koers.plans.io.importer import read_plan_file, run_import

        path = Path(file)
        swv = self._swv(swv_code)
        try:
            data = read_plan_file(path)
            preview = run_import(data, swv=swv, fmt=fmt or path.suffix, filename=path.name, dry_run=True)
            changes = preview.changes
            if proef or changes.locked and not reason.strip():
                self.print_preview(changes, path.name, swv)
            if proef:
                self.stdout.write(_("Proef: niets opgeslagen. Zonder --proef wordt het bestand ingelezen."))
                return
            if changes.locked and not reason.strip():
                raise CommandError(
                    _(
                        'Niets opgeslagen: %(why)s Het plan is vastgesteld; geef de reden op met --reden "...". '
                        "De import wordt dan vastgelegd als wijziging na vaststelling."
                    )
                    % {"why": changes.locked}
                )
            result = run_import(data, swv=swv, fmt=fmt or path.suffix, filename=path.name, reason=reason)
        except PlanImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            n = len(exc.problems)
            raise CommandError(
                ngettext(
                    "Niets opgeslagen: %(n)s probleem in %(file)s.", "Niets opgeslagen: %(n)s problemen in %(file)s.", n
                )
                % {"n": n, "file": path.name}
            ) from None
        for line in result.changes.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan %(code)s ingelezen in %(swv)s: %(summary)s.")
                % {"code": result.plan.code, "swv": swv, "summary": result.summary()}
            )
        )

    def print_preview(self, changes, filename, swv):
        if changes.plan is None:
            self.stdout.write(_("Nieuw plan in %(swv)s uit %(file)s.") % {"swv": swv, "file": filename})
        else:
            self.stdout.write(
                _("Plan %(code)s in %(swv)s bijwerken uit %(file)s.")
                % {"code": changes.plan.code, "swv": swv, "file": filename}
            )
        for line in changes.lines():
            self.stdout.write(line)
        self.stdout.write(_("Samen: %(summary)s.") % {"summary": changes.summary()})
        if changes.removed:
            self.stdout.write(
                _(
                    "Volledige herimport: wat niet (meer) in het bestand staat, wordt verwijderd, met de voortgang "
                    "die eraan hangt."
                )
            )
        if changes.locked:
            self.stdout.write(_("Let op: %(why)s") % {"why": changes.locked})

    def do_export(self, code, fmt, output, swv_code):
        from koers.plans.io.exporter import export_plan
        from koers.plans.models import Plan

        fmt = fmt or Path(output).suffix.lower().lstrip(".")
        fmt = {"yml": "yaml"}.get(fmt, fmt)
        if fmt not in ("yaml", "xlsx"):
            raise CommandError(_("Kies --format xlsx of --format yaml (of een bestandsnaam op .xlsx of .yaml)."))
        plans = Plan.unscoped.filter(code=code).select_related("swv")
        if swv_code:
            plans = plans.filter(swv__code=normalise_swv_code(swv_code))
        plans = list(plans[:2])
        if not plans:
            raise CommandError(_("Geen plan met code %(code)s gevonden.") % {"code": code})
        if len(plans) > 1:
            raise CommandError(_("Meer SWV's hebben een plan met deze code; geef --swv op."))
        data = export_plan(plans[0], fmt)
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(_("Kan %(file)s niet schrijven: %(e)s") % {"file": output, "e": exc.strerror}) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Plan %(code)s geschreven naar %(file)s.") % {"code": code, "file": output})
        )
