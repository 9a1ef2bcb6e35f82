"""The whole trajectory from the ending ondersteuningsplan to the adopted new one, on the demo, through the UI only
(issue 16): the bureau evaluates SPPOH's plan 2021-2025, holds two thematafels with outcomes, starts a 2025-2029
draft from the old plan, links outcomes to the new doelen, runs a feedback round with two invitees without an
account (one comments, the other's link is revoked), answers the comment, records the OPR instemming and the OOGO
with each gemeente, the bestuur adopts, the Inspectie submission is marked, and the public page shows the progress.

The demo's clock is in the trajectory's year: the demo is loaded on 20-03-2025 (the besluitvorming of the plan
2025-2029; the demo moves no year, its jaarplan is 2024-2025), so every date the bureau types lies in the past."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot, url_with

pytestmark = pytest.mark.browser

TODAY = date(2025, 3, 20)
LINK = re.compile(r"https?://\S+?(/consultatie/reageren/[\w-]+/)")


@pytest.fixture
def demo_in_march(settings, transactional_db):
    settings.KOERS_TODAY = TODAY  # before the demo loads: the demo's clock is the trajectory's year
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS
    from koers.demo import setup

    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})
    return setup.load()


def _hold_table(page, title, group, held_on, theme, count_label, count):
    with navigation(page):
        page.get_by_role("link", name="Thematafel toevoegen").click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Voor de groep").select_option(label=group)
    page.get_by_label("Datum").fill(held_on)
    page.get_by_label("Nieuwe thema's").fill(theme)
    page.get_by_label(count_label).fill(str(count))
    page.get_by_label("Openbaar", exact=True).check()
    with navigation(page, url=re.compile(r"/thematafel/\d+/$")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De thematafel is opgeslagen.")).to_be_visible()


def _add_outcome(page, theme, heard):
    with navigation(page):
        page.get_by_role("link", name="Opbrengst toevoegen").click()
    page.get_by_label("Thema (verplicht)", exact=True).select_option(label=theme)
    page.get_by_label("Wat we hoorden").fill(heard)
    page.get_by_label("Openbaar", exact=True).check()
    with navigation(page, url=re.compile(r"/thematafel/\d+/$")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De opbrengst is opgeslagen.")).to_be_visible()
    return page.url


def _link_outcome(page, table_url, theme, goal_label):
    page.goto(table_url)
    with navigation(page):
        page.get_by_role("link", name=f"Wijzigen {theme}").click()
    page.get_by_label("Wat we ermee deden").select_option(label="Overgenomen")
    page.get_by_label(goal_label).check()
    with navigation(page, url=re.compile(r"/thematafel/\d+/$")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De opbrengst is opgeslagen.")).to_be_visible()
    card = page.locator("article.card", has=page.get_by_role("heading", name=theme))
    expect(card).to_contain_text("Overgenomen")
    expect(card).to_contain_text(goal_label.split(" ", 1)[1])


def _settle_step(page, name, done_on, outcome):
    with navigation(page):
        page.get_by_role("link", name=f"Vastleggen {name}", exact=True).click()
    page.get_by_label("Datum van het besluit of de indiening").fill(done_on)
    page.get_by_label("Uitkomst").select_option(label=outcome)
    with navigation(page, url=re.compile(r"/traject/\d+/$")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De stap is opgeslagen.")).to_be_visible()


def _invite(page, name, email, group):
    page.get_by_label("Naam of omschrijving").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Groep (verplicht)").select_option(label=group)
    with navigation(page):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text(f"De uitnodiging is verstuurd aan {name}.")).to_be_visible()
    sent = [m for m in mail.outbox if email in m.to]
    assert len(sent) == 1
    return LINK.search(sent[0].body).group(1)


def test_from_the_ending_plan_to_the_adopted_new_one(page, demo_in_march, browser, live_server):
    from koers.plans.models import Plan

    swv = demo_in_march["SPPOH"]
    old = Plan.unscoped.get(swv=swv, code__startswith="sppoh-osp-")
    login(page, "bureau", swv="SPPOH")

    # 1. the evaluation of the plan 2021-2025, with a conclusion on the plan as a whole
    page.goto(f"/plannen/{old.pk}/")
    with navigation(page, url=re.compile(r"/evaluatie/plan/\d+/$")):
        page.get_by_role("link", name="Evaluatie ondersteuningsplan 2021-2025").click()
    expect(page.get_by_role("heading", level=1, name="Evaluatie ondersteuningsplan 2021-2025")).to_be_visible()
    theme = old.themes.order_by("order", "pk").first()
    with navigation(page, url=re.compile(r"/conclusie/thema/")):
        page.get_by_role("link", name=f"Conclusie schrijven Thema {theme.code}", exact=True).click()
    page.get_by_label("Conclusie").fill("De basisondersteuning is versterkt; de thuiszitters vragen meer aandacht.")
    with navigation(page, url=re.compile(r"/evaluatie/plan/\d+/")):
        page.get_by_role("button", name="Conclusie opslaan").click()
    expect(page.get_by_text("De conclusie is opgeslagen.")).to_be_visible()

    # 2. the trajectory of the demo, and two thematafels with an outcome each
    page.goto("/plannen/")
    with navigation(page):
        page.get_by_role("link", name="Traject nieuw plan").click()
    with navigation(page, url=re.compile(r"/traject/\d+/$")):
        page.get_by_role("link", name="Naar het ondersteuningsplan 2025-2029").click()
    trajectory_url = page.url
    expect(page.get_by_text("Er is nog geen conceptplan gekozen.")).to_be_visible()
    _hold_table(page, "Thematafel leerkrachten", "Leerkrachten", "2025-01-21", "Handelingsverlegenheid",
                "Deelnemers: Leerkrachten", 18)  # fmt: skip
    table_a = _add_outcome(
        page, "Handelingsverlegenheid", "Leerkrachten willen sneller een collega van het SWV in de klas."
    )
    page.goto(trajectory_url)
    _hold_table(page, "Thematafel gemeenten", "Gemeenten", "2025-01-28", "Jeugdhulp op school",
                "Deelnemers: Gemeenten", 6)  # fmt: skip
    table_b = _add_outcome(page, "Jeugdhulp op school", "Eén loket voor onderwijs en jeugdhulp in elke wijk.")

    # 3. a draft 2025-2029 from the old plan
    page.goto(f"/plannen/{old.pk}/")
    with navigation(page, url=re.compile(r"/nieuw-plan/$")):
        page.get_by_role("link", name="Nieuw plan starten").click()
    expect(page.get_by_label("Eerste schooljaar")).to_have_value("2025")
    with navigation(page, url=re.compile(r"/plannen/\d+/$")):
        page.get_by_role("button", name="Conceptplan maken").click()
    expect(page.get_by_text("Dit plan is een concept.")).to_be_visible()
    draft = Plan.unscoped.get(origin=old)
    draft_url = page.url
    goals = list(draft.goals.order_by("order", "pk")[:2])
    assert len(goals) == 2

    # the trajectory gets the draft
    page.goto(trajectory_url)
    with navigation(page):
        page.get_by_role("link", name="Traject wijzigen").click()
    page.get_by_label("Conceptplan").select_option(label=draft.title)
    with navigation(page, url=re.compile(r"/traject/\d+/$")):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("link", name=draft.title)).to_be_visible()

    # 4. the outcomes answer new doelen
    _link_outcome(page, table_a, "Handelingsverlegenheid", f"{goals[0].code} {goals[0].title[:120]}")
    screenshot(page, "traject-opbrengst-gekoppeld")
    _link_outcome(page, table_b, "Jeugdhulp op school", f"{goals[1].code} {goals[1].title[:120]}")
    page.goto(f"/plannen/onderdeel/doel/{goals[1].pk}/wijzigen/")
    expect(page.get_by_role("heading", name="Waar dit vandaan komt: wat we hoorden")).to_be_visible()
    expect(page.get_by_text("Eén loket voor onderwijs en jeugdhulp in elke wijk.")).to_be_visible()

    # 5. a feedback round with two invitees without an account
    page.goto(draft_url)
    with navigation(page, url=re.compile(r"/consultatie/plan/\d+/rondes/$")):
        page.get_by_role("link", name="Reactierondes").click()
    page.get_by_label("Titel").fill("Reacties op het concept 2025-2029")
    page.get_by_label("Open vanaf").fill("01-03-2025")
    page.get_by_label("Sluit op").fill("31-03-2025")
    with navigation(page, url=re.compile(r"/consultatie/ronde/\d+/$")):
        page.get_by_role("button", name="Reactieronde aanmaken").click()
    expect(page.get_by_text("De reactieronde is aangemaakt.")).to_be_visible()
    round_url = page.url
    link_parent = _invite(page, "Ouder uit Den Haag", "ouder@example.org", "een ouder")
    link_teacher = _invite(page, "Leerkracht Rijswijk", "leerkracht@example.org", "een leerkracht")

    stranger = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = stranger.new_page()
    other.goto(link_parent)
    expect(other.get_by_role("heading", level=1, name="Reacties op het concept 2025-2029")).to_be_visible()
    field = other.get_by_label(f"Uw reactie op {draft.goal_label} {goals[0].code}", exact=True)
    field.fill("Zet de collega van het SWV ook in bij de overgang naar het vo.")
    with navigation(other):
        field.locator("xpath=..").get_by_role("button", name="Reactie versturen").click()
    expect(other.get_by_text("Dank u wel. Uw reactie is opgeslagen.")).to_be_visible()
    # the link opens the comment form and nothing else: no plan page, no monitoring
    for elsewhere in (f"/plannen/{draft.pk}/", f"/plannen/{old.pk}/", "/monitoring/", trajectory_url):
        other.goto(elsewhere)
        expect(other).to_have_url(url_with("/account/inloggen/"))

    with navigation(page):
        page.get_by_role("button", name="Link van Leerkracht Rijswijk intrekken").click()
    expect(page.get_by_text("De link van Leerkracht Rijswijk is ingetrokken.")).to_be_visible()
    other.goto(link_teacher)
    expect(other.get_by_role("heading", level=1, name="Deze link werkt niet (meer)")).to_be_visible()
    stranger.close()

    # 6. the bureau answers the comment
    page.goto(round_url)
    page.get_by_text("Beantwoorden").first.click()
    page.get_by_label("overgenomen", exact=True).first.check()
    with navigation(page):
        page.get_by_role("button", name="Antwoord opslaan").first.click()
    expect(page.get_by_text("Het antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Wat we ermee deden: overgenomen")).to_be_visible()

    # 7. OPR instemming, OOGO with every gemeente, the bestuur adopts, the Inspectie gets the plan
    page.goto(trajectory_url)
    _settle_step(page, "Instemming OPR", "2025-03-17", "Instemming verleend")
    from koers.organisations.models import Gemeente

    names = [f"OOGO met {g.name}" for g in Gemeente.unscoped.filter(swv=swv).order_by("name")]
    assert names
    expect(page.get_by_role("link", name=re.compile(r"^Vastleggen OOGO met "))).to_have_count(len(names))
    for name in names:
        _settle_step(page, name, "2025-03-18", "Overeenstemming bereikt")
    _settle_step(page, "Besluit van het bestuur", "2025-03-19", "Vastgesteld")
    expect(page.get_by_text(f"Nieuw plan: {draft.title} (vastgesteld op 19-03-2025)")).to_be_visible()
    _settle_step(page, "Indienen bij de Inspectie", "2025-03-20", "Ingediend")
    expect(page.get_by_text("Alle regels zijn in orde")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "traject-rond")

    # the adopted plan is no draft any more: no "concept" notice, no new feedback rounds
    page.goto(draft_url)
    expect(page.get_by_role("heading", level=1, name=draft.title)).to_be_visible()
    expect(page.get_by_text("Dit plan is een concept.")).to_have_count(0)
    expect(page.get_by_role("link", name="Reactierondes")).to_have_count(0)

    # 8. the bureau publishes the public page with the new plan; it shows the progress of the trajectory
    page.goto("/plannen/")
    with navigation(page):
        page.get_by_role("link", name="Publieke pagina").click()
    page.get_by_label("Pagina is openbaar").check()
    page.get_by_label("Plan om te tonen").select_option(label=draft.title)
    with navigation(page):
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De instellingen van de publieke pagina zijn opgeslagen.")).to_be_visible()
    page.goto("/openbaar/PO2815/")
    section = page.locator("section", has=page.get_by_role("heading", name="Op weg naar het nieuwe ondersteuningsplan"))
    expect(section).to_contain_text("Instemming OPR: instemming verleend op 17-03-2025")
    expect(section).to_contain_text("vastgesteld op 19-03-2025")
    expect(section).to_contain_text("ingediend op 20-03-2025")
    expect(section).to_contain_text("Eén loket voor onderwijs en jeugdhulp in elke wijk.")
    assert_accessible(page)
