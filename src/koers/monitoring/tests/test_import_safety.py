"""Issue 11: the register import corrupts nothing silently, keeps no identifier in clear and refuses hostile files.

Every hostile file goes through every upload form (register import, mapping sample, mapping file, organisation
import, plan import) and through ``koers import``, and is refused with a Dutch message that names the limit.
"""

import io
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from koers.core.importing import Limits, ReadError, check_zip, read_table
from koers.core.models import FileImport
from koers.monitoring import services, staging
from koers.monitoring.importing import import_file
from koers.monitoring.importing.mapping import mapping_from_file, validate_mapping
from koers.monitoring.models import Arrangement, ColumnMapping, ImportRun, Tlv
from koers.monitoring.pseudonym import pseudonymise
from koers_dev.testing import bombs

BSNS = ("123456782", "987654321", "817920760")
NAMES = ("Jannie Verstappen", "Pietje Puk", "Mohammed El Idrissi")
TLV = (
    "Dossiernummer;Leerling;BSN;Aanvraagsoort;BRIN6;Ontvangstdatum;Besluitdatum;Besluit;Voorziening\n"
    f"D1;{NAMES[0]};{BSNS[0]};TLV SBO;11AA00;01-09-2024;13-10-2024;afgegeven;SBO\n"
    f"D2;{NAMES[1]};{BSNS[1]};TLV SO;33CC00;29-02-2024;;;SO\n"
    f"D3;{NAMES[2]};{BSNS[2]};TLV SO;33CC00;2024-03-01;;;SO\n"
)


def run(swv, register, text, name="f.csv", **kw):
    data = text if isinstance(text, bytes) else text.encode()
    return import_file(swv, register, name, data, **kw)


def problems_text(r):
    return " | ".join(p["problem"] for p in r.problems)


# ---- nothing silent ----------------------------------------------------------------------------------------

ARR = "Nummer,Soort,Startdatum,Kosten\n"


def test_unquoted_decimal_comma_in_a_comma_file_is_refused(swv, schools):
    r = run(swv, "arrangement", ARR + "A1,ZS,01-09-2024,6435,75\n")
    assert r.status == ImportRun.Status.FAILED
    assert "5 velden, de kopregel 4" in problems_text(r) and "6435,75" in problems_text(r)  # the example, not data
    assert r.problems[0]["row"] == 2 and Arrangement.unscoped.count() == 0


def test_quoted_decimal_comma_is_read(swv, schools):
    r = run(swv, "arrangement", ARR + 'A1,ZS,01-09-2024,"6435,75"\nA2,ZS,01-09-2024,"1.234,50"\n')
    assert r.status == ImportRun.Status.DONE, r.problems
    assert Arrangement.unscoped.get(number="A1").cost == Decimal("6435.75")
    assert Arrangement.unscoped.get(number="A2").cost == Decimal("1234.50")


def test_a_row_cut_short_is_refused_and_blanks_nothing(swv, schools):
    assert run(swv, "arrangement", ARR + "A1,ZS,01-09-2024,100\n").status == ImportRun.Status.DONE
    r = run(swv, "arrangement", ARR + "A1\n")
    assert r.status == ImportRun.Status.FAILED and "1 veld, de kopregel 4" in problems_text(r)
    assert Arrangement.unscoped.get(number="A1").cost == Decimal("100.00")  # untouched


def test_trailing_empty_field_is_fine(swv, schools):
    r = run(swv, "arrangement", "Nummer;Soort;Startdatum;Kosten;\nA1;ZS;01-09-2024;12,50;\n")
    assert r.status == ImportRun.Status.DONE, r.problems


