"""The appendix read back from the PDF (pdftotext) and the Word file: grouped per element, the answers, no e-mail
address, a name only where the invitee agreed."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from koers.consultation import documents, services
from koers.consultation.content import draft_elements
from koers.consultation.models import Comment
from koers.core.audience import Audience
from koers.plans.models import Plan
from koers.reports.tests.test_document_shapes import docx_all_text
from koers.reports.tests.test_documents import flat, pdf_text
from koers_dev.testing.factories import GoalFactory, PlanFactory, UserFactory, member


@pytest.fixture
def answered(db):
    plan = PlanFactory(status=Plan.Status.DRAFT, title="Concept 2025-2029")
    GoalFactory(theme__plan=plan, title="Thuiszitters terug")
    bureau = UserFactory()
    member(bureau, plan.swv, "bureau")
    round_ = services.open_round(plan, bureau, title="Ronde", opens_on=date(2025, 7, 1), closes_on=date(2025, 8, 31))
    keys = {e.key for e in draft_elements(plan, Audience.system(plan.swv, reason="test"))}
    goal_key = sorted(k for k in keys if k.startswith("goal:"))[0]
    anonymous, _t = services.invite(round_, bureau, name="Marieke Jansen", email="mj@example.org", group="ouder")
    named, _t = services.invite(
        round_, bureau, name="Piet de Vries", email="pdv@example.org", group="leerkracht", name_in_appendix=True
    )
    first = services.comment(round_, goal_key, "Betrek ouders eerder", keys=keys, invitee=anonymous)
    second = services.comment(round_, goal_key, "Meer tijd voor de ib'er", keys=keys, invitee=named)
    services.answer(first, bureau, answer=Comment.Answer.ADOPTED)
    services.answer(second, bureau, answer=Comment.Answer.NOT, reason="Daar gaat het schoolbestuur over")
    return plan, bureau


def _check(text):
    text = flat(text)
    assert documents.APPENDIX_TITLE in text
    assert "Thuiszitters terug" in text
    assert "een ouder" in text and "Betrek ouders eerder" in text and "overgenomen" in text
    assert "Piet de Vries" in text and "niet overgenomen" in text and "Daar gaat het schoolbestuur over" in text
    assert "Marieke" not in text and "@example.org" not in text


def test_the_appendix_as_pdf(answered):
    plan, _bureau = answered
    payload = documents.appendix_payload(plan, Audience.system(plan.swv, reason="test"))
    _check(pdf_text(documents.render_pdf(payload)))


def test_the_appendix_as_word_through_the_download(answered):
    plan, bureau = answered
    client = Client()
    client.force_login(bureau)
    response = client.get(reverse("consultation:appendix", args=[plan.pk, "docx"]))
    assert response.status_code == 200
    text, _items, _tables = docx_all_text(response.content)
    _check(text)
