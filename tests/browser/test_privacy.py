"""Privacy in the browser: a beheerder looks up a pupil of the demo by pseudonym, sees the rows of every register,
asks to delete them and confirms with a reason; axe on each page; screenshot privacy-inzage.png."""

from django.db.models import Count
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, navigation, screenshot


def test_inzage_and_verwijderen(page, demo):
    from koers.audit.models import AccessLog
    from koers.monitoring.models import Arrangement
    from koers.organisations.models import Swv
    from koers.privacy.models import Verwijdering

    spow = Swv.objects.get(short_name="SPOW")
    pupil = (
        Arrangement.unscoped.filter(swv=spow)
        .exclude(pupil="")
        .values("pupil")
        .annotate(n=Count("id"))
        .order_by("-n", "pupil")
        .first()
    )
    pseudonym, rows = pupil["pupil"], pupil["n"]

    login(page, "beheerder", swv="SPOW")
    page.goto("/privacy/")
    expect(page.get_by_role("heading", name="Privacy: inzage en verwijderen")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("BSN of pseudoniem van de leerling").fill(pseudonym)
    with navigation(page):
        page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Arrangementen")).to_be_visible()
    table = page.get_by_role("table", name=f"Arrangementen ({rows})")
    expect(table.locator("tbody tr")).to_have_count(rows)
    expect(page.get_by_role("button", name="Downloaden voor de ouders (CSV, opent in Excel)")).to_be_visible()
    assert AccessLog.objects.filter(action="inzage", subject__contains=pseudonym[:12]).exists()
    assert_accessible(page)
    screenshot(page, "privacy-inzage")

    with page.expect_download() as download:
        page.get_by_role("button", name="Downloaden voor de ouders (CSV, opent in Excel)").click()
    assert download.value.suggested_filename == f"inzage-{pseudonym[:12]}.csv"

    with navigation(page):
        page.get_by_role("button", name="Verwijderen…").click()
    expect(page.get_by_role("heading", name="Gegevens van een leerling verwijderen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reden van verwijderen").fill("Verwijderverzoek van de ouders")
    page.get_by_label("Ik weet dat dit niet ongedaan kan worden gemaakt.").check()
    with navigation(page):
        page.get_by_role("button", name="Definitief verwijderen").click()
    expect(page.get_by_text("zijn verwijderd")).to_be_visible()
    assert not Arrangement.unscoped.filter(swv=spow, pupil=pseudonym).exists()
    assert Verwijdering.objects.get(kenmerk=pseudonym[:12]).aantallen["arrangement"] == rows
    assert_accessible(page)
