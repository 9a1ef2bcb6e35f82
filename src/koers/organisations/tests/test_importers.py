import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.audit.models import HistoryEntry
from koers.core import uploads
from koers.core.models import FileImport
from koers.organisations import importers, services
from koers.organisations.models import Gemeente, Gremium, School, Schoolbestuur, StaffMember
from koers_dev.testing.factories import SchoolFactory

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "vestigingenbo-voorbeeld.csv"
HEADER = (
    "BEVOEGD GEZAG NUMMER,INSTELLINGSCODE,VESTIGINGSCODE,VESTIGINGSNAAM,STRAATNAAM,POSTCODE,PLAATSNAAM,GEMEENTENAAM"
)


def _csv(*rows, header=HEADER, delimiter=","):
    lines = [header.replace(",", delimiter)] + [r.replace(",", delimiter) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _messages(parsed):
    return " | ".join(p.message for p in parsed.problems)


def test_example_file_parses_and_filters_on_swv():
    parsed = importers.parse_duo(EXAMPLE.read_bytes(), swv_code="PO 28-06")
    assert not parsed.problems
    assert len(parsed.schools) == 7 and parsed.skipped == 2
    assert parsed.schools["99XD00"]["school_type"] == "SBO"
    assert parsed.schools["99XF00"]["school_type"] == "SO"
    assert parsed.schools["99XA00"]["name"] == "Basisschool De Voorbeeldboom"
    assert len(importers.parse_duo(EXAMPLE.read_bytes()).schools) == 9


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_encodings_and_delimiters(encoding, delimiter):
    text = _csv("41234,19HY,00,Basisschool Één,Straße 1,2671 AB,Naaldwijk,Westland", delimiter=delimiter).decode()
    parsed = importers.parse_duo(text.encode(encoding))
    assert not parsed.problems, _messages(parsed)
    assert parsed.schools["19HY00"]["name"] == "Basisschool Één"


def test_vestigingscode_as_full_brin6_and_swv_column_without_filter():
    header = "BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;SAMENWERKINGSVERBAND PO"
    data = f"{header}\n41234;19HY;19HY01;School;PO-28-06\n".encode()
    parsed = importers.parse_duo(data, swv_code="PO2806")
    assert list(parsed.schools) == ["19HY01"]


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "leeg"),
        (b"   \n\n", "leeg"),
        (HEADER.encode() + b"\n", "alleen een kopregel"),
        (b"\x00\x01\x02binair", "binaire"),
        (b"PK\x03\x04rest", "Excel- of zip"),
        (b"gewoon wat tekst zonder kolommen\nnog een regel", "geen tabel"),
        (_csv("41234,19HY,00,School", header="BEVOEGD GEZAG NUMMER,INSTELLINGSCODE,VESTIGINGSCODE,NAAM"),
         "VESTIGINGSNAAM ontbreekt"),
        (_csv("41234,XX,00,School,,,,"), "geen geldige BRIN6"),
        (_csv("41234,19HY,00,School,,,,", "41234,19HY,00,Dubbel,,,,"), "twee keer"),
        (_csv("abc,19HY,00,School,,,,"), "bevoegd-gezagnummer"),
        (_csv("41234,19HY,00,,,,,"), "naam van de vestiging is leeg"),
        (_csv("41234,19HY,00,School"), "4 velden, de kopregel 8"),
        (_csv("41234;19HY;00;School;;;;"), "scheidingsteken"),  # wrong delimiter inside a comma file
        (_csv("41234|19HY|00|School", delimiter="|"), "geen tabel"),  # a delimiter that is not supported
    ],
)  # fmt: skip
def test_bad_input_reports_and_saves_nothing(db, swv, data, fragment):
    parsed = importers.parse_duo(data, filename="test.csv")
    assert parsed.errors, "verwacht een fout"
    assert fragment.lower() in _messages(parsed).lower()
    assert all(p.file == "test.csv" for p in parsed.problems)
    outcome = services.import_parsed(swv, parsed, None, accept_warnings=True)
    assert not outcome.saved
    assert not School.unscoped.exists() and not Schoolbestuur.unscoped.exists()


def test_row_and_column_are_named():
    parsed = importers.parse_duo(_csv("41234,19HY,00,Goed,,,,", "41234,1,00,Fout,,,,"))
    (problem,) = parsed.problems
    assert problem.row == 3 and problem.column == "INSTELLINGSCODE"


