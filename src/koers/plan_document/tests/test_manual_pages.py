"""Pages of the ondersteuningsplan document as PNG for the user guide (ondersteuningsplan-document-*.png in the
screenshot folder, var/handleiding-img/ unless KOERS_SCREENSHOT_DIR says otherwise; `make handleiding` copies them
into docs/handleiding/img/). From the demo: the SPOW plan as adopted, and a draft made from it, with a version and
a comment in a feedback round, as the OPR gets it."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from koers.consultation import services as consultation
from koers.consultation.content import draft_elements
from koers.core.audience import Audience
from koers.plan_document import content, render
from koers.plans.models import Plan
from koers.plans.services import start_new_plan
from koers.reports.tests.test_documents import pdf_text

IMG_DIR = Path(
    os.environ.get("KOERS_SCREENSHOT_DIR") or Path(__file__).resolve().parents[4] / "var" / "handleiding-img"
)


def _pages(pdf: Path, names: dict) -> None:
    """page number -> file name (fixed names: the guide links to them)"""
    for n, name in names.items():
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile", str(pdf),
                        str(IMG_DIR / name)], check=True)  # fmt: skip


def test_render_pages_of_the_support_plan_for_the_manual(db, tmp_path):
    from koers.accounts.models import User
    from koers.demo import setup

    swvs = setup.load()
    plan = Plan.unscoped.get(swv=swvs["SPOW"], code="spow-osp-2024-2028")
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "osp.pdf"
    pdf.write_bytes(render.render_pdf(content.support_plan_payload(plan)))
    assert "Concept" not in pdf_text(pdf.read_bytes())
    _pages(pdf, {n: f"ondersteuningsplan-document-{n}" for n in (1, 2, 3)})

    user = User.objects.filter(is_superuser=False).order_by("pk").first()
    draft = start_new_plan(
        plan, user, code="spow-osp-2028-2032", title="Ondersteuningsplan 2028-2032", first_year=2028, last_year=2031
    )
    round_ = consultation.open_round(
        draft, user, title="Reacties op het concept", opens_on=date(2025, 7, 1), closes_on=date(2025, 9, 30)
    )
    invitee, _token = consultation.invite(round_, user, name="Ouder", email="ouder@example.org", group="ouder")
    keys = [e.key for e in draft_elements(draft, Audience.system(draft.swv, reason="handleiding"))]
    comment = consultation.comment(
        round_, keys[0], "Betrek de ouders al bij de start.", keys=set(keys), invitee=invitee
    )
    consultation.answer(comment, user, answer="deels", reason="Ouders zitten in de thematafel.")
    version = consultation.record_version(draft, user, note="Voor de OPR")
    pdf.write_bytes(render.render_pdf(content.support_plan_payload(draft, version)))
    pages = [p for p in pdf_text(pdf.read_bytes()).split("\f") if p.strip()]
    assert all("Concept – versie 1" in p for p in pages)
    _pages(pdf, {1: "ondersteuningsplan-concept-1", len(pages): "ondersteuningsplan-concept-bijlage"})
    assert (IMG_DIR / "ondersteuningsplan-document-1.png").exists()
    assert (IMG_DIR / "ondersteuningsplan-concept-bijlage.png").exists()
