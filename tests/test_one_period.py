"""One period model: dashboard, indicator page, tertiaal page, report payload and API give the same value, status
and comparison for the same indicator, tertiaal and audience; T2 is measured up to 31 July; trend norms compare
with the same period a year earlier."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from koers.accounts.audience import for_membership
from koers.accounts.models import Membership
from koers.api.models import ApiToken, Scope
from koers.core import clock
from koers.core.periods import Tertiaal
from koers.monitoring.models import ManualMeasurement, Tlv
from koers.reports.content import tertiaal_payload
from koers_dev.testing.factories import ActivityFactory, GoalFactory, IndicatorFactory, PlanFactory, YearPlanFactory

pytestmark = pytest.mark.django_db
T2_2025 = Tertiaal(2025, 2)


def _tlvs(swv, day, n, prefix):
    for i in range(n):
        Tlv.unscoped.create(
            swv=swv,
            dossiernummer=f"{prefix}-{i}",
            aanvraagsoort="TLV SO",
            ontvangstdatum=date(day.year, day.month, 1),
            besluitdatum=day,
            besluit="afgegeven",
        )


@pytest.fixture
def world(swv, settings):
    settings.KOERS_TODAY = "2026-12-01"  # T2 2025 is over; an August 2025 TLV exists
    plan = PlanFactory(swv=swv, first_year=2023, last_year=2027)
    goal = GoalFactory(theme__plan=plan, plan=plan, swv=swv)
    year_plan = YearPlanFactory(plan=plan, swv=swv, school_year=2024)
    tlv = IndicatorFactory(
        swv=swv,
        plan=plan,
        goal=goal,
        title="Afgegeven TLV's per tertiaal",
        measure_code="tlv_afgegeven",
        measure_params={"periode": "tertiaal"},
        norm_kind="trend",
        norm_direction="stijgt",
        norm_text="neemt jaarlijks toe",
        unit="aantal",
    )
    _tlvs(swv, date(2024, 6, 10), 8, "a")  # T2 2024
    _tlvs(swv, date(2024, 12, 10), 3, "b")  # T3 2024: the tertiaal before, which a previous-point rule compared with
    _tlvs(swv, date(2025, 6, 10), 6, "c")  # T2 2025
    _tlvs(swv, date(2025, 8, 20), 5, "d")  # August 2025: the new school year, so T3 2025, never T2
    survey = IndicatorFactory(
        swv=swv,
        plan=plan,
        goal=goal,
        title="Tevredenheid ouders",
        norm_kind="trend",
        norm_direction="daalt",
        norm_text="neemt jaarlijks af",
        unit="%",
    )
    for day, label, value in ((date(2024, 7, 15), "T2 2024", 10), (date(2025, 7, 15), "T2 2025", 9)):
        ManualMeasurement.unscoped.create(swv=swv, indicator=survey, date=day, period_label=label, value=value)
    return {"plan": plan, "year_plan": year_plan, "tlv": tlv, "survey": survey}


def _items(groups):
    for group in groups:
        yield from group.indicators
        for goal in group.goals:
            yield from goal.indicators


def _payload_indicators(sections):
    for section in sections:
        yield from section["indicators"]
        yield from _payload_indicators(section["goals"])


def _seen(bureau_client, bureau_user, swv, world, indicator):
    """(display, status, comparison) of ``indicator`` for T2 2025 on every channel, for the bureau's audience."""
    key = T2_2025.key
    seen = {}
    page = bureau_client.get(reverse("dashboard:home"), {"schooljaar": "2024", "tertiaal": key})
    item = next(i for i in _items(page.context["groups"]) if i["indicator"].pk == indicator.pk)
    seen["dashboard"] = (item["value"].display, item["value"].status, item["value"].comparison)
    page = bureau_client.get(reverse("monitoring:indicator", args=[indicator.pk]), {"tertiaal": key})
    latest = page.context["latest"]
    seen["indicatorpagina"] = (latest.display, latest.status, latest.comparison)
    page = bureau_client.get(reverse("reports:tertiaal_indicators", args=[world["year_plan"].pk, key]))
    item = next(i for i in _items(page.context["groups"]) if i["indicator"].pk == indicator.pk)
    seen["tertiaalpagina"] = (item["value"].display, item["value"].status, item["value"].comparison)
    audience = for_membership(Membership.unscoped.get(user=bureau_user, swv=swv))
    payload = tertiaal_payload(world["year_plan"], T2_2025, audience)
    found = next(i for i in _payload_indicators(payload["sections"]) if i["pk"] == indicator.pk)
    seen["rapportage"] = (found["latest"]["display"], found["latest"]["status"], found["latest"]["comparison"])
    _token, secret = ApiToken.issue(user=bureau_user, swv=swv, name="test", scopes=[s.value for s in Scope])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    data = api.get(reverse("api:metingen", args=[indicator.pk]), {"tertiaal": key}).json()
    measurement = data["period"]["measurement"]
    seen["api"] = (measurement["display"], measurement["status"], measurement["comparison"])
    assert data["period"]["measured_until"] == "2025-07-31"
    return seen


