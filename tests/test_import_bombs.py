"""Issue 11: hostile files through EVERY upload form and every import command, each refused with a Dutch message
that names the limit, before more than the limit is read, and without writing anything.

The forms: register import, mapping sample, mapping file, organisation import (DUO and Excel), plan import, and the
two upload steps of the first-run setup (schools, plan). The commands: ``koers import``, ``koers organisaties
import`` and ``koers plan import``.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from koers.core.models import FileImport
from koers.monitoring.models import ColumnMapping, ImportRun, Tlv
from koers.organisations.models import School, Schoolbestuur
from koers.plans.models import Plan
from koers_dev.testing import bombs
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db

SMALL = 64 * 1024


def hostile():
    """name -> (bytes, expected fragment of the refusal, KOERS_IMPORT_MAX_BYTES for this case)."""
    return {
        "groot.csv": (b"a;b\n" + b"1;2\n" * 20_000, "groter dan 64 kB", SMALL),
        "groot.yaml": (b"plan:\n" + b"  - x\n" * 12_000, "groter dan 64 kB", SMALL),
        "breed.csv": (bombs.wide_csv(1_000_000), "meer dan 200 kolommen", 10 * 1024 * 1024),
        "bom.xlsx": (bombs.zip_bomb_xlsx(8 * 1024 * 1024), "verdacht sterk ingepakt", 10 * 1024 * 1024),
        "bom.yaml": (bombs.YAML_ALIAS_BOMB, "aliassen", 10 * 1024 * 1024),
    }


CASES = sorted(hostile())


def _page(response) -> str:
    if response.status_code in (301, 302):
        return ""
    return response.content.decode()


def _nothing_saved():
    assert not Tlv.unscoped.exists() and not ColumnMapping.unscoped.exists()
    assert not School.unscoped.exists() and not Schoolbestuur.unscoped.exists()
    assert not Plan.unscoped.exists()
    assert not ImportRun.unscoped.exclude(data=None).exists()  # no hostile file kept, sealed or not
    assert not FileImport.unscoped.exclude(data=None).exists()  # plan and organisation files (ADR 0036) neither


@pytest.fixture
def beheer(client, swv):
    user = UserFactory(username="beheer")
    member(user, swv, "beheerder")
    client.force_login(user)
    return client


def _register_import(client, name, data):
    response = client.post(reverse("monitoring:import"), {"register": "tlv", "file": SimpleUploadedFile(name, data)})
    if response.status_code == 200:
        return response.content.decode()
    return None  # refused by the worker: the run's report says why (read after the commit)


FORMS = {
    "registerimport": _register_import,
    "koppeling-voorbeeld": lambda c, n, d: _page(
        c.post(
            reverse("monitoring:mappings"),
            {"name": "x", "register": "tlv", "sample": SimpleUploadedFile(n, d)},
            follow=True,
        )
    ),
    "organisatie-import": lambda c, n, d: _page(
        c.post(
            reverse("organisations:import"),
            {"format": "excel" if n.endswith(".xlsx") else "duo", "file": SimpleUploadedFile(n, d)},
        )
    ),
    "planimport": lambda c, n, d: _page(c.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile(n, d)})),
}
# which hostile files each form is meant for (a plan form is not offered a CSV with a million columns as a plan)
APPLIES = {
    "registerimport": {"groot.csv", "breed.csv", "bom.xlsx"},
    "koppeling-voorbeeld": {"groot.csv", "breed.csv", "bom.xlsx"},
    "organisatie-import": {"groot.csv", "breed.csv", "bom.xlsx"},
    "planimport": {"groot.yaml", "bom.xlsx", "bom.yaml"},
}
PAIRS = [(form, name) for form in sorted(FORMS) for name in CASES if name in APPLIES[form]]


@pytest.mark.parametrize("form,name", PAIRS)
def test_every_upload_form_refuses_hostile_files(beheer, swv, settings, django_capture_on_commit_callbacks, form, name):
    data, expected, limit = hostile()[name]
    settings.KOERS_IMPORT_MAX_BYTES = limit
    with django_capture_on_commit_callbacks(execute=True):
        text = FORMS[form](beheer, name, data)
    if not text and form == "registerimport":
        run = ImportRun.unscoped.order_by("-pk").first()
        assert run.status == ImportRun.Status.FAILED, run.status
        text = " | ".join(p["problem"] for p in run.problems)
    elif not text:  # the plan and organisation files: read by the worker, a run with status problemen
        run = FileImport.unscoped.get()
        assert run.status == FileImport.Status.PROBLEMS, run.status
        text = " | ".join(p["problem"] for p in run.problems)
    assert expected in text, (form, name, text[-3000:])
    _nothing_saved()


def test_the_mapping_file_upload_refuses_the_alias_bomb(beheer, swv):
    response = beheer.post(
        reverse("monitoring:mappings"),
        {"mapping_file": SimpleUploadedFile("bom.yaml", bombs.YAML_ALIAS_BOMB)},
        follow=True,
    )
    assert "ankers en aliassen" in response.content.decode()
    _nothing_saved()


@pytest.mark.parametrize("name", ["groot.csv", "breed.csv", "bom.xlsx"])
def test_the_setup_schools_step_refuses_hostile_files(settings, django_capture_on_commit_callbacks, name):
    data, expected, limit = hostile()[name]
    settings.KOERS_IMPORT_MAX_BYTES = limit
    client = Client()
    client.post("/inrichten/", {
        "first_name": "Anna", "last_name": "de Vries", "email": "anna@swv.example", "username": "anna",
        "password1": "Zeer-geheim-wachtwoord-42", "password2": "Zeer-geheim-wachtwoord-42", "swv_code": "po 28-06",
        "swv_name": "SWV Westland", "swv_short_name": "SPOW",
    })  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("onboarding:step", args=["scholen"]), {"file": SimpleUploadedFile(name, data), "only_own": "on"}
        )
    if response.status_code == 302:  # refused by the worker: the setup step shows the run's problems
        assert FileImport.unscoped.get().status == FileImport.Status.PROBLEMS
        response = client.get(response.url, follow=True)  # the progress page, done
        assert "Import klaar" in response.content.decode()
        response = client.get(reverse("onboarding:step", args=["scholen"]), {"import": FileImport.unscoped.get().pk})
    assert response.status_code == 200 and expected in response.content.decode(), name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("onboarding:step", args=["plan"]),
            {"manier": "importeren", "file": SimpleUploadedFile("plan.yaml", bombs.YAML_ALIAS_BOMB)},
        )
    run = FileImport.unscoped.filter(kind="plan").get()
    assert response.status_code == 302 and run.status == FileImport.Status.PROBLEMS
    response = client.get(reverse("onboarding:step", args=["plan"]), {"manier": "importeren", "import": run.pk})
    assert response.status_code == 200 and "aliassen" in response.content.decode()
    _nothing_saved()


@pytest.mark.parametrize("name", CASES)
def test_every_import_command_refuses_hostile_files(swv, schools_for_commands, tmp_path, settings, name):
    data, expected, limit = hostile()[name]
    settings.KOERS_IMPORT_MAX_BYTES = limit
    path = tmp_path / name
    path.write_bytes(data)
    commands = []
    if name.endswith((".csv", ".xlsx")):
        commands += [["import", "tlv", str(path)], ["organisaties", "import", str(path)]]
    if name.endswith((".yaml", ".xlsx")):
        commands.append(["plan", "import", str(path)])
    for args in commands:
        err = io.StringIO()
        with pytest.raises(CommandError) as info:
            call_command(*args, stdout=io.StringIO(), stderr=err)
        said = f"{info.value} {err.getvalue()}"
        assert expected in said, (args, said[-2000:])
    _nothing_saved()


@pytest.fixture
def schools_for_commands(swv):
    return swv


class _CountingStream(io.BytesIO):
    """A stream that remembers how many bytes were asked for (an upload of unknown size)."""

    asked = 0

    def read(self, size=-1):
        self.asked += size if size and size > 0 else 10**12
        return super().read(size)


def test_no_reader_reads_more_than_the_limit(settings, tmp_path):
    from koers.core.importing import ReadError, read_limited
    from koers.plans.io.importer import PlanImportError, read_plan_file

    settings.KOERS_IMPORT_MAX_BYTES = SMALL
    stream = _CountingStream(b"x" * (10 * SMALL))
    with pytest.raises(ReadError, match="groter dan 64 kB"):
        read_limited(stream)
    assert stream.asked == SMALL + 1
    big = tmp_path / "plan.yaml"
    big.write_bytes(b"x" * (10 * SMALL))
    with pytest.raises(PlanImportError) as info:
        read_plan_file(big)
    assert "groter dan 64 kB" in str(info.value.problems[0])


def test_the_workbooks_state_the_limits_of_this_installation(swv, settings):
    from openpyxl import load_workbook

    from koers.organisations.importers import template_workbook
    from koers.plans.io.exporter import export_plan
    from koers_dev.testing.factories import PlanFactory

    settings.KOERS_IMPORT_MAX_BYTES = 30 * 1024 * 1024
    plan_book = load_workbook(io.BytesIO(export_plan(PlanFactory(swv=swv), "xlsx")), read_only=True)
    org_book = load_workbook(io.BytesIO(template_workbook()), read_only=True)
    for sheet in (plan_book["Uitleg"], org_book["Toelichting"]):
        text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
        assert "hoogstens 30 MB" in text and "kolommen: 200" in text and "KOERS_IMPORT_MAX_ROWS" in text
