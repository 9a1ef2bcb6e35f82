"""The ondersteuningsplan document for every plan shape (each demo, example and fixture plan: levels skipped or not),
read back as PDF text (pdftotext) and as Word (python-docx). What is expected is read from the imported plan in
the database, not from the payload: a text that the payload drops fails the test."""

from __future__ import annotations

import pytest

from koers.core import text as plain_text
from koers.plan_document import content, render
from koers.plans.io.importer import import_plan_file
from koers.plans.models import Goal, Indicator, MainActivity, Theme
from koers.reports.tests.test_document_shapes import PLAN_FILES, assert_all_present, docx_all_text, squash
from koers.reports.tests.test_documents import pdf_text
from koers_dev.testing.factories import SwvFactory


def expected_texts(plan) -> list[str]:
    texts = [plan.mission]
    for theme in Theme.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [theme.title, theme.description]
    for goal in Goal.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [goal.title, goal.ambition]
    for indicator in Indicator.unscoped.filter(plan=plan).order_by("order", "id"):
        texts += [indicator.title, indicator.norm_text, indicator.baseline]
    for main in MainActivity.unscoped.filter(plan=plan).order_by("order", "id"):
        texts.append(main.title)
    found = []
    for text in texts:
        for block in plain_text.blocks(text):
            found.extend(block.lines)
    return [t for t in found if t]


def list_items(plan) -> list[str]:
    texts = [plan.mission]
    texts += list(Theme.unscoped.filter(plan=plan).values_list("description", flat=True))
    texts += list(Goal.unscoped.filter(plan=plan).values_list("ambition", flat=True))
    return [line for t in texts for b in plain_text.blocks(t) if b.kind == plain_text.LIST for line in b.lines]


@pytest.fixture
def imported(request, db):
    swv = SwvFactory(code="PO9902", name="Samenwerkingsverband Vorm")
    return import_plan_file(request.param, swv=swv)


def test_the_shapes_differ():
    """At least three shapes: with speerpunten, without (doelen on top), and with the plan's own indicators."""
    assert len(PLAN_FILES) >= 3
    assert {"spow-jap-2024-2025.yaml", "sppoh-strategiekaart-2023-2024.yaml"} <= {p.name for p in PLAN_FILES}


@pytest.mark.parametrize("imported", PLAN_FILES, ids=[p.stem for p in PLAN_FILES], indirect=True)
def test_every_text_of_the_plan_in_pdf_and_word(imported):
    plan = imported
    payload = content.support_plan_payload(plan)
    expected = expected_texts(plan)
    pdf = pdf_text(render.render_pdf(payload))
    docx, items, _tables = docx_all_text(render.render_docx(payload))
    for what, text in (("PDF", pdf), ("Word", docx)):
        assert_all_present(text, expected, f"{plan.code} {what}")
        assert "Inhoud" in text or what == "Word", f"{plan.code} {what}: inhoudsopgave"
        assert "Vaststelling en wijzigingen" in text, f"{plan.code} {what}: vaststelling"
        assert plan.title.split()[0] in text
        if not Indicator.unscoped.filter(plan=plan).exists():
            assert plan.indicator_label not in text, (
                f"{plan.code} {what}: kop {plan.indicator_label} zonder indicatoren"
            )
        if not MainActivity.unscoped.filter(plan=plan).exists():
            assert plan.main_activity_label not in text, f"{plan.code} {what}: {plan.main_activity_label}"
        assert "Concept" not in text, f"{plan.code} {what}: een vastgesteld plan is geen concept"
    assert set(list_items(plan)) <= set(items), "lijsten worden lijsten in Word"
    # a heading per level that the plan has: speerpunten only where the plan has them
    themes = list(Theme.unscoped.filter(plan=plan))
    for theme in themes:
        assert squash(f"{plan.theme_label} {theme.code}: {theme.title}") in squash(docx)
    for goal in Goal.unscoped.filter(plan=plan):
        assert squash(f"{plan.goal_label} {goal.code}:") in squash(pdf)
