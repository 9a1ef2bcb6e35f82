import json
from datetime import date
from decimal import Decimal

from django.core.management import call_command

from koers.monitoring import demo
from koers.monitoring.evaluation import indicator_series
from koers.monitoring.models import Tlv
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything

from .test_import import TLV


def test_demo_generates_and_binds(swv, schools):
    plan = PlanFactory(swv=swv, code="sppoh-osp-2021-2025", first_year=2021, last_year=2025)
    sbo = IndicatorFactory(
        swv=swv,
        plan=plan,
        title="Deelnamepercentage SBO",
        norm_kind="drempel",
        norm_operator="<",
        norm_value=Decimal("2.5"),
        unit="%",
    )
    survey = IndicatorFactory(swv=swv, plan=plan, title="Tevredenheid ouders", unit="%")
    counts = demo.generate(swv, seed=1, scale=0.05)
    assert counts["tlv"] > 0
    sbo.refresh_from_db()
    assert sbo.measure_code == "deelname_sbo_incl_so"
    assert indicator_series(sbo, everything(sbo.swv), until=date(2025, 7, 31))
    assert indicator_series(survey, everything(survey.swv), until=date(2025, 7, 31))


def test_cli_import_and_measures(swv, schools, tmp_path, capsys):
    f = tmp_path / "tlv.csv"
    f.write_text(TLV, encoding="utf-8")
    call_command("import", "tlv", str(f), "--swv", swv.code)
    assert Tlv.unscoped.count() == 2
    assert "2 toegevoegd" in capsys.readouterr().out
    call_command("measures", "--swv", swv.code, "--date", "2025-07-31", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert {m["code"]: m["waarde"] for m in data["maten"]}["tlv_aangevraagd"] == "1"
