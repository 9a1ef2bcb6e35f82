"""The bureau evaluates SPPOH's plan 2021-2025 on the demo: opens the evaluation, writes a conclusion, downloads
the PDF, starts a new plan from the old one and sees the carried-over activities in the draft."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, assert_accessible, login, navigation, screenshot

pytestmark = pytest.mark.browser


def test_evaluate_write_a_conclusion_download_and_start_a_new_plan(page, demo, tmp_path):
    from koers.plans.models import Activity, Plan, YearPlan

    old = Plan.unscoped.get(swv=demo["SPPOH"], code__startswith="sppoh-osp-")
    last = YearPlan.unscoped.get(plan=old, school_year=old.last_year)
    open_activity = (
        Activity.unscoped.filter(year_plan=last, status__in=Activity.OPEN_STATUSES, main_activity=None)
        .order_by("order", "pk")
        .first()
    )
    assert open_activity is not None
    login(page, "bureau", swv="SPPOH")
    page.goto(f"/plannen/{old.pk}/")
    with navigation(page, url=re.compile(r"/evaluatie/plan/\d+/$")):
        page.get_by_role("link", name="Evaluatie ondersteuningsplan 2021-2025").click()
    expect(page.get_by_role("heading", level=1, name="Evaluatie ondersteuningsplan 2021-2025")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("R3.2 per schooljaar"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "evaluatie-pagina")

    # a conclusion on the first theme
    theme = old.themes.order_by("order", "pk").first()
    with navigation(page, url=re.compile(r"/conclusie/thema/")):
        page.get_by_role("link", name=f"Conclusie schrijven Thema {theme.code}", exact=True).click()
    page.get_by_label("Conclusie").fill("De basisondersteuning is versterkt.\n\n- startgesprekken op elke school")
    with navigation(page, url=re.compile(r"/evaluatie/plan/\d+/")):
        page.get_by_role("button", name="Conclusie opslaan").click()
    expect(page.get_by_text("De conclusie is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("De basisondersteuning is versterkt.")).to_be_visible()
    expect(page.get_by_text("Geschreven door Marike van Brakel").first).to_be_visible()

    # the PDF, with the conclusion in it; its first pages go into the user guide
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als PDF").click()
    pdf = tmp_path / "evaluatie.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "De basisondersteuning is versterkt." in text and "Evaluatie ondersteuningsplan 2021-2025" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for n in (2, 3):
        target = str(SCREENSHOTS / f"evaluatie-document-{n}")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile", str(pdf), target],
                       check=True)  # fmt: skip

    # a new plan from the old one: a draft with the open activities carried over, each linked to its origin
    with navigation(page, url=re.compile(r"/nieuw-plan/$")):
        page.get_by_role("link", name="Nieuw plan starten").click()
    expect(page.get_by_text(open_activity.description).first).to_be_visible()
    expect(page.get_by_label("Eerste schooljaar")).to_have_value(str(old.last_year + 1))
    screenshot(page, "evaluatie-nieuw-plan")
    with navigation(page, url=re.compile(r"/plannen/\d+/$")):
        page.get_by_role("button", name="Conceptplan maken").click()
    expect(page.get_by_text("Dit plan is een concept.")).to_be_visible()
    new = Plan.unscoped.get(origin=old)
    assert new.is_draft and new.period_label == "2025-2029"
    carried = page.locator("details.tree__main", has_text=open_activity.description)
    expect(carried.first).to_be_visible()
    expect(carried.first.get_by_text("overgenomen uit plan 2021-2025 (jaarplan 2024-2025)")).to_be_visible()
    screenshot(page, "evaluatie-conceptplan")
    with navigation(page, url=re.compile(rf"/plannen/activiteit/{open_activity.pk}/$")):
        carried.first.get_by_role("link", name=re.compile(re.escape(open_activity.code))).first.click()
