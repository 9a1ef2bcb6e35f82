"""Export and import pages: permissions, SWV isolation, the problem list and its CSV."""

import html
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from koers.core import staging
from koers.core.models import FileImport
from koers.plans.io.importer import import_plan_file
from koers.plans.models import Plan
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"


@pytest.fixture
def plan(swv):
    return import_plan_file(EXAMPLE, swv=swv)


def test_year_plan_page_offers_export_and_import(bureau_client, plan):
    year_plan = plan.year_plans.get()
    page = bureau_client.get(reverse("plans:year_plan", args=[year_plan.pk])).content.decode()
    assert "Exporteer naar Excel" in page and "Exporteer naar YAML" in page and "Importeer plan" in page


def test_export_both_formats(bureau_client, plan):
    response = bureau_client.get(reverse("plans:plan_export", args=[plan.pk, "xlsx"]))
    assert response.status_code == 200 and "voorbeeld-osp-2024-2028.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Plan", "Thema's", "Doelen", "Indicatoren", "Activiteiten", "Uitleg"} <= set(workbook.sheetnames)
    response = bureau_client.get(reverse("plans:plan_export", args=[plan.pk, "yaml"]))
    assert b"code: voorbeeld-osp-2024-2028" in response.content
    assert bureau_client.get(reverse("plans:plan_export", args=[plan.pk, "pdf"])).status_code == 404


def test_toezicht_may_export_but_not_import(client, swv, plan):
    user = UserFactory()
    member(user, swv, "toezicht")
    client.force_login(user)
    assert client.get(reverse("plans:plan_export", args=[plan.pk, "yaml"])).status_code == 200
    assert client.get(reverse("plans:plan_import")).status_code == 403
    page = client.get(reverse("plans:year_plan", args=[plan.year_plans.get().pk])).content.decode()
    assert "Importeer plan" not in page


def test_other_swv_plan_is_not_found(bureau_client, other_swv):
    theirs = import_plan_file(EXAMPLE, swv=other_swv)
    assert bureau_client.get(reverse("plans:plan_export", args=[theirs.pk, "xlsx"])).status_code == 404


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("plans:plan_export", args=[plan.pk, "xlsx"]))
    assert response.status_code == 302 and "inloggen" in response["Location"]