def test_one_bad_row_saves_nothing(db, swv):
    parsed = importers.parse_duo(_csv("41234,19HY,00,Goed,,,,", "41234,19HZ,xx,Fout,,,,"))
    services.import_parsed(swv, parsed, None)
    assert not School.unscoped.exists()


def test_warnings_need_acceptance(db, swv):
    data = _csv("41234,19HY,00,School,Straat 1,12345,Plaats,Gemeente")
    parsed = importers.parse_duo(data)
    assert parsed.warnings and not parsed.errors
    assert not services.import_parsed(swv, parsed, None).saved
    assert not School.unscoped.exists()
    assert services.import_parsed(swv, importers.parse_duo(data), None, accept_warnings=True).saved
    assert School.unscoped.filter(swv=swv, brin6="19HY00").exists()


def test_reimport_updates_by_brin_without_duplicates(db, swv, other_swv):
    SchoolFactory(swv=other_swv, brin6="99XA00")  # same BRIN in another SWV is left alone
    first = services.import_parsed(swv, importers.parse_duo(EXAMPLE.read_bytes(), swv_code=swv.code), None)
    assert first.saved
    # swv fixture is PO2801: the example holds 2 schools of PO 28-01
    assert School.unscoped.filter(swv=swv).count() == 2
    everything = services.import_parsed(swv, importers.parse_duo(EXAMPLE.read_bytes()), None)
    counts = {row["kind"]: row for row in everything.rows}
    assert counts["Scholen"]["added"] == 7 and counts["Scholen"]["unchanged"] == 2
    changed = EXAMPLE.read_bytes().replace(b"OBS HET VERZONNEN DORP", b"OBS HET NIEUWE DORP")
    again = services.import_parsed(swv, importers.parse_duo(changed), None)
    counts = {row["kind"]: row for row in again.rows}
    assert counts["Scholen"] == {"kind": "Scholen", "added": 0, "changed": 1, "unchanged": 8}
    assert School.unscoped.filter(swv=swv).count() == 9
    assert School.unscoped.get(swv=swv, brin6="99XC00").name == "Obs Het Nieuwe Dorp"
    assert School.unscoped.filter(brin6="99XA00").count() == 2
    assert Gemeente.unscoped.filter(swv=swv).count() == 2
    assert HistoryEntry.objects.filter(model="organisations.school", action="update").count() == 1


def test_dry_run_saves_nothing(db, swv):
    outcome = services.import_parsed(swv, importers.parse_duo(EXAMPLE.read_bytes()), None, dry_run=True)
    assert not outcome.saved and outcome.total_added > 0
    assert not School.unscoped.exists()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_clean_report(data):
    parsed = importers.parse_duo(data, swv_code="PO2801")
    assert all(isinstance(p, importers.Problem) for p in parsed.problems)
    parsed = importers.parse_excel(data)
    assert all(isinstance(p, importers.Problem) for p in parsed.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=9), max_size=8), st.sampled_from([",", ";"]))
def test_arbitrary_tables_give_a_clean_report(rows, delimiter):
    text = "\n".join([HEADER.replace(",", delimiter)] + [delimiter.join(r) for r in rows])
    parsed = importers.parse_duo(text.encode("utf-8", "replace"))
    for brin in parsed.schools:
        assert len(brin) == 6


# --- the Excel workbook ---


def _workbook(**sheets):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_round_trip(db, swv):
    parsed = importers.parse_excel(importers.template_workbook())
    assert not parsed.problems
    outcome = services.import_parsed(swv, parsed, None)
    assert outcome.saved
    school = School.unscoped.get(swv=swv, brin6="99XX00")
    assert school.bestuur.bevoegd_gezag == "41234" and school.werkgebied.name == "Noord"
    assert StaffMember.unscoped.get(swv=swv).function == "beleidsadviseur"
    assert Gremium.unscoped.get(swv=swv).kind == "RvT"


