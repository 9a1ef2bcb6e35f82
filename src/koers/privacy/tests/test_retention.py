from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from koers.audit.models import HistoryEntry
from koers.core.audience import Audience
from koers.monitoring import evaluation
from koers.monitoring.measures import REGISTRY
from koers.monitoring.models import Arrangement, Terugplaatsing, Tlv, VerzuimMelding
from koers.privacy import services
from koers.privacy.models import BevrorenMeting, Bewaartermijn, Verwijdering
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything

from .conftest import TODAY, fill

MODELS = (Tlv, Arrangement, VerzuimMelding, Terugplaatsing)


def _numbers(swv):
    return {
        "tlv": set(Tlv.unscoped.filter(swv=swv).values_list("dossiernummer", flat=True)),
        "arrangement": set(Arrangement.unscoped.filter(swv=swv).values_list("number", flat=True)),
        "verzuim": set(VerzuimMelding.unscoped.filter(swv=swv).values_list("meldingnummer", flat=True)),
        "terugplaatsing": set(Terugplaatsing.unscoped.filter(swv=swv).values_list("number", flat=True)),
    }


@pytest.fixture
def today(settings):
    settings.KOERS_TODAY = TODAY  # koers.core.clock.today
    return TODAY


@pytest.mark.parametrize(
    ("years", "today", "cutoff"),
    [
        (7, date(2025, 3, 1), date(2017, 7, 31)),
        (7, date(2024, 8, 1), date(2017, 7, 31)),  # the school year 2016-2017 + 7 years ended yesterday
        (7, date(2024, 7, 31), date(2016, 7, 31)),  # ... and not yet on its last day
        (1, date(2024, 2, 29), date(2022, 7, 31)),
    ],
)
def test_cutoff_is_end_of_school_year_plus_term(years, today, cutoff):
    assert services.cutoff_for(years, today) == cutoff


def test_dry_run_counts_and_removes_nothing(swv, other_swv, today):
    fill(swv)
    fill(other_swv)
    out = StringIO()
    call_command("bewaartermijn", stdout=out)
    text = out.getvalue()
    assert "Proefdraai" in text
    lines = {line.split("\t")[0]: line.split("\t") for line in text.splitlines()}
    # TLV's 2 (ended + rejected), arrangementen 1, verzuim 1, terugplaatsingen 1, DUO-lijst 0, totaal 5
    assert lines[swv.code][3:9] == ["2", "1", "1", "1", "0", "5"]
    assert lines[other_swv.code][3:9] == ["2", "1", "1", "1", "0", "5"]
    assert sum(m.unscoped.count() for m in MODELS) == 18
    assert not Verwijdering.objects.exists() and not BevrorenMeting.objects.exists()


def test_execute_removes_expired_rows_of_one_swv_only(swv, other_swv, today):
    fill(swv)
    fill(other_swv)
    before_other = _numbers(other_swv)
    out = StringIO()
    call_command("bewaartermijn", "--swv", swv.code, "--uitvoeren", stdout=out)
    assert "5 regels verwijderd" in out.getvalue()
    assert _numbers(swv) == {
        "tlv": {"T3", "T4"},  # still running / open request
        "arrangement": {"A2"},  # no end date
        "verzuim": set(),
        "terugplaatsing": {"R2"},  # 1 August 2017: school year 2017-2018
    }
    assert _numbers(other_swv) == before_other
    record = Verwijdering.objects.get()
    assert record.swv == swv and record.soort == "bewaartermijn" and record.username == "systeem"
    assert record.aantallen == {"tlv": 2, "arrangement": 1, "verzuim": 1, "terugplaatsing": 1, "bekostigd": 0}
    assert record.grensdatum == date(2017, 7, 31) and record.jaren == 7
    # running it again removes nothing more and records nothing
    call_command("bewaartermijn", "--uitvoeren", "--swv", swv.code, stdout=StringIO())
    assert Verwijdering.objects.count() == 1


def test_per_swv_term(swv, other_swv, today):
    fill(swv)
    fill(other_swv)
    Bewaartermijn.objects.create(swv=swv, jaren=20)
    call_command("bewaartermijn", "--uitvoeren", stdout=StringIO())
    assert sum(m.unscoped.filter(swv=swv).count() for m in MODELS) == 9
    assert sum(m.unscoped.filter(swv=other_swv).count() for m in MODELS) == 4


