"""The voortgangsronde in the browser (issue 13): the bureau opens a round, sees who has not updated and reminds one
owner; the owner follows the mail's link and updates three activities with save-and-next (desktop and 390 px);
the bureau sends one back, the owner fixes it, the round shows everything done; once the tertiaalrapportage is
issued the tertiaal is locked."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from koers.core import clock
from koers.core.formatting import dutch_date as nl_date
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, htmx_swap, login, navigation, screenshot

YEAR_PLAN = "Jaar- en Activiteitenplan 2024-2025"
OWNER = "Schoolbesturen"  # the demo's eigenaar answers for this owner
TERTIAAL = "2025-T2"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site_url(settings, live_server):
    settings.SITE_URL = live_server.url  # the mail's links must open in this test's server
    return live_server.url


def _prepare(demo):
    """Everything of the round already updated except three activities of the eigenaar's owner."""
    from koers.accounts.models import User
    from koers.plans import services
    from koers.plans.models import Activity, ActivityUpdate, YearPlan

    year_plan = YearPlan.unscoped.get(swv__short_name="SPOW", title=YEAR_PLAN)
    open_ones = list(
        Activity.unscoped.filter(year_plan=year_plan, status__in=Activity.OPEN_STATUSES)
        .select_related("owner")
        .order_by("order", "id")
    )
    ActivityUpdate.unscoped.filter(activity__year_plan=year_plan, tertiaal=TERTIAAL).delete()
    owned = [a for a in open_ones if a.owner and a.owner.name == OWNER]
    left = owned[:3]
    assert len(left) == 3
    bureau = User.objects.get(username="bureau")
    for activity in open_ones:
        if activity not in left:
            services.post_update(
                activity, bureau, tertiaal=TERTIAAL, status=activity.status, happened="Loopt volgens plan."
            )
    return year_plan, left, len(owned)


def _owner_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _fill_update(scope, happened):
    scope.get_by_label("Status").select_option("loopt")
    scope.get_by_label("Wat is er gebeurd").fill(happened)
    scope.get_by_label("Volgende stap").fill("Evaluatie met de intern begeleiders.")
    scope.get_by_label("Risico's").fill("Krappe bezetting in het voorjaar.")


