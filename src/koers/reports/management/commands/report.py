"""koers report KIND --plan CODE [--tertiaal T3-2024] --format pdf|docx|xlsx -o FILE [--swv CODE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.core.management.options import option
from koers.core.periods import Tertiaal, school_year_of
from koers.reports.cli_kinds import EXTRA_KINDS

KINDS = ["tertiaalrapportage", "jaarplan", "dataset", "tlv-per-bestuur", "thuiszitters", "inspectie-thuiszitters"]
FORMATS = {
    "tertiaalrapportage": ("pdf", "docx"),
    "jaarplan": ("pdf", "docx"),
    "dataset": ("xlsx",),
    "tlv-per-bestuur": ("xlsx", "csv"),
    "thuiszitters": ("xlsx", "csv"),
    "inspectie-thuiszitters": ("xlsx",),
}


class Command(BaseCommand):
    help = _("Maakt een rapportage of standaarduitvoer als bestand (PDF, Word, Excel of CSV).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS + sorted(EXTRA_KINDS), help=_("Soort uitvoer."))
        parser.add_argument(
            "--plan",
            default="",
            help=_("Code van het ondersteuningsplan, bijv. spow-osp-2024-2028 (niet bij inspectie-thuiszitters)."),
        )
        parser.add_argument(
            "--kwartaal",
            default="",
            help=_("Bij inspectie-thuiszitters: kwartaal van het schooljaar, bijv. K2-2024 (november-januari)."),
        )
        parser.add_argument("--tertiaal", default="", help=_("Tertiaal, bijv. T3-2024 of 'T3 2024'."))
        parser.add_argument(
            "--schooljaar",
            type=int,
            default=None,
            help=_("Beginjaar van het jaarplan (standaard: dat van het tertiaal)."),
        )
        parser.add_argument(
            "--versie",
            type=int,
            default=None,
            help=_("Bij ondersteuningsplan: nummer van een vastgelegde versie van het concept."),
        )
        parser.add_argument("--format", dest="fmt", default="", help=_("pdf, docx, xlsx of csv."))
        option(
            parser, "-o", "--uitvoer", old="--output", dest="output", required=True, help=_("Bestand om te schrijven.")
        )
        parser.add_argument(
            "--rol",
            default="bureau",
            choices=["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"],
            help=_(
                "Voor wie de uitvoer is (standaard bureau): bepaalt wat wordt afgeschermd. "
                "Een tertiaalrapportage is altijd voor haar lezers (toezicht)."
            ),
        )
        parser.add_argument(
            "--swv", default="", help=_("SWV-code, nodig als meer SWV's een plan met deze code hebben.")
        )

    def handle(self, kind, plan, tertiaal, schooljaar, fmt, output, swv, rol="bureau", kwartaal="", **options):
        self.role = rol
        self.version = options.get("versie")
        from koers.plans.models import Plan

        formats = EXTRA_KINDS[kind].formats if kind in EXTRA_KINDS else FORMATS[kind]
        fmt = (fmt or Path(output).suffix.lstrip(".") or formats[0]).lower()
        if fmt not in formats:
            raise CommandError(
                _("%(kind)s kan alleen als %(formats)s.") % {"kind": kind, "formats": " of ".join(formats)}
            )
        if kind == "inspectie-thuiszitters":
            data = self._inspectie(swv, kwartaal)
            Path(output).write_bytes(data)
            self.stdout.write(
                self.style.SUCCESS(_("Geschreven: %(file)s (%(n)s bytes)") % {"file": output, "n": len(data)})
            )
            return
        if not plan:
            raise CommandError(_("Geef het plan op, bijv. --plan spow-osp-2024-2028."))
        plans = Plan.unscoped.filter(code=plan).select_related("swv")
        if swv:
            from koers.core.normalise import normalise_swv_code

            plans = plans.filter(swv__code=normalise_swv_code(swv))
        plans = list(plans)
        if not plans:
            raise CommandError(_("Geen plan met code %(code)s gevonden.") % {"code": plan})
        if len(plans) > 1:
            raise CommandError(_("Meer SWV's hebben een plan met deze code; geef --swv op."))
        plan_obj = plans[0]
        period = None
        if tertiaal:
            try:
                period = Tertiaal.parse(tertiaal)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        elif kind == "tertiaalrapportage":
            raise CommandError(_("Geef het tertiaal op, bijv. --tertiaal T3-2024."))
        data = self._build(kind, plan_obj, period, schooljaar, fmt)
        Path(output).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(_("Geschreven: %(file)s (%(n)s bytes)") % {"file": output, "n": len(data)})
        )

    def _inspectie(self, swv, kwartaal) -> bytes:
        from koers.accounts.audience import for_command_line
        from koers.monitoring import inspectie
        from koers.organisations.cli import find_swv
        from koers.reports.standard import for_sharing

        if not swv:
            raise CommandError(_("Geef het samenwerkingsverband op, bijv. --swv PO2806."))
        if not kwartaal:
            raise CommandError(_("Geef het kwartaal op, bijv. --kwartaal K2-2024 (schooljaar 2024-2025)."))
        try:
            quarter = inspectie.Quarter.parse(kwartaal)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        audience = for_sharing(for_command_line(find_swv(swv), self.role))
        return inspectie.workbook(audience, quarter)

    def _year_plan(self, plan, period, schooljaar):
        year = schooljaar if schooljaar is not None else (school_year_of(period.start) if period else None)
        year_plans = plan.year_plans.all()
        year_plan = year_plans.filter(school_year=year).first() if year is not None else year_plans.first()
        if year_plan is None:
            raise CommandError(_("Het plan heeft geen jaarplan voor dat schooljaar."))
        return year_plan

    def _build(self, kind, plan, period, schooljaar, fmt) -> bytes:
        from koers.accounts.audience import for_command_line, for_readers
        from koers.reports import content, files, render, standard

        if kind in EXTRA_KINDS:
            try:
                return EXTRA_KINDS[kind].build(plan, fmt, version=self.version)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if kind == "tertiaalrapportage":
            year_plan = self._year_plan(plan, period, schooljaar)
            payload = content.tertiaal_payload(year_plan, period, for_readers(year_plan.swv))
            return render.render_pdf(payload) if fmt == "pdf" else files.document_docx(payload)
        if kind == "jaarplan":
            payload = content.year_plan_payload(self._year_plan(plan, period, schooljaar))
            return render.render_pdf(payload) if fmt == "pdf" else files.document_docx(payload)
        audience = for_command_line(plan.swv, self.role)
        if kind == "dataset":
            if not audience.pupil_level:
                raise CommandError(
                    _("De dataset bevat leerlinggegevens; die mag de rol %(r)s niet zien.") % {"r": self.role}
                )
            return standard.monthly_dataset(audience, period)
        table = (
            standard.tlv_per_bestuur(audience, period)
            if kind == "tlv-per-bestuur"
            else standard.thuiszitters(audience, period)
        )
        return table.to_csv().encode("utf-8-sig") if fmt == "csv" else table.to_xlsx()
