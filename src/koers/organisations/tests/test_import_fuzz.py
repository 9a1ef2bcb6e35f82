"""Whatever organisation file comes in (DUO CSV or the Excel workbook): a correct import or a problem list, never
an exception, never half of it saved, and every saved value fits its column (PostgreSQL refuses what SQLite
would take)."""

import io
from pathlib import Path

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from koers.organisations import importers, services
from koers.organisations.models import Gemeente, Gremium, Ketenpartner, School, Schoolbestuur, StaffMember, Werkgebied
from koers_dev.testing.factories import SchoolFactory, SwvFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "vestigingenbo-voorbeeld.csv"
EXAMPLE_BYTES = EXAMPLE.read_bytes()
EXAMPLE_LINES = EXAMPLE_BYTES.decode("utf-8").splitlines()
MODELS = (School, Schoolbestuur, Gemeente, Werkgebied, Ketenpartner, Gremium, StaffMember)
FUZZ = settings(max_examples=35, deadline=None, suppress_health_check=list(HealthCheck))

# what a hostile or broken file puts in a cell: quotes, delimiters, line ends, control characters, huge texts
nasty = st.one_of(
    st.text(max_size=20),
    st.sampled_from(['"', '""', '"a,b"', "a;b", "\t", "\r\n", "\x00", "=1+1", "@SUM(A1)", "é", "\ufeff", "99XA00"]),
    st.integers(1, 30).map(lambda n: "x" * (n * 1000)),  # up to 30 000 characters in one cell
)


def snapshot():
    return tuple(
        sorted(m.unscoped.values_list(*[f.attname for f in m._meta.concrete_fields if f.name != "updated_at"]))
        for m in MODELS
    )


def assert_fits(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.max_length:
            for value in model.unscoped.values_list(field.attname, flat=True):
                assert value is None or len(value) <= field.max_length, (model.__name__, field.name, len(value))


def attempt(swv, parsed):
    before = snapshot()
    assert all(isinstance(p, importers.Problem) and p.message for p in parsed.problems)
    outcome = services.import_parsed(swv, parsed, None, accept_warnings=True)
    if parsed.errors:
        assert not outcome.saved
    if not outcome.saved:
        assert snapshot() == before, "an import that was not saved changed the database"
    for model in MODELS:
        assert_fits(model)


@pytest.fixture
def duo_swv(db):
    return SwvFactory(code="PO2806", name="Samenwerkingsverband van het voorbeeldbestand", short_name="Voorbeeld")


@pytest.fixture
def swv_with_schools(duo_swv):
    SchoolFactory(swv=duo_swv, brin6="99XA00", name="Al bekend")
    return duo_swv


def test_the_example_file_is_saved_so_the_fuzzing_reaches_the_database(duo_swv):
    parsed = importers.parse_duo(EXAMPLE_BYTES, swv_code=duo_swv.code)
    attempt(duo_swv, parsed)
    assert not parsed.errors and parsed.rows == len(EXAMPLE_LINES) - 1
    assert School.unscoped.filter(swv=duo_swv).count() == parsed.rows - parsed.skipped > 0


@FUZZ
@given(
    data=st.binary(max_size=3000),
    prefix=st.sampled_from([b"", EXAMPLE_BYTES[:200], b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]),
)
def test_random_bytes(swv_with_schools, data, prefix):
    attempt(swv_with_schools, importers.parse_duo(prefix + data, swv_code=swv_with_schools.code))
    attempt(swv_with_schools, importers.parse_excel(prefix + data))


@FUZZ
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "ascii"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quote_all=st.booleans(),
    edits=st.lists(st.tuples(st.integers(1, 6), st.integers(0, 13), nasty), max_size=6),
    drop_column=st.one_of(st.none(), st.integers(0, 13)),
    extra_column=st.booleans(),
    cut=st.one_of(st.none(), st.integers(0, len(EXAMPLE_BYTES))),
)
def test_mangled_duo_files(swv_with_schools, encoding, delimiter, quote_all, edits, drop_column, extra_column, cut):
    import csv

    rows = list(csv.reader(EXAMPLE_LINES))
    for row_index, column, value in edits:
        row = rows[row_index % len(rows)]
        row[column % len(row)] = value
    if drop_column is not None:
        for row in rows:
            del row[drop_column % len(row)]
    if extra_column:
        for i, row in enumerate(rows):
            row.append("EXTRA" if i == 0 else f"waarde {i}")
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    data = out.getvalue().encode(encoding, "replace")
    if cut is not None:
        data = data[:cut]  # a file that broke off while uploading
    attempt(swv_with_schools, importers.parse_duo(data, swv_code=swv_with_schools.code))


@pytest.fixture
def template():
    return importers.template_workbook()


cell_values = st.one_of(st.none(), nasty, st.integers(-(10**12), 10**12), st.floats(allow_nan=False), st.booleans())


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 8), st.integers(1, 5), st.integers(1, 10), cell_values), min_size=1, max_size=8
    ),
    drop_sheet=st.one_of(st.none(), st.integers(0, 8)),
    cut=st.one_of(st.none(), st.integers(0, 4000)),
)
def test_mangled_workbooks(swv_with_schools, template, edits, drop_sheet, cut):
    workbook = load_workbook(io.BytesIO(template))
    names = workbook.sheetnames
    for sheet_index, row, column, value in edits:
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable())  # openpyxl refuses control characters
        workbook[names[sheet_index % len(names)]].cell(row=row, column=column).value = value
    if drop_sheet is not None and len(workbook.sheetnames) > 1:
        del workbook[workbook.sheetnames[drop_sheet % len(workbook.sheetnames)]]
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if cut is not None:
        data = data[:cut]
    attempt(swv_with_schools, importers.parse_excel(data))


def test_a_cell_longer_than_its_column_is_a_problem_not_a_database_error(duo_swv):
    swv = duo_swv
    """Found by the fuzzing above: a huge name in the DUO file must be refused with a message, not cut or passed to
    the database (PostgreSQL raises on a value longer than the column)."""
    rows = [EXAMPLE_LINES[0], EXAMPLE_LINES[1].replace("BASISSCHOOL DE VOORBEELDBOOM", "X" * 5000)]
    parsed = importers.parse_duo(("\r\n".join(rows) + "\r\n").encode(), swv_code=swv.code)
    attempt(swv, parsed)
    assert not School.unscoped.filter(swv=swv).exists()
    assert parsed.errors and any("te lang" in p.message for p in parsed.errors)
