"""Import: update in place, get-or-create by name, and every kind of problem reported without saving anything."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from koers.audit.models import HistoryEntry
from koers.organisations.models import Actor, Gremium, StaffMember
from koers.plans.io.errors import PlanImportError
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import import_plan, import_plan_file, parse_plan
from koers.plans.models import Activity, ActivityUpdate, Goal, Indicator, Plan, Theme
from koers_dev.testing.factories import ActorFactory, StaffMemberFactory, SwvFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"

SMALL = """
plan:
  code: klein
  title: Klein plan
  first_year: 2024
  last_year: 2025
themes:
  - code: "1"
    title: Thema een
    goals:
      - code: "1"
        title: Doel een
year_plans:
  - school_year: 2024-2025
    title: Jaarplan
    activities:
      - code: A1
        description: Eerste activiteit
        goal: "1"
        start: T3 2024
        owner: Bureau
      - code: A2
        description: Tweede activiteit
        theme: "1"
"""


def problems_of(data, swv, fmt="yaml", filename="plan.yaml"):
    with pytest.raises(PlanImportError) as info:
        import_plan(data, swv=swv, fmt=fmt, filename=filename)
    return info.value.problems


def messages(problems):
    return " | ".join(p.message for p in problems)


def example_workbook(swv):
    """The docs example as exported by Koers, made in a scratch SWV so ``swv`` stays empty."""
    plan = import_plan_file(EXAMPLE, swv=SwvFactory())
    return load_workbook(io.BytesIO(export_plan(plan, "xlsx", ids=False)))  # as typed by hand: no Koers-ids


def save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column(sheet, header):
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column
    raise AssertionError(header)


def counts(swv=None):
    return (Plan.unscoped.count(), Theme.unscoped.count(), Activity.unscoped.count(), Actor.unscoped.count())


# ---------------------------------------------------------------- happy paths


def test_small_plan_skips_levels_and_creates_actors(swv):
    plan = import_plan(SMALL, swv=swv, fmt="yaml")
    a1, a2 = Activity.unscoped.filter(year_plan__plan=plan).order_by("order")
    assert a1.goal.code == "1" and a1.theme.code == "1" and a1.main_activity is None  # the theme is implied
    assert a2.goal is None and a2.theme.code == "1"
    assert a1.start_tertiaal == "2024-T3" and a1.owner.name == "Bureau" and a2.owner is None
    assert not plan.main_activities.exists() and not plan.indicators.exists()


def test_reimport_updates_in_place_and_keeps_progress(swv, bureau_user):
    plan = import_plan(SMALL, swv=swv, fmt="yaml")
    a1 = Activity.unscoped.get(year_plan__plan=plan, code="A1")
    goal_id = Goal.unscoped.get(plan=plan, code="1").pk
    update = ActivityUpdate.unscoped.create(swv=swv, activity=a1, tertiaal="2024-T3", status="loopt", happened="x")
    changed = SMALL.replace("Eerste activiteit", "Eerste activiteit, aangepast").replace(
        '      - code: A2\n        description: Tweede activiteit\n        theme: "1"\n', ""
    )
    again = import_plan(changed, swv=swv, fmt="yaml", user=bureau_user, filename="nieuw.yaml")
    assert again.pk == plan.pk
    a1.refresh_from_db()
    assert a1.description == "Eerste activiteit, aangepast" and a1.version == 2
    assert Goal.unscoped.get(plan=plan, code="1").pk == goal_id
    assert ActivityUpdate.unscoped.filter(pk=update.pk).exists()
    assert not Activity.unscoped.filter(year_plan__plan=plan, code="A2").exists()  # no longer in the file
    entry = HistoryEntry.objects.filter(model="plans.activity", object_id=str(a1.pk), action="update").last()
    assert entry.username == "bureau" and "nieuw.yaml" in entry.reason


def test_replacing_an_adopted_plan_needs_a_reason_and_becomes_an_amendment(swv, bureau_user):
    plan = import_plan(SMALL, swv=swv, fmt="yaml")
    Plan.unscoped.filter(pk=plan.pk).update(adopted_on="2024-06-01")
    changed = SMALL.replace("Eerste activiteit", "Eerste activiteit, aangepast")
    with pytest.raises(PlanImportError) as exc:
        import_plan(changed, swv=swv, fmt="yaml", user=bureau_user, filename="nieuw.yaml")
    assert "al vastgesteld" in str(exc.value.problems[0]) and "reden" in str(exc.value.problems[0])
    assert not Activity.unscoped.filter(description="Eerste activiteit, aangepast").exists()  # nothing saved
    import_plan(changed, swv=swv, fmt="yaml", user=bureau_user, filename="nieuw.yaml", reason="Besluit RvT 12-11")
    amendment = plan.amendments.get()
    assert amendment.reason == "Besluit RvT 12-11" and amendment.user == bureau_user
    assert "nieuw.yaml" in amendment.summary
    assert Activity.unscoped.filter(description="Eerste activiteit, aangepast").exists()


def test_an_adopted_jaarplan_locks_the_import_of_its_plan_too(swv, bureau_user):
    from koers.plans.models import YearPlan

    plan = import_plan(SMALL, swv=swv, fmt="yaml")
    YearPlan.unscoped.filter(plan=plan).update(adopted_on="2024-07-01")  # the plan itself is not adopted
    changed = SMALL.replace("Eerste activiteit", "Eerste activiteit, aangepast")
    with pytest.raises(PlanImportError) as exc:
        import_plan(changed, swv=swv, fmt="yaml", user=bureau_user, filename="nieuw.yaml")
    assert "al vastgesteld" in str(exc.value.problems[0])
    import_plan(changed, swv=swv, fmt="yaml", user=bureau_user, filename="nieuw.yaml", reason="Besluit OPR")
    amendment = plan.amendments.get()
    assert (amendment.reason, amendment.year_plan) == ("Besluit OPR", None)
    a1 = Activity.unscoped.get(year_plan__plan=plan, code="A1")
    entry = HistoryEntry.objects.filter(model="plans.activity", object_id=str(a1.pk), action="update").last()
    assert entry.reason == "Besluit OPR"


def test_the_import_uses_the_one_lock_rule(swv, bureau_user, monkeypatch):
    from koers.plans import services

    calls = []
    real = services.change_plan

    def spy(target, user, write, **kwargs):
        calls.append((type(target).__name__, kwargs["with_year_plans"]))
        return real(target, user, write, **kwargs)

    monkeypatch.setattr(services, "change_plan", spy)
    import_plan(SMALL, swv=swv, fmt="yaml", user=bureau_user)
    import_plan(SMALL, swv=swv, fmt="yaml", user=bureau_user)  # again, over the plan just made
    assert calls == [("Plan", True), ("Plan", True)]


def test_names_are_matched_not_duplicated(swv):
    ActorFactory(swv=swv, name="Bureau")
    StaffMemberFactory(swv=swv, name="Anna de Vries", function="")
    import_plan(SMALL, swv=swv, fmt="yaml")
    import_plan_file(EXAMPLE, swv=swv)
    assert Actor.unscoped.filter(swv=swv, name="Bureau").count() == 1
    anna = StaffMember.unscoped.get(swv=swv, name="Anna de Vries")
    assert anna.function == "beleidsadviseur"
    assert Gremium.unscoped.get(swv=swv, name="Ondersteuningsplanraad").kind == "OPR"


def test_plans_of_other_swvs_are_untouched(swv, other_swv):
    theirs = import_plan(SMALL, swv=other_swv, fmt="yaml")
    ours = import_plan(SMALL.replace("Thema een", "Ons thema"), swv=swv, fmt="yaml")
    assert ours.pk != theirs.pk
    assert Theme.unscoped.get(plan=theirs).title == "Thema een"
    assert not Actor.unscoped.filter(swv=swv, pk__in=Actor.unscoped.filter(swv=other_swv)).exists()


def test_dutch_and_iso_dates_and_numbers(swv):
    text = SMALL.replace(
        "        start: T3 2024\n",
        "        start: T3 2024\n        deadline: 31-01-2025\n        budget_amount: 1.234,50\n",
    ).replace("    title: Jaarplan\n", "    title: Jaarplan\n    adopted_on: 2024-10-07\n")
    plan = import_plan(text, swv=swv, fmt="yaml")
    a1 = Activity.unscoped.get(year_plan__plan=plan, code="A1")
    assert a1.deadline.isoformat() == "2025-01-31" and str(a1.budget_amount) == "1234.50"
    assert plan.year_plans.get().adopted_on.isoformat() == "2024-10-07"


def test_parse_touches_no_database(swv, django_assert_num_queries):
    with django_assert_num_queries(0):
        data = parse_plan(SMALL, fmt="yaml")
    assert data["plan"]["code"] == "klein"


# ---------------------------------------------------------------- YAML problems


def test_yaml_syntax_error_names_the_line(swv):
    problems = problems_of("plan:\n  code: x\n  title: [niet afgesloten\n", swv)
    assert problems[0].row == 4 or problems[0].row == 3
    assert "niet goed opgebouwd" in problems[0].message and problems[0].file == "plan.yaml"


def test_empty_file(swv):
    assert "leeg" in messages(problems_of(b"", swv))
    assert "leeg" in messages(problems_of(b"", swv, fmt="xlsx", filename="plan.xlsx"))
    assert "leeg" in messages(problems_of("# alleen commentaar\n", swv))


def test_yaml_unknown_field_duplicate_code_unknown_reference(swv):
    text = (
        SMALL.replace("        start: T3 2024\n", "        strat: T3 2024\n")
        .replace("      - code: A2\n", "      - code: A1\n")
        .replace('        theme: "1"\n', '        theme: "9"\n')
    )
    problems = problems_of(text, swv)
    text_all = messages(problems)
    assert "Onbekend veld 'strat'" in text_all and "Bedoelt u 'start'?" in text_all
    assert "komt twee keer voor" in text_all
    assert "geen thema met code '9'" in text_all
    duplicate = next(p for p in problems if "twee keer" in p.message)
    assert duplicate.sheet == "year_plans[0].activities[1]" and duplicate.column == "code" and duplicate.row


def test_yaml_wrong_types_bad_dates_unknown_status(swv):
    text = SMALL.replace(
        "        start: T3 2024\n",
        "        start: T3 2024\n        hours_budget: veel\n        deadline: 31-02-2025\n        status: klaar\n",
    ).replace("  first_year: 2024\n", "  first_year: tweeduizend\n")
    text_all = messages(problems_of(text, swv))
    assert "Hier hoort een getal, maar er staat 'veel'" in text_all
    assert "31-02-2025 bestaat niet: februari heeft in 2025 28 dagen" in text_all
    assert "Onbekende status 'klaar'" in text_all
    assert "Hier hoort een jaartal" in text_all


def test_yaml_missing_required_and_structure(swv):
    text_all = messages(problems_of("themes:\n  - code: '1'\n", swv))
    assert "'plan'" in text_all and "verplicht" in text_all
    assert "lijst" in messages(
        problems_of("plan:\n  code: x\n  title: y\n  first_year: 2024\n  last_year: 2025\nthemes: tekst\n", swv)
    )
    assert "groep velden" in messages(problems_of("- een\n- twee\n", swv))
    assert "niet toegestaan" in messages(problems_of("plan: &a\n  code: x\nother: *a\n", swv))


def test_yaml_norm_rules(swv):
    text = SMALL.replace(
        "        title: Doel een\n",
        "        title: Doel een\n        indicators:\n          - code: I1\n            title: Iets\n            norm_kind: drempel\n"
        "          - code: I2\n            title: Trend\n            norm_kind: trend\n",
    )
    text_all = messages(problems_of(text, swv))
    assert "drempelwaarde heeft een vergelijking" in text_all and "gewenste richting" in text_all


def test_carried_over_and_created_from_must_resolve(swv):
    text = SMALL.replace("        owner: Bureau\n", "        owner: Bureau\n        carried_over_from: 2023-2024/X9\n")
    assert "geen activiteit X9" in messages(problems_of(text, swv))


# ---------------------------------------------------------------- Excel problems


def test_xlsx_missing_sheet_and_column(swv):
    workbook = example_workbook(swv)
    del workbook["Plan"]
    sheet = workbook["Activiteiten"]
    sheet.cell(row=1, column=column(sheet, "Omschrijving")).value = "Wat"
    problems = problems_of(save(workbook), swv, "xlsx", "plan.xlsx")
    text_all = messages(problems)
    assert "Het blad 'Plan' ontbreekt" in text_all
    missing = next(p for p in problems if "ontbreekt in de kopregel" in p.message)
    assert (missing.sheet, missing.row, missing.column) == ("Activiteiten", 1, "Omschrijving")


def test_xlsx_cell_problems_name_sheet_row_and_column(swv):
    workbook = example_workbook(swv)
    sheet = workbook["Activiteiten"]
    sheet.cell(row=2, column=column(sheet, "Urenbudget")).value = "veertig"
    sheet.cell(row=3, column=column(sheet, "Deadline")).value = "32-13-2025"
    sheet.cell(row=3, column=column(sheet, "Status")).value = "bijna klaar"
    sheet.cell(row=3, column=column(sheet, "Hoofdactiviteit")).value = "9.9"
    sheet.cell(row=3, column=column(sheet, "Code")).value = "1.1.1"
    goals = workbook["Doelen"]
    goals.cell(row=2, column=column(goals, "Thema")).value = "77"
    problems = problems_of(save(workbook), swv, "xlsx", "plan.xlsx")
    found = {(p.sheet, p.row, p.column): p.message for p in problems}
    assert "veertig" in found[("Activiteiten", 2, "Urenbudget")]
    assert "32-13-2025 bestaat niet" in found[("Activiteiten", 3, "Deadline")]
    assert "Onbekende status" in found[("Activiteiten", 3, "Status")]
    assert "hoofdactiviteit met code '9.9'" in found[("Activiteiten", 3, "Hoofdactiviteit")]
    assert "twee keer" in found[("Activiteiten", 3, "Code")]
    assert "thema met code '77'" in found[("Doelen", 2, "Thema")]
    assert all(p.file == "plan.xlsx" for p in problems)


def test_xlsx_dates_as_text_in_both_styles(swv):
    workbook = example_workbook(swv)
    sheet = workbook["Activiteiten"]
    sheet.cell(row=2, column=column(sheet, "Deadline")).value = "15-03-2025"
    sheet.cell(row=3, column=column(sheet, "Deadline")).value = "2025-03-16"
    plan = import_plan(save(workbook), swv=swv, fmt="xlsx")
    deadlines = list(
        Activity.unscoped.filter(year_plan__plan=plan).order_by("order").values_list("deadline", flat=True)
    )
    assert [d.isoformat() for d in deadlines] == ["2025-03-15", "2025-03-16"]


def test_xlsx_unknown_school_year_and_budget_line(swv):
    workbook = example_workbook(swv)
    sheet = workbook["Activiteiten"]
    sheet.cell(row=2, column=column(sheet, "Schooljaar")).value = "2026-2027"
    real = workbook["Realisatie"]
    real.cell(row=2, column=column(real, "Regel")).value = 5
    text_all = messages(problems_of(save(workbook), swv, "xlsx", "plan.xlsx"))
    assert "geen jaarplan voor schooljaar 2026-2027" in text_all
    assert "geen begrotingsregel 5" in text_all


def test_broken_and_encrypted_workbooks(swv):
    assert "geen Excel-bestand" in messages(problems_of(b"dit is geen werkmap", swv, "xlsx", "plan.xlsx"))
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    assert "wachtwoord" in messages(problems_of(ole2, swv, "xlsx", "plan.xlsx"))
    assert "wachtwoord" in messages(problems_of(ole2, swv, None, "beveiligd.xlsx"))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("iets.txt", "geen werkmap")
    assert "Excel" in messages(problems_of(broken.getvalue(), swv, "xlsx", "plan.xlsx"))
    truncated = export_plan(import_plan(SMALL, swv=swv, fmt="yaml"), "xlsx")[:3000]
    assert "Excel" in messages(problems_of(truncated, swv, "xlsx", "plan.xlsx"))


def test_workbook_without_plan_sheets(swv):
    from openpyxl import Workbook

    assert "geen bladen van een Koers-plan" in messages(problems_of(save(Workbook()), swv, "xlsx", "leeg.xlsx"))


# ---------------------------------------------------------------- all or nothing


def test_nothing_half_saved_on_a_late_problem(swv):
    before = counts()
    text = SMALL.replace(
        "      - code: A2\n        description: Tweede activiteit\n", "      - code: A2\n        description: ''\n"
    )
    problems = problems_of(text, swv)
    assert "verplicht" in messages(problems)
    assert counts() == before


def test_existing_plan_unchanged_when_import_fails(swv):
    plan = import_plan(SMALL, swv=swv, fmt="yaml")
    snapshot = export_plan(plan, "yaml")
    broken = SMALL.replace("Thema een", "Nieuw thema").replace("        start: T3 2024\n", "        status: raar\n")
    problems_of(broken, swv)
    assert export_plan(Plan.unscoped.get(pk=plan.pk), "yaml") == snapshot


def test_database_error_during_save_rolls_back(swv, monkeypatch):
    from django.db import IntegrityError

    from koers.plans.io import importer

    def boom(self, *args, **kwargs):
        raise IntegrityError("kapot")

    before = counts()
    monkeypatch.setattr(importer._Writer, "budget", boom)
    text = SMALL + "    budget:\n      total: 10\n"
    problems = problems_of(text, swv)
    assert "kon niet worden opgeslagen" in problems[0].message
    assert counts() == before
    assert not Indicator.unscoped.exists()