@pytest.mark.parametrize(
    "values,expected",
    [
        (["12,50", "6.435"], [Decimal("12.50"), Decimal("6435.00")]),  # comma decimals: the point groups
        (["12.50", "6,435"], [Decimal("12.50"), Decimal("6435.00")]),  # point decimals: the comma groups
        (["1.234,56", "7"], [Decimal("1234.56"), Decimal("7.00")]),
    ],
)
def test_decimal_separator_is_decided_per_column(swv, schools, values, expected):
    rows = "".join(f"A{i};ZS;01-09-2024;{v}\n" for i, v in enumerate(values))
    r = run(swv, "arrangement", ARR.replace(",", ";") + rows)
    assert r.status == ImportRun.Status.DONE, r.problems
    assert [Arrangement.unscoped.get(number=f"A{i}").cost for i in range(len(values))] == expected


@pytest.mark.parametrize(
    "values,fragment",
    [
        (["12.50", "6.435"], "niet eenduidig"),  # a point is the decimal sign elsewhere: 6435 or 6,435?
        (["12,50", "3.5"], "decimale komma én"),
        (["12,505"], "niet eenduidig"),  # a Dutch decimal comma with three decimals, or English thousands?
        (["12,5055"], "geen bedrag"),  # four decimals
        (["1.2.3"], "geen bedrag"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_problems(swv, schools, values, fragment):
    rows = "".join(f"A{i};ZS;01-09-2024;{v}\n" for i, v in enumerate(values))
    r = run(swv, "arrangement", ARR.replace(",", ";") + rows)
    assert r.status == ImportRun.Status.FAILED and fragment in problems_text(r), r.problems
    assert Arrangement.unscoped.count() == 0


def test_dates_dutch_iso_and_excel_serial(swv, schools):
    r = run(swv, "arrangement", ARR.replace(",", ";") + "A1;ZS;1-9-2024;\nA2;ZS;2024-09-02;\nA3;ZS;45567;\n")
    assert r.status == ImportRun.Status.DONE, r.problems
    assert [str(Arrangement.unscoped.get(number=n).start) for n in ("A1", "A2", "A3")] == [
        "2024-09-01",
        "2024-09-02",
        "2024-10-02",
    ]


def test_excel_numbers_and_dates(swv, schools):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Arrangementen"
    sheet.append(["Nummer", "Soort", "Startdatum", "Kosten"])
    sheet.append(["A1", "ZS", dt.datetime(2024, 9, 1), 6435.75])
    sheet.append(["A2", "ZS", 45567, 6.435])
    out = io.BytesIO()
    book.save(out)
    r = run(swv, "arrangement", out.getvalue(), name="a.xlsx")
    assert r.status == ImportRun.Status.FAILED  # 6.435 has three decimals: refused, not rounded
    assert r.problems[0]["sheet"] == "Arrangementen" and r.problems[0]["column"] == "Kosten"
    sheet["D3"] = 6.43
    out = io.BytesIO()
    book.save(out)
    r = run(swv, "arrangement", out.getvalue(), name="a.xlsx")
    assert r.status == ImportRun.Status.DONE, r.problems
    assert Arrangement.unscoped.get(number="A1").cost == Decimal("6435.75")
    assert str(Arrangement.unscoped.get(number="A2").start) == "2024-10-02"


# ---- identifiers ---------------------------------------------------------------------------------------------


def test_bsn_column_is_the_pupil_key_even_after_a_name_column(swv, schools):
    r = run(swv, "tlv", TLV)
    assert r.status == ImportRun.Status.DONE, r.problems
    assert Tlv.unscoped.get(dossiernummer="D1").pupil == pseudonymise(BSNS[0])


def test_mapping_page_proposes_the_bsn_column_and_says_so(bureau_client, swv):
    sample = SimpleUploadedFile("t.csv", TLV.encode())
    html = bureau_client.post(reverse("monitoring:mappings"), {"name": "x", "register": "tlv", "sample": sample})
    html = html.content.decode()
    assert html.count('<option value="pupil" selected>') == 1
    assert "aan de kolom <strong>BSN</strong>" in html


def test_mapping_page_shows_no_values_of_identifier_columns(bureau_client, swv):
    text = TLV.replace("Voorziening", "Kenmerk") + "D4;Kees;111222333;TLV SO;33CC00;01-03-2024;;;SO\n"
    sample = SimpleUploadedFile("t.csv", text.encode())
    html = bureau_client.post(reverse("monitoring:mappings"), {"name": "x", "register": "tlv", "sample": sample})
    html = html.content.decode()
    # the page's CSRF tokens (64 random letters and digits, in forms and hx-headers) may hold "D1" by chance
    html = re.sub(r"[A-Za-z0-9]{64}", "", html)
    assert not any(v in html for v in (*BSNS, *NAMES, "Kees", "111222333", "D1", "D2")), "an identifier in the page"
    assert html.count("niet getoond (kan gegevens van leerlingen bevatten)") == 3  # Dossiernummer, Leerling, BSN
    assert "TLV SBO" in html and "11AA00" in html  # other columns keep their examples


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(Exception, match="allebei gekoppeld"):
        validate_mapping("tlv", {"Leerling": "pupil", "BSN": "pupil"}, {})


def test_dutch_field_names_are_accepted_in_a_mapping():
    columns, values = validate_mapping(
        "verzuim", {"Zaak": "Meldingnummer", "Begin": "Verzuim sinds", "Type": "soort"}, {"Soort": {"AV": "absoluut"}}
    )
    assert columns == {"Zaak": "meldingnummer", "Begin": "since", "Type": "soort"}
    assert values == {"soort": {"AV": "absoluut"}}
    spec = mapping_from_file("k.yaml", b"register: Verzuim en thuiszitters\ncolumns:\n  Zaak: Meldingnummer\n")
    assert spec["register"] == "verzuim" and spec["columns"] == {"Zaak": "meldingnummer"}


def test_problems_never_echo_identifiers_of_a_mis_mapped_import(swv, schools):
    mapping = ColumnMapping.unscoped.create(
        swv=swv,
        name="Verkeerd",
        register="tlv",
        columns={"BSN": "ontvangstdatum", "Leerling": "voorziening", "Dossiernummer": "dossiernummer"},
    )
    r = run(swv, "tlv", TLV.replace("Ontvangstdatum", "Ontvangen").replace("Voorziening", "Vz"), mapping=mapping)
    assert r.status == ImportRun.Status.FAILED
    stored = str(r.problems)
    assert not any(v in stored for v in (*BSNS, *NAMES)), stored
    assert "geen geldige datum" in stored and "Onbekende soort" in stored
    assert {p["column"] for p in r.problems if p["row"]} >= {"BSN", "Leerling"}
    assert any(p["field"] == "Ontvangstdatum" for p in r.problems)
    # a duplicate dossier number is named by row, not by its value
    r = run(swv, "tlv", TLV.replace("D2;", "D1;"))
    assert "Dit nummer staat ook in rij 2" in problems_text(r) and "D1" not in problems_text(r)


# ---- limits, through every door ------------------------------------------------------------------------------


def test_reader_refuses_a_million_columns_on_the_header_quickly():
    data = bombs.wide_csv(1_000_000)
    start = time.perf_counter()
    with pytest.raises(ReadError, match="meer dan 200 kolommen"):
        read_table("w.csv", data)
    assert time.perf_counter() - start < 1.0


def test_reader_refuses_rows_and_cells_over_the_limit():
    with override_settings(KOERS_IMPORT_MAX_ROWS=3), pytest.raises(ReadError, match="meer dan 3 rijen"):
        read_table("r.csv", b"a;b\n" + b"1;2\n" * 4)
    with pytest.raises(ReadError, match="meer dan 32.767 tekens"):
        read_table("c.csv", b"a;b\n" + b"x" * 40_000 + b";2\n")
    with pytest.raises(ReadError, match="meer dan 32.767 tekens"):  # an unclosed quote swallows the file
        read_table("q.csv", b'a;b\n"' + b"x;" * 20_000 + b"\n")


def test_zip_bomb_is_refused_from_the_table_of_contents(monkeypatch):
    bomb = bombs.zip_bomb_xlsx(8 * 1024 * 1024)
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))
    with override_settings(KOERS_IMPORT_MAX_BYTES=1024 * 1024), pytest.raises(ReadError, match="uitgepakt groter"):
        check_zip(bomb)
    with pytest.raises(ReadError, match="verdacht sterk ingepakt"):  # under the size limit, but 1000× packed
        read_table("b.xlsx", bomb)


def test_alias_bomb_is_refused_at_once():
    start = time.perf_counter()
    with pytest.raises(Exception, match="ankers en aliassen"):
        mapping_from_file("bom.yaml", bombs.YAML_ALIAS_BOMB)
    assert time.perf_counter() - start < 0.5


@pytest.fixture
def hostile():
    return {
        "groot.csv": b"a;b\n" + b"1;2\n" * 20_000,  # 80 kB, over the small limit of 64 kB
        "breed.csv": bombs.wide_csv(1_000_000),
        "bom.xlsx": bombs.zip_bomb_xlsx(8 * 1024 * 1024),
    }


EXPECTED = {"groot.csv": "groter dan 64 kB", "breed.csv": "meer dan 200 kolommen", "bom.xlsx": "Excel-bestand"}


def test_every_upload_form_refuses_hostile_files(bureau_client, swv, hostile, post_committed, settings):
    for name, data in hostile.items():
        limit = 64 * 1024 if name == "groot.csv" else 10 * 1024 * 1024
        settings.KOERS_IMPORT_MAX_BYTES = limit
        # register import: an oversize file is refused by the form; the others by the task, with the run's report
        response = post_committed(
            bureau_client, reverse("monitoring:import"), {"register": "tlv", "file": SimpleUploadedFile(name, data)}
        )
        if response.status_code == 200:
            assert EXPECTED[name] in response.content.decode(), name
        else:
            run = ImportRun.unscoped.order_by("-pk").first()
            assert run.status == "failed" and EXPECTED[name] in problems_text(run), (name, run.problems)
            assert run.data is None
        # mapping sample
        response = bureau_client.post(
            reverse("monitoring:mappings"),
            {"name": "x", "register": "tlv", "sample": SimpleUploadedFile(name, data)},
            follow=True,
        )
        assert EXPECTED[name] in response.content.decode(), name
        # organisation import (DUO CSV or Excel)
        fmt = "excel" if name.endswith(".xlsx") else "duo"
        response = post_committed(
            bureau_client, reverse("organisations:import"), {"format": fmt, "file": SimpleUploadedFile(name, data)}
        )
        assert response.status_code in (200, 302, 403), name
        if response.status_code == 200:  # oversize: refused in the request
            html = response.content.decode()
            assert EXPECTED[name] in html or "kolommen" in html, name
        elif response.status_code == 302:  # read by the worker (ADR 0036): a run with status problemen
            run = FileImport.unscoped.order_by("-pk").first()
            text = " | ".join(p["problem"] for p in run.problems)
            assert run.status == "problems" and (EXPECTED[name] in text or "kolommen" in text), (name, text)
            assert run.data is None
    assert Tlv.unscoped.count() == 0


def test_mapping_file_upload_refuses_the_alias_bomb_and_oversize(bureau_client, swv):
    response = bureau_client.post(
        reverse("monitoring:mappings"),
        {"mapping_file": SimpleUploadedFile("bom.yaml", bombs.YAML_ALIAS_BOMB)},
        follow=True,
    )
    assert "ankers en aliassen" in response.content.decode()
    big = b"register: tlv\ncolumns:\n" + b"".join(b"  k%d: dossiernummer\n" % i for i in range(20_000))
    response = bureau_client.post(
        reverse("monitoring:mappings"), {"mapping_file": SimpleUploadedFile("big.yaml", big)}, follow=True
    )
    assert "hoogstens 256 kB" in response.content.decode()
    assert not ColumnMapping.unscoped.exists()


def test_plan_import_refuses_oversize_and_zip_bomb(client, swv):
    from koers_dev.testing.factories import UserFactory, member

    user = UserFactory(username="beheer")
    member(user, swv, "beheerder")
    client.force_login(user)
    with override_settings(KOERS_IMPORT_MAX_BYTES=64 * 1024):
        response = client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile("p.yaml", b"x" * 70_000)})
    assert "groter dan 64 kB" in response.content.decode()
    bomb = bombs.zip_bomb_xlsx(8 * 1024 * 1024)
    response = client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile("p.xlsx", bomb)})
    assert "verdacht sterk ingepakt" in response.content.decode()


