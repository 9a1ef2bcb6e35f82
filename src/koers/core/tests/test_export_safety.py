"""Safe text in exports: formula-like text is never a formula, control characters never break a file."""

import csv
import io
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django import forms
from openpyxl import Workbook, load_workbook

from koers.core import export_safety as safety
from koers.core import var_dirs

FORMULAS = ["=1+1", "+31 6 12345678", "-5 leerlingen", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x"&A1,"Klik")']
CONTROL = "Vóór\x0bna\x01\x02 \x0c\x1f tab\there\nnieuw\ufffe\uffff"


def test_clean_text_removes_control_characters_keeps_tabs_and_newlines():
    assert safety.clean_text(CONTROL) == "Vóór\nna \n tab\there\nnieuw"
    assert safety.clean_text("gewoon") == "gewoon"
    assert safety.clean_deep({"a": ["x\x00y", 3, None], "b": "\x0b"}) == {"a": ["xy", 3, None], "b": "\n"}


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_prefixes_formula_like_text_and_imported_text_removes_it(text):
    out = io.StringIO()
    safety.csv_writer(out, delimiter=";").writerow([text, -348.261, 7, safety.NumberText("-3,50")])
    row = next(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))
    assert row[0] == "'" + text
    assert row[1:] == ["-348.261", "7", "-3,50"]  # numbers stay numbers
    assert safety.imported_text(row[0]) == text
    assert safety.imported_text("'s-Gravenhage") == "'s-Gravenhage"  # only a formula-like rest loses its '


def test_dict_writer_is_safe_too():
    out = io.StringIO()
    writer = safety.csv_dict_writer(out, ["a", "b"], delimiter=";")
    writer.writeheader()
    writer.writerow({"a": "=1+1", "b": 2})
    assert out.getvalue().splitlines()[1] == "'=1+1;2"


def test_xlsx_cells_are_strings_numbers_stay_numbers():
    workbook = Workbook()
    sheet = workbook.active
    safety.append_row(sheet, [*FORMULAS, CONTROL, -348.261])
    safety.set_cell(sheet.cell(row=2, column=1), "=2+2")
    sheet.cell(row=2, column=2).value = "=3+3"  # written past the helpers: the last guard turns it into text
    data = safety.workbook_bytes(workbook)
    book = load_workbook(io.BytesIO(data))
    cells = list(book.active[1])
    assert [c.data_type for c in cells[:-1]] == ["s"] * (len(FORMULAS) + 1)
    assert cells[-1].data_type == "n" and cells[-1].value == -348.261
    assert cells[0].value == "=1+1" and cells[len(FORMULAS)].value == "Vóór\nna \n tab\there\nnieuw"
    assert [c.data_type for c in book.active[2]][:2] == ["s", "s"]


def test_forms_remove_control_characters_at_input():
    class TextForm(forms.Form):
        text = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput, strip=False)

    form = TextForm({"text": "Een\x0bregel\x01 met\ttab\r\nen meer\x0c", "secret": "ge\x01heim"})
    assert form.is_valid()
    assert form.cleaned_data["text"] == "Een\nregel met\ttab\r\nen meer"
    assert form.cleaned_data["secret"] == "ge\x01heim"  # a password is kept exactly


def test_var_dirs_are_made_for_the_settings(tmp_path):
    var = tmp_path / "var"
    settings = SimpleNamespace(
        VAR_DIR=var,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(var / "db" / "koers.sqlite3")}},
        CACHES={"default": {"BACKEND": "koers.core.cache.FileCache", "LOCATION": str(var / "cache")}},
        MEDIA_ROOT=var / "media",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=var / "mail",
    )
    made = var_dirs.ensure(settings)
    for folder in ("db", "cache", "media", "mail", "backups"):
        assert (var / folder).is_dir()
    assert var in made
    assert var_dirs.ensure(settings) == []  # nothing to do the second time


def test_memory_database_needs_no_folder():
    settings = SimpleNamespace(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}, CACHES={}
    )
    assert var_dirs.wanted(settings) == []


def test_koers_command_on_a_fresh_clone_without_var(tmp_path):
    """``koers migrate`` with a var/ that does not exist yet (the development settings, as after a clone)."""
    var = tmp_path / "nieuw" / "var"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KOERS_CACHE_LOCATION", "KOERS_CACHE_BACKEND")
    }
    env.update(DJANGO_SETTINGS_MODULE="koers.conf.dev", KOERS_VAR_DIR=str(var))
    result = subprocess.run(
        [sys.executable, "-m", "koers.cli", "migrate", "--plan"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (var / "koers.sqlite3").exists() and (var / "cache").is_dir() and (var / "media").is_dir()
