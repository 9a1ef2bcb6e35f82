"""Definitions chosen by the SWV (ADR 0022): denominator, count date, request kinds left out, interval.

The same choice through the measure, the indicator form, the plan import, ``koers measures`` and the API gives the
same number, and every output states the definition it used in words.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from koers.api.models import ApiToken, Scope
from koers.core import definitions as core_definitions
from koers.monitoring import definitions, evaluation
from koers.monitoring.importing import import_file
from koers.monitoring.measures import REGISTRY
from koers.monitoring.models import PupilCount, Tlv
from koers.plans.element_forms import IndicatorForm
from koers.plans.io.importer import import_plan
from koers.plans.models import Indicator
from koers_dev.testing.factories import IndicatorFactory, PlanFactory, UserFactory, everything, member

pytestmark = pytest.mark.django_db

OCT, FEB = date(2024, 10, 1), date(2025, 2, 1)
ON = date(2025, 3, 1)


@pytest.fixture
def both_counts(swv, schools):
    """1 October 2024: BO 960, SBO 25, SO 15; 1 February 2025: BO 940, SBO 30, SO 30."""
    for day, kind, bo, sbo, so in ((OCT, "1-oktober", 960, 25, 15), (FEB, "1-februari", 940, 30, 30)):
        for t, n in (("BO", bo), ("SBO", sbo), ("SO", so)):
            PupilCount.unscoped.create(swv=swv, peiljaar=day.year, peildatum=day, teldatum=kind, school_type=t, count=n)


def value(code, swv, on=ON, **params):
    return REGISTRY[code].value(everything(swv), on, **params).value


def test_count_date_and_denominator(swv, both_counts):
    # default: the 1 October count, although the 1 February count is later
    assert value("deelname_so", swv) == Decimal("1.52")  # 15 / (960 + 25)
    assert value("deelname_so", swv, teldatum="1-februari") == Decimal("3.09")  # 30 / (940 + 30)
    assert value("deelname_so", swv, noemer="bo_sbo_so") == value("deelname_so_incl_so", swv) == Decimal("1.50")
    assert value("deelname_so", swv, noemer="bo_sbo_so", teldatum="1-februari") == Decimal("3.00")  # 30 / 1000
    assert value("leerlingen_so", swv, teldatum="1-februari") == 30
    assert value("leerlingen_so", swv) == 15
    # before 1 February 2025 there is no February count: none, not the October one
    assert value("deelname_so", swv, date(2025, 1, 31), teldatum="1-februari") is None


def test_sentence_states_the_definition_with_the_count_used(swv, both_counts):
    params = {"teldatum": "1-februari", "zonder_aanvraagsoorten": ["Arrangement"]}
    assert definitions.sentence("deelname_so", {"teldatum": "1-februari"}, swv=swv, on=ON) == (
        "deelname SO = SO / (BO + SBO), teldatum 1 februari 2025"
    )
    assert definitions.sentence("deelname_so", {}, swv=swv, on=ON) == (
        "deelname SO = SO / (BO + SBO), teldatum 1 oktober 2024"
    )
    assert definitions.sentence("deelname_so_incl_so", {}) == "deelname SO = SO / (BO + SBO + SO), teldatum 1 oktober"
    assert definitions.sentence("tlv_afgegeven_pct", params, swv=swv, on=ON) == (
        "afgegeven TLV's als % van de leerlingen, teldatum 1 februari 2025, zonder aanvraagsoort 'Arrangement'"
    )
    text = definitions.sentence("tlv_doorlooptijd_ontvangst_besluit_mediaan", {"interval": "compleet_besluit"})
    assert "interval compleet → besluit" in text and text.endswith("alle aanvraagsoorten")


def test_every_output_states_the_definition(swv, both_counts):
    plan = PlanFactory(swv=swv)
    indicator = IndicatorFactory(
        swv=swv, plan=plan, measure_code="deelname_so", measure_params={"teldatum": "1-februari"}
    )
    text = evaluation.definition_text(indicator, ON)
    assert "Gebruikte definitie: deelname SO = SO / (BO + SBO), teldatum 1 februari 2025." in text


def test_request_kinds_case_insensitive_and_whitespace_normalised(swv, schools):
    for n, kind in enumerate(["TLV SO", "tlv  so", "Arrangement", "TLV SBO"]):
        Tlv.unscoped.create(
            swv=swv,
            dossiernummer=f"D{n}",
            aanvraagsoort=kind,
            ontvangstdatum=date(2024, 9, 1),
            besluitdatum=date(2024, 10, 1),
            besluit="afgegeven",
        )
    on = date(2024, 12, 1)
    assert value("tlv_afgegeven", swv, on) == 4
    assert value("tlv_afgegeven", swv, on, zonder_aanvraagsoorten=["  arrangement "]) == 3
    assert value("tlv_afgegeven", swv, on, zonder_aanvraagsoorten=["TLV so"]) == 2  # both spellings
    assert definitions.request_kinds(swv) == ["Arrangement", "TLV SBO", "TLV SO"]
    assert core_definitions.request_kinds(swv) == ["Arrangement", "TLV SBO", "TLV SO"]  # through the hook


def test_clean_checks_and_migrates():
    assert definitions.clean({"exclude_aanvraagsoorten": ["Arrangement", "arrangement "]}) == {
        "zonder_aanvraagsoorten": ["Arrangement"]
    }
    assert definitions.clean({"teldatum": "1 Februari"}) == {"teldatum": "1-februari"}
    assert definitions.clean({"zonder_aanvraagsoorten": "Arrangement; Maatwerk"}) == {
        "zonder_aanvraagsoorten": ["Arrangement", "Maatwerk"]
    }
    with pytest.raises(ValueError, match="Noemer 'bo' bestaat niet"):
        definitions.clean({"noemer": "bo"})
    with pytest.raises(ValueError, match="Teldatum '1 maart' bestaat niet"):
        definitions.clean({"teldatum": "1 maart"})
    with pytest.raises(ValueError, match="kent geen keuze voor noemer"):
        definitions.clean({"noemer": "bo_sbo"}, "tlv_afgegeven")
    assert definitions.applicable("deelname_vso") == ("teldatum",)
    assert set(definitions.applicable("tlv_doorlooptijd_ontvangst_besluit_mediaan")) == {
        "zonder_aanvraagsoorten",
        "interval",
    }


def test_migration_renames_the_old_parameter(swv):
    import importlib
    from pathlib import Path

    from django.apps import apps

    import koers.monitoring.migrations as package

    name = next(p.stem for p in Path(package.__file__).parent.glob("*_teldatum_en_verzuimreden.py"))
    migration = importlib.import_module(f"koers.monitoring.migrations.{name}")

    plan = PlanFactory(swv=swv)
    old = IndicatorFactory(
        swv=swv, plan=plan, measure_code="tlv_afgegeven", measure_params={"exclude_aanvraagsoorten": ["Arrangement"]}
    )
    migration.rename_excluded_request_kinds(apps, None)
    old.refresh_from_db()
    assert old.measure_params == {"zonder_aanvraagsoorten": ["Arrangement"]}


def test_february_counts_import_kept_apart(swv, schools):
    october = "SAMENWERKINGSVERBANDNUMMER,TYPE_PO,PEILJAAR,AANTAL_LEERLINGEN\n" + "\n".join(
        f"{swv.code},{t},2024,{n}" for t, n in (("BO", 960), ("SBO", 25), ("SO", 15))
    )
    february = "SAMENWERKINGSVERBANDNUMMER,TYPE_PO,PEILJAAR,TELDATUM,AANTAL_LEERLINGEN\n" + "\n".join(
        f"{swv.code},{t},2025,1 februari,{n}" for t, n in (("BO", 940), ("SBO", 30), ("SO", 30))
    )
    assert import_file(swv, "duo-swv", "swv_totaal.csv", october.encode()).added == 3
    assert import_file(swv, "duo-swv", "swv_totaal_februari.csv", february.encode()).added == 3
    rows = PupilCount.objects.for_swv(swv).order_by("peildatum", "school_type")
    assert [(r.peildatum, r.teldatum, r.school_type, r.count) for r in rows][:1] == [(OCT, "1-oktober", "BO", 960)]
    assert rows.filter(teldatum="1-februari", peildatum=FEB).count() == 3
    assert value("deelname_so", swv, teldatum="1-februari") == Decimal("3.09")
    assert value("deelname_so", swv) == Decimal("1.52")
    bad = february.replace("1 februari", "1 maart", 1)
    run = import_file(swv, "duo-swv", "fout.csv", bad.encode())
    assert run.status == "failed"
    assert "Teldatum '1 maart' bestaat niet" in json.dumps(run.problems, ensure_ascii=False)


def test_same_numbers_through_form_import_cli_and_api(swv, both_counts, capsys):
    plan = PlanFactory(swv=swv)
    # the indicator form
    form = IndicatorForm(
        {
            "code": "I1",
            "title": "Deelname SO",
            "norm_kind": "geen",
            "measure_code": "deelname_so",
            "def_noemer": "bo_sbo_so",
            "def_teldatum": "1-februari",
            "order": 1,
        },
        instance=Indicator(swv=swv, plan=plan),
        plan=plan,
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.measure_params == {"noemer": "bo_sbo_so", "teldatum": "1-februari"}
    # a choice the measure does not use is refused in its own field
    wrong = IndicatorForm(
        {"code": "I2", "title": "TLV's", "norm_kind": "geen", "measure_code": "tlv_afgegeven", "def_noemer": "bo_sbo"},
        instance=Indicator(swv=swv, plan=plan),
        plan=plan,
    )
    assert not wrong.is_valid() and "def_noemer" in wrong.errors
    expected = value("deelname_so", swv, **saved.measure_params)
    assert expected == Decimal("3.00")
    # the plan import (YAML)
    imported = import_plan(
        """
