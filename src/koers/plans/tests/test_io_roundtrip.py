"""Export → import → export gives the same content, for both demo plans, in both formats; the docs example."""

from pathlib import Path

import pytest

from koers.demo.setup import DATA_DIR
from koers.organisations.models import Actor, Gremium, StaffMember
from koers.plans.io.excel_format import workbook_values
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import import_plan, import_plan_file
from koers.plans.models import Activity, Adoption, Indicator, MainActivity, Plan, YearPlan

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden"
DEMO_FILES = ["spow-jap-2024-2025.yaml", "sppoh-strategiekaart-2023-2024.yaml"]


@pytest.mark.parametrize("name", DEMO_FILES)
def test_yaml_round_trip_is_identical(swv, other_swv, name):
    plan = import_plan_file(DATA_DIR / name, swv=swv)
    first = export_plan(plan, "yaml")
    bare = export_plan(plan, "yaml", ids=False)  # the ids belong to this SWV: another SWV gets a copy without
    again = import_plan(bare, swv=other_swv, fmt="yaml")  # a fresh SWV: nothing carried over from the first import
    assert export_plan(again, "yaml", ids=False) == bare
    in_place = import_plan(first, swv=swv, fmt="yaml", reason="Opnieuw ingelezen")  # in place, same SWV
    assert export_plan(in_place, "yaml") == first


@pytest.mark.parametrize("name", DEMO_FILES)
def test_xlsx_round_trip_is_identical(swv, other_swv, name):
    plan = import_plan_file(DATA_DIR / name, swv=swv)
    first = export_plan(plan, "xlsx", ids=False)
    again = import_plan(first, swv=other_swv, fmt="xlsx", filename="plan.xlsx")
    assert workbook_values(export_plan(again, "xlsx", ids=False)) == workbook_values(first)
    assert export_plan(again, "yaml", ids=False) == export_plan(plan, "yaml", ids=False)  # nothing lost through Excel
    with_ids = export_plan(plan, "xlsx")
    in_place = import_plan(with_ids, swv=swv, fmt="xlsx", filename="plan.xlsx", reason="Opnieuw ingelezen")
    assert workbook_values(export_plan(in_place, "xlsx")) == workbook_values(with_ids)


def test_spow_demo_is_a_faithful_transcription(swv):
    plan = import_plan_file(DATA_DIR / "spow-jap-2024-2025.yaml", swv=swv)
    assert (plan.code, plan.first_year, plan.last_year) == ("spow-osp-2024-2028", 2024, 2027)
    assert (plan.theme_label, plan.goal_label, plan.main_activity_label, plan.activity_label) == (
        "Speerpunt",
        "Doel",
        "Hoofdactiviteit",
        "Jaaractiviteit",
    )
    assert plan.themes.count() == 4 and plan.goals.count() == 7
    year_plan = YearPlan.unscoped.get(plan=plan, school_year=2024)
    assert year_plan.adopted_on.isoformat() == "2024-10-07"
    activities = Activity.unscoped.filter(year_plan=year_plan)
    assert activities.count() == 44
    assert set(activities.values_list("status", flat=True)) == {"niet_gestart"}
    starts = set(activities.values_list("start_text", flat=True))
    assert {"Start schooljaar 2024-2025", "T3 2024", "T1 2025", "T2 2025", "Vanaf schooljaar 2025-2026"} == starts
    assert activities.filter(priority=True).count() == 23  # the <u> runs in the source
    first = activities.get(code="1.1.1")
    assert first.owner.name == "Schoolbesturen" and first.priority
    assert sorted(first.involved.values_list("name", flat=True)) == ["SPOW-bureau", "Scholen"]
    names = set(Actor.unscoped.filter(swv=swv).values_list("name", flat=True))
    for name in ["Scholen", "SPOW-bureau", "Gemeenten", "Lokale jeugdteams", "Leerplicht", "Netwerkpartners", "OOGO"]:
        assert name in names
    for name in ["Ouders", "Scholen per kern", "Scholen in kernen", "Schoolbesturen", "OOGO/LEA-partners"]:
        assert name in names
    assert all(" " not in n or n in {"Scholen per kern", "Scholen in kernen", "Lokale jeugdteams"} for n in names)
    adoptions = Adoption.unscoped.filter(year_plan=year_plan).select_related("gremium")
    assert [(a.gremium.name, a.date.isoformat()) for a in adoptions] == [
        ("Raad van Toezicht", "2024-09-02"),
        ("Medezeggenschapsraad en team SPOW", "2024-09-19"),
        ("Raad van Toezicht", "2024-09-19"),
        ("Ondersteuningsplanraad", "2024-10-07"),
        ("Raad van aangeslotenen", "2024-10-07"),
        ("Raad van Toezicht", "2024-10-07"),
    ]
    assert Gremium.unscoped.get(swv=swv, name="Raad van Toezicht").kind == "RvT"
    budget = year_plan.budget
    assert (budget.total, budget.mandatory_contributions) == (10397136, 5027067)
    assert [line.amount for line in budget.lines.all()] == [3328484, 1182535, 175503, 1031808]
    # the source's own total (5.718.331) is one euro more than its lines add up to; both are kept as written
    assert sum(line.amount for line in budget.lines.all()) == 5718330 and "5.718.331" in budget.note
    portfolio = list(year_plan.portfolio.all())
    assert len(portfolio) == 7
    assert StaffMember.unscoped.get(swv=swv, name="Floor van Loo").function == "strategisch beleidsadviseur a.i."
    thuiszitters = Indicator.unscoped.get(plan=plan, title__startswith="Maximaal 1%")
    assert (thuiszitters.norm_kind, thuiszitters.norm_operator, thuiszitters.norm_value) == ("drempel", "<=", 1)
    assert thuiszitters.norm_direction == "daalt"
    assert MainActivity.unscoped.filter(plan=plan).count() == 23


