from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.monitoring.importing import import_file
from koers.monitoring.models import ColumnMapping, ImportRun, PupilCount, Tlv, VerzuimMelding
from koers.monitoring.pseudonym import pseudonymise

TLV = (
    "Dossiernummer;BSN;Aanvraagsoort;BRIN6;Ontvangstdatum;Datum compleet;Besluitdatum;Besluit;Voorziening;"
    "Bekostigingscategorie\n"
    "D1;123456782;TLV SBO;11AA00;01-09-2024;15-09-2024;13-10-2024;afgegeven;SBO;L\n"
    "D2;987654321;TLV SO;33CC00;29-02-2024;;;;SO;M\n"
)


def run(swv, register, text, name="f.csv", encoding="utf-8", **kw):
    return import_file(swv, register, name, text.encode(encoding), **kw)


def test_tlv_import_pseudonymises_and_reimport_updates(swv, schools):
    r = run(swv, "tlv", TLV, encoding="cp1252")
    assert r.status == ImportRun.Status.DONE, r.problems
    assert (r.added, r.changed, r.unchanged) == (2, 0, 0)
    tlv = Tlv.unscoped.get(dossiernummer="D1")
    assert tlv.pupil == pseudonymise("123456782") and "123456782" not in str(tlv.__dict__)
    assert tlv.ontvangstdatum == date(2024, 9, 1) and tlv.bekostigingscategorie == "L"
    r = run(
        swv,
        "tlv",
        "\ufeff"
        + TLV.replace(
            "D2;987654321;TLV SO;33CC00;29-02-2024;;;;", "D2;987654321;TLV SO;33CC00;29-02-2024;;;ingetrokken;"
        ),
    )
    assert r.status == ImportRun.Status.WARNINGS  # a besluit without besluitdatum
    r = run(swv, "tlv", TLV.replace(";;;;SO", ";;01-03-2024;afgewezen;SO"))
    assert (r.added, r.changed, r.unchanged) == (0, 1, 1) and Tlv.unscoped.count() == 2


@pytest.mark.parametrize(
    "text,problem",
    [
        ("", "leeg"),
        ("Dossiernummer;BSN\nD1;1\n", "Verplichte kolom"),
        (TLV.replace("01-09-2024", "1 sept"), "geen geldige datum"),
        (TLV.replace("01-09-2024", "31-02-2024"), "31-02-2024 bestaat niet: februari heeft in 2024 29 dagen."),
        (TLV.replace("01-09-2024", "31-09-2024"), "31-09-2024 bestaat niet: september heeft 30 dagen."),
        (TLV.replace("13-10-2024", "13-08-2024"), "vóór de begindatum"),
        (TLV.replace("33CC00", "99ZZ00"), "hoort niet bij"),
        (TLV.replace("D2;", "D1;"), "staat ook in rij"),
        ("\x00\x01\x02binary", "geen tabel"),
    ],
)
def test_bad_input_imports_nothing(swv, schools, text, problem):
    r = run(swv, "tlv", text)
    assert r.status == ImportRun.Status.FAILED
    assert any(problem in p["problem"] for p in r.problems), r.problems
    assert Tlv.unscoped.count() == 0


def test_mapping_for_a_foreign_export(swv, schools):
    mapping = ColumnMapping.unscoped.create(
        swv=swv,
        name="Extern",
        register="verzuim",
        columns={"Zaak": "meldingnummer", "Type": "soort", "Begin": "since", "Eind": "end", "Locatie": "brin6"},
        values={"soort": {"AV": "absoluut", "RV": "relatief"}},
    )
    text = "Zaak,Type,Begin,Eind,Locatie\nZ1,AV,01-01-2025,,11AA00\nZ2,RV,1-2-2025,01-03-2025,22BB00\n"
    r = run(swv, "verzuim", text, mapping=mapping)
    assert r.status == ImportRun.Status.DONE, r.problems
    assert set(VerzuimMelding.unscoped.values_list("soort", flat=True)) == {"absoluut", "relatief"}


def test_duo_counts(swv, schools):
    text = (
        '"SAMENWERKINGSVERBANDNUMMER","TYPE_PO","PEILJAAR","AANTAL_LEERLINGEN"\n'
        '"PO 28-01","BO","2024","1000"\n"PO2801","SBO","2024","-1"\n"PO2802","BO","2024","500"\n'
    )
    r = run(swv, "duo-swv", text, name="swv_totaal.csv")
    assert r.status == ImportRun.Status.DONE, r.problems
    assert PupilCount.unscoped.get(school_type="SBO").suppressed
    text = '"INSTELLINGSCODE","VESTIGINGSCODE","TYPE_PO","PEILJAAR","AANTAL_LEERLINGEN"\n"11AA","11AA00","BO","2024","300"\n"77XX","77XX00","BO","2024","9"\n'
    r = run(swv, "duo-brin6", text, name="brin6_totaal.csv")
    assert r.added == 1 and r.problems == []


