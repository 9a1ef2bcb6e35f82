from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from koers.core.importing import Limits, ReadError, read_limited
from koers.core.management.options import option
from koers.monitoring import services
from koers.monitoring.importing import import_file
from koers.monitoring.importing.mapping import MAPPING_MAX_BYTES, mapping_from_file
from koers.monitoring.importing.registers import ALL_REGISTER_LABELS
from koers.monitoring.models import ColumnMapping, ImportRun
from koers.organisations.models import Swv


class Command(BaseCommand):
    help = (
        "Importeer een registerbestand: koers import REGISTER BESTAND [--koppeling NAAM|bestand.json] [--swv CODE]. "
        "koers import --opruimen wist wachtende uploads die over hun bewaartijd zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("register", nargs="?", choices=sorted(ALL_REGISTER_LABELS))
        parser.add_argument("file", nargs="?")
        option(
            parser,
            "--koppeling",
            old="--mapping",
            dest="mapping",
            help="Naam van een kolomkoppeling, of een JSON/YAML-bestand met columns/values",
        )
        parser.add_argument("--swv", help="SWV-code (nodig als er meer dan één samenwerkingsverband is)")
        option(
            parser,
            "--accepteer-waarschuwingen",
            old="--accept-warnings",
            dest="accept_warnings",
            action="store_true",
            help="Ook importeren als er alleen waarschuwingen zijn",
        )
        option(
            parser,
            "--verwijder-ontbrekende",
            old="--remove-missing",
            dest="remove_missing",
            action="store_true",
            help="Regels die niet meer in het bestand staan verwijderen",
        )
        parser.add_argument(
            "--opruimen",
            action="store_true",
            help="Wis de versleutelde bestanden van imports die over hun bewaartijd (KOERS_UPLOAD_HOURS) zijn",
        )

    def handle(self, register=None, file=None, mapping=None, swv=None, accept_warnings=False, remove_missing=False,
               opruimen=False, **options):  # fmt: skip
        if opruimen:
            wiped = services.purge_expired_uploads()
            self.stdout.write(f"{wiped} wachtende upload(s) gewist.")
            if not register:
                return
        if not register or not file:
            raise CommandError("Geef REGISTER en BESTAND, of --opruimen.")
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
                if register not in ("tlv", "arrangement", "verzuim", "terugplaatsing"):
                    raise CommandError("Een kolomkoppeling is alleen voor de registers tlv, arrangement, verzuim en "
                                       "terugplaatsing.")  # fmt: skip
                with open(mapping, "rb") as handle:
                    data = handle.read(MAPPING_MAX_BYTES + 1)
                try:  # the same reading and check as a mapping file uploaded in the browser
                    spec = mapping_from_file(Path(mapping).name, data, register=register)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from None
                mapping_obj = ColumnMapping(
                    swv=swv_obj, name=spec["name"], register=register, columns=spec["columns"], values=spec["values"]
                )
            else:
                mapping_obj = ColumnMapping.objects.for_swv(swv_obj).filter(register=register, name=mapping).first()
                if mapping_obj is None:
                    raise CommandError(f"Kolomkoppeling '{mapping}' bestaat niet voor dit register.")
        limits = Limits.current()
        try:
            if path.stat().st_size > limits.max_bytes:
                raise ReadError(f"{path.name}: te groot.")
            with open(path, "rb") as handle:
                data = read_limited(handle, limits)
        except ReadError:
            from koers.core.importing import too_large_message

            raise CommandError(too_large_message(limits.max_bytes)) from None

        def show(value):
            self.stdout.write(f"\rVoortgang: {value:3d}%", ending="")
            self.stdout.flush()

        run = import_file(
            swv_obj,
            register,
            path.name,
            data,
            mapping=mapping_obj,
            accept_warnings=accept_warnings,
            remove_missing=remove_missing,
            progress=show,
        )
        del data
        self.stdout.write("")
        for p in run.problems[:200]:
            where = f"{p['file']}" + (f" › {p['sheet']}" if p.get("sheet") else "")
            column = p["column"] or "-"
            if p.get("field") and p["field"] != p["column"]:
                column += f" ({p['field']})"
            self.stdout.write(f"{where} rij {p['row'] if p['row'] is not None else '-'} kolom {column}: "
                              f"{p['level']}: {p['problem']}")  # fmt: skip
        self.stdout.write(
            f"{run.get_status_display()}: {run.added} toegevoegd, {run.changed} gewijzigd, {run.unchanged} ongewijzigd, "
            f"{run.removed} niet meer in het bestand."
        )
        if run.status == ImportRun.Status.FAILED:
            first = next((p["problem"] for p in run.problems if p.get("level") == "fout"), "")
            raise CommandError(f"Er is niets geïmporteerd. {first}".strip())
