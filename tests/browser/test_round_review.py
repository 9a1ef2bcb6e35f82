"""The review panels of a voortgangsronde in the browser (issue 13): the bureau sends an update back with a comment,
the owner sees the notice and fixes it, attaches evidence (a file and a link); the evidence is listed in the
tertiaalrapportage, and every opening of the evidence file is in the inzagelog."""

from datetime import timedelta

from playwright.sync_api import expect

from koers.core import clock
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, login, navigation

YEAR_PLAN = "Jaar- en Activiteitenplan 2024-2025"
OWNER = "Schoolbesturen"  # the demo's eigenaar answers for this owner
TERTIAAL = "2025-T2"
COMMENT = "Welke scholen doen mee in de werkgroep?"


def _prepare():
    """A round over T2 2025 and a first update of one activity of the eigenaar's owner, waiting for review."""
    from koers.accounts.models import User
    from koers.plans import services
    from koers.plans.models import Activity, ActivityUpdate, UpdateRound, YearPlan

    year_plan = YearPlan.unscoped.get(swv__short_name="SPOW", title=YEAR_PLAN)
    activity = (
        Activity.unscoped.filter(year_plan=year_plan, status__in=Activity.OPEN_STATUSES, owner__name=OWNER)
        .order_by("order", "id")
        .first()
    )
    bureau, eigenaar = User.objects.get(username="bureau"), User.objects.get(username="eigenaar")
    ActivityUpdate.unscoped.filter(activity=activity, tertiaal=TERTIAAL).delete()
    if not UpdateRound.unscoped.filter(year_plan=year_plan, tertiaal=TERTIAAL).exists():
        services.open_round(year_plan, tertiaal=TERTIAAL, deadline=clock.today() + timedelta(days=14), user=bureau)
    services.post_update(activity, eigenaar, tertiaal=TERTIAAL, status="loopt", happened="Werkgroep is gestart.")
    return year_plan, activity, bureau


def test_send_back_fix_evidence_listed_in_the_report_and_its_opening_logged(page, browser, live_server, demo):
    from koers.audit.models import AccessLog
    from koers.core.periods import Tertiaal
    from koers.plans.models import Evidence
    from koers.reports import services as reports

    year_plan, activity, bureau = _prepare()
    activity_url = f"/plannen/activiteit/{activity.pk}/"

    # the bureau sends the update back with a comment
    login(page, "bureau")
    with navigation(page):
        page.goto(activity_url)
    page.locator("summary", has_text="Beoordelen").click()
    page.get_by_label("Opmerking voor de eigenaar").fill(COMMENT)
    with navigation(page):
        page.get_by_role("button", name="Terugsturen").click()
    expect(page.get_by_text("De update is teruggestuurd")).to_be_visible()

    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    owner = context.new_page()
    try:
        # the owner sees the notice, follows it and fixes the update
        login(owner, "eigenaar")
        with navigation(owner):
            owner.goto("/account/meldingen/")
        expect(owner.locator("main")).to_contain_text("Update T2 2025 teruggestuurd")
        with navigation(owner):
            owner.goto(activity_url)
        expect(owner.locator("main")).to_contain_text(COMMENT)
        form = owner.locator("form", has=owner.get_by_label("Tertiaal"))
        form.get_by_label("Status").select_option("loopt")
        form.get_by_label("Wat is er gebeurd").fill("Werkgroep met De Regenboog, Het Kompas en De Zeester.")
        with navigation(owner):
            form.get_by_role("button", name="Update plaatsen").click()
        expect(owner.get_by_text("Uw update is opgeslagen.")).to_be_visible()

        # evidence: a file and a link, on the new update
        for title, fill in (
            (
                "Verslag werkgroep",
                lambda f: f.get_by_label("Bestand").set_input_files(
                    {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 verslag\n"}
                ),
            ),
            ("Presentatie werkgroep", lambda f: f.get_by_label("Of een link").fill("https://example.org/presentatie")),
        ):
            owner.locator("summary", has_text="Bewijsstuk toevoegen").click()
            evidence_form = owner.locator("form", has=owner.get_by_label("Omschrijving"))
            evidence_form.get_by_label("Omschrijving").fill(title)
            fill(evidence_form)
            with navigation(owner):
                evidence_form.locator("button[type=submit]").click()
            expect(owner.get_by_text("Het bewijsstuk is toegevoegd.")).to_be_visible()
            expect(owner.get_by_role("link", name=title)).to_be_visible()
        assert_accessible(owner)
    finally:
        context.close()
    assert Evidence.unscoped.filter(update__activity=activity, update__tertiaal=TERTIAAL).count() == 2

    # the tertiaalrapportage lists the evidence: the link with its address, the file by name only
    report = reports.create_tertiaal_report(year_plan, Tertiaal.parse(TERTIAAL), bureau)
    with navigation(page):
        page.goto(f"/rapportages/{report.pk}/")
    section = page.locator("#bewijsstukken")
    expect(section).to_contain_text("Bewijsstukken")
    expect(section).to_contain_text("Presentatie werkgroep: https://example.org/presentatie")
    expect(section).to_contain_text("Verslag werkgroep (bestand in Koers)")

    # the bureau opens the evidence file: it is in the inzagelog
    assert not AccessLog.objects.filter(action="bewijsstuk bekeken").exists()
    with navigation(page):
        page.goto(activity_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Verslag werkgroep").click()
    assert download.value.suggested_filename == "verslag.pdf"
    logged = AccessLog.objects.get(action="bewijsstuk bekeken")
    assert logged.username == "bureau" and "verslag.pdf" in logged.subject and activity.code in logged.subject