def test_excel_errors_name_sheet_row_and_column(db, swv):
    data = _workbook(
        Schoolbesturen=[["Bevoegd gezag", "Naam"], ["41234", "Stichting A"]],
        Scholen=[["BRIN6", "Naam", "Soort", "Bevoegd gezag"], ["19HY00", "A", "BO", "41234"],
                 ["19HY00", "B", "BO", "41234"], ["1", "C", "BO", "41234"], ["19HZ00", "D", "XYZ", "41234"],
                 ["19HZ01", "E", "BO", "99999"]],
        Gremia=[["Naam", "Soort"], ["Raad", "onbekend"]],
    )  # fmt: skip
    parsed = importers.parse_excel(data, filename="org.xlsx")
    services.import_parsed(swv, parsed, None)
    problems = {(p.file, p.sheet, p.row, p.column) for p in parsed.errors}
    assert ("org.xlsx", "Scholen", 3, "BRIN6") in problems
    assert ("org.xlsx", "Scholen", 4, "BRIN6") in problems
    assert ("org.xlsx", "Scholen", 5, "Soort") in problems
    assert ("org.xlsx", "Gremia", 2, "Soort") in problems
    assert not School.unscoped.exists() and not Schoolbestuur.unscoped.exists()


def test_excel_unknown_bestuur_is_an_error(db, swv):
    data = _workbook(Scholen=[["BRIN6", "Naam", "Bevoegd gezag"], ["19HY00", "A", "99999"]])
    parsed = importers.parse_excel(data)
    outcome = services.import_parsed(swv, parsed, None)
    assert not outcome.saved and "99999" in _messages(parsed)
    assert not School.unscoped.exists()


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "leeg"),
        (b"BRIN6;Naam\n19HY00;A", "geen leesbaar Excel"),
        (_workbook(Blad1=[["a"]]), "geen van de bladen"),
        (_workbook(Scholen=[["Naam"], ["A"]]), "BRIN6 ontbreekt"),
    ],
)
def test_excel_bad_input(db, swv, data, fragment):
    parsed = importers.parse_excel(data)
    assert fragment in _messages(parsed)
    assert not services.import_parsed(swv, parsed, None).saved


# --- pages and command ---


def _post(client, payload):
    """Upload through the page; the task (immediate backend) reads the file on commit. The result page and run."""
    url = reverse("organisations:import")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[-2000:]
    run = FileImport.unscoped.order_by("-pk").first()
    assert response["Location"] == reverse("organisations:import_progress", args=[run.pk])
    progress = client.get(response["Location"]).content.decode()
    assert "Import klaar" in progress, progress
    return client.get(url, {"import": run.pk}).content.decode(), run


def test_import_page_reports_and_downloads(bureau_client, swv):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("kapot.csv", _csv("41234,XX,00,School,,,,"), content_type="text/csv")
    page, run = _post(bureau_client, {"format": "duo", "file": bad})
    assert "Niets opgeslagen" in page and "kapot.csv" in page and "INSTELLINGSCODE" in page
    assert run.status == FileImport.Status.PROBLEMS and run.data is None
    report = bureau_client.get(reverse("organisations:import_report"), {"export": "csv", "import": run.pk})
    text = report.content.decode("utf-8-sig")
    assert "Bestand;Blad;Rij;Kolom in het bestand;Veld in Koers;Soort;Probleem" in text
    assert "kapot.csv;;2;INSTELLINGSCODE;;Fout;" in text
    good = SimpleUploadedFile("vestigingenbo.csv", EXAMPLE.read_bytes(), content_type="text/csv")
    page, run = _post(bureau_client, {"format": "duo", "file": good, "only_own": "on"})
    assert "Opgeslagen" in page and run.status == FileImport.Status.APPLIED and run.data is None
    assert School.unscoped.filter(swv=swv).count() == 2
    template = bureau_client.get(reverse("organisations:import_template"))
    assert template.content[:2] == b"PK"


def test_command_imports(db, swv, capsys):
    call_command("organisaties", "import", str(EXAMPLE), "--swv", "PO 28-01", "--format", "duo")
    assert School.unscoped.filter(swv=swv).count() == 9
    call_command("organisaties", "import", str(EXAMPLE), "--swv", "PO2801")
    out = capsys.readouterr().out
    assert "Scholen: 0 toegevoegd, 0 gewijzigd, 9 ongewijzigd" in out


def test_command_refuses_bad_file(db, swv, tmp_path):
    bad = tmp_path / "kapot.csv"
    bad.write_bytes(_csv("41234,XX,00,School,,,,"))
    with pytest.raises(CommandError, match="Niets opgeslagen"):
        call_command("organisaties", "import", str(bad), "--swv", "PO2801")
    assert not School.unscoped.exists()


