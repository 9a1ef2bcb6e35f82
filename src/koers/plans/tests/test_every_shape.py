"""Plans of every shape, the model side: nulmeting, a milestone at the end of a school year, jaardoelen,
incidental activities and starts without a tertiaal, on the pages and through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from koers.core.audience import Audience
from koers.monitoring import services as monitoring_services
from koers.monitoring.evaluation import baseline_text, indicator_series, status_of
from koers.plans.baseline import parse_baseline
from koers.plans.models import Indicator, YearGoal
from koers_dev.testing.factories import (
    ActivityFactory,
    IndicatorFactory,
    PlanFactory,
    ThemeFactory,
    YearPlanFactory,
    everything,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("62% (1-10-2023)", (Decimal(62), date(2023, 10, 1))),
        ("3,2% op 1 oktober 2023", (Decimal("3.2"), date(2023, 10, 1))),
        ("12 thuiszitters (oktober 2023)", (Decimal(12), date(2023, 10, 1))),
        ("1.250 leerlingen, 2023-2024", (Decimal(1250), date(2023, 8, 1))),
        ("2024-09-19: 4,5", (Decimal("4.5"), date(2024, 9, 19))),
        ("nulmeting in 2024-2025", None),  # a school year, but no value
        ("45%", None),  # a value without a date
        ("tussen 3 en 5 (2023-2024)", None),  # two numbers: stays text
        ("", None),
    ],
)
def test_baseline_text_as_value_with_date(text, parsed):
    assert parse_baseline(text) == parsed


def test_data_migration_converts_what_parses(swv):
    from importlib import import_module

    forwards = import_module("koers.plans.migrations.0005_nulmeting_uit_tekst").forwards
    plan = PlanFactory(swv=swv)
    parses = IndicatorFactory(swv=swv, plan=plan, goal=None, baseline="62% (1-10-2023)", norm_kind="drempel")
    text_only = IndicatorFactory(swv=swv, plan=plan, goal=None, baseline="volgt in 2025")
    said = IndicatorFactory(swv=swv, plan=plan, goal=None, norm_text="nulmeting dit jaar")
    none = IndicatorFactory(swv=swv, plan=plan, goal=None)
    activity = ActivityFactory(swv=swv, year_plan=YearPlanFactory(swv=swv, plan=plan), start_text="Najaar 2024")
    ActivityFactory._meta.model.unscoped.filter(pk=activity.pk).update(start_tertiaal="", start_date=None)  # as before
    forwards(apps, None)
    activity.refresh_from_db()
    assert (activity.start_tertiaal, activity.start_date) == ("2024-T3", date(2024, 9, 1))
    for i in (parses, text_only, said, none):
        i.refresh_from_db()
    assert (parses.baseline_value, parses.baseline_date, parses.norm_kind) == (62, date(2023, 10, 1), "drempel")
    assert (text_only.baseline_value, text_only.norm_kind, text_only.baseline) == (None, "nulmeting", "volgt in 2025")
    assert said.norm_kind == "nulmeting" and none.norm_kind == "geen"


def test_first_measurement_of_a_nulmeting_becomes_the_baseline(swv, bureau_user):
    indicator = IndicatorFactory(swv=swv, goal=None, plan=PlanFactory(swv=swv), unit="%", norm_kind="nulmeting")
    indicator.norm_direction = "stijgt"
    indicator.save()
    add = monitoring_services.add_manual_measurement
    add(indicator, bureau_user, date=date(2024, 10, 1), value=Decimal("40"))
    add(indicator, bureau_user, date=date(2025, 3, 1), value=Decimal("45"))
    add(indicator, bureau_user, date=date(2025, 7, 1), value=Decimal("38"))
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_date) == (Decimal(40), date(2024, 10, 1))
    series = indicator_series(indicator, everything(swv), until=date(2025, 12, 31))
    assert [(p.status, p.status_label) for p in series] == [
        ("geen_meting", "nulmeting"),
        ("op_koers", "op koers"),
        ("niet_op_koers", "niet op koers"),
    ]
    assert baseline_text(indicator, series, everything(swv)) == "40,0% (01-10-2024)"


def test_a_nulmeting_without_direction_only_shows_values(swv):
    indicator = Indicator(norm_kind="nulmeting", baseline_value=Decimal(5), baseline_date=date(2024, 10, 1))
    assert status_of(indicator, Decimal(7), None, date(2025, 1, 1)) == "geen_meting"


def test_a_small_typed_baseline_count_is_hidden_from_readers(swv):
    indicator = IndicatorFactory(
        swv=swv, goal=None, plan=PlanFactory(swv=swv), unit="aantal", baseline_value=3, baseline_date=date(2024, 1, 1)
    )
    assert baseline_text(indicator, [], everything(swv)) == "3 (01-01-2024)"
    assert "afgeschermd" in baseline_text(indicator, [], Audience.public(swv))


def test_milestone_at_the_end_of_a_school_year(swv):
    indicator = Indicator(norm_kind="mijlpaal", norm_due_year=2023)
    assert (indicator.milestone_deadline, indicator.milestone_due_label) == (date(2024, 7, 31), "eind 2023-2024")
    assert status_of(indicator, Decimal(0), None, date(2024, 7, 31)) == "op_koers"
    assert status_of(indicator, Decimal(0), None, date(2024, 8, 1)) == "niet_behaald"
    assert status_of(indicator, Decimal(1), None, date(2024, 8, 1)) == "behaald"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="niet allebei"):
        Indicator(norm_kind="mijlpaal", norm_due_year=2023, norm_deadline=date(2024, 1, 1)).clean()
    with pytest.raises(ValidationError, match="een datum of een schooljaar"):
        Indicator(norm_kind="mijlpaal").clean()


def test_indicator_form_takes_a_school_year_for_a_milestone(swv, bureau_client):
    plan = PlanFactory(swv=swv)
    response = bureau_client.post(
        reverse("plans:element_new", args=["indicator", plan.pk]),
        {"code": "M1", "title": "Er is een convenant.", "norm_kind": "mijlpaal", "norm_due_year": "2025", "order": 0},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Indicator.unscoped.get(plan=plan, code="M1")
    assert (saved.norm_due_year, saved.norm_deadline, saved.milestone_due_label) == (2025, None, "eind 2025-2026")


def test_year_goals_on_the_plan_page_and_through_the_element_form(swv, bureau_client):
    plan = PlanFactory(swv=swv)
    theme = ThemeFactory(swv=swv, plan=plan, code="A", title="Thuisnabij")
    response = bureau_client.post(
        reverse("plans:element_new", args=["jaardoel", plan.pk]),
        {"theme": theme.pk, "school_year": "2025", "title": "Alle scholen hebben een zorgroute.", "order": 0},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    goal = YearGoal.unscoped.get(plan=plan)
    assert (goal.theme, goal.school_year, goal.swv) == (theme, 2025, swv)
    YearGoal.unscoped.create(swv=swv, plan=plan, school_year=2024, title="Een jaardoel van het hele plan.")
    page = bureau_client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Jaardoelen" in page and "<strong>2025-2026</strong>: Alle scholen hebben een zorgroute." in page
    assert "Een jaardoel van het hele plan." in page
    assert reverse("plans:element_edit", args=["jaardoel", goal.pk]) in page


def test_incidental_and_ongoing_activities_are_labelled(swv, bureau_client):
    year_plan = YearPlanFactory(swv=swv, plan=PlanFactory(swv=swv))
    theme = ThemeFactory(swv=swv, plan=year_plan.plan)
    ongoing = ActivityFactory(swv=swv, year_plan=year_plan, theme=theme, start_text="doorlopend", incidental=True)
    autumn = ActivityFactory(swv=swv, year_plan=year_plan, theme=theme, start_text="najaar")
    assert (ongoing.start_tertiaal, autumn.start_tertiaal) == ("", "2024-T3")
    page = bureau_client.get(reverse("plans:year_plan", args=[year_plan.pk])).content.decode()
    assert "incidenteel" in page and "doorlopend / geen tertiaal" in page
    filtered = bureau_client.get(
        reverse("plans:year_plan", args=[year_plan.pk]), {"start_tertiaal": "geen"}
    ).content.decode()
    assert ongoing.description in filtered and autumn.description not in filtered
    overview = bureau_client.get(reverse("plans:tertiaal", args=[year_plan.pk, "2025-T1"])).content.decode()
    section = overview.split("Doorlopend / geen tertiaal", 1)[1].split("</table>", 1)[0]
    assert ongoing.description in section and autumn.description not in section
    detail = bureau_client.get(reverse("plans:activity", args=[ongoing.pk])).content.decode()
    assert "Incidentele activiteit" in detail and "(doorlopend / geen tertiaal)" in detail
