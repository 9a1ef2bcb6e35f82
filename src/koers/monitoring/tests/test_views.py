from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.audit.models import AccessLog
from koers.monitoring.models import ImportRun, ManualMeasurement, Tlv
from koers.testing.factories import IndicatorFactory, PlanFactory

from .test_import import TLV


def test_overview_empty_states(bureau_client, swv):
    html = bureau_client.get(reverse("monitoring:overview")).content.decode()
    assert "Nog niets: importeer swv_totaal.csv" in html


def test_import_page_runs_the_task_and_shows_the_summary(bureau_client, swv, schools):
    upload = SimpleUploadedFile("tlv.csv", TLV.encode())
    response = bureau_client.post(reverse("monitoring:import"), {"register": "tlv", "file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == "done" and Tlv.objects.count() == 2
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "Toegevoegd" in html
    bad = SimpleUploadedFile("tlv.csv", TLV.replace("01-09-2024", "1 sept").encode())
    bureau_client.post(reverse("monitoring:import"), {"register": "tlv", "file": bad})
    run = ImportRun.objects.order_by("-pk").first()
    assert run.status == "failed"
    report = bureau_client.get(reverse("monitoring:import_report", args=[run.pk])).content.decode()
    assert "geen datum" in report


def test_import_page_can_remove_rows_no_longer_in_the_export(bureau_client, swv, schools):
    bureau_client.post(
        reverse("monitoring:import"), {"register": "tlv", "file": SimpleUploadedFile("a.csv", TLV.encode())}
    )
    assert Tlv.objects.count() == 2
    shorter = "\n".join(TLV.strip().splitlines()[:2]) + "\n"  # header and the first dossier only
    bureau_client.post(
        reverse("monitoring:import"), {"register": "tlv", "file": SimpleUploadedFile("b.csv", shorter.encode())}
    )
    run = ImportRun.objects.order_by("-pk").first()
    assert (run.removed, run.remove_missing, Tlv.objects.count()) == (1, False, 2)  # counted, kept
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "deze regels blijven in Koers bewaard" in html
    data = {"register": "tlv", "file": SimpleUploadedFile("c.csv", shorter.encode()), "remove_missing": "on"}
    bureau_client.post(reverse("monitoring:import"), data)
    run = ImportRun.objects.order_by("-pk").first()
    assert (run.status, run.removed, run.remove_missing, Tlv.objects.count()) == ("done", 1, True, 1)
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "deze regels zijn verwijderd" in html


def test_pupil_list_is_logged(bureau_client, swv, schools):
    bureau_client.get(reverse("monitoring:register", args=["tlv"]))
    bureau_client.get(reverse("monitoring:register", args=["tlv"]) + "?formaat=csv")
    assert list(AccessLog.objects.values_list("action", flat=True).order_by("id")) == ["view", "export"]


def test_indicator_page_queries_do_not_grow(bureau_client, swv, django_assert_max_num_queries):
    plan = PlanFactory(swv=swv, first_year=2020, last_year=2027)
    ind = IndicatorFactory(
        swv=swv, plan=plan, norm_kind="drempel", norm_operator=">=", norm_value=Decimal(80), unit="%"
    )
    url = reverse("monitoring:indicator", args=[ind.pk])
    ManualMeasurement.objects.create(swv=swv, indicator=ind, date=date(2021, 6, 1), value=70)
    with django_assert_max_num_queries(20):
        bureau_client.get(url)
    for year in range(2022, 2026):
        ManualMeasurement.objects.create(swv=swv, indicator=ind, date=date(year, 6, 1), value=80 + year - 2022)
    with django_assert_max_num_queries(20):
        html = bureau_client.get(url).content.decode()
    assert "83,0%" in html and "status--behaald" in html and 'role="img"' in html


def test_a_value_without_a_norm_reads_geen_norm_everywhere(bureau_client, swv):
    """Dashboard, report and indicator page share the label (the dashboard used to say 'geen meting')."""
    from koers.monitoring import evaluation
    from koers.reports import indicators

    plan = PlanFactory(swv=swv, first_year=2020, last_year=2027)
    ind = IndicatorFactory(swv=swv, plan=plan, norm_kind="", unit="%")
    ManualMeasurement.objects.create(swv=swv, indicator=ind, date=date(2024, 6, 1), value=82)
    assert evaluation.latest(ind, date(2025, 1, 1)).status_label == "geen norm"
    assert indicators.latest(ind, date(2025, 1, 1)).status_label == "geen norm"
    assert "geen norm" in bureau_client.get(reverse("monitoring:indicator", args=[ind.pk])).content.decode()