def test_every_channel_gives_the_same_value_status_and_comparison(bureau_client, bureau_user, swv, world):
    assert clock.today() == date(2026, 12, 1)
    tlv = _seen(bureau_client, bureau_user, swv, world, world["tlv"])
    # 6 in T2 2025 up to 31 July (the 5 of August are T3 2025); compared with T2 2024 (8), not with T3 2024 (3)
    assert set(tlv.values()) == {("6", "niet_op_koers", "T2 2025: 6, T2 2024: 8")}, tlv
    survey = _seen(bureau_client, bureau_user, swv, world, world["survey"])
    assert set(survey.values()) == {("9,0%", "op_koers", "T2 2025: 9,0%, T2 2024: 10,0%")}, survey


def test_screens_say_up_to_which_day_a_figure_is_measured(bureau_client, world):
    key = T2_2025.key
    dashboard = bureau_client.get(reverse("dashboard:home"), {"schooljaar": "2024", "tertiaal": key}).content.decode()
    assert "gemeten t/m 31-07-2025" in dashboard and "T2 2025: 6, T2 2024: 8" in dashboard
    page = bureau_client.get(reverse("monitoring:indicator", args=[world["tlv"].pk]), {"tertiaal": key})
    assert "gemeten t/m 31-07-2025" in page.content.decode()
    page = bureau_client.get(reverse("plans:tertiaal", args=[world["year_plan"].pk, key])).content.decode()
    assert "gemeten t/m 31-07-2025" in page
    assert reverse("reports:tertiaal_indicators", args=[world["year_plan"].pk, key]) in page


def test_an_activity_from_the_next_school_year_need_not_have_started_in_t2(bureau_client, world):
    year_plan = world["year_plan"]
    later = ActivityFactory(year_plan=year_plan, start_text="vanaf schooljaar 2025-2026")
    due = ActivityFactory(year_plan=year_plan, start_text="01-03-2025")
    assert later.start_date == date(2025, 8, 1)
    page = bureau_client.get(reverse("plans:tertiaal", args=[year_plan.pk, T2_2025.key]))
    not_started = {a.pk for a in page.context["not_started"]}
    assert due.pk in not_started and later.pk not in not_started


def test_the_tests_run_on_a_fixed_date():
    assert clock.today() == date(2025, 7, 21)  # koers.conf.ci: KOERS_TODAY


def _pptx_text(data: bytes) -> str:
    import io

    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def test_documents_say_up_to_which_day_and_show_the_trend_comparison(bureau_user, swv, world):
    """PDF, Word and the board pack (its stoplight in PDF, Word and PowerPoint): beside each value what it is
    measured up to, beside the status of a trend norm what it is compared with, as the screens show them."""
    from koers.reports import boardpack, render, slides, word
    from koers.reports.tests.test_documents import docx_text, flat, pdf_text

    audience = for_membership(Membership.unscoped.get(user=bureau_user, swv=swv))
    payload = tertiaal_payload(world["year_plan"], T2_2025, audience)
    matrix = [i for row in boardpack.summary(payload)["rows"] for i in row["indicators"]]
    tlv = next(i for i in matrix if i["title"] == world["tlv"].title)
    assert (tlv["measured_text"], tlv["comparison"]) == ("gemeten t/m 31-07-2025", "T2 2025: 6, T2 2024: 8")
    texts = {
        "PDF": flat(pdf_text(render.render_pdf(payload))),
        "Word": flat(docx_text(word.tertiaal_docx(payload))),
        "PowerPoint": flat(_pptx_text(slides.tertiaal_pptx(payload))),
    }
    for name, text in texts.items():
        assert "gemeten t/m 31-07-2025" in text, name
        assert "T2 2025: 6, T2 2024: 8" in text, name
        assert "T2 2025: 9,0%, T2 2024: 10,0%" in text, name