def test_koers_import_refuses_hostile_files(swv, schools, tmp_path, hostile, settings):
    for name, data in hostile.items():
        settings.KOERS_IMPORT_MAX_BYTES = 64 * 1024 if name == "groot.csv" else 10 * 1024 * 1024
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError, match=EXPECTED[name]):
            call_command("import", "tlv", str(path), stdout=io.StringIO())
    bomb = tmp_path / "bom.yaml"
    bomb.write_bytes(bombs.YAML_ALIAS_BOMB)
    ok = tmp_path / "tlv.csv"
    ok.write_text(TLV)
    with pytest.raises(CommandError, match="ankers en aliassen"):
        call_command("import", "tlv", str(ok), "--mapping", str(bomb), stdout=io.StringIO())
    wrong = tmp_path / "k.json"
    wrong.write_text('{"register": "tlv", "columns": {"A": "pupil", "B": "pupil"}}')
    with pytest.raises(CommandError, match="allebei gekoppeld"):
        call_command("import", "tlv", str(ok), "--mapping", str(wrong), stdout=io.StringIO())
    dutch = tmp_path / "nl.json"
    dutch.write_text('{"columns": {"Leerling": "BSN of leerling", "BSN": ""}}')
    call_command("import", "tlv", str(ok), "--mapping", str(dutch), stdout=io.StringIO())
    assert Tlv.unscoped.get(dossiernummer="D1").pupil == pseudonymise(NAMES[0])  # the mapping decides
    assert not ImportRun.unscoped.exclude(data=None).exists()


