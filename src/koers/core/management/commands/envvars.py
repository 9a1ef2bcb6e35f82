from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.conf.env import REGISTRY


class Command(BaseCommand):
    help = _("Toont alle omgevingsvariabelen van Koers met hun standaardwaarde en uitleg (Markdown met --markdown).")

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help=_("Schrijf een Markdown-tabel."))

    def handle(self, *args, markdown=False, **options):
        items = sorted(REGISTRY.values(), key=lambda v: v.name)
        if markdown:
            self.stdout.write("| " + " | ".join([_("Variabele"), _("Standaard"), _("Uitleg")]) + " |")
            self.stdout.write("| --- | --- | --- |")
            for var in items:
                default = var.default if var.default not in ("", None, []) else "(leeg)"
                if var.name in {"KOERS_BASE_DIR", "KOERS_VAR_DIR", "DATABASE_URL"}:
                    default = "(afgeleid van de installatiemap)"
                self.stdout.write(f"| `{var.name}` | `{default}` | {var.help_text} |")
            return
        for var in items:
            self.stdout.write(f"{var.name}={var.default!r}\n    {var.help_text}")
