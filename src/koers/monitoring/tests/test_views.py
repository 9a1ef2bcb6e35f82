import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.audit.models import AccessLog
from koers.core.periods import period_of
from koers.monitoring.models import ImportRun, ManualMeasurement, Tlv
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything

from .test_import import TLV


def test_overview_empty_states(bureau_client, swv):
    html = bureau_client.get(reverse("monitoring:overview")).content.decode()
    assert "Nog niets: importeer swv_totaal.csv" in html


def test_import_page_runs_the_task_and_shows_the_summary(bureau_client, swv, schools, post_committed):
    upload = SimpleUploadedFile("tlv.csv", TLV.encode())
    response = post_committed(bureau_client, reverse("monitoring:import"), {"register": "tlv", "file": upload})
    run = ImportRun.unscoped.get()
    assert response.status_code == 302 and run.status == "done" and Tlv.unscoped.count() == 2
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "Toegevoegd" in html
    bad = SimpleUploadedFile("tlv.csv", TLV.replace("01-09-2024", "1 sept").encode())
    post_committed(bureau_client, reverse("monitoring:import"), {"register": "tlv", "file": bad})
    run = ImportRun.unscoped.order_by("-pk").first()
    assert run.status == "failed"
    report = bureau_client.get(reverse("monitoring:import_report", args=[run.pk])).content.decode()
    assert "geen geldige datum" in report


def test_import_page_can_remove_rows_no_longer_in_the_export(bureau_client, swv, schools, post_committed):
    post_committed(
        bureau_client,
        reverse("monitoring:import"),
        {"register": "tlv", "file": SimpleUploadedFile("a.csv", TLV.encode())},
    )
    assert Tlv.unscoped.count() == 2
    shorter = "\n".join(TLV.strip().splitlines()[:2]) + "\n"  # header and the first dossier only
    post_committed(
        bureau_client,
        reverse("monitoring:import"),
        {"register": "tlv", "file": SimpleUploadedFile("b.csv", shorter.encode())},
    )
    run = ImportRun.unscoped.order_by("-pk").first()
    assert (run.removed, run.remove_missing, Tlv.unscoped.count()) == (1, False, 2)  # counted, kept
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "deze regels blijven in Koers bewaard" in html
    data = {"register": "tlv", "file": SimpleUploadedFile("c.csv", shorter.encode()), "remove_missing": "on"}
    post_committed(bureau_client, reverse("monitoring:import"), data)
    run = ImportRun.unscoped.order_by("-pk").first()
    assert (run.status, run.removed, run.remove_missing, Tlv.unscoped.count()) == ("done", 1, True, 1)
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
    ManualMeasurement.unscoped.create(swv=swv, indicator=ind, date=date(2021, 6, 1), value=70)
    with django_assert_max_num_queries(20):
        bureau_client.get(url)
    for year in range(2022, 2026):
        ManualMeasurement.unscoped.create(swv=swv, indicator=ind, date=date(year, 6, 1), value=80 + year - 2022)
    with django_assert_max_num_queries(20):
        html = bureau_client.get(url).content.decode()
    assert "83,0%" in html and "status--behaald" in html and 'role="img"' in html


def test_a_value_without_a_norm_reads_geen_norm_everywhere(bureau_client, swv):
    """Dashboard, report and indicator page share the label (the dashboard used to say 'geen meting')."""
    from koers.monitoring import evaluation
    from koers.reports import indicators

    plan = PlanFactory(swv=swv, first_year=2020, last_year=2027)
    ind = IndicatorFactory(swv=swv, plan=plan, norm_kind="", unit="%")
    ManualMeasurement.unscoped.create(swv=swv, indicator=ind, date=date(2024, 6, 1), value=82)
    assert (
        evaluation.latest(ind, everything(ind.swv), period_of("peildatum", date(2025, 1, 1))).status_label
        == "geen norm"
    )
    assert (
        indicators.latest(ind, everything(ind.swv), period_of("peildatum", date(2025, 1, 1))).status_label
        == "geen norm"
    )
    assert "geen norm" in bureau_client.get(reverse("monitoring:indicator", args=[ind.pk])).content.decode()


def test_national_distance_is_that_of_the_shown_percentages():
    from koers.monitoring.views import national_distance

    shown_apart = national_distance(Decimal("2.334"), Decimal("2.3351"))  # 2,33% and 2,34%
    assert shown_apart == {
        "own": "2,33%",
        "national": "2,34%",
        "distance": "−0,01 procentpunt",
        "direction": "lager dan landelijk",
    }
    equal = national_distance(Decimal("2.3349"), Decimal("2.3251"))
    assert (equal["own"], equal["national"]) == ("2,33%", "2,33%")
    assert (equal["distance"], equal["direction"]) == ("0,00 procentpunt", "gelijk aan landelijk")
    lower = national_distance(Decimal("2.326"), Decimal("2.334"))
    assert (lower["own"], lower["national"], lower["distance"]) == ("2,33%", "2,33%", "0,00 procentpunt")
    apart = national_distance(Decimal("2.335"), Decimal("2.324"))  # 2,34 and 2,32: 0,02 (not 0,011 -> 0,01)
    assert (apart["distance"], apart["direction"]) == ("+0,02 procentpunt", "hoger dan landelijk")