# ---- encrypted staging and purging ---------------------------------------------------------------------------


def _start(swv, user, text=TLV, name="tlv.csv"):
    return services.start_import(swv, user, register="tlv", upload=SimpleUploadedFile(name, text.encode()))


def test_a_waiting_upload_is_encrypted_and_expires(swv, schools, bureau_user, settings):
    run = _start(swv, bureau_user)  # the test's transaction never commits: the run waits for the worker
    stored = bytes(ImportRun.unscoped.get(pk=run.pk).data)
    assert not any(v.encode() in stored for v in (*BSNS, *NAMES)) and b"D1;" not in stored
    assert staging.unseal(stored) == TLV.encode() and run.expires_at is not None
    settings.UPLOAD_KEY = "een-andere-sleutel"
    assert staging.unseal(stored) is None  # another key reads nothing
    settings.UPLOAD_KEY = "ci-upload-sleutel"
    assert services.purge_expired_uploads() == 0
    ImportRun.unscoped.filter(pk=run.pk).update(expires_at=run.created_at)
    assert services.purge_expired_uploads() == 1
    run.refresh_from_db()
    assert run.data is None and run.status == "cancelled" and "gewist" in problems_text(run)


def test_worker_wipes_the_upload_whatever_the_outcome(swv, schools, bureau_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = _start(swv, bureau_user)
    with django_capture_on_commit_callbacks(execute=True):
        failed = _start(swv, bureau_user, TLV.replace("01-09-2024", "1 sept"))
    with django_capture_on_commit_callbacks(execute=True):
        warned = _start(swv, bureau_user, TLV.replace("29-02-2024;;;", "29-02-2024;;ingetrokken;"))
    for run in (done, failed, warned):
        run.refresh_from_db()
    assert (done.status, failed.status, warned.status) == ("done", "failed", "warnings")
    assert done.data is None and failed.data is None
    assert warned.data is not None and staging.unseal(warned.data)  # kept, sealed, for the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_import_warnings(warned, bureau_user)
    warned.refresh_from_db()
    assert warned.status == "done" and warned.data is None


def test_cancel_wipes_the_upload(bureau_client, swv, schools, bureau_user):
    run = _start(swv, bureau_user)
    response = bureau_client.post(reverse("monitoring:import_run", args=[run.pk]), {"cancel": "1"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "cancelled" and run.data is None
    with pytest.raises(Exception, match="wacht niet meer"):
        services.cancel_import(run, bureau_user)


def test_retention_and_import_commands_purge_expired_uploads(swv, schools, bureau_user):
    a, b = _start(swv, bureau_user), _start(swv, bureau_user)
    ImportRun.unscoped.filter(pk__in=[a.pk, b.pk]).update(expires_at=a.created_at)
    out = io.StringIO()
    call_command("import", "--opruimen", stdout=out)
    assert "2 wachtende upload(s) gewist" in out.getvalue()
    c = _start(swv, bureau_user)
    ImportRun.unscoped.filter(pk=c.pk).update(expires_at=c.created_at)
    out = io.StringIO()
    call_command("bewaartermijn", stdout=out)
    assert "gewist: 1" in out.getvalue() and not ImportRun.unscoped.exclude(data=None).exists()


def test_sqlite_runs_with_secure_delete(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def _database_image_and_text() -> tuple[bytes, str]:
    """The whole SQLite database as bytes (``serialize()``: every page, free pages too) and every value of every
    table read back with raw SQL (for other databases only the latter)."""
    image = b""
    raw = connection.connection
    if connection.vendor == "sqlite" and hasattr(raw, "serialize"):
        image = raw.serialize()
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from the db
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        texts.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        texts.append(str(value))
    return image, "\n".join(texts)


def test_no_bsn_or_name_anywhere_in_the_database(bureau_client, swv, schools, bureau_user, post_committed, tmp_path):
    """After a normal, a warning-stage, a pending, a mis-mapped and a cancelled import: zero hits.

    The test database is SQLite in memory, so instead of a file scan the test reads its full image with
    ``sqlite3.Connection.serialize()`` (all pages, including freed ones) and every column of every table by SQL.
    """
    started = time.time() - 1
    url = reverse("monitoring:import")
    post_committed(bureau_client, url, {"register": "tlv", "file": SimpleUploadedFile("a.csv", TLV.encode())})
    warn = TLV.replace("29-02-2024;;;", "29-02-2024;;ingetrokken;")
    post_committed(bureau_client, url, {"register": "tlv", "file": SimpleUploadedFile("b.csv", warn.encode())})
    bureau_client.post(url, {"register": "tlv", "file": SimpleUploadedFile("c.csv", TLV.encode())})  # pending
    mis = ColumnMapping.unscoped.create(
        swv=swv, name="Mis", register="tlv", columns={"BSN": "ontvangstdatum", "Leerling": "dossiernummer"}
    )
    post_committed(
        bureau_client,
        url,
        {
            "register": "tlv",
            "mapping": mis.pk,
            "file": SimpleUploadedFile("d.csv", TLV.replace("Ontvangstdatum", "X").encode()),
        },
    )
    cancelled = _start(swv, bureau_user, name="e.csv")
    services.cancel_import(cancelled, bureau_user)
    statuses = sorted(ImportRun.unscoped.values_list("status", flat=True))
    assert statuses == ["cancelled", "done", "failed", "pending", "warnings"], statuses
    image, text = _database_image_and_text()
    assert len(image) > 100_000 or connection.vendor != "sqlite"  # the whole image was read
    assert pseudonymise(BSNS[0]) in text  # and the scan sees the data that is there
    for value in (*BSNS, *NAMES):
        assert value not in text, value
        assert value.encode() not in image, value
        assert value.encode("utf-16-le") not in image, value
    # var/: uploads are never written there (the reader works on bytes in memory); scan what changed anyway
    var = Path(django_settings.VAR_DIR)
    for path in var.rglob("*") if var.is_dir() else []:
        if path.is_file() and path.stat().st_mtime >= started and path.stat().st_size < 50 * 1024 * 1024:
            content = path.read_bytes()
            assert not any(v.encode() in content for v in (*BSNS, *NAMES)), path


# ---- properties of the reader --------------------------------------------------------------------------------

cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_reader_on_random_bytes_reads_or_refuses(data):
    try:
        table = read_table("x.csv", data)
    except ReadError as exc:
        assert str(exc)
    else:
        assert len(table.header) >= 2
        assert all(isinstance(c, str) for r in table.rows for c in r)


bsn = st.from_regex(r"[1-9][0-9]{8}", fullmatch=True)


@pytest.mark.django_db
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.lists(cell, min_size=0, max_size=6), bsn), max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    cut=st.integers(min_value=0, max_value=400),
    huge=st.booleans(),
    quote=st.booleans(),
)
def test_import_is_all_or_problems_never_a_crash(swv, schools, rows, delimiter, encoding, cut, huge, quote):
    """Random cells, missing and extra fields (0-6 cells plus a BSN), quoting or not, truncation, huge cells."""
    header = ["Nummer", "Soort", "Startdatum", "Kosten", "BSN"]
    lines = [delimiter.join(header)]
    for cells, number in rows:
        cells = [*cells[:4], number, *cells[4:]] if len(cells) >= 4 else [*cells, number]
        if quote:
            cells = ['"' + c.replace('"', '""') + '"' for c in cells]
        lines.append(delimiter.join(cells))
    text = "\n".join(lines) + "\n"
    if huge:
        text += "A9" + delimiter + "x" * 40_000 + "\n"
    data = text.encode(encoding, errors="replace")
    if cut < len(data) and cut % 3 == 0:
        data = data[: max(1, cut)]
    before = Arrangement.unscoped.count()
    result = import_file(swv, "arrangement", "p.csv", data)
    assert result.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED, ImportRun.Status.WARNINGS)
    if result.status != ImportRun.Status.DONE:
        assert Arrangement.unscoped.count() == before  # no partial write
        assert result.problems
    stored = str(result.problems)
    assert all(number not in stored for _cells, number in rows)  # a BSN is never echoed
    Arrangement.unscoped.all().delete()


def test_limits_from_settings():
    limits = Limits.current()
    assert (limits.max_bytes, limits.max_rows, limits.max_columns, limits.max_cell) == (
        50 * 1024 * 1024,
        500_000,
        200,
        32_767,
    )


def test_documented_mapping_examples_are_valid_and_every_field_is_listed(db):
    import re

    from koers.monitoring.importing.registers import REGISTERS

    text = (Path(__file__).resolve().parents[4] / "docs" / "monitoring-registers.md").read_text()
    section = text.split("## Kolomkoppeling: veldcodes", 1)[1]
    examples = re.findall(r"```(yaml|json)\n(.*?)```", section, re.S)
    assert sorted(mapping_from_file("x." + kind, body.encode())["register"] for kind, body in examples) == sorted(
        REGISTERS
    )
    for register in REGISTERS.values():
        for f in register.fields:
            assert f"| `{f.name}` | {f.label} |" in section, f.name


@pytest.mark.parametrize(
    "typed,expected",
    [("82,5", Decimal("82.5")), ("12.500,5", Decimal("12500.5")), ("1234", Decimal("1234")), ("2.5", Decimal("2.5"))],
)
def test_a_manual_measurement_reads_dutch_numbers(typed, expected):
    from koers.monitoring.forms import ManualForm

    form = ManualForm({"date": "01-10-2024", "value": typed, "source": "peiling"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == expected


def test_an_ambiguous_manual_measurement_is_asked_not_guessed():
    from koers.monitoring.forms import ManualForm

    form = ManualForm({"date": "01-10-2024", "value": "6.435", "source": "peiling"})
    assert not form.is_valid()
    assert "6.435 is niet eenduidig: bedoelt u 6435 of 6,435?" in str(form.errors["value"])
