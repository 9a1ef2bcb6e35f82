"""The indicator page: choosing the breakdown (schoolbestuur, werkgebied, school, period, moment), with htmx and
without, and a schoolbestuur user who sees only the own schools; manual measurements in Dutch notation."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.monitoring.models import ManualMeasurement, Tlv
from koers.organisations.models import Werkgebied
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, UserFactory, member


@pytest.fixture
def tlv_indicator(swv, schools):
    noord = Werkgebied.unscoped.create(swv=swv, name="Noord")
    zuid = Werkgebied.unscoped.create(swv=swv, name="Zuid")
    for brin6, gebied in (("11AA00", noord), ("22BB00", zuid), ("33CC00", zuid)):
        schools[brin6].werkgebied = gebied
        schools[brin6].save()
    n = 0
    for brin6, count in (("11AA00", 6), ("22BB00", 7), ("33CC00", 8)):
        for _i in range(count):
            n += 1
            Tlv.unscoped.create(
                swv=swv,
                dossiernummer=f"D{n}",
                aanvraagsoort="TLV SBO",
                brin6=brin6,
                ontvangstdatum=date(2024, 9, 1),
                besluitdatum=date(2024, 10, 1),
                besluit="afgegeven",
            )
    plan = PlanFactory(swv=swv, first_year=2024, last_year=2027)
    return IndicatorFactory(
        swv=swv, plan=plan, measure_code="tlv_afgegeven", measure_params={"periode": "tertiaal"}, unit="aantal"
    )


T3_2024 = "2024-12-31"  # the measurement moment with the TLV's


def _get(client, indicator, **params):
    params.setdefault("moment", T3_2024)
    return client.get(reverse("monitoring:indicator", args=[indicator.pk]), params).content.decode()


def test_breakdown_defaults_to_schoolbestuur(bureau_client, tlv_indicator):
    html = bureau_client.get(reverse("monitoring:indicator", args=[tlv_indicator.pk])).content.decode()
    assert "per schoolbestuur" in html and f'<option value="{T3_2024}">T3 2024</option>' in html  # latest first
    html = _get(bureau_client, tlv_indicator)
    assert '<th scope="row">Bestuur A</th><td class="num">13</td>' in html
    assert '<th scope="row">Bestuur B</th><td class="num">8</td>' in html
    assert 'name="uitsplitsing"' in html and 'hx-get="' in html and 'method="get"' in html


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "werkgebied",
            ['<th scope="row">Noord</th><td class="num">6</td>', '<th scope="row">Zuid</th><td class="num">15</td>'],
        ),
        ("school", ["School Een (11AA00)", "School Twee (22BB00)", "School Drie (33CC00)"]),
    ],
)
def test_breakdown_choice_without_javascript(bureau_client, tlv_indicator, by, expected):
    html = _get(bureau_client, tlv_indicator, uitsplitsing=by)
    assert "<html" in html
    for text in expected:
        assert text in html
    assert f'<option value="{by}" selected>' in html


def test_breakdown_choice_with_htmx_returns_only_the_table(bureau_client, tlv_indicator):
    url = reverse("monitoring:indicator", args=[tlv_indicator.pk])
    response = bureau_client.get(
        url, {"uitsplitsing": "school", "moment": T3_2024}, headers={"HX-Request": "true", "HX-Target": "uitsplitsing"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="uitsplitsing"' in html
    assert "School Drie (33CC00)" in html


def test_breakdown_period_and_moment(bureau_client, tlv_indicator):
    html = _get(bureau_client, tlv_indicator, periode="schooljaar", moment="2024-12-31")
    assert "2024-2025" in html and '<th scope="row">Bestuur A</th><td class="num">13</td>' in html
    html = _get(bureau_client, tlv_indicator, periode="maand", moment="2024-12-31")  # nothing issued in December
    assert '<th scope="row">Bestuur A</th><td class="num">0</td>' in html and "december 2024" in html
    html = _get(bureau_client, tlv_indicator, uitsplitsing="onzin", periode="onzin", moment="onzin")
    assert html.count("per schoolbestuur") >= 1  # invalid choices fall back to the defaults


def test_schoolbestuur_user_sees_only_own_schools(client, swv, schools, tlv_indicator):
    user = UserFactory(username="bestuurder")
    member(user, swv, "schoolbestuur", schoolbestuur=schools["11AA00"].bestuur)
    client.force_login(user)
    html = _get(client, tlv_indicator, uitsplitsing="school")
    assert "School Een (11AA00)" in html and "School Twee (22BB00)" in html
    assert "School Drie" not in html and "alleen de scholen van uw schoolbestuur" in html
    html = _get(client, tlv_indicator)
    assert "Bestuur A" in html and "Bestuur B" not in html
    html = _get(client, tlv_indicator, uitsplitsing="werkgebied")
    assert '<th scope="row">Zuid</th><td class="num">7</td>' in html  # only 22BB00 of the two Zuid schools
    overview = client.get(reverse("monitoring:overview"), {"uitsplitsing": "school"}).content.decode()
    assert "School Drie" not in overview


def test_breakdown_without_schools_explains_what_to_do(bureau_client, swv):
    Tlv.unscoped.create(
        swv=swv,
        dossiernummer="X",
        aanvraagsoort="TLV SBO",
        ontvangstdatum=date(2024, 9, 1),
        besluit="afgegeven",
        besluitdatum=date(2024, 9, 2),
    )
    plan = PlanFactory(swv=swv, first_year=2024, last_year=2027)
    indicator = IndicatorFactory(
        swv=swv, plan=plan, measure_code="tlv_afgegeven", measure_params={"periode": "tertiaal"}
    )
    assert "leg eerst de scholen vast" in _get(bureau_client, indicator)


def test_manual_measurement_in_dutch_notation_and_removal(bureau_client, swv):
    plan = PlanFactory(swv=swv, first_year=2023, last_year=2027)
    indicator = IndicatorFactory(
        swv=swv, plan=plan, norm_kind="drempel", norm_operator=">=", norm_value=Decimal(80), unit="%"
    )
    url = reverse("monitoring:indicator", args=[indicator.pk])
    html = bureau_client.get(url).content.decode()
    assert "Nog geen metingen: voer hieronder de eerste meting in." in html
    response = bureau_client.post(
        url,
        {
            "date": "19-09-2024",
            "period_label": "2024-2025",
            "value": "82,5",
            "yes_no": "unknown",
            "source": "Oudertevredenheidspeiling",
            "note": "n = 212",
        },
    )
    assert response.status_code == 302
    m = ManualMeasurement.unscoped.get()
    assert (m.date, m.value, m.source) == (date(2024, 9, 19), Decimal("82.5"), "Oudertevredenheidspeiling")
    html = bureau_client.get(url).content.decode()
    assert "82,5%" in html and "Oudertevredenheidspeiling" in html and "19-09-2024" in html and "behaald" in html
    bad = bureau_client.post(url, {"date": "31-02-2024", "value": "", "yes_no": "unknown"}).content.decode()
    assert "31-02-2024 bestaat niet: februari heeft in 2024 29 dagen." in bad  # the format was right
    assert "Vul een datum in als dd-mm-jjjj" not in bad and ManualMeasurement.unscoped.count() == 1
    bad = bureau_client.post(url, {"date": "eind februari", "value": "", "yes_no": "unknown"}).content.decode()
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 19-09-2024." in bad
    empty = bureau_client.post(url, {"date": "01-10-2024", "value": "", "yes_no": "unknown"}).content.decode()
    assert "Vul een waarde in, of kies ja of nee." in empty
    bureau_client.post(url, {"verwijder": m.pk})
    assert not ManualMeasurement.unscoped.exists()
