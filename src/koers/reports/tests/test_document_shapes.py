"""Every plan shape in every document: each demo plan, example plan and fixture plan, read back from the jaarplan
document and the body of the tertiaalrapportage, as PDF (pdftotext) and as Word (python-docx).

The plan files are found by globbing their folders, so a plan that is added later is covered without a change
here. What is expected is read from the imported plan in the database, not from the payload the documents are
made of: a text that the payload drops fails the test.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from koers.accounts.audience import for_readers
from koers.core import text as plain_text
from koers.core.periods import Tertiaal
from koers.plans.io.importer import import_plan_file
from koers.plans.models import Activity, Goal, Indicator, MainActivity, Theme, YearPlan
from koers.reports import content, render, word
from koers.reports.tests.test_documents import pdf_text
from koers_dev.testing.factories import ActivityFactory, SwvFactory

ROOT = Path(__file__).resolve().parents[4]
PLAN_FOLDERS = [
    ROOT / "src" / "koers" / "demo" / "data",
    ROOT / "docs" / "voorbeelden",
    ROOT / "tests" / "fixtures",
    *sorted((ROOT / "src" / "koers").glob("*/tests/fixtures")),
]


def plan_files() -> list[Path]:
    found = set()
    for folder in PLAN_FOLDERS:
        found.update(p for p in folder.rglob("*.yaml") if p.is_file())
        found.update(p for p in folder.rglob("*.yml") if p.is_file())
    return sorted(found)


PLAN_FILES = plan_files()


def squash(text: str) -> str:
    """Text without white space and hyphens: a word that a narrow column breaks over two lines still matches
    (pdftotext drops the hyphen where "OSP-periode" breaks after "OSP-")."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def docx_all_text(data: bytes) -> tuple[str, list[str], list]:
    """The text of a Word file (body paragraphs and every table cell), its list items, and its tables."""
    document = Document(io.BytesIO(data))
    parts, items = [], []

    def read(paragraphs):
        for p in paragraphs:
            parts.append(p.text)
            if p.style is not None and p.style.name == "List Bullet":
                items.append(p.text)

    read(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                read(cell.paragraphs)
    return "\n".join(parts), items, document.tables


def expected_texts(plan, year_plan, *, jaarplan: bool) -> list[str]:
    """Every text of the plan that the document must show, as plain words."""
    texts = []
    for theme in Theme.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [theme.title, theme.description]
    for goal in Goal.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [goal.title, goal.ambition]
    for indicator in Indicator.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [indicator.title, indicator.norm_text]
        if jaarplan:
            texts += [indicator.baseline, indicator.measurement_moments]
    for main in MainActivity.unscoped.filter(plan=plan).order_by("order", "id"):
        texts.append(main.title)
    for activity in Activity.unscoped.filter(year_plan=year_plan).select_related("owner").order_by("order", "id"):
        texts += [activity.description, activity.budget_code, activity.start_text, activity.deadline_text]
        texts.append(str(activity.owner) if activity.owner_id else "")
        if jaarplan:
            texts += [str(a) for a in activity.involved.all()]
    if jaarplan:
        texts += [plan.mission]
    found = []
    for text in texts:
        for block in plain_text.blocks(text):
            found.extend(block.lines)
    return [t for t in found if t]


def list_items(plan, year_plan) -> list[str]:
    """The ``- `` list items that the plan's texts hold (ambitions, descriptions, the mission, activities)."""
    texts = [plan.mission]
    texts += list(Theme.unscoped.filter(plan=plan).values_list("description", flat=True))
    texts += list(Goal.unscoped.filter(plan=plan).values_list("ambition", flat=True))
    texts += list(Activity.unscoped.filter(year_plan=year_plan).values_list("description", flat=True))
    return [line for t in texts for b in plain_text.blocks(t) if b.kind == plain_text.LIST for line in b.lines]


def assert_all_present(document_text: str, expected: list[str], what: str):
    text = squash(document_text)
    missing = [t for t in expected if squash(t) not in text]
    assert not missing, f"{what}: ontbreekt {missing[:5]}"


def assert_unused_levels_absent(plan, document_text: str, what: str):
    """A level the plan does not use has no column and no heading: its name does not appear."""
    if not Indicator.unscoped.filter(plan=plan).exists():
        assert plan.indicator_label not in document_text, f"{what}: kolom of kop {plan.indicator_label}"
        assert "Indicatoren per status" not in document_text, what
    if not MainActivity.unscoped.filter(plan=plan).exists():
        assert plan.main_activity_label not in document_text, f"{what}: kolom of kop {plan.main_activity_label}"
    period = plan.period_label
    assert f"{period} ({period})" not in document_text, f"{what}: periode dubbel op het voorblad"


@pytest.fixture
def imported(request, db):
    path = request.param
    swv = SwvFactory(code="PO9901", name="Samenwerkingsverband Test")
    plan = import_plan_file(path, swv=swv)
    year_plans = list(YearPlan.unscoped.filter(plan=plan).order_by("school_year"))
    assert year_plans, f"{path.name} heeft geen jaarplan"
    return plan, year_plans


def test_the_folders_hold_plans_of_several_shapes():
    names = {p.name for p in PLAN_FILES}
    assert {"spow-jap-2024-2025.yaml", "sppoh-strategiekaart-2023-2024.yaml"} <= names
    assert {"doel-perspectief-acties.yaml", "thema-projecten.yaml"} <= names


@pytest.mark.parametrize("imported", PLAN_FILES, ids=[p.stem for p in PLAN_FILES], indirect=True)
def test_year_plan_document_shows_every_element_of_the_plan(imported):
    plan, year_plans = imported
    for year_plan in year_plans:
        payload = content.year_plan_payload(year_plan)
        expected = expected_texts(plan, year_plan, jaarplan=True)
        pdf = pdf_text(render.render_pdf(payload))
        docx, items, tables = docx_all_text(word.year_plan_docx(payload))
        for what, text in (("jaarplan PDF", pdf), ("jaarplan Word", docx)):
            assert_all_present(text, expected, f"{plan.code} {year_plan.school_year_label} {what}")
            assert_unused_levels_absent(plan, text, f"{plan.code} {what}")
        assert set(list_items(plan, year_plan)) <= set(items), "lijsten worden lijsten in Word"
        if not Activity.involved.through.objects.filter(activity__year_plan=year_plan).exists():
            for what, text in (("PDF", pdf), ("Word", docx)):
                assert "Betrokkenen" not in text, f"{plan.code} {what}: lege kolom Betrokkenen"
        _assert_indicators_and_activities_in_separate_tables(year_plan, tables)


def _assert_indicators_and_activities_in_separate_tables(year_plan, tables):
    indicators = [squash(i.title) for i in Indicator.unscoped.filter(plan=year_plan.plan)]
    activities = [squash(a.description) for a in Activity.unscoped.filter(year_plan=year_plan)]
    for table in tables:
        cells = squash(" ".join(c.text for row in table.rows for c in row.cells))
        has_indicator = any(i and i in cells for i in indicators)
        has_activity = any(a and a in cells for a in activities)
        assert not (has_indicator and has_activity), "indicatoren en activiteiten delen een tabel"


@pytest.mark.parametrize("imported", PLAN_FILES, ids=[p.stem for p in PLAN_FILES], indirect=True)
def test_tertiaal_body_shows_every_element_of_the_plan(imported):
    plan, year_plans = imported
    year_plan = year_plans[0]
    payload = content.tertiaal_payload(year_plan, Tertiaal(year_plan.school_year, 3), for_readers(plan.swv))
    expected = expected_texts(plan, year_plan, jaarplan=False)
    pdf = pdf_text(render.render_pdf(payload))
    docx, items, _tables = docx_all_text(word.tertiaal_docx(payload))
    for what, text in (("tertiaal PDF", pdf), ("tertiaal Word", docx)):
        assert_all_present(text, expected, f"{plan.code} {what}")
        assert_unused_levels_absent(plan, text, f"{plan.code} {what}")
    for main in MainActivity.unscoped.filter(plan=plan, kind=MainActivity.Kind.PROJECT, activities__isnull=False):
        assert squash(f"{main.code}: {main.title}") in squash(pdf), "project met code en naam in het rapport"
        assert "Project" in pdf


@pytest.mark.parametrize("imported", PLAN_FILES, ids=[p.stem for p in PLAN_FILES], indirect=True)
def test_tertiaal_board_pack_as_powerpoint_for_every_plan_shape(imported):
    """The PowerPoint of every plan shape: title, summary with its charts first, then one slide per speerpunt."""
    from koers.reports import boardpack
    from koers.reports.tests.test_boardpack import _check_pptx

    plan, year_plans = imported
    payload = content.tertiaal_payload(year_plans[0], Tertiaal(year_plans[0].school_year, 3), for_readers(plan.swv))
    _check_pptx(payload, boardpack.summary(payload), plan.code)


FIXTURES = ROOT / "tests" / "fixtures" / "plannen"


def _long_project(db):
    """The thema/project plan with forty more activities in project P1, so that its table runs over pages."""
    swv = SwvFactory(code="PO9902", name="Samenwerkingsverband Lang")
    plan = import_plan_file(FIXTURES / "thema-projecten.yaml", swv=swv)
    year_plan = YearPlan.unscoped.get(plan=plan)
    project = MainActivity.unscoped.get(plan=plan, code="P1")
    for n in range(40):
        ActivityFactory(
            year_plan=year_plan,
            main_activity=project,
            goal=project.goal,
            code=f"P1.x{n}",
            description=f"Extra activiteit {n} van het project met een beschrijving van een paar regels lang.",
            order=100 + n,
        )
    return plan, year_plan, project


def test_project_name_on_every_page_its_table_runs_onto(db):
    plan, year_plan, project = _long_project(db)
    caption = squash(f"{project.code}: {project.title}")
    for data in (
        render.render_pdf(content.year_plan_payload(year_plan)),
        render.render_pdf(content.tertiaal_payload(year_plan, Tertiaal(2023, 3), for_readers(plan.swv))),
    ):
        pages = [p for p in pdf_text(data).split("\f") if "Extra activiteit" in p]
        assert len(pages) >= 2, "de tabel loopt over meer dan één pagina"
        for page in pages:
            assert caption in squash(page)


def test_project_rows_repeat_their_header_in_word(db):
    plan, year_plan, project = _long_project(db)
    for data in (
        word.year_plan_docx(content.year_plan_payload(year_plan)),
        word.tertiaal_docx(content.tertiaal_payload(year_plan, Tertiaal(2023, 3), for_readers(plan.swv))),
    ):
        tables = [t for t in Document(io.BytesIO(data)).tables if "Extra activiteit" in t.rows[-1].cells[0].text]
        assert len(tables) == 1
        first, second = tables[0].rows[0], tables[0].rows[1]
        assert squash(f"{project.code}: {project.title}") in squash(first.cells[0].text)
        assert "Activiteit" in second.cells[0].text
        for row in (first, second):
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_report_frozen_before_the_groups_still_renders(db):
    """An issued report keeps the payload of its day (version 1: no groups, no texts per level)."""
    swv = SwvFactory(code="PO9903")
    plan = import_plan_file(FIXTURES / "thema-projecten.yaml", swv=swv)
    year_plan = YearPlan.unscoped.get(plan=plan)
    payload = content.tertiaal_payload(year_plan, Tertiaal(2023, 3), for_readers(swv))
    payload["version"] = 1
    for key in ("title_with_period", "mission", "indicator_prefix"):
        del payload["plan"][key]
    for section in content._walk(payload["sections"]):
        for key in ("groups", "idle_main_activities", "description"):
            del section[key]
    text = squash(pdf_text(render.render_pdf(payload)) + docx_all_text(word.tertiaal_docx(payload))[0])
    for activity in Activity.unscoped.filter(year_plan=year_plan):
        assert squash(activity.description) in text
