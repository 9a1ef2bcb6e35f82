"""Issue 11: after a normal, a warning-stage, a pending, a mis-mapped and a cancelled import, no BSN and no name of
the fixture export is anywhere at rest: not in the database (every column of every table by SQL), not in a
``koers backup`` file (for SQLite that is a copy of the database file, every page; for PostgreSQL the dump, read
back as SQL with ``pg_restore``), not in ``var/`` and not among the uploads waiting for a confirmation. A plan file
and an organisation file waiting for the task worker (ADR 0036) are kept sealed as well.

The test commits (``transaction=True``): a backup is made by the database's own tools, which see only committed
data, and the uploads really wait (sealed) in the database as they would in production.
"""

import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from koers.core import staging
from koers.core import tasks as core_tasks
from koers.core.models import FileImport
from koers.monitoring import services
from koers.monitoring.models import ColumnMapping, FundedPupil, ImportRun
from koers.monitoring.pseudonym import pseudonymise
from koers.monitoring.tests.test_import_safety import BSNS, NAMES, TLV

pytestmark = pytest.mark.django_db(transaction=True)  # roles come back through the root conftest

SECRETS = (*BSNS, *NAMES)
# DUO's funded-pupil list (register "bekostigd"): one row per beschikking, with BSN and name in the export
FUNDED = (
    "Beschikkingsnummer;Naam;BSN;Bekostigingscategorie;BRIN6;Soort;Peildatum\n"
    f"B1;{NAMES[0]};{BSNS[0]};L;11AA00;SBO;01-02-2025\n"
    f"B2;{NAMES[1]};{BSNS[1]};M;44DD00;SO;01-02-2025\n"
    f"B3;{NAMES[2]};{BSNS[2]};H;33CC00;SO;01-02-2025\n"
)


def _encodings(value: str) -> list[bytes]:
    return [value.encode(), value.encode("utf-16-le"), value.encode("utf-16-be")]


def _all_values_by_sql() -> str:
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the db
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        texts.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        texts.append(str(value))
    return "\n".join(texts)


def _backup_bytes(tmp_path: Path) -> bytes:
    """The backup as ``koers backup`` writes it; a PostgreSQL dump (compressed) is read back as plain SQL."""
    target = tmp_path / "koers.backup"
    call_command("backup", "-o", str(target))
    if connection.vendor == "postgresql":
        tool = next(
            (
                c
                for c in ("/usr/lib/postgresql/15/bin/pg_restore", shutil.which("pg_restore"))
                if c and Path(c).exists()
            ),
            None,
        )
        assert tool, "pg_restore is needed to read the backup back"
        plain = tmp_path / "koers.sql"
        subprocess.run([tool, "-f", str(plain), str(target)], check=True, capture_output=True)  # noqa: S603
        return plain.read_bytes()
    return target.read_bytes()


def _files_under(folder: Path, since: float):
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_mtime >= since and path.stat().st_size < 50 * 1024 * 1024:
            yield path


def test_no_bsn_or_name_at_rest_after_every_kind_of_import(
    bureau_client, swv, schools, bureau_user, tmp_path, monkeypatch, settings
):
    started = time.time() - 1
    url = reverse("monitoring:import")
    # normal
    bureau_client.post(url, {"register": "tlv", "file": SimpleUploadedFile("a.csv", TLV.encode())})
    bureau_client.post(url, {"register": "bekostigd", "file": SimpleUploadedFile("f.csv", FUNDED.encode())})
    # stops at a warning (the upload waits, sealed, for "toch importeren")
    warn = TLV.replace("29-02-2024;;;", "29-02-2024;;ingetrokken;")
    bureau_client.post(url, {"register": "tlv", "file": SimpleUploadedFile("b.csv", warn.encode())})
    # mis-mapped: the BSN column as a date, the name column as the dossier number
    mis = ColumnMapping.unscoped.create(
        swv=swv, name="Mis", register="tlv", columns={"BSN": "ontvangstdatum", "Leerling": "dossiernummer"}
    )
    bureau_client.post(
        url,
        {
            "register": "tlv",
            "mapping": mis.pk,
            "file": SimpleUploadedFile("d.csv", TLV.replace("Ontvangstdatum", "X").encode()),
        },
    )
    # pending (no worker picks it up) and cancelled
    monkeypatch.setattr(services, "_enqueue_import", lambda *a, **k: None)
    bureau_client.post(url, {"register": "tlv", "file": SimpleUploadedFile("c.csv", TLV.encode())})
    cancelled = services.start_import(
        swv, bureau_user, register="tlv", upload=SimpleUploadedFile("e.csv", TLV.encode())
    )
    services.cancel_import(cancelled, bureau_user)
    # the mapping page's sample of the same file (read in the request, never kept)
    page = bureau_client.post(
        reverse("monitoring:mappings"),
        {"name": "x", "register": "tlv", "sample": SimpleUploadedFile("s.csv", TLV.encode())},
    ).content.decode()
    assert "BSN" in page and not any(v in page for v in SECRETS)
    # a plan file and an organisation file waiting for the task worker (ADR 0036), with the secrets in them
    monkeypatch.setattr(core_tasks, "read_upload", SimpleNamespace(enqueue=lambda *a, **k: None))
    secret_text = " ".join(SECRETS)
    plan_file = f"plan:\n  code: geheim\n  title: {secret_text}\n"
    bureau_client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile("plan.yaml", plan_file.encode())})
    org_file = f"BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM\n41234;19HY;00;{secret_text}\n"
    bureau_client.post(
        reverse("organisations:import"), {"format": "duo", "file": SimpleUploadedFile("o.csv", org_file.encode())}
    )
    waiting = FileImport.unscoped.filter(status=FileImport.Status.QUEUED, data__isnull=False)
    assert sorted(waiting.values_list("kind", flat=True)) == ["organisaties", "plan"]
    statuses = sorted(ImportRun.unscoped.values_list("status", flat=True))
    assert statuses == ["cancelled", "done", "done", "failed", "pending", "warnings"], statuses
    assert FundedPupil.unscoped.filter(pupil=pseudonymise(BSNS[1])).exists()  # the list was imported
    assert ImportRun.unscoped.filter(status__in=["pending", "warnings"], data__isnull=False).count() == 2

    text = _all_values_by_sql()
    backup = _backup_bytes(tmp_path)
    key = pseudonymise(BSNS[0])
    assert key in text and key.encode() in backup  # the scans see the data that is there
    for value in SECRETS:
        assert value not in text, value
        assert not any(e in backup for e in _encodings(value)), value
    for folder in (Path(django_settings.VAR_DIR), staging.folder()):
        for path in _files_under(folder, started):
            content = path.read_bytes()
            assert not any(e in content for v in SECRETS for e in _encodings(v)), path