plan: {code: defs, title: Definities, first_year: 2024, last_year: 2025}
indicators:
  - code: I9
    title: Deelname SO
    measure_code: deelname_so
    noemer: bo_sbo_so
    teldatum: 1-februari
""",
        swv=swv,
        fmt="yaml",
    )
    ind = Indicator.objects.for_swv(swv).get(plan=imported, code="I9")
    assert ind.measure_params == {"noemer": "bo_sbo_so", "teldatum": "1-februari"}
    # koers measures
    call_command(
        "measures", "--swv", swv.code, "--datum", ON.isoformat(), "--noemer", "bo_sbo_so", "--teldatum", "1-februari"
    )
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)["maten"]}
    assert Decimal(rows["deelname_so"]["waarde"]) == expected
    assert rows["deelname_so"]["gebruikte_definitie"] == "deelname SO = SO / (BO + SBO + SO), teldatum 1 februari 2025"
    # the API
    user = UserFactory()
    member(user, swv, "bureau")
    _token, secret = ApiToken.issue(user=user, swv=swv, name="t", scopes=[s.value for s in Scope])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = reverse("api:maat", args=["deelname_so"])
    response = api.get(url, {"datum": ON.isoformat(), "noemer": "bo_sbo_so", "teldatum": "1-februari"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert Decimal(str(body["value"])) == expected
    assert body["definition_used"] == "deelname SO = SO / (BO + SBO + SO), teldatum 1 februari 2025"
    bad = api.get(reverse("api:maat", args=["tlv_afgegeven"]), {"datum": ON.isoformat(), "noemer": "bo_sbo"})
    assert bad.status_code == 400
    listed = api.get(reverse("api:indicator-detail", args=[ind.pk]))
    assert listed.status_code == 200
    assert listed.json()["noemer"] == "bo_sbo_so" and listed.json()["teldatum"] == "1-februari"
    assert listed.json()["definition_used"] == "deelname SO = SO / (BO + SBO + SO), teldatum 1 februari"
