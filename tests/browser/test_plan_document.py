"""The ondersteuningsplan as a document on the demo: the OPR step of SPPOH's 2025-2029 draft records the version it
decides on; the bureau sees that version on the step page and has its document made (in the task, the page waits
for the download links); an OPR member (toezicht) opens exactly that version with the differences."""

import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot

pytestmark = pytest.mark.browser


def test_the_version_decided_on_and_its_document(page, demo, tmp_path):
    from koers.accounts.models import User
    from koers.consultation import services as consultation
    from koers.plans import services as plan_services
    from koers.plans.models import Goal, Plan
    from koers.trajectory import services as trajectory_services
    from koers.trajectory.models import Step, Trajectory

    bureau = User.objects.get(username="bureau")
    old = Plan.unscoped.get(swv=demo["SPPOH"], code__startswith="sppoh-osp-")
    draft = plan_services.start_new_plan(
        old, bureau, code="sppoh-osp-2025-2029", title="Ondersteuningsplan 2025-2029", first_year=2025, last_year=2028
    )
    consultation.record_version(draft, bureau, note="Eerste concept")
    goal = Goal.unscoped.filter(plan=draft).order_by("order", "pk").first()
    Goal.unscoped.filter(pk=goal.pk).update(ambition="Elk kind krijgt binnen zes weken een passend aanbod.")
    trajectory = Trajectory.unscoped.get(swv=draft.swv, first_year=2025)  # the demo's way to the new plan
    Trajectory.unscoped.filter(pk=trajectory.pk).update(plan=draft)
    opr = Step.objects.for_swv(draft.swv).get(trajectory=trajectory, kind=Step.Kind.OPR)
    trajectory_services.record_step(opr, bureau, data={"sent_on": date(2025, 3, 3)})

    login(page, "bureau", swv="SPPOH")
    page.goto(f"/traject/stap/{opr.pk}/")
    expect(page.get_by_role("heading", name="De versie waarover wordt besloten")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Versie 2, vastgelegd op"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "ondersteuningsplan-stap")
    with navigation(page, url=re.compile(r"/plandocument/\d+/$")):
        page.get_by_role("button", name="Document van versie 2 maken").click()
    expect(page.get_by_text("Dit document is een concept: op elke pagina staat 'Concept – versie 2'.")).to_be_visible()
    download = page.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible()  # the task made the files; the status refreshes until then
    response = page.request.get(download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "versie-2.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages and all("Concept – versie 2" in p for p in pages)
    assert "binnen zes weken een passend aanbod" in " ".join(text.split())

    # an OPR member reads exactly that version: its text, and what changed since version 1
    page.context.clear_cookies()
    login(page, "toezicht", swv="SPPOH")
    page.goto(f"/plandocument/versie/{opr.decided_version.version_id}/")
    expect(page.get_by_role("heading", level=1, name="Versie 2 van Ondersteuningsplan 2025-2029")).to_be_visible()
    expect(page.get_by_role("heading", name="Verschil met versie 1")).to_be_visible()
    expect(page.locator("ins", has_text="binnen zes weken").first).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "ondersteuningsplan-versie")