def test_sppoh_demo_skips_levels(swv):
    plan = import_plan_file(DATA_DIR / "sppoh-strategiekaart-2023-2024.yaml", swv=swv)
    assert (plan.code, plan.first_year, plan.last_year, plan.indicator_label) == (
        "sppoh-osp-2021-2025",
        2021,
        2024,
        "Resultaat",
    )
    assert plan.themes.count() == 6 and not plan.main_activities.exists()
    assert plan.themes.filter(code="5-6", title="Samen leren, ontwikkelen en innoveren").exists()
    sbo = Indicator.unscoped.get(plan=plan, title__contains="SBO <")
    so = Indicator.unscoped.get(plan=plan, title__contains="SO < 1,9")
    assert (sbo.norm_operator, float(sbo.norm_value)) == ("<", 2.5)
    assert (so.norm_operator, float(so.norm_value)) == ("<", 1.9)
    activities = Activity.unscoped.filter(year_plan__plan=plan)
    assert activities.count() == 47
    assert (
        not activities.filter(theme__isnull=True).exists()
        and not activities.filter(main_activity__isnull=False).exists()
    )
    assert activities.filter(owner__name="SPPOH-bureau").count() > 30
    assert "SAMEN VOOR PASSEND ONDERWIJS" in plan.mission


def test_docs_example_imports_cleanly_and_makes_the_workbook(swv):
    plan = import_plan_file(DOCS / "voorbeeldplan.yaml", swv=swv)
    assert plan.code == "voorbeeld-osp-2024-2028"
    workbook = export_plan(plan, "xlsx", ids=False)  # an example for everyone: no ids of this database
    target = DOCS / "voorbeeldplan.xlsx"
    # a test never writes a tracked file: the workbook is made again with `make voorbeeldplan` (scripts/voorbeeldplan.py)
    assert target.exists() and workbook_values(target.read_bytes()) == workbook_values(workbook), (
        "docs/voorbeelden/voorbeeldplan.xlsx hoort niet meer bij voorbeeldplan.yaml (of bij de export van Koers): "
        "maak het opnieuw met `make voorbeeldplan` en commit het bestand."
    )
    again = import_plan_file(DOCS / "voorbeeldplan.xlsx", swv=swv, reason="Opnieuw ingelezen")
    assert export_plan(again, "yaml") == export_plan(plan, "yaml")
    assert Plan.unscoped.filter(swv=swv).count() == 1
