"""Export and import pages: permissions, SWV isolation, the problem list and its CSV."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from koers.plans.io.importer import import_plan_file
from koers.plans.models import Plan
from koers.testing.factories import UserFactory, member

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
    assert "al vastgesteld" in response.content.decode()  # the example plan is adopted: a reason is needed
    upload.seek(0)
    data = {"file": upload, "jaarplan": year_plan.pk, "reason": "Besluit RvT"}
    response = bureau_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:year_plan", args=[year_plan.pk])
    page = response.content.decode()
    assert "is ingelezen uit plan.yaml" in page and "Inclusief onderwijs (nieuw)" in page
    assert Plan.unscoped.filter(swv=swv).count() == 1


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
    assert body.splitlines()[0] == "Bestand;Blad;Rij;Kolom;Melding" and "Onbekende status" in body


def test_import_without_file_and_csv_without_report(bureau_client, swv):
    response = bureau_client.post(reverse("plans:plan_import"), {})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert bureau_client.get(reverse("plans:plan_import_problems")).status_code == 404


def test_import_lands_in_the_users_own_swv(bureau_client, swv, other_swv):
    upload = SimpleUploadedFile("plan.yaml", EXAMPLE.read_bytes())
    bureau_client.post(reverse("plans:plan_import"), {"file": upload})
    assert Plan.unscoped.filter(swv=swv).count() == 1 and not Plan.unscoped.filter(swv=other_swv).exists()
