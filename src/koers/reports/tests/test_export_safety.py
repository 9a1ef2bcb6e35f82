"""Formula-like text and control characters in every export: Excel cells are text, CSV has a leading ',
numbers stay numbers, Word and PDF are made without error, and the plan workbook reads back the same texts."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koers.core.audience import Audience
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import parse_plan
from koers.plans.models import Activity, ActivityUpdate
from koers.reports import standard
from koers.reports.models import Report
from koers.reports.tests.test_documents import docx_text
from koers_dev.testing.factories import ActivityFactory, UserFactory, member

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+1", "+31 6 12345678", "-5 leerlingen", "@SUM(A1)", '=HYPERLINK("http://x"&A1,"Klik")']
EDGES = ["\tx", "\rx"]  # formula-like too; leading whitespace does not survive an import (it is stripped)
CONTROL = "Stap 1\x0bstap 2\x01\x1f met\ttab\ufffe"
CLEANED = "Stap 1\nstap 2 met\ttab"


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_safe_xlsx(data: bytes, texts):
    cells = _cells(data)
    for text in texts:
        found = [c for c in cells if c.value == text]
        assert found, text
        assert all(c.data_type == "s" for c in found), text
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and "\x0b" in c.value]


@pytest.fixture
def dangerous(plan_world):
    """Every activity gets a formula-like description (five activities, five formulas), the edges go into the
    budget references, the control characters into the first "gereed" text and into the updates."""
    activities = list(Activity.unscoped.filter(year_plan=plan_world.year_plan).order_by("pk"))
    for number in range(len(activities), len(FORMULAS)):
        activities.append(ActivityFactory(year_plan=plan_world.year_plan, code=f"X{number}", description="x"))
    for index, activity in enumerate(activities):
        activity.description = FORMULAS[index % len(FORMULAS)]
        activity.budget_code = EDGES[index] if index < len(EDGES) else "-3.1 licentie"
        activity.start_text = "@start"
        activity.deadline_text = CONTROL if index == 0 else ""
        activity.save()
    ActivityUpdate.unscoped.filter(activity__year_plan=plan_world.year_plan).update(happened="=1+1\x0bvolgende\x02")
    return activities


def test_users_export(client, swv):
    admin = UserFactory(username="beheer")
    member(admin, swv, "beheerder")
    other = UserFactory(username="klik", first_name='=HYPERLINK("http://x"&A1,"Klik")', last_name="-5")
    member(other, swv, "bureau")
    client.force_login(admin)
    text = client.get(reverse("accounts:members"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    data = client.get(reverse("accounts:members"), {"export": "xlsx"}).content
    assert not [c for c in _cells(data) if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in _cells(data))


def test_plan_workbook_and_yaml_round_trip(plan_world, dangerous):
    data = export_plan(plan_world.plan, "xlsx")
    _assert_safe_xlsx(data, [*FORMULAS, CLEANED, "-3.1 licentie", "@start"])  # the exporter strips "\tx" to "x"
    book = load_workbook(io.BytesIO(data))
    assert "Hoogstens (tekens)" in [c.value for c in book["Uitleg"][1]]
    for fmt in ("xlsx", "yaml"):
        parsed = parse_plan(export_plan(plan_world.plan, fmt), fmt=fmt)
        activities = [a for yp in parsed["year_plans"] for a in yp["activities"]]
        assert set(FORMULAS) <= {a["description"] for a in activities}, fmt
        assert CLEANED in {a["deadline_text"] for a in activities}, fmt
        assert "-3.1 licentie" in {a["budget_code"] for a in activities}, fmt
        assert {a["start"] for a in activities} == {"@start"}, fmt


def test_plan_import_removes_the_csv_quote_again():
    from koers.core.export_safety import imported_text

    assert [imported_text("'" + t) for t in FORMULAS] == FORMULAS


def test_dashboard_table_exports(bureau_client, plan_world, monitoring_values):
    plan_world.plan.theme_label = "=Speerpunt"
    plan_world.plan.save()
    period = {"schooljaar": "2024", "tertiaal": "2024-T3"}
    home = reverse("dashboard:home")
    text = bureau_client.get(home, {**period, "export": "csv", "tabel": "begroting"}).content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()[1:]]
    assert rows and all(r[0].startswith("'=Speerpunt") for r in rows if "Speerpunt" in r[0])
    data = bureau_client.get(home, {**period, "export": "xlsx", "tabel": "begroting"}).content
    sheet = load_workbook(io.BytesIO(data)).active
    first = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert first[0].data_type == "s" and first[0].value.startswith("=Speerpunt")
    assert first[1].data_type == "n"  # an amount stays a number


def test_standard_outputs(swv, monkeypatch):
    def dataset(swv, period):
        return [
            (
                "TLV's",
                [("dossier", "Dossiernummer", "text"), ("n", "Aantal", "count"), ("d", "Datum", "date")],
                [{"dossier": t, "n": 7, "d": date(2024, 10, 1)} for t in [*FORMULAS, *EDGES, CONTROL]],
            )
        ]

    fake = SimpleNamespace(
        dataset=dataset,
        tlv_per_bestuur=lambda swv, period, schools=None: [
            {"bestuur": "=1+1", "requested": 12, "issued": 7, "open": -348.261}
        ],
        first_date=lambda swv: date(2023, 9, 14),
    )
    monkeypatch.setattr(standard, "registers", fake)
    audience = Audience.system(swv, reason="test")
    data = standard.monthly_dataset(audience)
    _assert_safe_xlsx(data, [*FORMULAS, *EDGES, CLEANED])
    assert {c.value for c in _cells(data) if c.data_type == "n"} >= {7}
    line = standard.tlv_per_bestuur(audience).to_csv().splitlines()[1]
    assert line.startswith("'=1+1;12;") and "'-" not in line  # the text gets a ', the numbers do not


def test_register_csv(bureau_client, swv):
    from koers.monitoring.models import Tlv

    Tlv.unscoped.create(swv=swv, dossiernummer="=1+1", aanvraagsoort="-5 leerlingen", ontvangstdatum=date(2024, 9, 2))
    text = bureau_client.get(reverse("monitoring:register", args=["tlv"]), {"formaat": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "'=1+1" in text and "'-5 leerlingen" in text


def test_tertiaal_report_and_year_plan_documents(bureau_client, plan_world, monitoring_values, dangerous):
    response = bureau_client.post(reverse("reports:new"), {"year_plan": plan_world.year_plan.pk, "tertiaal": "2024-T3"})
    report = Report.unscoped.get()
    Report.unscoped.filter(pk=report.pk).update(introduction="Inleiding\x0bmet tab\x01", conclusion="=1+1")
    assert response.status_code == 302
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        response = bureau_client.get(reverse("reports:download", args=[report.pk, fmt]))
        assert response.status_code == 200 and response.content.startswith(magic), fmt
        response = bureau_client.get(reverse("reports:year_plan_document", args=[plan_world.year_plan.pk, fmt]))
        assert response.status_code == 200 and response.content.startswith(magic), fmt
    text = docx_text(bureau_client.get(reverse("reports:download", args=[report.pk, "docx"])).content)
    assert "volgende" in text and "Inleiding\nmet tab" in text and "\x0b" not in text and "\x01" not in text
