"""The benchmark command at a small scale (no timings asserted)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from koers.monitoring import bench
from koers.monitoring.models import Tlv
from koers.organisations.models import Swv


def test_bench_command_small_scale(db, capsys):
    call_command("bench", "--scale", "0.01", "--swvs", "2")
    out = capsys.readouterr().out
    for text in (
        "Import incl. validatie en pseudonimisering (regels/s)",
        "Maat x periode, uitgesplitst per bestuur: traagste (s)",
        "Maat x periode, uitgesplitst per werkgebied: traagste (s)",
        "Maat x periode, uitgesplitst per school: traagste (s)",
        "Landelijk: import incl. validatie en pseudonimisering (regels/s)",
        "Landelijke vergelijking",
        "Rapportages (PDF tertiaalrapportage, dashboard)",
        "overgeslagen: geen demo",
    ):
        assert text in out
    assert "Referentie (DuckDB over de CSV-bestanden) komt overeen" in out
    assert "VERSCHIL" not in out and "NEE" not in out
    for line in out.splitlines():
        if line.strip().startswith("Referentie ") and ":" in line:
            assert line.rstrip().endswith("gehaald") and "NIET" not in line, line
    assert not Swv.objects.filter(name=bench.BENCH_NAME).exists()  # nothing left behind without --keep


def test_bench_keep_leaves_data(db, capsys):
    call_command("bench", "--scale", "0.002", "--keep", "--zonder-rapportages")
    assert Tlv.unscoped.filter(swv__code=bench.LARGE_CODE).exists()
    bench.cleanup()
    assert not Swv.objects.filter(name=bench.BENCH_NAME).exists()


def test_bench_only_named_parts(db, capsys):
    call_command("bench", "--scale", "0.005", "--alleen", "stromen, Verzuim")
    out = capsys.readouterr().out
    assert "Leerlingstromen: referentie (DuckDB over de CSV-bestanden) komt overeen" in out
    assert "Verzuimredenen (top 5), schooljaar (s)" in out
    for left_out in ("Maat x periode", "Weigeren YAML-aliasbom", "Rapportages", "Landelijk"):
        assert left_out not in out
    assert "NIET GEHAALD" not in out.split("Leerlingstromen: referentie")[1].splitlines()[0]
    assert not Swv.objects.filter(name=bench.BENCH_NAME).exists()


def test_bench_unknown_part_is_refused_in_dutch(db):
    with pytest.raises(CommandError, match="Onbekend onderdeel bij --alleen: snelheid. Kies uit: maten, stromen"):
        call_command("bench", "--alleen", "maten,snelheid")
    assert not Swv.objects.filter(name=bench.BENCH_NAME).exists()
