"""`make voorbeeldplan`: writes docs/voorbeelden/voorbeeldplan.xlsx again from docs/voorbeelden/voorbeeldplan.yaml.

The one command that changes the example workbook, on purpose (a test never writes a tracked file). It reads the
YAML example into a throw-away in-memory database and exports the plan as Excel without the ids of that database.
The file is only written when its content changes (the zip of a workbook holds a timestamp)."""

import os
import sys
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "koers.conf.ci"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from koers.organisations.models import Swv  # noqa: E402
from koers.plans.io.excel_format import workbook_values  # noqa: E402
from koers.plans.io.exporter import export_plan  # noqa: E402
from koers.plans.io.importer import import_plan_file  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs" / "voorbeelden"


def main() -> int:
    call_command("migrate", verbosity=0)
    swv = Swv.objects.create(code="PO2801", name="Samenwerkingsverband Voorbeeld", short_name="Voorbeeld")
    plan = import_plan_file(DOCS / "voorbeeldplan.yaml", swv=swv)
    workbook = export_plan(plan, "xlsx", ids=False)
    target = DOCS / "voorbeeldplan.xlsx"
    if target.exists() and workbook_values(target.read_bytes()) == workbook_values(workbook):
        print(f"{target.name} is al bijgewerkt.")
        return 0
    target.write_bytes(workbook)
    print(f"{target.name} opnieuw geschreven; commit het bestand samen met voorbeeldplan.yaml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
