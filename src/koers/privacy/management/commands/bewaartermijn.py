from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from koers.organisations.models import Swv
from koers.privacy import services


class Command(BaseCommand):
    help = (
        "Leerlinggegevens na de bewaartermijn verwijderen. Zonder --uitvoeren laat het alleen zien wat verwijderd "
        "zou worden (per register en samenwerkingsverband)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--swv", help="Alleen dit samenwerkingsverband (code, bijv. PO2801)")
        parser.add_argument(
            "--uitvoeren",
            action="store_true",
            help="Echt verwijderen (na het vastleggen van de uitkomsten), in één keer voor alle samenwerkingsverbanden",
        )

    def handle(self, swv=None, uitvoeren=False, **options):
        swvs = Swv.objects.order_by("code")
        if swv:
            code = swv.replace(" ", "").replace("-", "").upper()
            swvs = swvs.filter(code=code)
            if not swvs.exists():
                raise CommandError(f"Onbekend samenwerkingsverband: {swv}")
        labels = [str(r.label) for r in services.REGISTERS]
        self.stdout.write(
            ("Verwijderd" if uitvoeren else "Proefdraai, er wordt niets verwijderd. Zou worden verwijderd") + ":"
        )
        self.stdout.write("\t".join(["SWV", "termijn", "afgesloten t/m", *labels, "totaal", "bevroren"]))
        total = 0
        with transaction.atomic():
            for item in swvs:
                if uitvoeren:
                    plan, record = services.apply_retention(item)
                    frozen = record.bevroren if record else 0
                else:
                    plan, frozen = services.retention_plan(item), "-"
                total += plan.total
                counts = [str(plan.counts[r.code]) for r in services.REGISTERS]
                self.stdout.write(
                    "\t".join(
                        [item.code, f"{plan.years} jaar", plan.cutoff.strftime("%d-%m-%Y"), *counts]
                        + [str(plan.total), str(frozen)]
                    )
                )
        # evidence files of progress updates may hold personal data: past the retention period their content goes
        # (what they were called stays, so the report still names them)
        from koers.plans.services import expired_evidence, wipe_expired_evidence

        evidence = 0
        for item in swvs:
            cutoff = services.cutoff_for(services.years_for(item))
            evidence += wipe_expired_evidence(item, cutoff) if uitvoeren else expired_evidence(item, cutoff).count()
        if uitvoeren:
            self.stdout.write(f"Bewijsstukken over de bewaartermijn gewist: {evidence}.")
        else:
            self.stdout.write(f"Bewijsstukken over de bewaartermijn (zouden worden gewist): {evidence}.")
        # invitees of a feedback round (people without an account): name and e-mail go a while after the round
        # closed; their comments stay in the appendix, signed by their group ("een ouder")
        from django.conf import settings

        from koers.consultation.services import expired_invitees, purge_invitees

        days = int(settings.KOERS_GENODIGDEN_BEWAARDAGEN)
        invitees = sum(
            purge_invitees(item, days=days) if uitvoeren else expired_invitees(item, days=days).count() for item in swvs
        )
        if uitvoeren:
            self.stdout.write(f"Genodigden van reactierondes gewist (naam en e-mailadres): {invitees}.")
        else:
            self.stdout.write(f"Genodigden van reactierondes over hun bewaartijd (zouden worden gewist): {invitees}.")
        # uploads that wait for the worker or a confirmation hold BSNs and names (encrypted): past their expiry
        # they go, also in a trial run (nothing of value is lost; the file can be chosen again)
        from koers.monitoring.services import purge_expired_uploads

        wiped = purge_expired_uploads()
        self.stdout.write(f"Wachtende uploads over hun bewaartijd gewist: {wiped}.")
        if not uitvoeren:
            self.stdout.write(f"Totaal {total} {'regel' if total == 1 else 'regels'}. Voer uit met --uitvoeren.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Totaal {total} {'regel' if total == 1 else 'regels'} verwijderd en vastgelegd.")
            )
