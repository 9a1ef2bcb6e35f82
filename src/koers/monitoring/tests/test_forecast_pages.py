"""The forecast on the indicator page, the dashboard, the API, the board pack and in ``koers vooruitblik``."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from koers.monitoring.forecast import backtest
from koers.monitoring.forecast.chart import forecast_chart_svg
from koers.monitoring.forecast.series import measure_forecast
from koers.monitoring.models import Tlv
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything

pytestmark = pytest.mark.django_db


def _issued(swv, per_year, voorziening="SO"):
    for year, count in per_year.items():
        for i in range(count):
            day = date(year, 10, 1 + i % 28)
            Tlv.unscoped.create(
                swv=swv,
                dossiernummer=f"{voorziening}{year}-{i}",
                aanvraagsoort=f"TLV {voorziening}",
                brin6="11AA00",
                ontvangstdatum=day,
                besluitdatum=day,
                besluit="afgegeven",
                voorziening=voorziening,
                bekostigingscategorie="M",
                ingangsdatum=day,
                einddatum=date(year + 2, 7, 31),
            )


@pytest.fixture
def indicator(swv, schools):
    _issued(swv, {2020: 10, 2021: 12, 2022: 15, 2023: 17})
    plan = PlanFactory(swv=swv, first_year=2020, last_year=2027)
    return IndicatorFactory(
        swv=swv,
        plan=plan,
        title="Afgegeven TLV's",
        measure_code="tlv_afgegeven",
        unit="aantal",
        norm_kind="drempel",
        norm_operator="<=",
        norm_value=Decimal(21),
        norm_text="hooguit 21",
    )


def test_indicator_page_shows_chart_with_band_norm_and_table(bureau_client, indicator):
    html = bureau_client.get(reverse("monitoring:indicator", args=[indicator.pk])).content.decode()
    assert 'id="h-vooruitblik"' in html and "Lineaire trend" in html
    assert 'class="band"' in html and 'class="norm"' in html and 'class="forecast"' in html
    assert "2025-2026" in html and "17 tot 22" in html  # the table alternative with the interval


def test_indicator_page_without_enough_history_says_so(bureau_client, swv, schools):
    _issued(swv, {2023: 17})
    plan = PlanFactory(swv=swv, first_year=2020, last_year=2027)
    ind = IndicatorFactory(swv=swv, plan=plan, measure_code="tlv_afgegeven", unit="aantal")
    html = bureau_client.get(reverse("monitoring:indicator", args=[ind.pk])).content.decode()
    assert "te weinig historie voor een voorspelling" in html and 'class="band"' not in html


def test_dashboard_loads_the_vooruitblik_after_the_page(bureau_client, indicator):
    url = reverse("dashboard:vooruitblik")
    html = bureau_client.get(reverse("dashboard:home")).content.decode()
    assert f'hx-get="{url}" hx-trigger="load"' in html  # the dashboard does not wait for the forecast
    assert f'<a href="{url}">' in html and 'id="vooruitblik-title"' not in html  # a link without JavaScript
    part = bureau_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith("<section") and 'id="vooruitblik-title"' in part and "<html" not in part
    assert "Verwachte leerlingen met een TLV" in part and "1 februari" in part
    page = bureau_client.get(url).content.decode()  # without htmx: a page of its own, with the same content
    assert "<h1>Vooruitblik</h1>" in page and "Verwachte leerlingen met een TLV" in page


def test_vooruitblik_page_without_data_says_what_it_needs(bureau_client, swv):
    page = bureau_client.get(reverse("dashboard:vooruitblik")).content.decode()
    assert "Nog geen vooruitblik" in page
    assert bureau_client.get(reverse("dashboard:vooruitblik"), headers={"HX-Request": "true"}).content.strip() == b""


def test_api_gives_method_and_interval(bureau_client, indicator):
    data = bureau_client.get(reverse("api:indicator_vooruitblik", args=[indicator.pk])).json()
    assert data["available"] and data["method"].startswith("Lineaire trend")
    first = data["forecast"][0]
    assert first["school_year"] == "2024-2025" and first["value"] == 20.0
    assert first["interval_low"] < first["value"] < first["interval_high"]
    funded = bureau_client.get(reverse("api:vooruitblik_leerlingen")).json()
    assert funded["method"].startswith("Samenstelling") and {r["school_type"] for r in funded["rows"]} >= {"SO"}
    assert bureau_client.get(reverse("api:maat_vooruitblik", args=["thuiszitters"])).status_code == 404


def test_chart_escapes_its_title(swv, indicator):
    fc = measure_forecast("tlv_afgegeven", everything(swv))
    svg = forecast_chart_svg(fc, title="<script>x</script>", ident="t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_command_gives_forecast_json(swv, indicator):
    out = StringIO()
    call_command("vooruitblik", "--swv", swv.code, stdout=out)
    data = json.loads(out.getvalue())
    row = next(m for m in data["maten"] if m["code"] == "tlv_afgegeven")
    assert row["verwacht"][0] == {"schooljaar": "2024-2025", "waarde": "20", "interval": "17 tot 22"}


def test_backtest_runs_and_the_interval_covers_a_reasonable_share():
    rows = backtest.run(histories=12, seed=7)
    assert [(r.scenario, r.horizon) for r in rows] == [
        ("trend en ruis", 1),
        ("trend en ruis", 2),
        ("trend, ruis en niveausprong", 1),
        ("trend, ruis en niveausprong", 2),
    ]
    assert [r.forecasts for r in rows] == [12 * 9, 12 * 8, 12 * 9, 12 * 8]
    plain = [r for r in rows if r.scenario == "trend en ruis"]
    assert all(80 <= r.coverage <= 100 for r in plain)  # a 95 % interval on data that follows its model
    assert all(r.coverage >= 60 for r in rows)
    assert all(r.mae > 0 for r in rows)
    assert "| trend en ruis | 1 |" in backtest.table(rows)


def test_backtest_command_prints_the_table():
    out = StringIO()
    call_command("vooruitblik", "--backtest", "--reeksen", "3", stdout=out)
    assert "Dekking 95%-interval" in out.getvalue()


def test_board_pack_vooruitblik_in_pdf_html_and_word(swv, indicator):
    import docx
    from django.template.loader import render_to_string

    from koers.monitoring.forecast import display
    from koers.reports import word_forecast
    from koers.reports.render import _with_charts
    from koers.reports.word_front import picture

    vb = display.payload(everything(swv))
    assert json.loads(json.dumps(vb)) == vb  # plain values: frozen with the report
    html = render_to_string("reports/documents/_vooruitblik.html", {"vb": _with_charts(vb)})
    assert 'id="vooruitblik-title"' in html and "<svg" in html and "17 tot 22" in html
    document = docx.Document()
    word_forecast.add(document, vb, picture)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Vooruitblik" in text and any("17 tot 22" in c for c in cells)
    assert len(document.inline_shapes) == 1  # the chart, as PNG
    word_forecast.add(docx.Document(), None, picture)  # a report issued before the Vooruitblik: nothing
