"""koers plan import / export."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from koers.plans.models import Activity, Plan

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"


def test_import_then_export_both_formats(swv, tmp_path, capsys):
    call_command("plan", "import", str(EXAMPLE), "--swv", swv.code)
    assert "ingelezen" in capsys.readouterr().out
    for fmt in ("xlsx", "yaml"):
        target = tmp_path / f"plan.{fmt}"
        call_command("plan", "export", "voorbeeld-osp-2024-2028", "--format", fmt, "-o", str(target), "--swv", swv.code)
        assert target.stat().st_size > 100
    with pytest.raises(CommandError):  # the example plan is adopted: replacing it needs a reason
        call_command("plan", "import", str(tmp_path / "plan.xlsx"))
    call_command("plan", "import", str(tmp_path / "plan.xlsx"), "--reden", "Bijgewerkt")  # one SWV: --swv optional
    assert Plan.unscoped.count() == 1 and Activity.unscoped.count() == 2


def test_import_errors_are_printed_per_problem(swv, tmp_path, capsys):
    bad = tmp_path / "fout.yaml"
    bad.write_text(
        EXAMPLE.read_text()
        .replace("status: loopt", "status: klaar")
        .replace("deadline: 31-07-2025", "deadline: morgen")
    )
    with pytest.raises(CommandError, match="Niets opgeslagen: 2"):
        call_command("plan", "import", str(bad), "--swv", swv.code)
    err = capsys.readouterr().err.splitlines()
    assert any("Onbekende status 'klaar'" in line and "fout.yaml" in line for line in err)
    assert any("morgen" in line for line in err)
    assert not Plan.unscoped.exists()


def test_export_errors(swv, other_swv, tmp_path):
    with pytest.raises(CommandError, match="Geen plan"):
        call_command("plan", "export", "bestaat-niet", "-o", str(tmp_path / "x.yaml"))
    with pytest.raises(CommandError, match="xlsx of"):
        call_command("plan", "export", "x", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--swv"):
        call_command("plan", "import", str(EXAMPLE))
