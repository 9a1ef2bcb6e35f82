"""Export and import pages: permissions, SWV isolation, the problem list and its CSV."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from koers.core import staging
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


def test_import_success_goes_back_to_the_year_plan(bureau_client, swv, plan):
    year_plan = plan.year_plans.get()
    text = EXAMPLE.read_text().replace("Inclusief onderwijs\n", "Inclusief onderwijs (nieuw)\n", 1)
    upload = SimpleUploadedFile("plan.yaml", text.encode(), content_type="application/yaml")
    url = reverse("plans:plan_import") + f"?jaarplan={year_plan.pk}"
    response = bureau_client.post(url, {"file": upload, "jaarplan": year_plan.pk})
    confirm = reverse("plans:plan_import_confirm")
    assert response.status_code == 302 and response["Location"] == confirm
    page = bureau_client.get(confirm).content.decode()
    assert "Import controleren" in page and "Bevestigen" in page and "Annuleren" in page
    assert "Inclusief onderwijs (nieuw)" in page and "is vastgesteld op" in page  # adopted: a reason is needed
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    response = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest})
    assert "errorlist" in response.content.decode()  # no reason: nothing saved
    assert not plan.themes.filter(title="Inclusief onderwijs (nieuw)").exists()
    response = bureau_client.post(confirm, {"bevestigen": "1", "digest": digest, "reason": "Besluit RvT"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:year_plan", args=[year_plan.pk])
    page = response.content.decode()
    assert "is ingelezen uit plan.yaml: 0 toegevoegd, 1 gewijzigd, 0 verwijderd" in page
    assert "Inclusief onderwijs (nieuw)" in page
    assert Plan.unscoped.filter(swv=swv).count() == 1
    assert bureau_client.get(confirm).status_code == 302  # the file is gone after the import


def test_import_can_be_cancelled_and_keeps_nothing(bureau_client, swv, plan, tmp_path, settings):
    settings.KOERS_STAGING_DIR = str(tmp_path)
    text = EXAMPLE.read_text().replace("Inclusief onderwijs\n", "Inclusief onderwijs (nieuw)\n", 1)
    bureau_client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile("plan.yaml", text.encode())})
    (waiting,) = tmp_path.iterdir()
    sealed = waiting.read_bytes()
    assert b"Inclusief onderwijs" not in sealed and staging.unseal(sealed) == text.encode()  # kept only encrypted
    response = bureau_client.post(reverse("plans:plan_import_confirm"), {"annuleren": "1"}, follow=True)
    assert "geannuleerd" in response.content.decode()
    assert not list(tmp_path.iterdir()) and not plan.themes.filter(title="Inclusief onderwijs (nieuw)").exists()


def test_a_stale_or_foreign_pending_upload_is_refused(bureau_client, swv, plan, tmp_path, settings):
    settings.KOERS_STAGING_DIR = str(tmp_path)
    bureau_client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile("plan.yaml", EXAMPLE.read_bytes())})
    session = bureau_client.session
    pending = session["koers_plan_import_pending"]
    pending["expires"] = 0
    session["koers_plan_import_pending"] = pending
    session.save()
    response = bureau_client.get(reverse("plans:plan_import_confirm"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_import")
    assert not list(tmp_path.iterdir())


def test_import_failure_shows_problems_and_csv(bureau_client, swv, plan):
    text = EXAMPLE.read_text().replace("status: loopt", "status: klaar")
    upload = SimpleUploadedFile("plan.yaml", text.encode())
    response = bureau_client.post(reverse("plans:plan_import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Niets opgeslagen uit plan.yaml" in page
        and "Onbekende status" in page
        and "year_plans[0].activities[1]" in page
    )
    csv = bureau_client.get(reverse("plans:plan_import_problems"))
    assert csv.status_code == 200 and "text/csv" in csv["Content-Type"]
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Bestand;Blad;Rij;Kolom in het bestand;Veld in Koers;Soort;Probleem"
    assert "Onbekende status" in body
    xlsx = bureau_client.get(reverse("plans:plan_import_problems") + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_import_without_file_and_csv_without_report(bureau_client, swv):
    response = bureau_client.post(reverse("plans:plan_import"), {})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert bureau_client.get(reverse("plans:plan_import_problems")).status_code == 404


def test_import_lands_in_the_users_own_swv(bureau_client, swv, other_swv):
    upload = SimpleUploadedFile("plan.yaml", EXAMPLE.read_bytes())
    bureau_client.post(reverse("plans:plan_import"), {"file": upload})
    page = bureau_client.get(reverse("plans:plan_import_confirm")).content.decode()
    assert "als nieuw plan" in page
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    bureau_client.post(reverse("plans:plan_import_confirm"), {"bevestigen": "1", "digest": digest})
    assert Plan.unscoped.filter(swv=swv).count() == 1 and not Plan.unscoped.filter(swv=other_swv).exists()
