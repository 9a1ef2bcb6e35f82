"""Measurements and measures come from koers.monitoring; here its API is stood in for by small fakes."""

import sys
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse


@dataclass
class Point:
    period_label: str
    date: date
    value: object
    display: str
    status: str


@dataclass
class Measure:
    code: str
    name: str
    unit: str
    definition: str

    def value(self, swv, on):
        return Decimal("2.5") if on >= date(2024, 10, 1) else None


@pytest.fixture
def fake_monitoring(monkeypatch):
    calls = []
    evaluation = types.ModuleType("koers.monitoring.evaluation")

    def indicator_series(indicator, until=None, public=False):
        calls.append((indicator.pk, until, public))
        points = [
            Point("2023-2024", date(2023, 10, 1), Decimal("3.1"), "3,1 %", "niet_behaald"),
            Point("2024-2025", date(2024, 10, 1), 2.4, "2,4 %", "behaald"),
        ]
        return [p for p in points if until is None or p.date <= until]

    evaluation.indicator_series = indicator_series
    measures = types.ModuleType("koers.monitoring.measures")
    measures.REGISTRY = {"deelname_sbo": Measure("deelname_sbo", "Deelnamepercentage SBO", "%", "SBO / (BO + SBO)")}
    monkeypatch.setitem(sys.modules, "koers.monitoring.evaluation", evaluation)
    monkeypatch.setitem(sys.modules, "koers.monitoring.measures", measures)
    return calls


def test_measurements_of_an_indicator(own, make_client, fake_monitoring):
    client = make_client("toezicht")
    url = reverse("api:metingen", args=[own["indicator"]])
    data = client.get(url).json()
    assert data["indicator"] == own["indicator"]
    assert [m["value"] for m in data["measurements"]] == [3.1, 2.4]
    assert data["measurements"][1] == {
        "period_label": "2024-2025",
        "date": "2024-10-01",
        "value": 2.4,
        "display": "2,4 %",
        "status": "behaald",
    }
    assert fake_monitoring == [(own["indicator"], None, False)]
    data = client.get(url, {"tot": "2024-01-01"}).json()
    assert len(data["measurements"]) == 1
    assert client.get(url, {"tot": "1-1-2024"}).status_code == 400


def test_an_indicator_without_measurements_has_an_empty_series(own, make_client, monkeypatch):
    monkeypatch.setitem(sys.modules, "koers.monitoring.evaluation", None)  # monitoring cannot evaluate (yet)
    response = make_client("bureau").get(reverse("api:metingen", args=[own["indicator"]]))
    assert response.status_code == 200 and response.json()["measurements"] == []


def test_measures(own, make_client, fake_monitoring):
    client = make_client("schoolbestuur")
    assert client.get(reverse("api:maten")).json() == [
        {"code": "deelname_sbo", "name": "Deelnamepercentage SBO", "unit": "%", "definition": "SBO / (BO + SBO)"}
    ]
    data = client.get(reverse("api:maat", args=["deelname_sbo"]), {"datum": "2024-10-01"}).json()
    assert data["value"] == 2.5 and data["date"] == "2024-10-01"
    assert client.get(reverse("api:maat", args=["deelname_sbo"]), {"datum": "2020-10-01"}).json()["value"] is None
    assert client.get(reverse("api:maat", args=["onbekend"])).status_code == 404
    assert make_client("eigenaar").get(reverse("api:maat", args=["deelname_sbo"])).status_code == 403


def test_a_failing_computation_gives_no_value_not_a_server_error(own, make_client, fake_monitoring):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    sys.modules["koers.monitoring.evaluation"].indicator_series = broken
    sys.modules["koers.monitoring.measures"].REGISTRY["deelname_sbo"].value = broken
    client = make_client("bureau")
    response = client.get(reverse("api:metingen", args=[own["indicator"]]))
    assert response.status_code == 200 and response.json()["measurements"] == []
    response = client.get(reverse("api:maat", args=["deelname_sbo"]))
    assert response.status_code == 200 and response.json()["value"] is None
