"""Re-import by Koers-id: inserting, moving and deleting rows does what the user meant; progress never moves."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from koers.demo.setup import DATA_DIR
from koers.plans.io.errors import PlanImportError
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import import_plan, import_plan_file, preview_plan, run_import
from koers.plans.io.yaml_format import _Loader
from koers.plans.models import Activity, ActivityUpdate, BudgetLine, BudgetRealisation, Plan, Theme, YearPlan

pytestmark = pytest.mark.django_db

SPOW = DATA_DIR / "spow-jap-2024-2025.yaml"
REASON = "Bijgewerkt na overleg"


def with_progress(swv):
    """The SPOW plan with one update on every activity and one realisation on every budget line."""
    plan = import_plan_file(SPOW, swv=swv)
    for activity in Activity.unscoped.filter(year_plan__plan=plan):
        ActivityUpdate.unscoped.create(
            swv=swv, activity=activity, tertiaal="2024-T3", status="loopt", happened=f"voortgang {activity.description}"
        )
    for line in BudgetLine.unscoped.filter(budget__year_plan__plan=plan):
        BudgetRealisation.unscoped.get_or_create(
            swv=swv, line=line, tertiaal="2025-T1", defaults={"amount": 100, "note": f"realisatie {line.pk}"}
        )
    return plan


def progress_is_where_it_was():
    """Every update still hangs on the activity it was written for; every realisation on its own line."""
    for update in ActivityUpdate.unscoped.select_related("activity"):
        assert update.happened == f"voortgang {update.activity.description}", update.happened
    for real in BudgetRealisation.unscoped.all():
        assert real.note in ("", f"realisatie {real.line_id}"), real.note


def column(sheet, header):
    return next(cell.column for cell in sheet[1] if cell.value == header)


def save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def by_kind(changes, level):
    return {kind: sorted(c.koers_id or c.label for c in changes.items if c.level == level and c.kind == kind)
            for kind in ("added", "changed", "moved", "removed")}  # fmt: skip


def test_xlsx_insert_move_delete_and_recode_rows(swv):
    plan = with_progress(swv)
    workbook = load_workbook(io.BytesIO(export_plan(plan, "xlsx")))
    sheet = workbook["Activiteiten"]
    ids, codes = column(sheet, "Koers-id"), column(sheet, "Code")
    rows = {sheet.cell(row=r, column=codes).value: r for r in range(2, sheet.max_row + 1)}
    removed = sheet.cell(row=rows["1.2.2"], column=ids).value
    recoded = sheet.cell(row=rows["1.3.1"], column=ids).value
    last = [cell.value for cell in sheet[sheet.max_row]]
    moved = last[ids - 1]
    sheet.cell(row=rows["1.3.1"], column=codes).value = "1.3.1a"  # a new code, same activity
    sheet.delete_rows(sheet.max_row)  # move the last row ...
    sheet.delete_rows(rows["1.2.2"])  # delete one
    sheet.insert_rows(2, 2)  # ... to near the top, below a new row without id or code
    sheet.cell(row=2, column=column(sheet, "Schooljaar")).value = "2024-2025"
    sheet.cell(row=2, column=column(sheet, "Omschrijving")).value = "Nieuwe activiteit bovenaan"
    for index, value in enumerate(last, start=1):
        sheet.cell(row=3, column=index).value = value
    lines = workbook["Begrotingsregels"]
    lines.insert_rows(2)
    for header, value in (("Schooljaar", "2024-2025"), ("Regel", 9), ("Omschrijving", "Nieuwe post"), ("Bedrag", 1000)):
        lines.cell(row=2, column=column(lines, header)).value = value
    data = save(workbook)
    before = Activity.unscoped.count()

    changes = preview_plan(data, swv=swv, fmt="xlsx").changes
    assert by_kind(changes, "activities") == {
        "added": ["1 Nieuwe activiteit bovenaan"],
        "changed": [recoded],
        "moved": [moved],
        "removed": [removed],
    }
    [change] = [c for c in changes.items if c.level == "activities" and c.koers_id == recoded]
    assert [(f.label, f.old, f.new) for f in change.fields] == [("Code", "1.3.1", "1.3.1a")]
    assert "1 voortgangsupdate" in next(
        c.note for c in changes.items if c.level == "activities" and c.koers_id == removed
    )
    assert by_kind(changes, "budget_lines")["added"] == ["Nieuwe post"]
    assert {c.level for c in changes.items} == {"activities", "budget_lines"}
    assert changes.summary() == "2 toegevoegd, 1 gewijzigd, 1 verplaatst, 1 verwijderd"
    assert Activity.unscoped.count() == before  # a preview writes nothing

    result = run_import(data, swv=swv, fmt="xlsx", reason=REASON)
    assert result.summary() == changes.summary()
    assert Activity.unscoped.count() == before and not Activity.unscoped.filter(pk=removed).exists()
    assert Activity.unscoped.get(pk=recoded).code == "1.3.1a"
    progress_is_where_it_was()
    assert ActivityUpdate.unscoped.count() == before - 1  # only the update of the deleted activity is gone
    assert BudgetRealisation.unscoped.count() == 4


def test_yaml_insert_move_and_delete_list_items(swv):
    plan = with_progress(swv)
    document = yaml.load(export_plan(plan, "yaml").decode(), Loader=_Loader)  # noqa: S506 - restricted loader
    activities = document["year_plans"][0]["activities"]
    removed = activities.pop(5)["koers_id"]
    moved = activities[0]["koers_id"]
    activities.append(activities.pop(0))
    activities.insert(0, {"description": "Nieuw in YAML", "status": "loopt"})
    budget_lines = document["year_plans"][0]["budget"]["lines"]
    gone_line = budget_lines.pop(1)["koers_id"]
    budget_lines.insert(0, {"label": "Nieuwe regel", "amount": 500})
    document["themes"][0]["title"] = "Inclusief onderwijs, aangepast"
    theme = document["themes"][0]["koers_id"]

    changes = preview_plan(document, swv=swv).changes
    assert by_kind(changes, "activities") == {
        "added": ["1 Nieuw in YAML"], "changed": [], "moved": [moved], "removed": [removed]
    }  # fmt: skip
    assert by_kind(changes, "budget_lines") == {
        "added": ["Nieuwe regel"], "changed": [], "moved": [], "removed": [gone_line]
    }  # fmt: skip
    assert by_kind(changes, "themes")["changed"] == [theme]
    assert "1 realisatie" in next(
        c.note for c in changes.items if c.level == "budget_lines" and c.koers_id == gone_line
    )
    run_import(document, swv=swv, reason=REASON)
    progress_is_where_it_was()
    assert not BudgetRealisation.unscoped.filter(line_id=gone_line).exists()
    assert Theme.unscoped.get(pk=theme).title == "Inclusief onderwijs, aangepast"
    again = preview_plan(export_plan(plan, "yaml"), swv=swv).changes
    assert not again and again.summary() == "geen wijzigingen"


def test_a_realisation_cannot_move_to_another_line_by_its_id(swv):
    plan = with_progress(swv)
    document = yaml.load(export_plan(plan, "yaml").decode(), Loader=_Loader)  # noqa: S506
    lines = document["year_plans"][0]["budget"]["lines"]
    lines[1]["realisations"] = lines[0].pop("realisations")
    with pytest.raises(PlanImportError) as info:
        preview_plan(document, swv=swv)
    assert "niet in begrotingsregel" in " ".join(p.message for p in info.value.problems)


HAND = """
plan: {code: hand, title: Handplan, first_year: 2024, last_year: 2025}
year_plans:
  - school_year: 2024-2025
    title: Jaarplan
    activities:
ROWS
"""


def hand(*descriptions):
    return HAND.replace("ROWS", "\n".join(f"      - description: {d}" for d in descriptions))


def test_hand_typed_file_without_codes_never_moves_progress_by_position(swv):
    plan = import_plan(hand("Alpha", "Beta"), swv=swv)
    for activity in Activity.unscoped.filter(year_plan__plan=plan):
        ActivityUpdate.unscoped.create(
            swv=swv, activity=activity, tertiaal="2024-T3", status="loopt", happened=f"voortgang {activity.description}"
        )
    # a row inserted at the top: the others are found by their description, not by their place
    changes = preview_plan(hand("Gamma", "Alpha", "Beta"), swv=swv).changes
    assert changes.as_tuples() == {("activities", "added", "1 Gamma"), ("activities", "changed", "2 Alpha"),
                                   ("activities", "changed", "3 Beta")}  # fmt: skip
    import_plan(hand("Gamma", "Alpha", "Beta"), swv=swv)
    progress_is_where_it_was()
    assert ActivityUpdate.unscoped.count() == 2
    # a new row on the place of an activity with progress, whose text also changed: new + removed, shown
    changes = preview_plan(hand("Delta", "Alpha aangepast", "Beta"), swv=swv).changes
    kinds = {(c.kind, c.label) for c in changes.items}
    assert ("removed", "1 Gamma") not in kinds  # Gamma has no progress: matched on its place
    assert ("removed", "2 Alpha") in kinds and ("added", "2 Alpha aangepast") in kinds
    note = next(c.note for c in changes.items if c.label == "2 Alpha")
    assert "voortgangsupdate" in note and "niet op volgorde" in note
    import_plan(hand("Delta", "Alpha aangepast", "Beta"), swv=swv)
    progress_is_where_it_was()


def test_hand_typed_file_with_codes_imports_as_before(swv):
    plan = import_plan_file(
        Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml", swv=swv
    )
    activity = Activity.unscoped.get(year_plan__plan=plan, code="1.1.1")
    text = (Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml").read_text()
    changes = preview_plan(text.replace("status: loopt", "status: afgerond"), swv=swv).changes
    assert not changes.by_ids and changes.summary() == "0 toegevoegd, 1 gewijzigd, 0 verwijderd"
    import_plan(text.replace("status: loopt", "status: afgerond"), swv=swv, reason=REASON)
    assert Activity.unscoped.filter(pk=activity.pk).exists()


def test_an_id_of_another_swv_is_refused_with_its_place(swv, other_swv):
    theirs = import_plan_file(SPOW, swv=other_swv)
    import_plan_file(SPOW, swv=swv)
    with pytest.raises(PlanImportError) as info:
        import_plan(export_plan(theirs, "xlsx"), swv=swv, fmt="xlsx", filename="ander.xlsx", reason=REASON)
    found = {(p.sheet, p.row, p.column): p.message for p in info.value.problems}
    assert "hoort niet bij een plan van uw samenwerkingsverband" in found[("Plan", 15, "Koers-id")]
    assert "hoort niet bij een thema van dit plan" in found[("Thema's", 2, "Koers-id")]
    assert "hoort niet bij een activiteit van dit plan" in found[("Activiteiten", 2, "Koers-id")]
    assert Plan.unscoped.get(swv=swv).themes.count() == 4  # nothing used, nothing saved


def test_proef_writes_nothing_and_an_adopted_plan_needs_a_reason(swv, tmp_path, capsys):
    plan = with_progress(swv)
    workbook = load_workbook(io.BytesIO(export_plan(plan, "xlsx")))
    sheet = workbook["Activiteiten"]
    sheet.insert_rows(2)
    sheet.cell(row=2, column=column(sheet, "Schooljaar")).value = "2024-2025"
    sheet.cell(row=2, column=column(sheet, "Omschrijving")).value = "Nieuw"
    sheet.delete_rows(5)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(save(workbook))

    def snapshot():
        return (
            Activity.unscoped.count(),
            ActivityUpdate.unscoped.count(),
            sorted(Activity.unscoped.values_list("pk", "updated_at")),
            sorted(YearPlan.unscoped.values_list("pk", "updated_at")),
            Plan.unscoped.values_list("updated_at", flat=True).get(),
        )

    before = snapshot()
    for flag in ("--proef", "--dry-run"):
        call_command("plan", "import", str(path), "--swv", swv.code, flag)
        out = capsys.readouterr().out
        assert "1 toegevoegd, 0 gewijzigd, 1 verwijderd" in out and "niets opgeslagen" in out
        assert "Volledige herimport" in out
        assert snapshot() == before
    with pytest.raises(CommandError, match="--reden"):
        call_command("plan", "import", str(path), "--swv", swv.code)
    assert snapshot() == before
    call_command("plan", "import", str(path), "--swv", swv.code, "--reden", REASON)
    assert "ingelezen in" in (out := capsys.readouterr().out) and "1 toegevoegd, 0 gewijzigd, 1 verwijderd" in out
    assert plan.amendments.filter(reason=REASON).exists()