def _round_flow(page, browser, live_server, demo, viewport):
    year_plan, left, owned = _prepare(demo)

    # the bureau opens the round and sees who has not updated
    login(page, "bureau")
    with navigation(page):
        page.goto(f"/plannen/jaarplan/{year_plan.pk}/rondes/")
    page.get_by_label("Tertiaal").select_option(TERTIAAL)
    deadline = clock.today() + timedelta(days=14)  # Koers' today (KOERS_TODAY), never the machine's date
    page.get_by_label("Deadline").fill(deadline.isoformat())
    with navigation(page, url=re.compile(r"/plannen/ronde/\d+/$")):
        page.get_by_role("button", name="Ronde openen en eigenaren mailen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgangsronde T2 2025")
    # every date on the page is Koers' today, whatever the machine's date (see test_..._machine_date_moved)
    expect(page.locator("main")).to_contain_text(f"Geopend op {nl_date(clock.today())}")
    owner_card = page.locator("section.round-owner", has=page.get_by_role("heading", name=OWNER, exact=True))
    expect(owner_card).to_contain_text(f"{owned - 3} van {owned} bijgewerkt")
    expect(owner_card.locator(".status--nog_niet")).to_have_count(1 + 3)  # the owner's badge and three activities
    for activity in left:
        expect(owner_card.locator(f'li[data-activity="{activity.code}"]')).to_contain_text("Nog niet bijgewerkt")
    expect(page.locator("#round-summary")).not_to_contain_text("alles is bijgewerkt")
    assert_accessible(page)
    if viewport != PHONE:  # the round page for the guide, at desktop and phone width
        screenshot(page, "ronde")
        page.set_viewport_size(PHONE)
        screenshot(page, "ronde-telefoon")
        page.set_viewport_size({"width": 1280, "height": 900})

    # remind that one owner: the mail links to the activity itself, on the site URL
    mail.outbox.clear()
    with navigation(page):
        owner_card.get_by_role("button", name=f"Herinner {OWNER}").click()
    expect(page.get_by_text("Er is 1 herinnering verstuurd.")).to_be_visible()
    expect(owner_card).to_contain_text("Laatste bericht: herinnering")
    reminder = next(m for m in mail.outbox if m.subject.startswith("Herinnering"))
    links = re.findall(r"Bijwerken: (\S+)", reminder.body)
    assert links == [f"{live_server.url}/plannen/activiteit/{a.pk}/" for a in left]

    # the owner follows the link and updates three activities with save-and-next
    context, owner = _owner_page(browser, live_server, viewport)
    try:
        login(owner, "eigenaar")
        with navigation(owner):
            owner.goto(links[0])
        expect(owner.get_by_text("Het bureau vraagt de voortgang voor T2 2025")).to_be_visible()
        expect(owner.get_by_label("Tertiaal")).to_have_value(TERTIAAL)  # the open round's tertiaal, preselected
        _fill_update(owner.locator("form", has=owner.get_by_label("Tertiaal")), "Startbijeenkomst gehouden.")
        with navigation(owner, url="**/plannen/mijn-ronde/"):
            owner.get_by_role("button", name="Opslaan en volgende").click()
        round_list = owner.locator("#my-round")
        expect(round_list).to_contain_text("Nog 2 activiteiten bij te werken.")
        current = round_list.locator(".round-current")
        expect(current).to_have_attribute("data-activity", left[1].code)
        expect(current.get_by_label("Tertiaal")).to_have_value(TERTIAAL)
        assert_accessible(owner)
        screenshot(owner, "mijn-ronde-telefoon" if viewport == PHONE else "mijn-ronde")
        _fill_update(current, "Werkgroep is gestart.")
        with htmx_swap(owner):
            current.get_by_role("button", name="Opslaan en volgende").click()
        expect(round_list).to_contain_text(f"Uw update van {left[1].code} is opgeslagen.")
        expect(current).to_have_attribute("data-activity", left[2].code)
        _fill_update(current, "Eerste scholen doen mee.")
        with htmx_swap(owner):
            current.get_by_role("button", name="Opslaan").click()
        expect(round_list).to_contain_text("U hebt alles voor deze ronde bijgewerkt.")

        # the bureau sends one back; the owner fixes it; the round shows everything done
        with navigation(page):
            page.reload()
        expect(owner_card).to_contain_text(f"{owned} van {owned} bijgewerkt")
        item = owner_card.locator(f'li[data-activity="{left[1].code}"]')
        item.get_by_text("Lezen en beoordelen").click()
        item.get_by_label("Opmerking voor de eigenaar").fill("Welke scholen doen mee in de werkgroep?")
        with navigation(page):
            item.get_by_role("button", name="Terugsturen").click()
        expect(page.get_by_text("De update is teruggestuurd")).to_be_visible()
        expect(item).to_contain_text("Teruggestuurd")

        with navigation(owner):
            owner.goto("/plannen/mijn-ronde/")
        expect(current).to_have_attribute("data-activity", left[1].code)
        expect(current).to_contain_text("Welke scholen doen mee in de werkgroep?")
        _fill_update(current, "Werkgroep met De Regenboog, Het Kompas en De Zeester.")
        with htmx_swap(owner):
            current.get_by_role("button", name="Opslaan").click()
        expect(round_list).to_contain_text("U hebt alles voor deze ronde bijgewerkt.")

        with navigation(page):
            page.reload()
        expect(page.locator("#round-summary")).to_contain_text("alles is bijgewerkt")
        expect(owner_card).to_contain_text(f"{owned} van {owned} bijgewerkt")

        # the tertiaalrapportage is issued: the tertiaal is locked, a change needs a reason (an amendment)
        from koers.accounts.models import User
        from koers.core.periods import Tertiaal
        from koers.plans.models import Amendment
        from koers.reports import services as reports

        bureau = User.objects.get(username="bureau")
        report = reports.create_tertiaal_report(year_plan, Tertiaal.parse(TERTIAAL), bureau)
        reports.issue(report, bureau)
        with navigation(owner):
            owner.goto(links[0])
        form = owner.locator("form", has=owner.get_by_label("Tertiaal"))
        _fill_update(form, "Nagekomen: ook De Vlinder doet mee.")
        with navigation(owner):
            form.get_by_role("button", name="Update plaatsen").click()
        expect(owner.locator("#id_reason_error")).to_contain_text(
            "De tertiaalrapportage over T2 2025 is al uitgebracht."
        )
        form.get_by_label("Reden van de wijziging").fill("School meldde zich na het uitbrengen.")
        with navigation(owner):
            form.get_by_role("button", name="Update plaatsen").click()
        expect(owner.get_by_text("Uw update is opgeslagen.")).to_be_visible()
        assert Amendment.unscoped.filter(year_plan=year_plan, reason="School meldde zich na het uitbrengen.").exists()
    finally:
        context.close()


def test_round_remind_update_review_and_lock_desktop(page, browser, live_server, demo, site_url):
    _round_flow(page, browser, live_server, demo, {"width": 1280, "height": 900})


@pytest.fixture(params=[-1000, 500], ids=["machine-2-jaar-terug", "machine-500-dagen-vooruit"])
def machine_date_moved(request, monkeypatch):
    """The machine's clock on another day than Koers' fixed today: Django's timezone.now() (timestamps, sessions)
    moves, koers.core.clock.today() does not. The round must look and behave the same."""
    real_now = timezone.now
    shift = timedelta(days=request.param)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    assert timezone.localdate() != clock.today()
    return shift


def test_round_with_the_machine_date_moved(page, browser, live_server, demo, site_url, machine_date_moved):
    _round_flow(page, browser, live_server, demo, {"width": 1280, "height": 900})
    from koers.plans.models import ActivityUpdate, UpdateRound

    # every timestamp of the round lies on Koers' today, none on the machine's date
    update_round = UpdateRound.unscoped.get(tertiaal=TERTIAAL)
    assert timezone.localtime(update_round.opened_at).date() == clock.today()
    stamps = ActivityUpdate.unscoped.filter(tertiaal=TERTIAAL).values_list("created_at", "reviewed_at")
    days = {timezone.localtime(t).date() for pair in stamps for t in pair if t}
    assert days == {clock.today()}


def test_round_owner_on_a_phone(page, browser, live_server, demo, site_url):
    _round_flow(page, browser, live_server, demo, PHONE)
