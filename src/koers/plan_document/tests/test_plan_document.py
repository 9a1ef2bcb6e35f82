"""The ondersteuningsplan document of a draft and of its versions, the consultation appendix and the adoption record
in it, the files made by the background task, the pages (plan page, version page, step page) and the public PDF."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from koers.consultation import services as consultation
from koers.consultation.content import draft_elements
from koers.consultation.documents import APPENDIX_TITLE
from koers.core.audience import Audience
from koers.plan_document import content, render, services
from koers.plan_document.models import PlanDocument
from koers.plans.models import Adoption, Amendment, Budget, BudgetLine, Goal, Plan
from koers.reports.tests.test_document_shapes import docx_all_text, squash
from koers.reports.tests.test_documents import pdf_text
from koers_dev.testing.factories import (
    GoalFactory,
    GremiumFactory,
    IndicatorFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    YearPlanFactory,
    member,
)


@pytest.fixture
def draft(db):
    plan = PlanFactory(status=Plan.Status.DRAFT, code="osp-2026", title="Ondersteuningsplan 2026-2030")
    theme = ThemeFactory(plan=plan, swv=plan.swv, code="1", title="Thuisnabij onderwijs")
    GoalFactory(plan=plan, swv=plan.swv, theme=theme, code="1.1", title="Elk kind op school", ambition="Eerste tekst")
    IndicatorFactory(plan=plan, swv=plan.swv, theme=theme, code="I1", title="Thuiszitters", norm_text="minder dan 5")
    bureau = UserFactory()
    member(bureau, plan.swv, "bureau")
    return plan, bureau


def _pages(pdf: bytes) -> list[str]:
    return [page for page in pdf_text(pdf).split("\f") if page.strip()]


def test_a_version_document_has_the_text_of_that_version_and_its_mark_on_every_page(draft):
    plan, bureau = draft
    version = consultation.record_version(plan, bureau)
    Goal.unscoped.filter(plan=plan).update(ambition="Tweede tekst na de versie")
    payload = content.support_plan_payload(plan, version)
    pages = _pages(render.render_pdf(payload))
    assert len(pages) >= 3
    assert all("Concept – versie 1" in page for page in pages), "het kenmerk staat op elke pagina"
    text = "\n".join(pages)
    assert "Eerste tekst" in text and "Tweede tekst" not in text
    document = Document(io.BytesIO(render.render_docx(payload)))
    section = document.sections[0]
    assert "Concept – versie 1" in section.header.paragraphs[0].text
    assert "Concept – versie 1" in section.first_page_header.paragraphs[0].text
    body, _items, _tables = docx_all_text(render.render_docx(payload))
    assert "Eerste tekst" in body and "Tweede tekst" not in body
    # the draft as it is: "Concept", with the new text
    live = content.support_plan_payload(plan)
    assert live["mark"] == "Concept"
    live_text = pdf_text(render.render_pdf(live))
    assert "Tweede tekst na de versie" in live_text and "versie 1" not in live_text


def test_a_version_keeps_an_element_that_the_draft_lost(draft):
    plan, bureau = draft
    version = consultation.record_version(plan, bureau)
    Goal.unscoped.filter(plan=plan).delete()
    payload = content.support_plan_payload(plan, version)
    goals = [g["title"] for s in payload["sections"] for g in s["goals"]]
    assert goals == ["Elk kind op school"]
    assert not content.support_plan_payload(plan)["sections"][0]["goals"]


def test_the_appendix_of_the_consultation_is_the_last_chapter(draft):
    plan, bureau = draft
    round_ = consultation.open_round(
        plan, bureau, title="Ronde", opens_on=date(2025, 7, 1), closes_on=date(2025, 9, 30)
    )
    invitee, _token = consultation.invite(round_, bureau, name="Ouder A", email="a@example.org", group="ouder")
    keys = [e.key for e in draft_elements(plan, Audience.system(plan.swv, reason="test"))]
    comment = consultation.comment(round_, keys[1], "Meer aandacht voor ouders", keys=set(keys), invitee=invitee)
    consultation.answer(comment, bureau, answer="deels", reason="Deels in doel 1.1")
    payload = content.support_plan_payload(plan)
    pdf = pdf_text(render.render_pdf(payload))
    docx, _items, _tables = docx_all_text(render.render_docx(payload))
    for text in (pdf, docx):
        assert APPENDIX_TITLE in text
        assert "Meer aandacht voor ouders" in text and "Deels in doel 1.1" in text
        assert "een ouder" in text and "Ouder A" not in text  # no name without consent
        assert "a@example.org" not in text
    flat = squash(pdf)  # a long heading wraps over two lines
    assert flat.rindex(squash(APPENDIX_TITLE)) > flat.rindex(squash("Vaststelling en wijzigingen"))


def test_no_appendix_without_a_consultation(draft):
    plan, _bureau = draft
    payload = content.support_plan_payload(plan)
    assert payload["appendix"] is None
    assert APPENDIX_TITLE not in pdf_text(render.render_pdf(payload))


def test_adoption_record_and_budget_per_speerpunt(draft):
    plan, bureau = draft
    Plan.unscoped.filter(pk=plan.pk).update(status=Plan.Status.CURRENT, adopted_on=date(2026, 6, 20))
    plan.refresh_from_db()
    gremium = GremiumFactory(swv=plan.swv, name="Algemene ledenvergadering")
    Adoption.objects.create(swv=plan.swv, plan=plan, gremium=gremium, date=date(2026, 6, 20), kind="vastgesteld")
    Amendment.objects.create(swv=plan.swv, plan=plan, reason="Nieuwe wet", summary="Doel 1.1 aangescherpt", user=bureau)
    year_plan = YearPlanFactory(plan=plan, swv=plan.swv, school_year=2026)
    budget = Budget.objects.create(swv=plan.swv, year_plan=year_plan, total=Decimal("100000"))
    theme = plan.themes.get()
    BudgetLine.objects.create(swv=plan.swv, budget=budget, theme=theme, amount=Decimal("41250"))
    payload = content.support_plan_payload(plan)
    assert payload["mark"] == ""
    pdf = pdf_text(render.render_pdf(payload))
    docx, _items, _tables = docx_all_text(render.render_docx(payload))
    for text in (pdf, docx):
        assert "Algemene ledenvergadering" in text and "Vastgesteld" in text
        assert "Doel 1.1 aangescherpt" in text and "Nieuwe wet" in text
        assert "Begroting per speerpunt" in text
        assert squash("EUR 41.250") in squash(text)
        assert "Concept" not in text


def test_the_files_are_made_by_the_task_and_the_same_content_is_not_made_twice(
    draft, django_capture_on_commit_callbacks
):
    plan, bureau = draft
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.request_document(plan, bureau)
    assert document.files_status == PlanDocument.FilesStatus.PENDING and document.pdf is None
    assert len(callbacks) == 1  # the task is enqueued after the commit, not run in the request
    with django_capture_on_commit_callbacks(execute=True):
        again = services.request_document(plan, bureau)
    assert again.pk == document.pk
    callbacks[0]()
    document.refresh_from_db()
    assert document.is_done and bytes(document.pdf).startswith(b"%PDF") and bytes(document.docx).startswith(b"PK")
    Goal.unscoped.filter(plan=plan).update(title="Een andere titel")
    with django_capture_on_commit_callbacks(execute=False):
        changed = services.request_document(plan, bureau)
    assert changed.pk != document.pk


def test_the_pages(draft, django_capture_on_commit_callbacks):
    plan, bureau = draft
    version = consultation.record_version(plan, bureau)
    Goal.unscoped.filter(plan=plan).update(ambition="Nieuwer")
    toezicht = UserFactory()
    member(toezicht, plan.swv, "toezicht")
    client = Client()
    client.force_login(toezicht)
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Document maken (PDF en Word)" in page and "versie 1 van" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plan_document:make", args=[plan.pk]), {"versie": "1"})
    document = PlanDocument.unscoped.get(version=version)
    assert response.status_code == 302 and response["Location"] == reverse("plan_document:detail", args=[document.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Concept – versie 1" in detail and "Download PDF" in detail
    pdf = client.get(reverse("plan_document:download", args=[document.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and "concept-versie-1.pdf" in pdf["Content-Disposition"]
    # the version page: its text, the difference with the draft as it is now, its document
    page = client.get(reverse("plan_document:version", args=[version.pk])).content.decode()
    assert "Eerste tekst" in page
    assert re.search(r"<ins>Nieuwer</ins>", page) and "<del>Eerste tekst</del>" in page
    assert reverse("plan_document:download", args=[document.pk, "docx"]) in page


def test_a_document_not_yet_made_is_not_rendered_in_the_request(draft, django_capture_on_commit_callbacks):
    plan, bureau = draft
    with django_capture_on_commit_callbacks(execute=False):
        document = services.request_document(plan, bureau)
    client = Client()
    client.force_login(bureau)
    response = client.get(reverse("plan_document:download", args=[document.pk, "pdf"]))
    assert response.status_code == 302
    assert PlanDocument.unscoped.get(pk=document.pk).pdf is None


def test_the_step_page_shows_the_version_decided_on(draft, django_capture_on_commit_callbacks):
    from koers.trajectory import services as trajectory_services
    from koers.trajectory.models import Step

    plan, bureau = draft
    consultation.record_version(plan, bureau)
    Goal.unscoped.filter(plan=plan).update(ambition="Aangepast voor de OPR")
    trajectory = trajectory_services.create_trajectory(swv=plan.swv, user=bureau, first_year=2026, plan=plan)
    opr = Step.objects.for_swv(plan.swv).get(trajectory=trajectory, kind=Step.Kind.OPR)
    trajectory_services.record_step(opr, bureau, data={"sent_on": date(2025, 7, 1)})
    decided = opr.decided_version.version
    assert decided.number == 2
    client = Client()
    client.force_login(bureau)
    page = client.get(reverse("trajectory:step_edit", args=[opr.pk])).content.decode()
    assert "De versie waarover wordt besloten" in page and "Versie 2, vastgelegd op" in page
    assert reverse("plan_document:version", args=[decided.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plan_document:make", args=[plan.pk]), {"versie": "2"})
    page = client.get(reverse("trajectory:step_edit", args=[opr.pk])).content.decode()
    document = PlanDocument.unscoped.get(version=decided)
    assert reverse("plan_document:download", args=[document.pk, "pdf"]) in page
    # an OPR member (toezicht) opens exactly that version, with the difference with version 1
    opr_member = UserFactory()
    member(opr_member, plan.swv, "toezicht")
    client.force_login(opr_member)
    version_page = client.get(reverse("plan_document:version", args=[decided.pk])).content.decode()
    assert "Instemming OPR" in version_page and "<ins>Aangepast" in version_page
    assert "Verschil met versie 1" in version_page
    assert PlanDocument.unscoped.get(version=decided).payload["adoption"]["decisions"][0]["step"] == "Instemming OPR"
    # the plan's own document names every decision step with the version it decides on
    decisions = content.support_plan_payload(plan)["adoption"]["decisions"]
    assert [(d["step"], d["version"]) for d in decisions] == [("Instemming OPR", 2)]


def test_the_public_page_offers_the_pdf_only_when_the_swv_put_it_there(draft, django_capture_on_commit_callbacks):
    from koers.public.models import PublicPage

    plan, bureau = draft
    Plan.unscoped.filter(pk=plan.pk).update(status=Plan.Status.CURRENT, adopted_on=date(2026, 6, 20))
    plan.refresh_from_db()
    PublicPage.objects.create(swv=plan.swv, published=True, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(plan, bureau)
    anonymous = Client()
    url = reverse("plan_document:public_download", args=[plan.swv.code])
    public_page = reverse("public:page", args=[plan.swv.code])
    assert anonymous.get(url).status_code == 404
    assert url not in anonymous.get(public_page).content.decode()
    services.set_public(document, bureau, True)
    response = anonymous.get(url)
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF")
    assert url in anonymous.get(public_page).content.decode()
    PublicPage.unscoped.filter(swv=plan.swv).update(published=False)
    assert anonymous.get(url).status_code == 404


def test_a_draft_document_cannot_be_made_public(draft, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    plan, bureau = draft
    with django_capture_on_commit_callbacks(execute=False):
        document = services.request_document(plan, bureau)
    with pytest.raises(ValidationError):
        services.set_public(document, bureau, True)


def test_the_command_line(draft, tmp_path):
    plan, bureau = draft
    version = consultation.record_version(plan, bureau)
    out = tmp_path / "osp.pdf"
    call_command("report", "ondersteuningsplan", "--plan", plan.code, "-o", str(out))
    assert "Concept" in pdf_text(out.read_bytes())
    out = tmp_path / "osp.docx"
    call_command("report", "ondersteuningsplan", "--plan", plan.code, "--versie", str(version.number), "-o", str(out))
    assert "Concept – versie 1" in Document(str(out)).sections[0].header.paragraphs[0].text