@pytest.fixture
def upload(bureau_client, django_capture_on_commit_callbacks):
    """Post a plan file; the task (immediate backend) reads it on commit. Returns (response, run)."""

    def post(name, content, url=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            response = bureau_client.post(
                url or reverse("plans:plan_import"), {"file": SimpleUploadedFile(name, content), **extra}
            )
        return response, FileImport.unscoped.order_by("-pk").first()

    return post


@pytest.fixture
def confirm_via_worker(bureau_client, django_capture_on_commit_callbacks):
    """Post Bevestigen; the worker (immediate backend) imports on commit. Returns the progress page and its link."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = bureau_client.post(url, data)
        run_pk = int(re.search(r"/importeer/(\d+)/", url).group(1))
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert response["Location"] == reverse("plans:plan_import_progress", args=[run_pk])
        progress = bureau_client.get(response["Location"]).content.decode()
        link = re.search(r'<a class="button" href="([^"]+)"', progress)
        return progress, html.unescape(link.group(1)) if link else None

    return post


def test_import_success_goes_back_to_the_year_plan(bureau_client, swv, plan, upload, confirm_via_worker):
    year_plan = plan.year_plans.get()
    text = EXAMPLE.read_text().replace("Inclusief onderwijs\n", "Inclusief onderwijs (nieuw)\n", 1)
    url = reverse("plans:plan_import") + f"?jaarplan={year_plan.pk}"
    response, run = upload("plan.yaml", text.encode(), url=url, jaarplan=year_plan.pk)
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_import_progress", args=[run.pk])
    progress = bureau_client.get(response["Location"]).content.decode()
    confirm = reverse("plans:plan_import_confirm", args=[run.pk])
    assert "Import klaar" in progress and confirm in progress and 'hx-trigger="every 1s"' not in progress
    page = bureau_client.get(confirm).content.decode()
    assert "Import controleren" in page and "Bevestigen" in page and "Annuleren" in page
    assert "Inclusief onderwijs (nieuw)" in page and "is vastgesteld op" in page  # adopted: a reason is needed
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    response = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest})
    assert "errorlist" in response.content.decode()  # no reason: nothing saved
    assert not plan.themes.filter(title="Inclusief onderwijs (nieuw)").exists()
    progress, link = confirm_via_worker(confirm, {"bevestigen": "1", "digest": digest, "reason": "Besluit RvT"})
    assert "Import klaar" in progress and "0 toegevoegd, 1 gewijzigd, 0 verwijderd" in progress
    assert link == reverse("plans:year_plan", args=[year_plan.pk]) and "Naar het plan" in progress
    assert "Inclusief onderwijs (nieuw)" in bureau_client.get(link).content.decode()
    assert Plan.unscoped.filter(swv=swv).count() == 1
    run.refresh_from_db()
    assert run.status == FileImport.Status.APPLIED and run.data is None  # the file is gone after the import
    assert bureau_client.get(confirm).status_code == 302


def test_a_plan_changed_since_the_preview_is_shown_again(bureau_client, swv, plan, upload, confirm_via_worker):
    text = EXAMPLE.read_text().replace("Inclusief onderwijs\n", "Inclusief onderwijs (nieuw)\n", 1)
    _, run = upload("plan.yaml", text.encode())
    confirm = reverse("plans:plan_import_confirm", args=[run.pk])
    digest = re.search(r'name="digest" value="([^"]+)"', bureau_client.get(confirm).content.decode()).group(1)
    theme = plan.themes.order_by("pk").last()
    theme.title = "Intussen anders"
    theme.save()
    progress, link = confirm_via_worker(confirm, {"bevestigen": "1", "digest": digest, "reason": "Besluit"})
    assert link == confirm and "Wijzigingen bekijken" in progress  # back to the preview, with the new change set
    page = bureau_client.get(link).content.decode()
    assert "intussen gewijzigd" in page and "Intussen anders" in page
    assert not plan.themes.filter(title="Inclusief onderwijs (nieuw)").exists()
    run.refresh_from_db()
    assert run.status == FileImport.Status.DONE and run.data is not None  # still waits, for the new change set


def test_import_can_be_cancelled_and_keeps_nothing(bureau_client, swv, plan, upload):
    text = EXAMPLE.read_text().replace("Inclusief onderwijs\n", "Inclusief onderwijs (nieuw)\n", 1)
    _, run = upload("plan.yaml", text.encode())
    sealed = bytes(run.data)
    assert b"Inclusief onderwijs" not in sealed and staging.unseal(sealed) == text.encode()  # kept only encrypted
    response = bureau_client.post(reverse("plans:plan_import_confirm", args=[run.pk]), {"annuleren": "1"}, follow=True)
    assert "geannuleerd" in response.content.decode()
    run.refresh_from_db()
    assert run.status == FileImport.Status.CANCELLED and run.data is None
    assert not plan.themes.filter(title="Inclusief onderwijs (nieuw)").exists()


def test_an_expired_or_foreign_upload_is_refused(bureau_client, swv, other_swv, plan, upload, settings):
    from datetime import timedelta

    from django.utils import timezone

    from koers.core import uploads

    _, run = upload("plan.yaml", EXAMPLE.read_bytes())
    assert uploads.purge_expired(timezone.now() + timedelta(hours=settings.KOERS_UPLOAD_HOURS, minutes=1)) == 1
    run.refresh_from_db()
    assert run.status == FileImport.Status.CANCELLED and run.data is None
    response = bureau_client.get(reverse("plans:plan_import_confirm", args=[run.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("plans:plan_import"))
    FileImport.unscoped.filter(pk=run.pk).update(swv=other_swv)
    assert bureau_client.get(reverse("plans:plan_import_confirm", args=[run.pk])).status_code == 404
    assert bureau_client.get(reverse("plans:plan_import_progress", args=[run.pk])).status_code == 404


def test_import_failure_shows_problems_and_csv(bureau_client, swv, plan, upload):
    text = EXAMPLE.read_text().replace("status: loopt", "status: klaar")
    response, run = upload("plan.yaml", text.encode())
    assert run.status == FileImport.Status.PROBLEMS and run.data is None  # nothing to confirm: the file is wiped
    response = bureau_client.get(reverse("plans:plan_import_progress", args=[run.pk]))
    assert "Import klaar" in response.content.decode()
    response = bureau_client.get(reverse("plans:plan_import") + f"?import={run.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Niets opgeslagen uit plan.yaml" in page
        and "Onbekende status" in page
        and "year_plans[0].activities[1]" in page
    )
    csv = bureau_client.get(reverse("plans:plan_import_problems", args=[run.pk]))
    assert csv.status_code == 200 and "text/csv" in csv["Content-Type"]
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Bestand;Blad;Rij;Kolom in het bestand;Veld in Koers;Soort;Probleem"
    assert "Onbekende status" in body
    xlsx = bureau_client.get(reverse("plans:plan_import_problems", args=[run.pk]) + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_import_without_file_and_csv_without_report(bureau_client, swv, upload):
    response = bureau_client.post(reverse("plans:plan_import"), {})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not FileImport.unscoped.exists()
    _, run = upload("plan.yaml", EXAMPLE.read_bytes())
    assert bureau_client.get(reverse("plans:plan_import_problems", args=[run.pk])).status_code == 404


def test_import_lands_in_the_users_own_swv(bureau_client, swv, other_swv, upload, confirm_via_worker):
    _, run = upload("plan.yaml", EXAMPLE.read_bytes())
    assert run.swv == swv
    page = bureau_client.get(reverse("plans:plan_import_confirm", args=[run.pk])).content.decode()
    assert "als nieuw plan" in page
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    confirm_via_worker(reverse("plans:plan_import_confirm", args=[run.pk]), {"bevestigen": "1", "digest": digest})
    assert Plan.unscoped.filter(swv=swv).count() == 1 and not Plan.unscoped.filter(swv=other_swv).exists()


def test_the_progress_fragment_polls_until_the_worker_is_done(bureau_client, swv):
    """Without a worker (nothing runs on commit here) the run waits: the fragment polls, the page refreshes."""
    response = bureau_client.post(
        reverse("plans:plan_import"), {"file": SimpleUploadedFile("plan.yaml", EXAMPLE.read_bytes())}
    )
    run = FileImport.unscoped.get()
    assert run.status == FileImport.Status.QUEUED and run.data is not None
    page = bureau_client.get(response["Location"]).content.decode()
    assert 'role="status"' in page and 'aria-live="polite"' in page and "Vernieuwen" in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript
    status_url = reverse("plans:plan_import_status", args=[run.pk])
    fragment = bureau_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "wachtrij" in fragment and "<html" not in fragment
    from koers.core import uploads

    assert uploads.process(run.pk) == FileImport.Status.DONE
    fragment = bureau_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in fragment and "Import klaar" in fragment
    response = bureau_client.post(reverse("plans:plan_import_cancel", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == FileImport.Status.CANCELLED and run.data is None
