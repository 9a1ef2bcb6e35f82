from datetime import date
from decimal import Decimal

import pytest

from koers.core.audience import Audience
from koers.core.periods import period_of
from koers.monitoring.evaluation import indicator_series, latest
from koers.monitoring.measures import REGISTRY, breakdown, months_before
from koers.monitoring.models import Arrangement, ManualMeasurement, PupilCount, Tlv, VerzuimMelding
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, everything


def v(code, swv, on, public=False, **kw):
    return REGISTRY[code].value(Audience.public(swv) if public else everything(swv), on, **kw)


@pytest.fixture
def counts(swv, schools):
    for day, bo, sbo, so in ((date(2023, 10, 1), 950, 30, 20), (date(2024, 10, 1), 960, 25, 15)):
        for t, n in (("BO", bo), ("SBO", sbo), ("SO", so)):
            PupilCount.unscoped.create(swv=swv, peiljaar=day.year, peildatum=day, school_type=t, count=n)
    for brin, n in (("11AA00", 400), ("22BB00", 300), ("33CC00", 260)):
        PupilCount.unscoped.create(
            swv=swv, peiljaar=2024, peildatum=date(2024, 10, 1), level="school", brin6=brin, school_type="BO", count=n
        )


def test_participation_both_definitions(swv, counts):
    on = date(2025, 1, 1)
    assert v("deelname_sbo", swv, on).value == Decimal("2.54")  # 25 / 985
    assert v("deelname_sbo_incl_so", swv, on).value == Decimal("2.50")  # 25 / 1000
    assert v("deelname_so", swv, on).display == "1,52%"  # 15 / 985
    assert v("deelname_bo", swv, on).value == Decimal("96.00")
    assert v("deelname_sbo", swv, date(2024, 9, 30)).value == Decimal("3.06")  # previous count: 30 / 980
    assert v("leerlingen_verschil", swv, on).value == Decimal("0.0")  # 1000 -> 1000
    assert v("deelname_sbo", swv, date(2020, 1, 1)).value is None  # empty period


def test_tlv_counts_open_and_doorlooptijd(swv, schools, counts):
    def tlv(n, soort, brin, ontv, compleet=None, besluit=None, uitkomst=""):
        Tlv.unscoped.create(
            swv=swv,
            dossiernummer=n,
            aanvraagsoort=soort,
            brin6=brin,
            ontvangstdatum=ontv,
            datum_compleet=compleet,
            besluitdatum=besluit,
            besluit=uitkomst,
        )

    tlv("1", "TLV SBO", "11AA00", date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 30), "afgegeven")  # 4 wk
    tlv("2", "TLV SO", "33CC00", date(2024, 10, 1), date(2024, 10, 1), date(2024, 11, 26), "afgegeven")  # 8 wk
    tlv("3", "TLV SO", "33CC00", date(2025, 5, 12))  # no besluit: open
    tlv("4", "arrangement", "22BB00", date(2024, 12, 2), None, date(2024, 12, 30), "afgewezen")  # 4 wk
    tlv("5", "TLV SBO", "11AA00", date(2024, 2, 29), None, date(2024, 3, 28), "afgegeven")  # other school year
    on = date(2025, 7, 31)
    assert v("tlv_aangevraagd", swv, on).value == 4
    assert v("tlv_afgegeven", swv, on).value == 2
    assert v("tlv_open", swv, on).value == 1
    assert v("tlv_open", swv, date(2024, 10, 15)).value == 1  # no. 2 crosses the reference date
    assert v("tlv_aandeel_mei_juli", swv, on).value == Decimal("25.0")
    assert v("tlv_afgegeven_vorig_jaar", swv, on).value == 1
    assert v("tlv_afgegeven", swv, on, period="12maanden").value == 2
    median = "tlv_doorlooptijd_ontvangst_besluit_mediaan"
    assert v(median, swv, on).value == Decimal("4.0")  # 4, 4, 8
    assert v(median, swv, on, exclude_aanvraagsoorten=["arrangement"]).value == Decimal("6.0")
    assert v("tlv_doorlooptijd_ontvangst_besluit_iqr", swv, on).value == Decimal("2.0")  # P75 6 - P25 4
    assert v("tlv_doorlooptijd_ontvangst_compleet_gemiddelde", swv, on).value == Decimal("0.5")  # 1 and 0 weeks
    per_bestuur = dict(breakdown(REGISTRY["tlv_aangevraagd"], everything(swv), on, "bestuur"))
    assert per_bestuur["Bestuur A"].value == 2 and per_bestuur["Bestuur B"].value == 2
    public = v("tlv_afgegeven", swv, on, public=True)  # 2 < 5: suppressed for readers outside the bureau
    assert public.value is None and public.suppressed and public.display == "minder dan 5"
    rate = REGISTRY["thuiszitters_per_1000"].result((2, 1000), Audience.public(swv))  # a rate from 2 pupils
    assert rate.suppressed and rate.display == "afgeschermd (minder dan 5 leerlingen)"


