"""Standard outputs: one sheet per register, suppression, a schoolbestuur sees only its own, access log."""

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from koers.accounts.audience import for_command_line
from koers.audit.models import AccessLog
from koers.core import clock
from koers.core.audience import Audience
from koers.core.periods import Tertiaal
from koers.monitoring.measures.base import Result
from koers.reports import standard
from koers_dev.testing.factories import SchoolbestuurFactory, UserFactory, member

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

    def tlv_per_bestuur(swv, period, schools=None):
        asked["schools"] = schools
        asked["period"] = period
        return [{"bestuur": "Stichting A", "requested": 12, "issued": 3, "open": 0}]

    def thuiszitters(audience, period):
        asked["period"] = period
        hidden = Result(None, "minder dan 5", True)
        return [
            {
                "peildatum": date(2024, 12, 31),
                "active": Result(9, "9"),
                "long": hidden,
                "new": hidden,
                "per_1000": Result(Decimal("1.2"), "1,2"),
            }
        ]

    fake = SimpleNamespace(
        dataset=dataset,
        tlv_per_bestuur=tlv_per_bestuur,
        thuiszitters=thuiszitters,
        first_date=lambda swv: date(2023, 9, 14),  # the list of tertialen starts at T3 2023
    )
    monkeypatch.setattr(standard, "registers", fake)
    return asked


def test_dataset_has_a_sheet_per_register_with_suppression(swv, registers, settings):
    settings.KOERS_SUPPRESSION_THRESHOLD = 5
    book = load_workbook(io.BytesIO(standard.monthly_dataset(Audience.system(swv, reason="test"))))
    assert book.sheetnames == ["TLV's", "Thuiszitters per school"]
    rows = list(book["Thuiszitters per school"].iter_rows(values_only=True))
    assert rows == [("School", "Aantal"), ("De Regenboog", -1), ("Het Anker", 7)]
    assert list(book["TLV's"].iter_rows(values_only=True))[1][0] == "a1b2c3"


def test_tlv_and_thuiszitters_are_suppressed_tables(swv, registers):
    tlv = standard.tlv_per_bestuur(for_command_line(swv, "toezicht"))
    assert tlv.rows == [{"bestuur": "Stichting A", "requested": 12, "issued": -1, "open": 0}]
    assert "Actieve thuiszitters" in standard.thuiszitters(for_command_line(swv, "toezicht")).to_csv()


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
    assert registers["schools"] == frozenset()  # its own schools only (this bestuur has none)


def test_command_writes_the_dataset(plan_world, registers, tmp_path):
    target = tmp_path / "dataset.xlsx"
    call_command("report", "dataset", "--plan", plan_world.plan.code, "--tertiaal", "T3-2024", "-o", str(target))
    assert load_workbook(target).sheetnames == ["TLV's", "Thuiszitters per school"]


def test_the_period_is_a_choice_from_the_current_tertiaal_back_to_the_first_data(swv, registers, monkeypatch):
    today = date(2026, 12, 1)
    choices = standard.period_choices(swv, today=today)
    assert choices[0] == Tertiaal(2026, 3) and choices[-1] == Tertiaal(2023, 3)  # newest first, no future
    assert len(choices) == 1 + 3 * 3 and choices[1] == Tertiaal(2026, 2)
    monkeypatch.setattr(standard, "registers", SimpleNamespace(first_date=lambda swv: None))
    assert standard.period_choices(swv, today=today)[-1] == Tertiaal(2024, 1)  # no data: two years before this one
    monkeypatch.setattr(standard, "registers", SimpleNamespace(first_date=lambda swv: date(1999, 1, 1)))
    assert standard.period_choices(swv, today=today)[-1] == Tertiaal(2016, 1)  # at most ten years back


def test_the_page_shows_the_period_the_files_cover(bureau_client, swv, registers):
    page = bureau_client.get(reverse("reports:standard")).content.decode()
    current = standard.current_period()
    assert '<select name="tertiaal"' in page and 'type="text"' not in page
    assert f'<option value="{current.key}" selected>{current}</option>' in page
    assert f"De bestanden gaan over <strong>{current}</strong>" in page and "Dit tertiaal loopt nog." in page
    assert f"?tertiaal={current.key}" in page
    page = bureau_client.get(reverse("reports:standard"), {"tertiaal": "2024-T3"}).content.decode()
    assert '<option value="2024-T3" selected>T3 2024</option>' in page
    assert "De bestanden gaan over <strong>T3 2024</strong>: van <time" in page
    assert ">01-08-2024</time> tot en met <time" in page and ">31-12-2024</time>." in page  # August is T3
    assert "?tertiaal=2024-T3" in page and "loopt nog" not in page
    # as people write it, too (old links, the command line)
    assert (
        "<strong>T3 2024</strong>"
        in bureau_client.get(reverse("reports:standard"), {"tertiaal": "t3 2024"}).content.decode()
    )


