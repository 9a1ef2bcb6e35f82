"""Grensverkeer, DUO's funded-pupil list, TLV-based participation, the match by beschikkingsnummer and the national
comparison: each count against an independent DuckDB computation over the same rows (the imported CSV text)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import duckdb
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.accounts.audience import for_command_line
from koers.core.audience import Audience
from koers.monitoring.flow_models import FlowCount, FundedPupil
from koers.monitoring.importing import import_file
from koers.monitoring.measures import REGISTRY
from koers.monitoring.measures.base import SourceSuppressed
from koers.monitoring.measures.flows import FLOW_MEASURES
from koers.monitoring.models import ImportRun, NationalCount, PupilCount, Tlv
from koers.monitoring.pseudonym import pseudonymise
from koers_dev.testing.factories import everything

ON = date(2025, 3, 1)

RP = (
    "SWV_BETALEND,TYPE_PO,PEILJAAR,RESIDENTIELE_PLAATS,AANTAL_LEERLINGEN\n"
    '"PO2801","SO","2024","N","118"\n'
    '"PO2801","SO","2024","J","-1"\n'
    '"PO2801","VSO","2024","N","140"\n'
    '"PO2801","VSO","2024","J","7"\n'
    '"PO9901","SO","2024","N","55"\n'
)
BETALEND = (
    "SWV_BETALEND,TYPE_PO,PEILJAAR,BINNEN_SWV,BEKOSTIGINGSCATEGORIE,AANTAL_LEERLINGEN\n"
    "PO2801,SO,2024,J,L,80\nPO2801,SO,2024,J,M,21\nPO2801,SO,2024,N,L,12\nPO2801,SO,2024,N,H,3\n"
    "PO2801,VSO,2024,J,L,120\nPO2801,VSO,2024,N,L,<5\n"
    "PO9901,SO,2024,N,L,9\nPO2801,SO,2023,N,L,10\n"
)
VESTIGING = (
    "SWV_VESTIGING,TYPE_PO,PEILJAAR,BINNEN_SWV,BEKOSTIGINGSCATEGORIE,AANTAL_LEERLINGEN\n"
    "PO 28-01,SO,2024,N,L,17\nPO 28-01,SO,2024,N,M,4\nPO2801,SO,2024,J,L,80\nPO2801,VSO,2024,N,L,9\n"
    "PO9901,SO,2024,N,L,12\n"
)
GRENS = (
    "SWV_BETALEND;SWV_VESTIGING;TYPE_PO;PEILJAAR;AANTAL_LEERLINGEN\n"
    "PO2801;PO2802;SBO;2024;6\nPO2801;PO2803;SBO;2024;2\nPO2804;PO2801;SBO;2024;11\nPO2801;PO2801;SBO;2024;40\n"
    "PO2804;PO2805;SBO;2024;99\n"
)
FUNDED = (
    "Beschikkingsnummer;BSN;Bekostigingscategorie;BRIN6;Soort;Peildatum;Binnen SWV\n"
    "B-001;123456782;L;11AA00;SO;01-02-2025;J\n"
    "B-002;223456781;M;22BB00;SO;01-02-2025;J\n"
    "B-003;323456780;H;44DD00;SO;01-02-2025;N\n"
    "B-004;423456789;L;33CC00;SBO;01-02-2025;J\n"
    "B-005;523456788;L;55EE00;SBO;01-02-2025;N\n"
    "B-006;623456787;L;33CC00;SBO;01-02-2025;J\n"
    "B-007;723456786;M;11AA00;VSO;01-02-2025;J\n"
)


def imp(swv, register, text, name="f.csv", **kw):
    return import_file(swv, register, name, text.encode(), **kw)


def v(code, swv, on=ON, audience=None):
    return REGISTRY[code].value(audience or everything(swv), on)


def duck(sql, **tables):
    con = duckdb.connect()
    try:
        for name, text in tables.items():
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, all_varchar=true, header=true)", [text])
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def csvs(tmp_path):
    def write(name, text):
        path = tmp_path / f"{name}.csv"
        path.write_text(text)
        return str(path)

    return write


@pytest.fixture
def flows(swv, schools):
    for register, text in (
        ("duo-so-vso-rp", RP),
        ("duo-so-vso-betalend", BETALEND),
        ("duo-so-vso-vestiging", VESTIGING),
        ("grensverkeer", GRENS),
    ):
        run = imp(swv, register, text)
        assert run.status == ImportRun.Status.DONE, run.problems


def test_so_vso_files_keep_own_rows_and_suppressed_cells(swv, flows):
    assert not FlowCount.unscoped.exclude(swv=swv).exists()
    hidden = FlowCount.unscoped.get(direction="betaald", school_type="SO", detail="J")
    assert hidden.suppressed and hidden.count is None  # -1: never 0
    assert FlowCount.unscoped.get(direction="uitgaand", school_type="VSO", peildatum=date(2024, 10, 1)).suppressed
    # the 2023 row stays beside 2024: each reference date takes the latest peildatum on or before it
    assert v("grensverkeer_uitgaand_so", swv, date(2024, 9, 30)).value == 10


def test_grensverkeer_against_duckdb(swv, flows, csvs):
    betalend, vestiging, grens = csvs("b", BETALEND), csvs("v", VESTIGING), csvs("g", GRENS)
    (so_out,) = duck(
        f"SELECT sum(AANTAL_LEERLINGEN::INT) FROM read_csv('{betalend}', all_varchar=true) "
        "WHERE SWV_BETALEND='PO2801' AND TYPE_PO='SO' AND PEILJAAR='2024' AND BINNEN_SWV='N'"
    )[0]
    (so_in,) = duck(
        f"SELECT sum(AANTAL_LEERLINGEN::INT) FROM read_csv('{vestiging}', all_varchar=true) "
        "WHERE replace(replace(SWV_VESTIGING,' ',''),'-','')='PO2801' AND TYPE_PO='SO' AND BINNEN_SWV='N'"
    )[0]
    sbo_out, sbo_in = duck(
        f"SELECT sum(CASE WHEN SWV_BETALEND='PO2801' AND SWV_VESTIGING<>'PO2801' THEN AANTAL_LEERLINGEN::INT END), "
        "sum(CASE WHEN SWV_VESTIGING='PO2801' AND SWV_BETALEND<>'PO2801' THEN AANTAL_LEERLINGEN::INT END) "
        f"FROM read_csv('{grens}', all_varchar=true, delim=';')"
    )[0]
    assert v("grensverkeer_uitgaand_so", swv).value == so_out == 15
    assert v("grensverkeer_inkomend_so", swv).value == so_in == 21
    assert v("grensverkeer_saldo_so", swv).value == so_in - so_out == 6
    assert v("grensverkeer_uitgaand_sbo", swv).value == sbo_out == 8
    assert v("grensverkeer_inkomend_sbo", swv).value == sbo_in == 11
    assert v("grensverkeer_saldo_sbo", swv).value == 3
    # "<5" outgoing VSO: unknown, never 0 or guessed, and the saldo with it
    for code in ("grensverkeer_uitgaand_vso", "grensverkeer_saldo_vso"):
        r = v(code, swv)
        assert r.value is None and r.suppressed and "DUO" in r.display, code
    assert v("grensverkeer_inkomend_vso", swv).value == 9


def test_small_flows_are_suppressed_for_readers_and_absent_for_a_schoolbestuur(swv, flows):
    readers = for_command_line(swv, "toezicht")
    assert v("grensverkeer_uitgaand_so", swv, audience=readers).value == 15
    FlowCount.unscoped.filter(direction="inkomend", school_type="SO").update(count=1)  # 1 + 1 = 2 incoming
    from koers.monitoring import cache

    cache.changed(swv.pk)
    assert v("grensverkeer_inkomend_so", swv).value == 2
    hidden = v("grensverkeer_inkomend_so", swv, audience=readers)
    assert hidden.suppressed and hidden.value is None
    saldo = v("grensverkeer_saldo_so", swv, audience=readers)  # 2 - 15 would give the hidden 2 back
    assert saldo.suppressed and saldo.value is None
    assert v("grensverkeer_saldo_so", swv).value == -13
    bestuur = Audience(swv_id=swv.pk, kind="role", schools=frozenset({"11AA00"}), swv=swv)
    assert v("grensverkeer_uitgaand_so", swv, audience=bestuur).value is None


def test_other_swv_sees_none_of_it(swv, other_swv, flows):
    for code in FLOW_MEASURES:
        assert v(code, other_swv).value is None, code


@pytest.mark.parametrize(
    "register,text,problem",
    [
        ("duo-so-vso-rp", RP.replace('"118"', '"=1+1"'), "geen aantal"),
        ("duo-so-vso-rp", RP.replace('"118"', '"99999999999"'), "geen aantal"),
        ("duo-so-vso-rp", RP.replace('"118"', '"-3"'), "geen aantal"),
        ("duo-so-vso-rp", RP.replace('"PO9901"', '"=HYPERLINK(1)"'), "geen SWV-code"),
        ("duo-so-vso-rp", RP.replace(',"VSO",', ',"BO",', 1), "Onbekende soort"),
        ("duo-so-vso-rp", RP.replace('"2024","N","118"', '"twintig","N","118"'), "geen peiljaar"),
        ("duo-so-vso-rp", RP.replace("SWV_BETALEND", "X"), "SWV_BETALEND"),
        ("duo-so-vso-betalend", BETALEND.replace("J,L,80", "misschien,L,80"), "geen J of N"),
        ("duo-so-vso-vestiging", VESTIGING.replace("BINNEN_SWV", "Y"), "BINNEN_SWV"),
        ("grensverkeer", GRENS.replace("PO2802;", "PO2802;;", 1), "velden"),
        ("grensverkeer", GRENS.splitlines()[0] + "\n", "alleen een kopregel"),
        ("grensverkeer", "\x00\x01\x02binary", "geen tabel"),
    ],
)
def test_hostile_flow_files_save_nothing(swv, schools, register, text, problem):
    run = imp(swv, register, text)
    assert run.status == ImportRun.Status.FAILED
    assert any(problem in p["problem"] or problem in p["column"] for p in run.problems), run.problems
    assert all(p["file"] == "f.csv" for p in run.problems)
    assert any(p["row"] for p in run.problems) or problem in ("geen tabel", "SWV_BETALEND", "BINNEN_SWV")
    assert not FlowCount.unscoped.exists()
    assert "=1+1" not in json.dumps(run.problems) or "geen aantal" in problem


@pytest.fixture
def funded(swv, schools):
    run = imp(swv, "bekostigd", FUNDED)
    assert run.status == ImportRun.Status.DONE, run.problems
    return run


def test_funded_list_is_pseudonymised_and_may_name_outside_schools(swv, funded):
    row = FundedPupil.unscoped.get(beschikkingsnummer="B-003")
    assert row.pupil == pseudonymise("323456780") and row.brin6 == "44DD00" and not row.binnen
    assert row.categorie == "H" and row.school_type == "SO" and row.peildatum == date(2025, 2, 1)
    assert "323456780" not in str(FundedPupil.unscoped.values_list())


def test_funded_list_without_inside_column_derives_it_from_the_schools(swv, schools):
    text = "\n".join(";".join(line.split(";")[:6]) for line in FUNDED.splitlines()) + "\n"
    assert imp(swv, "bekostigd", text).status == ImportRun.Status.DONE
    assert set(FundedPupil.unscoped.filter(binnen=False).values_list("beschikkingsnummer", flat=True)) == {
        "B-003",
        "B-005",
    }


@pytest.mark.parametrize(
    "text,problem",
    [
        (FUNDED.replace(";SO;01-02-2025;J\nB-002", ";BO;01-02-2025;J\nB-002"), "Onbekende waarde"),
        (FUNDED.replace("B-002;", "B-001;"), "staat ook in rij"),
        (FUNDED.replace("01-02-2025;N\nB-004", "31-02-2025;N\nB-004"), "bestaat niet"),
        (FUNDED.replace(";L;11AA00", ";X;11AA00"), "Onbekende waarde"),
        (FUNDED.replace("44DD00", "=cmd|x"), "geen BRIN6"),
        (FUNDED.replace("Peildatum", "Datum"), "Verplichte kolom"),
    ],
)
def test_hostile_funded_lists_save_nothing(swv, schools, text, problem):
    run = imp(swv, "bekostigd", text)
    assert run.status == ImportRun.Status.FAILED and any(problem in p["problem"] for p in run.problems), run.problems
    assert not FundedPupil.unscoped.exists()
    assert not any(bsn in json.dumps(run.problems) for bsn in ("123456782", "323456780"))


@pytest.fixture
def tlvs(swv, schools):
    rows = [  # (dossier, beschikking, besluit, ingang, einde)
        ("D1", "B-001", "afgegeven", date(2024, 8, 1), date(2026, 7, 31)),
        ("D2", "b-002 ", "afgegeven", date(2024, 8, 1), None),  # normalised: spaces and case
        ("D4", "B-004", "afgegeven", date(2024, 8, 1), date(2025, 7, 31)),
        ("D8", "B-008", "afgegeven", date(2024, 8, 1), date(2025, 7, 31)),  # only in the register
        ("D9", "B-009", "afgegeven", date(2023, 8, 1), date(2024, 7, 31)),  # ended before the list's peildatum
        ("D10", "B-010", "afgewezen", None, None),
        ("D11", "", "afgegeven", date(2024, 8, 1), None),
    ]
    for dossier, besch, besluit, start, end in rows:
        Tlv.unscoped.create(
            swv=swv,
            dossiernummer=dossier,
            aanvraagsoort="TLV SO",
            brin6="11AA00",
            ontvangstdatum=date(2024, 5, 1),
            besluitdatum=date(2024, 6, 1),
            besluit=besluit,
            ingangsdatum=start,
            einddatum=end,
            beschikkingsnummer=besch,
        )


def test_match_against_duckdb(swv, funded, tlvs, csvs):
    tlv_csv = "beschikkingsnummer,besluit,ingangsdatum,einddatum\n" + "\n".join(
        f"{t.beschikkingsnummer},{t.besluit},{t.ingangsdatum or ''},{t.einddatum or ''}"
        for t in Tlv.unscoped.filter(swv=swv).order_by("dossiernummer")
    )
    path_t, path_f = csvs("tlv", tlv_csv + "\n"), csvs("funded", FUNDED)
    both, only_reg, only_duo = duck(
        f"""WITH t AS (SELECT DISTINCT upper(replace(beschikkingsnummer, ' ', '')) AS b FROM read_csv('{path_t}',
              all_varchar=true) WHERE besluit = 'afgegeven' AND coalesce(beschikkingsnummer, '') <> ''
              AND coalesce(ingangsdatum, '') <= '2025-02-01'
              AND (coalesce(einddatum, '') = '' OR einddatum >= '2025-02-01')),
            f AS (SELECT DISTINCT upper(Beschikkingsnummer) AS b FROM read_csv('{path_f}', all_varchar=true, delim=';'))
            SELECT (SELECT count(*) FROM t JOIN f USING (b)),
                   (SELECT count(*) FROM t ANTI JOIN f USING (b)),
                   (SELECT count(*) FROM f ANTI JOIN t USING (b))"""
    )[0]
    assert (both, only_reg, only_duo) == (3, 1, 4)
    assert v("tlv_duo_beide", swv).value == both
    assert v("tlv_duo_alleen_register", swv).value == only_reg
    assert v("tlv_duo_alleen_duo", swv).value == only_duo
    assert v("tlv_duo_beide", swv, date(2025, 1, 31)).value is None  # no list yet on that date
    readers = for_command_line(swv, "toezicht")
    assert v("tlv_duo_beide", swv, audience=readers).suppressed  # 3 < 5


def test_tlv_based_participation_against_duckdb(swv, funded, csvs):
    for t, n in (("BO", 950), ("SBO", 30), ("SO", 20)):
        PupilCount.unscoped.create(swv=swv, peiljaar=2024, peildatum=date(2024, 10, 1), school_type=t, count=n)
    path = csvs("funded", FUNDED)
    sbo, so = duck(
        f"SELECT count(*) FILTER (WHERE Soort='SBO'), count(*) FILTER (WHERE Soort='SO') "
        f"FROM read_csv('{path}', all_varchar=true, delim=';')"
    )[0]
    r = v("deelname_sbo_tlv", swv)
    assert (r.numerator, r.denominator) == (sbo, sbo + 950) == (3, 953)  # inside + outgoing SBO / (that + BO)
    assert v("deelname_so_tlv", swv).value == (Decimal(so) * 100 / (so + 950 + sbo)).quantize(Decimal("0.01"))


def test_national_uses_latest_year_before_the_date_and_says_which(swv, other_swv, schools):
    for code, bo, sbo in (("PO2801", 1000, 30), ("PO9901", 1000, 20), ("PO9902", 1000, 40)):
        for t, n in (("BO", bo), ("SBO", sbo), ("SO", 10)):
            NationalCount.objects.create(swv_code=code, peiljaar=2023, school_type=t, count=n)
    out = StringIO()
    call_command("measures", "--swv", "PO2801", "--datum", "2025-03-01", stdout=out)  # 2024 not imported: 2023
    rows = {r["code"]: r for r in json.loads(out.getvalue())["maten"]}
    assert rows["deelname_sbo"]["landelijk"]["tekst"] == "landelijk cijfer peiljaar 2023; plaats 2 van 3"
    assert rows["deelname_sbo"]["landelijk"]["waarde"] == str((Decimal(90) * 100 / 3090).quantize(Decimal("0.01")))
    assert rows["thuiszitters"]["landelijk"] is None
    out = StringIO()
    call_command("measures", "--swv", "PO2801", "--datum", "2023-09-30", stdout=out)  # before 1 October 2023
    early = json.loads(out.getvalue())["maten"]
    note = next(r for r in early if r["code"] == "deelname_sbo")["landelijk"]
    assert note["plaats"] is None and "vroegste geïmporteerde DUO-peiljaar is 2023" in note["tekst"]


def test_mismatch_page_lists_numbers_and_logs_the_viewing(bureau_client, swv, funded, tlvs):
    from django.urls import reverse

    from koers.audit.models import AccessLog

    page = bureau_client.get(reverse("monitoring:funding_mismatches"), {"datum": "01-03-2025"}).content.decode()
    assert "B-008" in page and "B-003" in page and "B-005" in page
    assert "B-001" not in page  # in both
    assert "3 in beide, 1 alleen in het register, 4 alleen bij DUO" in page
    assert pseudonymise("323456780") not in page and "323456780" not in page
    log = AccessLog.objects.filter(swv=swv, action="view").order_by("-id").first()
    assert log and "DUO-lijst" in log.subject


def test_dashboard_section_shows_flows_for_the_audience(swv, flows, funded, tlvs):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.audience = everything(swv)
    html = Template("{% load flows %}{% flows_section on %}").render(Context({"request": request, "on": ON}))
    assert "Leerlingstromen" in html and "<svg" in html and "<table" in html
    assert "afgeschermd door DUO" in html  # VSO uitgaand "<5"
    readers = for_command_line(swv, "toezicht")
    request.audience = readers
    html = Template("{% load flows %}{% flows_section on %}").render(Context({"request": request, "on": ON}))
    assert "De verschillen per beschikkingsnummer" not in html  # the page is pupil-level
    request.audience = everything(swv)
    empty = Template("{% load flows %}{% flows_section on %}").render(
        Context({"request": request, "on": date(2020, 1, 1)})
    )
    assert "Leerlingstromen" not in empty


def test_bench_flows_agree_with_duckdb(db):
    import random

    from koers.monitoring import bench, bench_flows
    from koers.monitoring.bench import import_files

    rng = random.Random(7)
    brins = bench.brins_for(12)
    swv = bench.create_swv(bench.LARGE_CODE, bench.BENCH_NAME, brins, 2000)
    files = bench.make_files(rng, 1500, brins)
    import_files(swv, files)
    flows = {
        "tlv": bench_flows.with_beschikkingen(files["tlv"]),
        **bench_flows.flow_files(rng, files["tlv"], swv.code, brins, date(2025, 2, 1)),
    }
    import_files(swv, flows)
    ref = bench_flows.reference_flows({**files, **flows}, swv.code, ON)
    ours = bench_flows.koers_flows(swv, ON)
    assert ours == ref
    assert ref["tlv_duo_beide"] > 100 and ref["tlv_duo_alleen_register"] > 0 and ref["tlv_duo_alleen_duo"] > 0


def test_board_pack_section_is_plain_data_with_a_chart(swv, flows, funded, tlvs):
    from koers.monitoring.flow_section import board_svg, flows_payload

    data = flows_payload(everything(swv), ON)
    assert json.loads(json.dumps(data)) == data  # stored with the issued report
    assert [r["type"] for r in data["rows"]] == ["SO", "VSO", "SBO"]
    assert data["rows"][0]["saldo"]["value"] == 6
    svg = str(board_svg(data))
    assert svg.startswith("<svg") and "<title" in svg and "SO: inkomend 21, uitgaand 15, saldo 6" in svg
    assert flows_payload(everything(swv), date(2020, 1, 1)) is None


def test_word_and_slides_get_the_section(swv, flows, funded, tlvs):
    import docx
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Cm

    from koers.monitoring.flow_section import flows_payload
    from koers.reports import flows_front
    from koers.reports.slides import MARGIN, _picture, _slide, _text
    from koers.reports.word_front import picture

    payload = {"flows": flows_payload(everything(swv), ON)}
    document = docx.Document()
    flows_front.word(document, payload, picture)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Leerlingstromen" in text and "in het register én op de DUO-lijst: 3" in text
    assert [c.text for c in document.tables[0].rows[1].cells] == ["SO", "21", "15", "6"]
    presentation = Presentation()
    colour = RGBColor(0x1D, 0x4F, 0x91)
    flows_front.slide(
        presentation, payload, lambda t: _slide(presentation, t, colour, "voet"), _picture, _text, MARGIN, Cm
    )
    assert len(presentation.slides) == 1
    table = next(s.table for s in presentation.slides[0].shapes if s.has_table)  # the chart's table alternative
    assert [c.text for c in table.rows[0].cells] == ["Soort", "Inkomend", "Uitgaand", "Saldo"]
    assert [c.text for c in table.rows[1].cells] == ["SO", "21", "15", "6"]
    flows_front.word(docx.Document(), {"flows": None}, picture)  # nothing to add: no error


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.one_of(st.integers(0, 5000), st.sampled_from(["-1", "<5"])), min_size=1, max_size=8))
def test_outgoing_is_the_sum_or_unknown_never_a_guess(swv, cells):
    FlowCount.unscoped.all().delete()
    lines = [f"PO2801,SO,2024,N,{c}{i},{c if isinstance(c, str) else c}" for i, c in enumerate(cells)]
    text = "SWV_BETALEND,TYPE_PO,PEILJAAR,BINNEN_SWV,BEKOSTIGINGSCATEGORIE,AANTAL_LEERLINGEN\n" + "\n".join(lines)
    run = imp(swv, "duo-so-vso-betalend", text + "\n")
    assert run.status == ImportRun.Status.DONE, run.problems
    raw = REGISTRY["grensverkeer_uitgaand_so"].compute(swv, ON)
    if any(isinstance(c, str) for c in cells):
        assert isinstance(raw, SourceSuppressed)
    else:
        assert raw == sum(cells)
