import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from koers.monitoring.importing import import_file
from koers.monitoring.importing.registers import ALL_REGISTER_LABELS
from koers.monitoring.models import ColumnMapping, ImportRun
from koers.organisations.models import Swv


class Command(BaseCommand):
    help = "Importeer een registerbestand: koers import REGISTER BESTAND [--mapping NAAM|bestand.json] [--swv CODE]"

    def add_arguments(self, parser):
        parser.add_argument("register", choices=sorted(ALL_REGISTER_LABELS))
        parser.add_argument("file")
        parser.add_argument(
            "--mapping", help="Naam van een kolomkoppeling, of een JSON/YAML-bestand met columns/values"
        )
        parser.add_argument("--swv", help="SWV-code (nodig als er meer dan één samenwerkingsverband is)")
        parser.add_argument(
            "--accept-warnings", action="store_true", help="Ook importeren als er alleen waarschuwingen zijn"
        )
        parser.add_argument(
            "--remove-missing", action="store_true", help="Regels die niet meer in het bestand staan verwijderen"
        )

    def handle(self, register, file, mapping=None, swv=None, accept_warnings=False, remove_missing=False, **options):
        swvs = Swv.objects.filter(code=swv.replace(" ", "").replace("-", "").upper()) if swv else Swv.objects.all()
        if swvs.count() != 1:
            raise CommandError("Kies het samenwerkingsverband met --swv CODE.")
        swv_obj = swvs.get()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand {file} bestaat niet.")
        mapping_obj = None
        if mapping:
            if Path(mapping).is_file():
                text = Path(mapping).read_text(encoding="utf-8")
                if mapping.endswith((".yaml", ".yml")):
                    import yaml

                    spec = yaml.safe_load(text)
                else:
                    spec = json.loads(text)
                mapping_obj = ColumnMapping(
                    swv=swv_obj,
                    name=Path(mapping).stem,
                    register=register,
                    columns=spec.get("columns", {}),
                    values=spec.get("values", {}),
                )
            else:
                mapping_obj = ColumnMapping.objects.for_swv(swv_obj).filter(register=register, name=mapping).first()
                if mapping_obj is None:
                    raise CommandError(f"Kolomkoppeling '{mapping}' bestaat niet voor dit register.")

        def show(value):
            self.stdout.write(f"\rVoortgang: {value:3d}%", ending="")
            self.stdout.flush()

        run = import_file(
            swv_obj,
            register,
            path.name,
            path.read_bytes(),
            mapping=mapping_obj,
            accept_warnings=accept_warnings,
            remove_missing=remove_missing,
            progress=show,
        )
        self.stdout.write("")
        for p in run.problems[:200]:
            self.stdout.write(f"{p['file']} rij {p['row']} kolom {p['column'] or '-'}: {p['level']}: {p['problem']}")
        self.stdout.write(
            f"{run.get_status_display()}: {run.added} toegevoegd, {run.changed} gewijzigd, {run.unchanged} ongewijzigd, "
            f"{run.removed} niet meer in het bestand."
        )
        if run.status == ImportRun.Status.FAILED:
            raise CommandError("Er is niets geïmporteerd.")