def test_overview_never_shows_a_distance_between_equal_percentages(bureau_client, swv):
    from koers.monitoring.models import NationalCount

    for code, sbo, bo in (("PO2801", 2334, 97666), ("PO2802", 2318, 97682)):  # 2,334% and in all 2,326%
        NationalCount.objects.create(swv_code=code, peiljaar=2024, school_type="SBO", count=sbo)
        NationalCount.objects.create(swv_code=code, peiljaar=2024, school_type="BO", count=bo)
    html = bureau_client.get(reverse("monitoring:overview"), {"datum": "01-12-2024"}).content.decode()
    assert html.count("2,33%") >= 2
    assert "0,00 procentpunt" in html and "gelijk aan landelijk" in html and "+0,01 procentpunt" not in html


def test_a_failed_import_shows_no_progress_bar(bureau_client, swv, schools, post_committed):
    bad = SimpleUploadedFile("tlv.csv", TLV.replace("01-09-2024", "31-09-2024").encode())
    post_committed(bureau_client, reverse("monitoring:import"), {"register": "tlv", "file": bad})
    run = ImportRun.unscoped.get()
    assert (run.status, run.progress) == ("failed", 10)  # it stopped after reading the file
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "<progress" not in html and "10%" not in html
    assert "niet geïmporteerd</strong> (afgebroken)" in html and "Er is niets geïmporteerd" in html
    assert "31-09-2024 bestaat niet: september heeft 30 dagen." in html  # the per-row report
    assert "hx-trigger" not in html  # nothing to follow any more
    done = ImportRun.unscoped.create(swv=swv, register="tlv", file_name="a.csv", status="done", progress=100)
    html = bureau_client.get(reverse("monitoring:import_run", args=[done.pk])).content.decode()
    assert '<progress id="bar-' in html and 'value="100"' in html


def test_a_run_that_waits_long_for_the_worker_says_so(bureau_client, swv):
    from datetime import timedelta

    from django.utils import timezone

    run = ImportRun.unscoped.create(swv=swv, register="tlv", file_name="a.csv")  # pending: no worker yet
    url = reverse("monitoring:import_run", args=[run.pk])
    html = bureau_client.get(url).content.decode()
    assert "<progress" in html and "hx-trigger" in html and "wacht op de achtergrondtaak" not in html
    ImportRun.unscoped.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(seconds=11))
    html = bureau_client.get(url, headers={"HX-Request": "true"}).content.decode()  # what the page polls
    assert "De import wacht op de achtergrondtaak." in html and "koers db_worker" in html
    assert "hx-trigger" in html  # it keeps looking: once a worker runs, the page follows
    ImportRun.unscoped.filter(pk=run.pk).update(status="running")
    assert "wacht op de achtergrondtaak" not in bureau_client.get(url).content.decode()


def test_accepting_warnings_waits_for_the_worker_again(bureau_client, swv, schools, monkeypatch, post_committed):
    from koers.monitoring import tasks

    warned = TLV.replace(
        "D2;987654321;TLV SO;33CC00;29-02-2024;;;;", "D2;987654321;TLV SO;33CC00;29-02-2024;;;ingetrokken;"
    )
    post_committed(
        bureau_client,
        reverse("monitoring:import"),
        {"register": "tlv", "file": SimpleUploadedFile("w.csv", warned.encode())},
    )
    run = ImportRun.unscoped.get()
    assert run.status == "warnings"
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "<progress" not in html  # waiting for confirmation, not for progress
    monkeypatch.setattr(tasks, "run_import", SimpleNamespace(enqueue=lambda *args, **kwargs: None))  # no worker
    bureau_client.post(reverse("monitoring:import_run", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.progress) == ("pending", 0)
    html = bureau_client.get(reverse("monitoring:import_run", args=[run.pk])).content.decode()
    assert "hx-trigger" in html and "<progress" in html


def _cells_without_label(html):
    """The td's of the stacking tables (class responsive) that would lose their column name on a phone."""
    tables = re.findall(r'<table class="table responsive">.*?</table>', html, re.S)
    return len(tables), [
        td for t in tables for td in re.findall(r"<td[^>]*>", t) if "data-label=" not in td and "colspan" not in td
    ]


def test_monitoring_tables_stack_on_a_phone_with_a_label_in_every_cell(bureau_client, swv):
    """As the other tables of Koers (koers.css, table.responsive): nothing is cut off on a narrow screen."""
    count, unlabelled = _cells_without_label(bureau_client.get(reverse("monitoring:overview")).content.decode())
    assert count >= 2 and unlabelled == []
    plan = PlanFactory(swv=swv)
    ind = IndicatorFactory(swv=swv, plan=plan, norm_kind="drempel", norm_operator=">=", norm_value=80, unit="%")
    ManualMeasurement.unscoped.create(swv=swv, indicator=ind, date=date(2024, 6, 1), value=70, source="Peiling")
    html = bureau_client.get(reverse("monitoring:indicator", args=[ind.pk])).content.decode()
    count, unlabelled = _cells_without_label(html)
    assert count == 1 and unlabelled == ["<td>"]  # only the cell with the remove button
    assert 'data-label="Bron">Peiling</td>' in html


def test_overview_says_when_the_peildatum_is_wrong(bureau_client, swv):
    html = bureau_client.get(reverse("monitoring:overview"), {"datum": "31-09-2025"}).content.decode()
    assert "31-09-2025 bestaat niet" in html and 'aria-invalid="true"' in html and 'value="31-09-2025"' in html
    html = bureau_client.get(reverse("monitoring:overview"), {"datum": "gisteren"}).content.decode()
    assert "Vul de peildatum in als dd-mm-jjjj" in html
    html = bureau_client.get(reverse("monitoring:overview"), {"datum": "01-10-2024"}).content.decode()
    assert "Maten op 01-10-2024" in html and 'aria-invalid="true"' not in html
