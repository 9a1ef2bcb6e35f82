"""The consultation of a draft on the demo: the bureau opens a feedback round on SPPOH's 2025-2029 draft,
invites two people without an account, one comments through its link (no login), the other's link is revoked
and refused, the bureau answers the comment, records a version, and the appendix shows the answer."""

import re
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, assert_accessible, login, navigation, screenshot

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+?(/consultatie/reageren/[\w-]+/)")


def _invite(page, name, email, group):
    page.get_by_label("Naam of omschrijving").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Groep").select_option(label=group)
    with navigation(page):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text(f"De uitnodiging is verstuurd aan {name}.")).to_be_visible()
    return LINK.search(mail.outbox[-1].body).group(1)  # the absolute link (KOERS_SITE_URL), its path here


def test_feedback_round_with_two_invitees(page, demo, browser, live_server, tmp_path):
    from koers.accounts.models import User
    from koers.plans import services as plan_services
    from koers.plans.models import Plan

    old = Plan.unscoped.get(swv=demo["SPPOH"], code__startswith="sppoh-osp-")
    draft = plan_services.start_new_plan(
        old, User.objects.get(username="bureau"), code="sppoh-osp-2025-2029", title="Ondersteuningsplan 2025-2029",
        first_year=2025, last_year=2028,
    )  # fmt: skip
    goal = draft.goals.order_by("order", "pk").first()

    login(page, "bureau", swv="SPPOH")
    page.goto(f"/plannen/{draft.pk}/")
    with navigation(page, url=re.compile(r"/consultatie/plan/\d+/rondes/$")):
        page.get_by_role("link", name="Reactierondes").click()
    page.get_by_label("Titel").fill("Reacties op het concept 2025-2029")
    page.get_by_label("Open vanaf").fill("01-07-2025")
    page.get_by_label("Sluit op").fill("30-09-2025")
    with navigation(page, url=re.compile(r"/consultatie/ronde/\d+/$")):
        page.get_by_role("button", name="Reactieronde aanmaken").click()
    expect(page.get_by_text("De reactieronde is aangemaakt.")).to_be_visible()
    mail.outbox.clear()
    link_a = _invite(page, "Ouder uit Delft", "ouder@example.org", "een ouder")
    link_b = _invite(page, "Leerkracht Zoetermeer", "leerkracht@example.org", "een leerkracht")

    # the first invitee comments through its link, in a browser that never logged in
    stranger = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = stranger.new_page()
    other.goto(link_a)
    expect(other.get_by_role("heading", level=1, name="Reacties op het concept 2025-2029")).to_be_visible()
    other.get_by_label(f"Uw reactie op {draft.goal_label} {goal.code}").fill("Betrek de ouders al bij de start.")
    with navigation(other):
        other.get_by_label(f"Uw reactie op {draft.goal_label} {goal.code}").locator("xpath=..").get_by_role(
            "button", name="Reactie versturen"
        ).click()
    expect(other.get_by_text("Dank u wel. Uw reactie is opgeslagen.")).to_be_visible()
    assert_accessible(other)
    screenshot(other, "consultatie-genodigde")

    # the second invitee's link is revoked and then refused
    with navigation(page):
        page.get_by_role("button", name="Link van Leerkracht Zoetermeer intrekken").click()
    expect(page.get_by_text("De link van Leerkracht Zoetermeer is ingetrokken.")).to_be_visible()
    other.goto(link_b)
    expect(other.get_by_role("heading", level=1, name="Deze link werkt niet (meer)")).to_be_visible()
    stranger.close()

    # the bureau answers the comment
    page.reload()
    page.get_by_text("Beantwoorden").first.click()
    page.get_by_label("deels overgenomen").first.check()
    page.get_by_label("Toelichting (verplicht bij deels of niet overgenomen)").first.fill(
        "Ouders zitten in de thematafel; de start zelf blijft bij de school."
    )
    with navigation(page):
        page.get_by_role("button", name="Antwoord opslaan").first.click()
    expect(page.get_by_text("Het antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Wat we ermee deden: deels overgenomen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "consultatie-ronde")

    # a version is recorded
    with navigation(page, url=re.compile(r"/versies/$")):
        page.get_by_role("link", name="Versies van het concept").click()
    with navigation(page):
        page.get_by_role("button", name="Versie vastleggen").click()
    expect(page.get_by_text("Versie 1 is vastgelegd.")).to_be_visible()

    # the appendix shows the answer, with the invitee by group and without an e-mail address
    response = page.request.get(f"/consultatie/plan/{draft.pk}/bijlage.pdf")
    assert response.ok
    pdf = tmp_path / "bijlage.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Bijlage: reacties uit de consultatie en wat we ermee deden" in flat
    assert "Betrek de ouders al bij de start." in flat and "deels overgenomen" in flat and "een ouder" in flat
    assert "@example.org" not in flat and "Ouder uit Delft" not in flat
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SCREENSHOTS / "consultatie-bijlage")], check=True)  # fmt: skip
