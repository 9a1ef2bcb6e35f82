import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from koers.core.periods import parse_dutch_date
from koers.monitoring.measures import KINDS, REGISTRY
from koers.organisations.models import Swv


class Command(BaseCommand):
    help = "Alle maten van een samenwerkingsverband op een peildatum, als JSON of CSV."

    def add_arguments(self, parser):
        parser.add_argument("--swv", required=True)
        parser.add_argument("--date", required=True, help="JJJJ-MM-DD of dd-mm-jjjj")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--period", choices=KINDS, help="Periode; standaard die van de maat")
        parser.add_argument("--public", action="store_true", help="Kleine aantallen afschermen")

    def handle(self, swv, date, format, period=None, public=False, **options):
        swv_obj = Swv.objects.filter(code=swv.replace(" ", "").replace("-", "").upper()).first()
        on = parse_dutch_date(date)
        if swv_obj is None or on is None:
            raise CommandError("Onbekend samenwerkingsverband of ongeldige datum.")
        rows = []
        for code, m in REGISTRY.items():
            r = m.value(swv_obj, on, period=period or m.default_period, public=public)
            rows.append(
                {
                    "code": code,
                    "naam": str(m.name),
                    "periode": period or m.default_period,
                    "waarde": None if r.value is None else str(r.value),
                    "weergave": r.display,
                    "definitie": str(m.definition),
                }
            )
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"swv": swv_obj.code, "peildatum": on.isoformat(), "maten": rows}, ensure_ascii=False, indent=2
                )
            )
        else:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
