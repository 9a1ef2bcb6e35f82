"""ADR 0014: one bureau for a PO and a VO SWV, registered as "PO2401 en VO2401", monitoring per DUO code."""

from datetime import date

import pytest
from django.test import Client

from koers.core.normalise import parse_swv_codes
from koers.monitoring.measures import REGISTRY
from koers.monitoring.measures.base import schools_of_duo_code
from koers.monitoring.models import PupilCount
from koers.onboarding.forms import NewSwvForm
from koers.organisations.models import Swv, SwvCode
from koers_dev.testing.factories import SchoolFactory, SwvFactory, everything

from .test_wizard import START, _account

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("PO2401 en VO2401", ["PO2401", "VO2401"]),
        ("po 24-01, vo 24-01", ["PO2401", "VO2401"]),
        ("VO2401 / PO2401", ["VO2401", "PO2401"]),
        ("PO2401 + VO2401", ["PO2401", "VO2401"]),
        ("PO2401", ["PO2401"]),
    ],
)
def test_codes_of_one_bureau(text, codes):
    assert parse_swv_codes(text) == codes


@pytest.mark.parametrize("text", ["PO2401 en PO2402", "PO2401 en VO2401 en VO2402", "PO2401 en", "PO24 en VO2401"])
def test_codes_that_are_refused(text):
    if text == "PO2401 en":  # a trailing "en" leaves one code: accepted as that code
        assert parse_swv_codes(text) == ["PO2401"]
        return
    with pytest.raises(ValueError):
        parse_swv_codes(text)


def test_a_combined_bureau_is_registered_with_both_codes():
    response = Client().post(START, _account(swv_code="PO 24-01 en VO 24-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    swv = Swv.objects.get()
    assert (swv.code, swv.duo_codes, swv.codes_label) == ("PO2401", ["PO2401", "VO2401"], "PO2401 en VO2401")
    assert swv.sectors == ["PO", "VO"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("PO2401 en PO2402", "hoogstens één PO-code en één VO-code"),
        ("PO2801 en VO2401", "staat al in Koers"),  # PO2801 is taken
        ("PO2402 en VO9901", "staat al in Koers"),  # VO9901 is the extra code of another bureau
    ],
)
def test_a_code_in_use_or_two_of_one_sector_is_refused(code, message):
    SwvFactory(code="PO2801")
    SwvCode.objects.create(swv=SwvFactory(code="PO9901"), code="VO9901")
    form = NewSwvForm({"swv_code": code, "swv_name": "Nieuw samenwerkingsverband"})
    assert not form.is_valid()
    assert message in " ".join(form.errors["swv_code"])


def test_the_open_start_refuses_two_codes_of_one_sector_in_dutch():
    response = Client().post(START, _account(swv_code="PO2401 en PO2402"))
    assert response.status_code == 200
    assert "hoogstens één PO-code en één VO-code" in response.content.decode()
    assert not Swv.objects.exists()


def test_measures_per_duo_code():
    swv = SwvFactory(code="PO2401")
    SwvCode.objects.create(swv=swv, code="VO2401")
    SchoolFactory(swv=swv, brin6="11AA00", school_type="BO")
    SchoolFactory(swv=swv, brin6="22BB00", school_type="SO")
    SchoolFactory(swv=swv, brin6="33CC00", school_type="VO")
    SchoolFactory(swv=swv, brin6="44DD00", school_type="VSO")
    assert schools_of_duo_code(swv, "PO 24-01") == {"11AA00", "22BB00"}
    assert schools_of_duo_code(swv, "VO2401") == {"33CC00", "44DD00"}
    assert schools_of_duo_code(swv, "VO2401", {"11AA00", "44DD00"}) == {"44DD00"}
    with pytest.raises(ValueError, match="geen DUO-code"):
        schools_of_duo_code(swv, "VO2402")
    day = date(2024, 10, 1)
    for brin, kind, n in (("11AA00", "BO", 400), ("22BB00", "SO", 12), ("33CC00", "VO", 700), ("44DD00", "VSO", 30)):
        PupilCount.unscoped.create(
            swv=swv, peiljaar=2024, peildatum=day, level="school", brin6=brin, school_type=kind, count=n
        )
    on, audience = date(2025, 1, 1), everything(swv)
    assert REGISTRY["leerlingen_so"].value(audience, on).value == 12
    assert REGISTRY["leerlingen_so"].value(audience, on, duo_code="VO2401").value in (None, 0)
    assert REGISTRY["leerlingen_vso"].value(audience, on, duo_code="VO2401").value == 30
    assert REGISTRY["leerlingen_vso"].value(audience, on, duo_code="PO2401").value in (None, 0)
