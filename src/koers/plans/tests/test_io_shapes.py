"""The three plans of other shapes (domain brief), typed into the import format: they import with every element
counted right and round-trip (export -> import) without loss, in YAML and in Excel."""

from datetime import date
from decimal import Decimal

import pytest

from koers.demo.setup import DATA_DIR
from koers.plans.io.excel_format import workbook_values
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import import_plan, import_plan_file
from koers.plans.models import Activity, Goal, Indicator, MainActivity, Theme, YearGoal

pytestmark = pytest.mark.django_db

SHAPES = {
    "rivierenland-osp-2017-2021.yaml": "wat/wie/wanneer/budget",
    "rivierenland-jaarplan-2024-2025.yaml": "thema/project",
    "rivierenland-themaplan-2024-2025.yaml": "plat",
}


def counts(plan):
    activities = Activity.unscoped.filter(year_plan__plan=plan)
    return {
        "themes": Theme.unscoped.filter(plan=plan).count(),
        "goals": Goal.unscoped.filter(plan=plan).count(),
        "indicators": Indicator.unscoped.filter(plan=plan).count(),
        "projects": MainActivity.unscoped.filter(plan=plan, kind="project").count(),
        "main_activities": MainActivity.unscoped.filter(plan=plan).count(),
        "activities": activities.count(),
        "incidental": activities.filter(incidental=True).count(),
        "budget_refs": activities.exclude(budget_code="").count(),
        "year_goals": YearGoal.unscoped.filter(plan=plan).count(),
        "without_tertiaal": activities.filter(start_tertiaal="").count(),
    }


@pytest.mark.parametrize("name", SHAPES)
def test_yaml_round_trip_keeps_everything(swv, other_swv, name):
    plan = import_plan_file(DATA_DIR / name, swv=swv)
    bare = export_plan(plan, "yaml", ids=False)
    again = import_plan(bare, swv=other_swv, fmt="yaml")
    assert export_plan(again, "yaml", ids=False) == bare
    assert counts(again) == counts(plan)
    first = export_plan(plan, "yaml")
    in_place = import_plan(first, swv=swv, fmt="yaml", reason="Opnieuw ingelezen")
    assert export_plan(in_place, "yaml") == first


@pytest.mark.parametrize("name", SHAPES)
def test_xlsx_round_trip_keeps_everything(swv, other_swv, name):
    plan = import_plan_file(DATA_DIR / name, swv=swv)
    workbook = export_plan(plan, "xlsx", ids=False)
    again = import_plan(workbook, swv=other_swv, fmt="xlsx", filename="plan.xlsx")
    assert workbook_values(export_plan(again, "xlsx", ids=False)) == workbook_values(workbook)
    assert export_plan(again, "yaml", ids=False) == export_plan(plan, "yaml", ids=False)


def test_wat_wie_wanneer_budget_plan(swv):
    plan = import_plan_file(DATA_DIR / "rivierenland-osp-2017-2021.yaml", swv=swv)
    assert (plan.theme_label, plan.goal_label, plan.activity_label) == ("Doel", "Strategisch perspectief", "Actie")
    assert counts(plan) == {
        "themes": 3,
        "goals": 5,
        "indicators": 0,
        "projects": 0,
        "main_activities": 0,
        "activities": 9,
        "incidental": 0,
        "budget_refs": 9,
        "year_goals": 0,
        "without_tertiaal": 3,  # doorlopend (2x) and "ten minste 3x per jaar"
    }
    activities = Activity.unscoped.filter(year_plan__plan=plan)
    starts = dict(activities.order_by("code").values_list("start_text", "start_tertiaal"))
    assert starts["Najaar 2017"] == starts["Start najaar 2017"] == "2017-T3"
    assert starts["1e helft 2017-2018"] == "2017-T3" and starts["2e helft 2017-2018"] == "2018-T1"
    assert starts["voorjaar 2018"] == "2018-T1" and starts["september 2017"] == "2017-T3"
    assert starts["doorlopend"] == starts["ten minste 3x per jaar"] == ""
    assert activities.filter(budget_code="xx").count() == 4
    assert "- met de gemeenten en de jeugdhulp." in plan.mission  # the list stays a list
    assert "\n" in Goal.unscoped.get(plan=plan, code="1.1").ambition


def test_thema_project_plan(swv):
    plan = import_plan_file(DATA_DIR / "rivierenland-jaarplan-2024-2025.yaml", swv=swv)
    assert (plan.indicator_label, plan.main_activity_label) == ("Hoe meten we dit?", "Project")
    assert counts(plan) == {
        "themes": 2,
        "goals": 2,
        "indicators": 5,
        "projects": 2,
        "main_activities": 2,
        "activities": 7,
        "incidental": 2,
        "budget_refs": 0,
        "year_goals": 3,
        "without_tertiaal": 1,
    }
    assert [p.hours_budget for p in MainActivity.unscoped.filter(plan=plan).order_by("code")] == [320, 180]
    activities = Activity.unscoped.filter(year_plan__plan=plan)
    # written without a year: the school year of the jaarplan (2024-2025) decides
    starts = dict(activities.values_list("code", "start_tertiaal"))
    assert starts == {
        "P1.1": "2024-T3", "P1.2": "2024-T3", "P1.3": "2025-T1", "P2.1": "2024-T3", "P2.2": "2025-T1",
        "I1": "2025-T1", "I2": "",
    }  # fmt: skip
    assert set(activities.filter(incidental=True).values_list("main_activity", flat=True)) == {None}
    nulmeting = Indicator.unscoped.get(plan=plan, code="A1.1")
    assert (nulmeting.norm_kind, nulmeting.baseline_value) == ("nulmeting", None)
    known = Indicator.unscoped.get(plan=plan, code="A1.2")
    assert (known.baseline_value, known.baseline_date) == (Decimal(62), date(2023, 10, 1))
    milestone = Indicator.unscoped.get(plan=plan, code="B1.1")
    assert (milestone.norm_due_year, milestone.milestone_deadline) == (2024, date(2025, 7, 31))
    assert milestone.milestone_due_label == "eind 2024-2025"
    assert Indicator.unscoped.filter(plan=plan, goal=None, theme=None).count() == 2  # plan-level indicators
    goals = YearGoal.unscoped.filter(plan=plan).order_by("school_year", "order")
    assert [(g.theme.code, g.school_year_label) for g in goals] == [
        ("A", "2024-2025"),
        ("B", "2024-2025"),
        ("A", "2025-2026"),
    ]


def test_flat_plan_of_themes(swv):
    plan = import_plan_file(DATA_DIR / "rivierenland-themaplan-2024-2025.yaml", swv=swv)
    assert counts(plan) == {
        "themes": 3,
        "goals": 0,
        "indicators": 0,
        "projects": 0,
        "main_activities": 0,
        "activities": 6,
        "incidental": 0,
        "budget_refs": 0,
        "year_goals": 0,
        "without_tertiaal": 1,
    }
    activities = Activity.unscoped.filter(year_plan__plan=plan)
    assert not activities.filter(theme__isnull=True).exists()
    tertialen = sorted(activities.exclude(start_tertiaal="").values_list("start_tertiaal", flat=True))
    assert tertialen == ["2024-T3", "2024-T3", "2025-T1", "2025-T1", "2025-T2"]
