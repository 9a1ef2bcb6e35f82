"""koers ronde open --tertiaal T3-2024 --deadline 15-12-2024 --door GEBRUIKER [--swv CODE] [--plan CODE]
| koers ronde status [--swv CODE]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from koers.core.management.options import option
from koers.core.periods import Tertiaal, parse_dutch_date, parse_school_year
from koers.organisations.cli import find_swv


def _messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


class Command(BaseCommand):
    help = "Voortgangsrondes: een ronde openen (eigenaren krijgen een verzoek) of de stand van de rondes tonen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="open|status", required=True)
        opening = sub.add_parser("open", help="Een voortgangsronde openen voor een tertiaal van een jaarplan.")
        opening.add_argument("--swv", default="", help="SWV-code, bijv. PO2806; nodig als er meer SWV's zijn.")
        opening.add_argument("--plan", default="", help="Plancode; nodig als het SWV meer plannen heeft.")
        opening.add_argument("--tertiaal", required=True, help="Tertiaal, bijv. T3-2024 of 'T3 2024'.")
        option(
            opening,
            "--schooljaar",
            old="--school-year",
            dest="schooljaar",
            default="",
            help="Schooljaar van het jaarplan, bijv. 2024-2025 (standaard: het schooljaar van het tertiaal).",
        )
        opening.add_argument("--deadline", required=True, help="Uiterste datum, dd-mm-jjjj of JJJJ-MM-DD.")
        option(
            opening,
            "--door",
            old="--user",
            dest="door",
            required=True,
            metavar="GEBRUIKERSNAAM",
            help="Wie de ronde opent (komt in de historie en als afzender van het verzoek).",
        )
        option(opening, "--bericht", old="--message", dest="bericht", default="", help="Bericht aan de eigenaren.")
        status = sub.add_parser("status", help="Alle rondes met deadline en hoeveel activiteiten zijn bijgewerkt.")
        status.add_argument("--swv", default="", help="SWV-code, bijv. PO2806; nodig als er meer SWV's zijn.")

    def handle(self, *args, action, **options):
        if action == "open":
            return self.do_open(**options)
        return self.do_status(options["swv"])

    def _year_plan(self, swv, plan_code, school_year_text, tertiaal):
        from koers.plans.models import Plan, YearPlan

        plans = Plan.objects.for_swv(swv).order_by("code")
        if plan_code:
            plans = plans.filter(code=plan_code)
        found = list(plans[:2])
        known = ", ".join(Plan.objects.for_swv(swv).order_by("code").values_list("code", flat=True)) or "geen"
        if not found:
            given = f"geen plan met code '{plan_code}'" if plan_code else "nog geen plan"
            raise CommandError(f"{swv.code} heeft {given}; verwacht een plancode bij --plan. Bekend: {known}.")
        if len(found) > 1:
            raise CommandError(f"{swv.code} heeft meer plannen: geef --plan met een plancode. Bekend: {known}.")
        if school_year_text:
            year = parse_school_year(school_year_text)
            if year is None:
                raise CommandError(
                    f"Ongeldig schooljaar '{school_year_text}' bij --schooljaar: verwacht bijvoorbeeld 2024-2025."
                )
        else:
            year = tertiaal.year if tertiaal.number == 3 else tertiaal.year - 1
        year_plan = YearPlan.objects.for_swv(swv).filter(plan=found[0], school_year=year).first()
        if year_plan is None:
            years = YearPlan.objects.for_swv(swv).filter(plan=found[0]).order_by("school_year")
            known_years = ", ".join(f"{y.school_year}-{y.school_year + 1}" for y in years) or "geen"
            raise CommandError(
                f"Plan {found[0].code} heeft geen jaarplan voor {year}-{year + 1}; verwacht een schooljaar met een "
                f"jaarplan (--schooljaar). Jaarplannen: {known_years}."
            )
        return year_plan

    def do_open(self, swv, plan, tertiaal, schooljaar, deadline, door, bericht, **options):
        from koers.plans.services import open_round

        swv_obj = find_swv(swv)
        parsed = Tertiaal.try_parse(tertiaal)
        if parsed is None:
            raise CommandError(
                f"Ongeldig tertiaal '{tertiaal}' bij --tertiaal: verwacht bijvoorbeeld T3-2024 of T1 2025."
            )
        on = parse_dutch_date(deadline)
        if on is None:
            raise CommandError(
                f"Ongeldige datum '{deadline}' bij --deadline: verwacht dd-mm-jjjj of JJJJ-MM-DD, bijv. 15-12-2024."
            )
        user = get_user_model().objects.filter(username=door).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker '{door}' bij --door: verwacht de gebruikersnaam van een account.")
        year_plan = self._year_plan(swv_obj, plan, schooljaar, parsed)
        try:
            update_round = open_round(year_plan, tertiaal=parsed.key, deadline=on, user=user, message=bericht)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Ronde {parsed} geopend voor {year_plan.title}, deadline {update_round.deadline:%d-%m-%Y}."
            )
        )

    def do_status(self, swv):
        from koers.plans.models import Activity, ActivityUpdate, UpdateRound

        swv_obj = find_swv(swv)
        rounds = UpdateRound.objects.for_swv(swv_obj).select_related("year_plan").order_by("-deadline", "tertiaal")
        if not rounds:
            self.stdout.write(f"{swv_obj.code} heeft nog geen voortgangsronde. Open er een met koers ronde open.")
            return
        self.stdout.write("\t".join(["tertiaal", "jaarplan", "deadline", "stand", "bijgewerkt"]))
        for item in rounds:
            activities = Activity.objects.for_swv(swv_obj).filter(year_plan=item.year_plan)
            total = activities.count()
            updated = (
                ActivityUpdate.objects.for_swv(swv_obj)
                .filter(activity__in=activities, tertiaal=item.tertiaal)
                .values("activity")
                .distinct()
                .count()
            )
            state = "gesloten" if item.closed_at else "open"
            self.stdout.write(
                "\t".join(
                    [str(Tertiaal.parse(item.tertiaal)), item.year_plan.title, f"{item.deadline:%d-%m-%Y}", state,
                     f"{updated} van {total} activiteiten"]
                )
            )  # fmt: skip
