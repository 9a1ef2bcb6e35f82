"""Standard outputs: one sheet per register, suppression, a schoolbestuur sees only its own, access log."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from koers.audit.models import AccessLog
from koers.reports import standard
from koers.testing.factories import SchoolbestuurFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(monkeypatch):
    asked = {}

    def dataset(swv, period):
        return [
            (
                "TLV's",
                [("pupil", "Leerling (pseudoniem)", "text"), ("besluit", "Besluitdatum", "date")],
                [{"pupil": "a1b2c3", "besluit": date(2024, 10, 1)}],
            ),
            (
                "Thuiszitters per school",
                [("school", "School", "text"), ("n", "Aantal", "count")],
                [{"school": "De Regenboog", "n": 2}, {"school": "Het Anker", "n": 7}],
            ),
        ]

    def tlv_per_bestuur(swv, period, bestuur=None):
        asked["bestuur"] = bestuur
        return [{"bestuur": "Stichting A", "requested": 12, "issued": 3, "open": 0}]

    def thuiszitters(swv, period):
        return [{"peildatum": date(2024, 12, 31), "active": 9, "long": 2, "new": 4, "per_1000": 1.2}]

    fake = SimpleNamespace(dataset=dataset, tlv_per_bestuur=tlv_per_bestuur, thuiszitters=thuiszitters)
    monkeypatch.setattr(standard, "_registers", lambda: fake)
    return asked


def test_dataset_has_a_sheet_per_register_with_suppression(swv, registers, settings):
    settings.KOERS_SUPPRESSION_THRESHOLD = 5
    book = load_workbook(io.BytesIO(standard.monthly_dataset(swv)))
    assert book.sheetnames == ["TLV's", "Thuiszitters per school"]
    rows = list(book["Thuiszitters per school"].iter_rows(values_only=True))
    assert rows == [("School", "Aantal"), ("De Regenboog", -1), ("Het Anker", 7)]
    assert list(book["TLV's"].iter_rows(values_only=True))[1][0] == "a1b2c3"


def test_tlv_and_thuiszitters_are_suppressed_tables(swv, registers):
    tlv = standard.tlv_per_bestuur(swv)
    assert tlv.rows == [{"bestuur": "Stichting A", "requested": 12, "issued": -1, "open": 0}]
    assert "Actieve thuiszitters" in standard.thuiszitters(swv).to_csv()


def test_pages_downloads_and_access_log(bureau_client, swv, registers):
    page = bureau_client.get(reverse("reports:standard")).content.decode()
    assert "Actuele dataset" in page and "Thuiszittersmonitor" in page
    response = bureau_client.get(
        reverse("reports:standard_download", args=["dataset", "xlsx"]), {"tertiaal": "T3 2024"}
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    log = AccessLog.objects.get()
    assert log.action == "export" and "T3 2024" in log.subject
    response = bureau_client.get(reverse("reports:standard_download", args=["tlv-per-bestuur", "csv"]))
    assert response.content.decode("utf-8-sig").splitlines()[1] == "Stichting A;12;-1;0"
    assert bureau_client.get(reverse("reports:standard_download", args=["dataset", "csv"])).status_code == 404


def test_toezicht_gets_aggregates_but_not_the_pupil_dataset(swv, registers):
    user = UserFactory()
    member(user, swv, "toezicht")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("reports:standard")).content.decode()
    assert "Thuiszittersmonitor" in page and "Actuele dataset" not in page
    assert client.get(reverse("reports:standard_download", args=["dataset", "xlsx"])).status_code == 403
    assert client.get(reverse("reports:standard_download", args=["thuiszitters", "xlsx"])).status_code == 200


def test_schoolbestuur_sees_only_its_own_bestuur(swv, registers):
    bestuur = SchoolbestuurFactory(swv=swv)
    user = UserFactory()
    member(user, swv, "schoolbestuur", schoolbestuur=bestuur)
    client = Client()
    client.force_login(user)
    client.get(reverse("reports:standard_download", args=["tlv-per-bestuur", "xlsx"]))
    assert registers["bestuur"] == bestuur


def test_without_monitoring_registers_a_clear_message(bureau_client, plan_world, tmp_path, monkeypatch):
    def missing():
        raise standard.NotAvailable("De monitoringregisters zijn nog niet beschikbaar")

    monkeypatch.setattr(standard, "_registers", missing)
    response = bureau_client.get(reverse("reports:standard_download", args=["thuiszitters", "csv"]), follow=True)
    assert "nog niet beschikbaar" in response.content.decode()
    with pytest.raises(CommandError, match="nog niet beschikbaar"):
        call_command("report", "thuiszitters", "--plan", plan_world.plan.code, "-o", str(tmp_path / "t.xlsx"))


def test_command_writes_the_dataset(plan_world, registers, tmp_path):
    target = tmp_path / "dataset.xlsx"
    call_command("report", "dataset", "--plan", plan_world.plan.code, "--tertiaal", "T3-2024", "-o", str(target))
    assert load_workbook(target).sheetnames == ["TLV's", "Thuiszitters per school"]