@pytest.mark.parametrize("wrong", ["foo", "T4 2024", "T1 2099"])
def test_a_wrong_period_gets_a_clear_message_and_no_files(bureau_client, swv, registers, wrong):
    page = bureau_client.get(reverse("reports:standard"), {"tertiaal": wrong}).content.decode()
    assert "Kies een tertiaal uit de lijst. Een tertiaal schrijft u als T3 2024" in page
    assert "De bestanden gaan over <strong>" not in page and "Kies eerst een tertiaal uit de lijst" in page
    assert reverse("reports:standard_download", args=["thuiszitters", "csv"]) not in page
    # a download with it (an old or edited link) returns nothing unfiltered: back to the page with the message
    response = bureau_client.get(
        reverse("reports:standard_download", args=["thuiszitters", "csv"]), {"tertiaal": wrong}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("reports:standard") + "?tertiaal=")
    assert "period" not in registers and not AccessLog.objects.exists()


def test_file_names_name_the_period(bureau_client, swv, registers):
    url = reverse("reports:standard_download", args=["tlv-per-bestuur", "xlsx"])
    response = bureau_client.get(url, {"tertiaal": "2024-T3"})
    assert response["Content-Disposition"] == 'attachment; filename="tlv-per-bestuur-T3-2024.xlsx"'
    assert registers["period"] == Tertiaal(2024, 3)
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["TLV's per schoolbestuur T3 2024"]
    url = reverse("reports:standard_download", args=["thuiszitters", "csv"])
    response = bureau_client.get(url, {"tertiaal": "T1 2025"})
    assert response["Content-Disposition"] == 'attachment; filename="thuiszitters-T1-2025.csv"'
    assert registers["period"] == Tertiaal(2025, 1)
    response = bureau_client.get(reverse("reports:standard_download", args=["thuiszitters", "csv"]))
    current = standard.current_period()  # nothing chosen: the current tertiaal, named in the file
    assert f'filename="thuiszitters-T{current.number}-{current.year}.csv"' in response["Content-Disposition"]
    response = bureau_client.get(
        reverse("reports:standard_download", args=["dataset", "xlsx"]), {"tertiaal": "2024-T3"}
    )
    today = clock.today().strftime("%d-%m-%Y")  # the dataset is always the whole current dataset
    assert response["Content-Disposition"] == f'attachment; filename="dataset-{today}.xlsx"'


def test_command_writes_tlv_per_bestuur_for_the_tertiaal(plan_world, registers, tmp_path):
    target = tmp_path / "tlv.csv"
    call_command(
        "report", "tlv-per-bestuur", "--plan", plan_world.plan.code, "--tertiaal", "T3 2024", "-o", str(target)
    )
    assert registers["period"] == Tertiaal(2024, 3)
    assert target.read_text(encoding="utf-8-sig").splitlines()[1] == "Stichting A;12;-1;0"
    call_command("report", "thuiszitters", "--plan", plan_world.plan.code, "-o", str(tmp_path / "t.xlsx"))
    assert registers["period"] == standard.current_period()
    with pytest.raises(CommandError, match="T3 2024"):
        call_command("report", "thuiszitters", "--plan", plan_world.plan.code, "--tertiaal", "foo", "-o", "x.csv")


def test_dataset_amounts_stay_numbers_in_excel(swv, monkeypatch):
    fake = SimpleNamespace(
        dataset=lambda swv, period: [
            (
                "Arrangementen",
                [("number", "Nummer", "text"), ("cost", "Kosten", "money")],
                [{"number": "A1", "cost": Decimal("1250.50")}],
            )
        ]
    )
    monkeypatch.setattr(standard, "registers", fake)
    cell = load_workbook(io.BytesIO(standard.monthly_dataset(Audience.system(swv, reason="test"))))["Arrangementen"][
        "B2"
    ]
    assert (cell.value, cell.data_type, cell.number_format) == (1250.5, "n", '"EUR "#,##0.00')


def test_small_counts_are_suppressed(settings):
    settings.KOERS_SUPPRESSION_THRESHOLD = 5
    readers = Audience(swv_id=1, kind="lezers")
    assert [standard.suppress(n, readers) for n in (0, 1, 4, 5, None)] == [0, -1, -1, 5, None]
    bureau = Audience(swv_id=1, kind="gebruiker", pupil_level=True)
    assert [standard.suppress(n, bureau) for n in (0, 1, 4)] == [0, 1, 4]
