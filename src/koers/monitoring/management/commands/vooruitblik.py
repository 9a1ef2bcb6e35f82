import json

from django.core.management.base import BaseCommand, CommandError

from koers.accounts.audience import for_command_line
from koers.monitoring.forecast import backtest, display
from koers.monitoring.forecast.series import FORECASTABLE, measure_forecast
from koers.organisations.cli import find_swv


class Command(BaseCommand):
    help = "Vooruitblik: voorspelling per maat en bekostigde leerlingen, of de back-test van de methode."

    def add_arguments(self, parser):
        parser.add_argument("--swv", help="SWV-code, bijvoorbeeld PO2806 (niet nodig bij --backtest)")
        parser.add_argument(
            "--rol",
            default="bureau",
            choices=["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"],
            help="Voor wie de waarden zijn (standaard bureau); kleine aantallen worden afgeschermd zoals op het scherm",
        )
        parser.add_argument(
            "--backtest",
            action="store_true",
            help="Back-test op synthetische historie (fout en dekking per jaar vooruit)",
        )
        parser.add_argument("--reeksen", type=int, default=50, help="Aantal synthetische reeksen per scenario (50)")
        parser.add_argument("--seed", type=int, default=2026, help="Startwaarde van het toeval (2026)")

    def handle(self, swv=None, rol="bureau", backtest=False, reeksen=50, seed=2026, **options):
        if backtest:
            if reeksen < 1:
                raise CommandError("--reeksen moet minstens 1 zijn.")
            self.stdout.write(backtest_table(reeksen, seed))
            return
        if not swv:
            raise CommandError("Geef --swv CODE, of --backtest voor de back-test.")
        audience = for_command_line(find_swv(swv), rol)
        out = []
        for code in FORECASTABLE:
            fc = measure_forecast(code, audience)
            out.append(
                {
                    "code": code,
                    "naam": fc.name,
                    "methode": fc.method,
                    "reden": fc.reason,
                    "historie": {h.label: h.display for h in fc.history},
                    "verwacht": [
                        {"schooljaar": p.label, "waarde": p.display, "interval": p.interval_display} for p in fc.points
                    ],
                }
            )
        funded = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items() if k != "categories"}
            for r in display.funded_rows(audience)
        ]
        self.stdout.write(
            json.dumps(
                {"swv": audience.swv.code if audience.swv else swv, "maten": out, "bekostigde_leerlingen": funded},
                ensure_ascii=False,
                indent=2,
            )
        )


def backtest_table(histories: int, seed: int) -> str:
    rows = backtest.run(histories=histories, seed=seed)
    return (
        f"Back-test van de vooruitblik: {histories} synthetische reeksen per scenario, seed {seed}\n\n"
        + backtest.table(rows)
        + "\n"
    )