def test_duo_file_without_own_rows_says_so(swv, schools):
    """A reviewer imported the example swv_totaal.csv into SPOW and got 0/0/0/0 without a word."""
    text = '"SAMENWERKINGSVERBANDNUMMER","TYPE_PO","PEILJAAR","AANTAL_LEERLINGEN"\n"PO2802","BO","2024","500"\n'
    r = run(swv, "duo-swv", text, name="swv_totaal.csv")
    assert r.status == ImportRun.Status.DONE and r.added == 0
    assert [p["level"] for p in r.problems] == ["opmerking"]
    assert (
        "geen regels voor PO2801" in r.problems[0]["problem"] and "(1 samenwerkingsverband)" in r.problems[0]["problem"]
    )
    text = (
        '"INSTELLINGSCODE","VESTIGINGSCODE","TYPE_PO","PEILJAAR","AANTAL_LEERLINGEN"\n"77XX","77XX00","BO","2024","9"\n'
    )
    r = run(swv, "duo-brin6", text, name="brin6_totaal.csv")
    assert r.status == ImportRun.Status.DONE and "Geen van de scholen" in r.problems[0]["problem"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=400)
    | st.text(max_size=400).map(lambda t: ("Dossiernummer;Aanvraagsoort;Ontvangstdatum\n" + t).encode())
)
def test_arbitrary_files_never_crash_or_half_import(swv, schools, data):
    before = Tlv.unscoped.count()
    r = import_file(swv, "tlv", "x.csv", data)
    assert r.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED, ImportRun.Status.WARNINGS)
    if r.status != ImportRun.Status.DONE:
        assert Tlv.unscoped.count() == before
    Tlv.unscoped.all().delete()


@pytest.mark.parametrize(
    "register,name",
    [
        ("tlv", "register-tlv.csv"),
        ("arrangement", "register-arrangementen.csv"),
        ("verzuim", "register-verzuim.csv"),
        ("terugplaatsing", "register-terugplaatsingen.csv"),
        ("duo-swv", "duo-swv_totaal.csv"),
        ("duo-brin6", "duo-brin6_totaal.csv"),
        ("telling", "register-telling.csv"),
        ("duo-swv", "duo-swv_totaal-1-februari.csv"),
    ],
)
def test_documented_examples_import(swv, register, name):
    from pathlib import Path

    from koers_dev.testing.factories import SchoolFactory

    SchoolFactory(swv=swv, brin6="19HY00")
    SchoolFactory(swv=swv, brin6="19HY01")
    data = (Path(__file__).parents[4] / "docs" / "voorbeelden" / name).read_bytes()
    r = import_file(swv, register, name, data)
    assert r.status == ImportRun.Status.DONE, r.problems
    assert r.added > 0


def test_every_row_with_a_date_that_does_not_exist_is_reported(swv, schools):
    """The per-row report names each row (the parsed dates are cached, the failures are not)."""
    text = TLV.replace("01-09-2024", "31-09-2024").replace("29-02-2024", "31-09-2024")
    r = run(swv, "tlv", text)
    assert r.status == ImportRun.Status.FAILED
    found = [(p["row"], p["problem"]) for p in r.problems if "bestaat niet" in p["problem"]]
    message = "31-09-2024 bestaat niet: september heeft 30 dagen."
    assert found == [(2, message), (3, message)]


def test_counts_with_a_date_that_does_not_exist(swv, schools):
    text = "Soort;Teldatum;Aantal\nBO;31-04-2025;100\n"
    r = run(swv, "telling", text)
    assert r.status == ImportRun.Status.FAILED
    assert any(p["problem"] == "31-04-2025 bestaat niet: april heeft 30 dagen." for p in r.problems), r.problems


def test_first_date_of_the_registers(swv, schools):
    """The standard outputs offer tertialen from the first date with data on."""
    from koers.monitoring import registers

    assert registers.first_date(swv) is None
    assert run(swv, "tlv", TLV).status == ImportRun.Status.DONE
    assert registers.first_date(swv) == date(2024, 2, 29)