def test_arbitrary_uploads_never_break_the_page(bureau_client, swv):
    from django.core.files.uploadedfile import SimpleUploadedFile

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.binary(max_size=600), st.sampled_from(["duo", "excel"]), st.booleans())
    def post(data, fmt, accept):
        upload = SimpleUploadedFile("willekeurig.bin", data)
        payload = {"format": fmt, "file": upload, "only_own": "on"}
        if accept:
            payload["accept_warnings"] = "on"
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = bureau_client.post(reverse("organisations:import"), payload)
        if response.status_code == 200:  # refused in the request (an empty file)
            assert "errorlist" in response.content.decode()
        else:  # read by the worker: its report, never a crash
            run = FileImport.unscoped.order_by("-pk").first()
            assert run.status in (FileImport.Status.PROBLEMS, FileImport.Status.DONE), run.status
            page = bureau_client.get(reverse("organisations:import"), {"import": run.pk})
            assert page.status_code == 200 and "willekeurig.bin" in page.content.decode()
        assert not School.unscoped.exists() and not Schoolbestuur.unscoped.exists()

    post()


def test_eigenaar_sees_no_import_or_edit(client, swv):
    from koers_dev.testing.factories import UserFactory, member

    user = UserFactory()
    member(user, swv, "eigenaar")
    client.force_login(user)
    page = client.get(reverse("organisations:overview")).content.decode()
    assert "importeren" not in page.lower() and reverse("organisations:swv_edit") not in page


def test_reimport_without_columns_keeps_what_koers_knows(db, swv):
    SchoolFactory(swv=swv, brin6="19HY00", name="Oud", school_type="SO", address="Laan 1", city="Delft")
    data = b"BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM\n41234;19HY;00;Nieuw\n"
    assert services.import_parsed(swv, importers.parse_duo(data), None).saved
    school = School.unscoped.get(swv=swv, brin6="19HY00")
    assert (school.name, school.school_type, school.address, school.city) == ("Nieuw", "SO", "Laan 1", "Delft")
    assert school.bestuur.bevoegd_gezag == "41234"


def test_warnings_can_be_accepted_without_uploading_again(bureau_client, swv):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("organisations:import")
    upload = SimpleUploadedFile("w.csv", _csv("41234,19HY,00,School,Straat 1,12345,Plaats,Gemeente"))
    page, run = _post(bureau_client, {"format": "duo", "file": upload})
    assert "Toch importeren" in page and "1234 AB" in page
    assert not School.unscoped.exists()
    assert b"19HY" not in bytes(run.data) and uploads.pending_count() == 1  # the file waits sealed
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = bureau_client.post(url, {"confirm": "1", "import": run.pk})
    progress = reverse("organisations:import_progress", args=[run.pk])
    assert response["Location"] == progress and len(queued) == 1  # the worker imports it, not the request
    assert not School.unscoped.exists() and "bevestigd" in bureau_client.get(progress).content.decode()
    queued[0]()  # the task (immediate backend) runs
    assert "Import klaar" in bureau_client.get(progress).content.decode()
    page = bureau_client.get(url, {"import": run.pk}).content.decode()
    assert "Opgeslagen." in page
    assert School.unscoped.filter(swv=swv, brin6="19HY00").exists()
    assert uploads.pending_count() == 0
    with TestCase.captureOnCommitCallbacks(execute=True) as queued:
        response = bureau_client.post(url, {"confirm": "1", "import": run.pk})  # the file was used once
    assert response.status_code == 302 and response["Location"] == url and not queued
    assert School.unscoped.filter(swv=swv).count() == 1


def test_a_waiting_organisation_file_can_be_cancelled(bureau_client, swv):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("organisations:import")
    upload = SimpleUploadedFile("w.csv", _csv("41234,19HY,00,School,Straat 1,12345,Plaats,Gemeente"))
    page, run = _post(bureau_client, {"format": "duo", "file": upload})
    assert "Annuleren en bestand wissen" in page and uploads.pending_count() == 1
    response = bureau_client.post(url, {"confirm": "1", "cancel": "1", "import": run.pk})
    assert response.status_code == 302 and uploads.pending_count() == 0
    run.refresh_from_db()
    assert run.status == FileImport.Status.CANCELLED
    assert bureau_client.post(url, {"confirm": "1", "import": run.pk}).status_code == 302
    assert not School.unscoped.exists()
