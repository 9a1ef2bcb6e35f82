import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.accounts.audience import for_command_line
from koers.core.audience import Audience
from koers.core.export_safety import csv_dict_writer
from koers.core.management.options import option
from koers.core.periods import parse_dutch_date
from koers.monitoring import definitions
from koers.monitoring.measures import KINDS, REGISTRY
from koers.monitoring.measures.library import national_for
from koers.organisations.cli import find_swv


class Command(BaseCommand):
    help = "Alle maten van een samenwerkingsverband op een peildatum, als JSON of CSV."

    def add_arguments(self, parser):
        parser.add_argument("--swv", required=True, help="SWV-code, bijvoorbeeld PO2806")
        option(parser, "--datum", old="--date", dest="date", required=True, help="JJJJ-MM-DD of dd-mm-jjjj")
        parser.add_argument("--format", choices=["json", "csv"], default="json", help="json (standaard) of csv")
        option(
            parser, "--periode", old="--period", dest="period", choices=KINDS, help="Periode; standaard die van de maat"
        )
        parser.add_argument(
            "--rol",
            default="bureau",
            choices=["beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"],
            help="Voor wie de waarden zijn (standaard bureau): wie geen leerlinggegevens mag zien, krijgt kleine "
            "aantallen afgeschermd",
        )
        option(
            parser, "--publiek", old="--public", dest="public", action="store_true", help="Zoals op de publieke pagina"
        )
        parser.add_argument(
            "--noemer",
            choices=list(definitions.DENOMINATORS),
            help="Deelnamepercentages: bo_sbo (BO + SBO, Vensters) of bo_sbo_so (BO + SBO + SO); standaard die van "
            "de maat",
        )
        parser.add_argument(
            "--teldatum",
            choices=list(definitions.COUNT_DATES),
            help="Leerlingtelling: 1-oktober (standaard) of 1-februari",
        )
        parser.add_argument(
            "--zonder-aanvraagsoort",
            dest="excluded",
            action="append",
            default=[],
            metavar="SOORT",
            help="TLV-maten: deze aanvraagsoort telt niet mee (hoofdletters en spaties maken niet uit); "
            "herhaalbaar, bijv. --zonder-aanvraagsoort Arrangement",
        )
        parser.add_argument(
            "--interval",
            choices=list(definitions.INTERVALS),
            help="Doorlooptijden: ontvangst_compleet, compleet_besluit of ontvangst_besluit; standaard die van de maat",
        )

    def handle(self, swv, date, format, period=None, public=False, rol="bureau", noemer=None, teldatum=None, **options):
        chosen = {
            definitions.DENOMINATOR: noemer,
            definitions.COUNT_DATE: teldatum,
            definitions.EXCLUDED_KINDS: options.get("excluded") or [],
            definitions.INTERVAL: options.get("interval"),
        }
        try:
            chosen = definitions.clean(chosen)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        swv_obj = find_swv(swv)
        on = parse_dutch_date(date)
        if on is None:
            raise CommandError(
                f"Ongeldige datum '{date}' bij --datum: verwacht JJJJ-MM-DD of dd-mm-jjjj, bijvoorbeeld 2024-10-01."
            )
        audience = Audience.public(swv_obj) if public else for_command_line(swv_obj, rol)
        rows = []
        for code, m in REGISTRY.items():
            params = {k: v for k, v in chosen.items() if k in definitions.applicable(code)}
            r = m.value(audience, on, period=period or m.default_period, **params)
            rows.append(
                {
                    "code": code,
                    "naam": str(m.name),
                    "periode": period or m.default_period,
                    "waarde": None if r.value is None else str(r.value),
                    "weergave": r.display,
                    "definitie": str(m.definition),
                    "gebruikte_definitie": definitions.sentence(code, params, swv=swv_obj, on=on),
                    "landelijk": _national(swv_obj, on, code, r),
                }
            )
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"swv": swv_obj.code, "peildatum": on.isoformat(), "maten": rows}, ensure_ascii=False, indent=2
                )
            )
        else:
            writer = csv_dict_writer(sys.stdout, list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows({**r, "landelijk": (r["landelijk"] or {}).get("tekst", "")} for r in rows)


def _national(swv, on, code, result):
    """The national figure and the SWV's rank (None for a measure without one); no rank beside a hidden value."""
    found = national_for(swv, on, code)
    if found and result.suppressed:
        text = _("landelijk cijfer peiljaar %(y)s") % {"y": found["peiljaar"]} if found["peiljaar"] else found["tekst"]
        found = {**found, "plaats": None, "van": None, "tekst": text}
    return found