def test_unknown_swv_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekend"):
        call_command("bewaartermijn", "--swv", "PO0000")


def test_measurements_are_frozen_with_their_values_before_removal(swv, today):
    fill(swv)
    plan = PlanFactory(swv=swv, first_year=2015, last_year=2018)
    issued = IndicatorFactory(
        swv=swv, plan=plan, measure_code="tlv_afgegeven", measure_params={"periode": "schooljaar"}
    )
    homebound = IndicatorFactory(
        swv=swv, plan=plan, measure_code="thuiszitters", measure_params={"periode": "tertiaal"}
    )
    until = date(2018, 7, 31)
    before = {i.pk: evaluation.indicator_series(i, everything(i.swv), until=until) for i in (issued, homebound)}
    swv_level = {
        code: REGISTRY[code].value(everything(swv), date(2016, 7, 31)).value
        for code in ("tlv_afgegeven", "terugplaatsingen")
    }
    assert any(p.value for p in before[issued.pk]) and any(p.value for p in before[homebound.pk])

    services.apply_retention(swv)

    for indicator in (issued, homebound):  # the indicator pages show the same values, from the frozen ones
        after = evaluation.indicator_series(indicator, everything(indicator.swv), until=until)
        assert [(p.date, p.value, p.display, p.status) for p in after] == [
            (p.date, p.value, p.display, p.status) for p in before[indicator.pk]
        ]
        assert all("bewaartermijn" in p.note for p in after)
        public = evaluation.indicator_series(indicator, Audience.public(indicator.swv), until=until)
        assert [p.date for p in public] == [p.date for p in after]
    for indicator in (issued, homebound):  # the frozen values are those from before the removal
        frozen = {f.date: f for f in BevrorenMeting.objects.filter(indicator=indicator)}
        assert frozen, indicator.measure_code
        for point in before[indicator.pk]:
            assert frozen[point.date].value == point.value
            assert frozen[point.date].display == point.display
            assert frozen[point.date].period_label == point.period_label
    for code, value in swv_level.items():
        row = BevrorenMeting.objects.get(swv=swv, indicator=None, measure_code=code, date=date(2016, 7, 31))
        assert row.value == value and row.period_label == "2015-2016"
    assert Verwijdering.objects.get().bevroren == BevrorenMeting.objects.count()


def test_first_freeze_wins(swv, today):
    fill(swv)
    plan = PlanFactory(swv=swv, first_year=2015, last_year=2018)
    indicator = IndicatorFactory(swv=swv, plan=plan, measure_code="tlv_afgegeven")
    services.freeze(swv, date(2017, 7, 31))
    first = {f.date: f.value for f in BevrorenMeting.objects.filter(indicator=indicator)}
    Tlv.unscoped.filter(swv=swv).delete()
    services.freeze(swv, date(2017, 7, 31))
    assert {f.date: f.value for f in BevrorenMeting.objects.filter(indicator=indicator)} == first


def test_all_or_nothing(swv, today):
    fill(swv)
    PlanFactory(swv=swv, first_year=2015, last_year=2018)
    with (
        mock.patch.object(Verwijdering.objects, "create", side_effect=RuntimeError("schijf vol")),
        pytest.raises(RuntimeError),
    ):
        call_command("bewaartermijn", "--uitvoeren", stdout=StringIO())
    assert sum(m.unscoped.count() for m in MODELS) == 9
    assert not BevrorenMeting.objects.exists() and not Verwijdering.objects.exists()


def test_retention_page_shows_preview_and_saves_the_term(beheerder_client, swv, today):
    fill(swv)
    url = reverse("privacy:retention")
    html = beheerder_client.get(url).content.decode()
    assert "7 jaar" in html and "31-07-2017" in html
    response = beheerder_client.post(url, {"jaren": "12"})
    assert response.status_code == 302
    assert Bewaartermijn.objects.get(swv=swv).jaren == 12
    assert HistoryEntry.objects.filter(model="privacy.bewaartermijn").exists()
    for bad in ("0", "31", "-1", "x", ""):
        assert beheerder_client.post(url, {"jaren": bad}).status_code == 200
    assert Bewaartermijn.objects.get(swv=swv).jaren == 12
