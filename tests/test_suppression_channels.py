"""One figure below the threshold, followed through every channel: page, API, export, report and public page.

SWV total 3 issued TLV's in 2024-2025 (all at bestuur A): the bureau sees 3, every other audience "minder dan 5"
(ADR 0012). The same for a schoolbestuur whose own schools have 3 while the SWV has 13.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.public.models import PublicPage
from koers.reports import content
from koers_dev.testing.worlds import ON, small_counts_world, user_with

pytestmark = pytest.mark.django_db

T3 = Tertiaal(2025, 2)  # up to 31 July 2025


@pytest.fixture
def world():
    return small_counts_world(counts=(3, 0))


def _client(world, role, bestuur=None):
    client = Client()
    client.force_login(user_with(world["swv"], role, schoolbestuur=bestuur))
    return client


CELL = '<td class="num" data-label="Waarde">{}</td>'


def test_indicator_page(world):
    url = reverse("monitoring:indicator", args=[world["indicator"].pk])
    toezicht = _client(world, "toezicht").get(url).content.decode()
    assert CELL.format("minder dan 5") in toezicht and CELL.format("3") not in toezicht
    assert CELL.format("3") in _client(world, "bureau").get(url).content.decode()


def test_api(world):
    from rest_framework.test import APIClient

    from koers.api.models import ApiToken
    from koers.api.tests.conftest import ALL_SCOPES

    def value(role):
        user = user_with(world["swv"], role)
        _, key = ApiToken.issue(user=user, swv=world["swv"], name="t", scopes=ALL_SCOPES)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return api.get(reverse("api:maat", args=["tlv_afgegeven"]), {"datum": ON.isoformat()}).json()

    assert value("bureau")["value"] == 3
    hidden = value("toezicht")
    assert hidden["value"] is None and hidden["suppressed"] and hidden["display"] == "minder dan 5"


def test_export(world):
    response = _client(world, "toezicht").get(
        reverse("reports:standard_download", args=["tlv-per-bestuur", "xlsx"]), {"tertiaal": "T3 2024"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    bestuur_a = next(r for r in rows if r[0] == "Bestuur A")
    assert -1 in bestuur_a and 3 not in bestuur_a[1:]


def test_report_for_its_readers(world):
    payload = content.tertiaal_payload(world["year_plan"], T3, for_readers(world["swv"]))
    found = [i for s in payload["sections"] for i in _indicators(s)]
    assert found and all(i["latest"]["display"] == "minder dan 5" for i in found)
    assert all(v["value"] is None for i in found for v in i["series"] if v["display"] == "minder dan 5")


def _indicators(section):
    yield from section["indicators"]
    for goal in section["goals"]:
        yield from _indicators(goal)


def test_public_page(world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: ON)  # the public page shows today's figures
    PublicPage.unscoped.create(swv=world["swv"], published=True, measures=["tlv_afgegeven"])
    page = Client().get(reverse("public:page", args=[world["swv"].code])).content.decode()
    assert "minder dan 5" in page
