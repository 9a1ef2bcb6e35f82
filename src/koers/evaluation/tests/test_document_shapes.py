"""The evaluation document for every plan shape (the demo plans, the example plans and the test plans of
koers.reports' read-back test), read back as PDF (pdftotext) and Word (python-docx): every speerpunt, doel,
indicator with its norm and every hoofdactiviteit is there, and a level the plan does not use is not."""

import pytest

from koers.accounts.audience import for_readers
from koers.evaluation import content, documents
from koers.plans.models import Goal, Indicator, MainActivity, Theme
from koers.reports.tests import test_document_shapes as shapes
from koers.reports.tests.test_document_shapes import (
    PLAN_FILES,
    assert_all_present,
    assert_unused_levels_absent,
    docx_all_text,
)
from koers.reports.tests.test_documents import pdf_text

imported = shapes.imported  # the fixture: each plan file imported into a test SWV


def _expected(plan) -> list[str]:
    texts = [f"Evaluatie ondersteuningsplan {plan.period_label}"]
    texts += [t.title for t in Theme.unscoped.filter(plan=plan)]
    texts += [g.title for g in Goal.unscoped.filter(plan=plan)]
    for indicator in Indicator.unscoped.filter(plan=plan):
        texts += [indicator.title, indicator.norm_text]
    texts += [m.title for m in MainActivity.unscoped.filter(plan=plan)]
    return [" ".join(t.split()) for t in texts if t]


@pytest.mark.parametrize("imported", PLAN_FILES, ids=[p.stem for p in PLAN_FILES], indirect=True)
def test_the_evaluation_document_shows_every_element_of_the_plan(imported):
    plan, _year_plans = imported
    payload = content.evaluation_payload(plan, for_readers(plan.swv))
    pdf = pdf_text(documents.render_pdf(payload))
    docx, _items, _tables = docx_all_text(documents.render_docx(payload))
    for what, text in (("evaluatie PDF", pdf), ("evaluatie Word", docx)):
        assert_all_present(text, _expected(plan), f"{plan.code} {what}")
        assert_unused_levels_absent(plan, text, f"{plan.code} {what}")
