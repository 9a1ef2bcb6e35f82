"""koers swv list | koers swv add CODE --naam NAAM --beheerder GEBRUIKER | koers swv show CODE"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from koers.core.management.options import option
from koers.core.normalise import normalise_swv_code
from koers.organisations.cli import CODE_HINT, find_swv


class Command(BaseCommand):
    help = "Samenwerkingsverbanden van deze installatie: tonen (list, show) en toevoegen (add)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="list|add|show", required=True)
        sub.add_parser("list", help="Alle samenwerkingsverbanden: code, sector, korte naam, naam.")
        adding = sub.add_parser(
            "add", help="Een samenwerkingsverband toevoegen, met een bestaande gebruiker als beheerder."
        )
        adding.add_argument("code", metavar="CODE", help="SWV-code van DUO, bijvoorbeeld PO2806.")
        option(adding, "--naam", old="--name", dest="naam", required=True, help="Volledige naam.")
        option(adding, "--korte-naam", old="--short-name", dest="korte_naam", default="", help="Bijvoorbeeld SPOW.")
        option(
            adding,
            "--beheerder",
            old="--admin",
            dest="beheerder",
            required=True,
            metavar="GEBRUIKERSNAAM",
            help="Bestaande gebruiker die beheerder wordt (en anderen kan uitnodigen).",
        )
        showing = sub.add_parser("show", help="Eén samenwerkingsverband: gegevens, plannen, leden en rondes.")
        showing.add_argument("code", metavar="CODE", help="SWV-code, bijvoorbeeld PO2806.")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_list(self, **options):
        from koers.organisations.models import Swv

        rows = list(Swv.objects.order_by("code").values_list("code", "sector", "short_name", "name", "is_demo"))
        if not rows:
            self.stdout.write("Nog geen samenwerkingsverband. Voeg er een toe met koers swv add CODE --naam NAAM.")
            return
        self.stdout.write("\t".join(["code", "sector", "korte naam", "naam", "demo"]))
        for code, sector, short, name, demo in rows:
            self.stdout.write("\t".join([code, sector, short or "-", name, "ja" if demo else "nee"]))

    def do_add(self, code, naam, korte_naam, beheerder, **options):
        from koers.onboarding.services import add_swv_from_command_line

        try:
            normalised = normalise_swv_code(code)
        except ValueError:
            raise CommandError(f"Ongeldige SWV-code '{code}': verwacht {CODE_HINT}.") from None
        user = get_user_model().objects.filter(username=beheerder).first()
        if user is None:
            raise CommandError(
                f"Onbekende gebruiker '{beheerder}' bij --beheerder: verwacht de gebruikersnaam van een bestaand "
                "account (maak er een met koers createsuperuser, of nodig later iemand uit op de pagina Leden)."
            )
        try:
            swv = add_swv_from_command_line(code=normalised, name=naam, short_name=korte_naam, beheerder=user)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Samenwerkingsverband {swv.code} ({swv.name}) toegevoegd; beheerder: {user.username}.")
        )

    def do_show(self, code, **options):
        from koers.accounts.models import Membership
        from koers.organisations.models import School, Schoolbestuur
        from koers.plans.models import Plan, UpdateRound

        swv = find_swv(code, option="CODE")
        lines = [
            ("code", swv.code),
            ("naam", swv.name),
            ("korte naam", swv.short_name or "-"),
            ("sector", swv.get_sector_display()),
            ("demo", "ja" if swv.is_demo else "nee"),
            ("besturen", str(Schoolbestuur.objects.for_swv(swv).count())),
            ("scholen", str(School.objects.for_swv(swv).count())),
        ]
        plans = list(Plan.objects.for_swv(swv).order_by("first_year", "code").values_list("code", flat=True))
        lines.append(("plannen", ", ".join(plans) or "geen"))
        members = {}
        for role in Membership.objects.for_swv(swv).order_by("role__name").values_list("role__name", flat=True):
            members[role] = members.get(role, 0) + 1
        lines.append(("leden", ", ".join(f"{role}: {n}" for role, n in members.items()) or "geen"))
        open_rounds = UpdateRound.objects.for_swv(swv).filter(closed_at__isnull=True).order_by("deadline", "tertiaal")
        lines.append(
            ("open rondes", ", ".join(f"{r.tertiaal} (deadline {r.deadline:%d-%m-%Y})" for r in open_rounds) or "geen")
        )
        width = max(len(label) for label, _value in lines)
        for label, value in lines:
            self.stdout.write(f"{label.ljust(width)}  {value}")