def test_thuiszitters(swv, schools, counts):
    def m(n, soort, since, end=None):
        VerzuimMelding.unscoped.create(swv=swv, meldingnummer=n, soort=soort, since=since, end=end, brin6="11AA00")

    on = date(2025, 3, 1)
    m("a", "absoluut", date(2024, 11, 1))  # open, > 3 months
    m("b", "relatief", date(2025, 1, 15))  # > 4 weeks
    m("c", "relatief", date(2025, 2, 20))  # < 4 weeks: not (yet) a thuiszitter
    m("d", "absoluut", date(2025, 1, 1), date(2025, 3, 1))  # ends on the reference date: not active
    m("e", "vrijstelling", date(2024, 1, 1))
    assert v("thuiszitters", swv, on).value == 2
    assert v("thuiszitters_per_1000", swv, on).value == Decimal("2.00")  # 2 / 1000 pupils
    assert v("thuiszitters_pct", swv, on).value == Decimal("0.20")
    assert v("thuiszitters_langer_3_maanden", swv, on).value == 1
    assert v("thuiszitters_nieuw", swv, on, period="tertiaal").value == 3  # b, c, d in T1 2025
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2025, 5, 31), 3) == date(2025, 2, 28)


def test_arrangementen_and_stapeling(swv, schools):
    on = date(2025, 1, 15)
    Arrangement.unscoped.create(swv=swv, number="1", kind="licht", pupil="p1", start=date(2024, 9, 1), cost=1000)
    Arrangement.unscoped.create(
        swv=swv,
        number="2",
        kind="zwaar",
        pupil="p1",
        start=date(2025, 1, 1),
        end=date(2025, 6, 1),
        cost=Decimal("2500.50"),
    )
    Arrangement.unscoped.create(
        swv=swv, number="3", kind="licht", pupil="p2", start=date(2024, 9, 1), end=date(2024, 12, 31), cost=500
    )
    assert v("arrangementen_actief", swv, on).value == 2
    assert v("arrangementen_stapeling", swv, on).value == 1
    assert v("arrangementen_gestart", swv, on).value == 3
    assert v("arrangementen_kosten", swv, on).display == "€ 4.001"


def test_indicator_against_threshold_and_manual(swv, counts):
    plan = PlanFactory(swv=swv, first_year=2024, last_year=2027)
    ind = IndicatorFactory(
        swv=swv,
        plan=plan,
        norm_kind="drempel",
        norm_operator="<",
        norm_value=Decimal("2.5"),
        measure_code="deelname_sbo",
        unit="%",
    )
    series = indicator_series(ind, everything(ind.swv), until=date(2025, 6, 1))
    assert [(p.period_label, p.display, p.status) for p in series] == [
        ("01-10-2023", "3,06%", "niet_behaald"),
        ("01-10-2024", "2,54%", "niet_behaald"),
    ]
    survey = IndicatorFactory(swv=swv, plan=plan, norm_kind="trend", norm_direction="stijgt", unit="%")
    assert latest(survey, everything(survey.swv), period_of("peildatum", date(2025, 1, 1))).status == "geen_meting"
    ManualMeasurement.unscoped.create(swv=swv, indicator=survey, date=date(2024, 6, 1), value=70)
    ManualMeasurement.unscoped.create(swv=swv, indicator=survey, date=date(2025, 6, 1), value=75)
    point = latest(survey, everything(survey.swv), period_of("peildatum", date(2025, 7, 1)))
    assert (point.display, point.status, point.status_label) == ("75,0%", "op_koers", "op koers")
