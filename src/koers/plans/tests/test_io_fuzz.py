"""Whatever file comes in, the importer raises PlanImportError or saves the plan, and never half of it."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from koers.plans.io.errors import PlanImportError
from koers.plans.io.exporter import export_plan
from koers.plans.io.importer import import_plan
from koers.plans.io.schema import FIELDS
from koers.plans.models import Activity, Adoption, BudgetLine, Goal, Indicator, Plan, Theme
from koers_dev.testing.factories import SwvFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "voorbeelden" / "voorbeeldplan.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text()
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
KEYS = sorted(
    {f.key for fields in FIELDS.values() for f in fields} | {"themes", "goals", "year_plans", "plan", "lines"}
)


def snapshot():
    models = (Plan, Theme, Goal, Indicator, Activity, BudgetLine, Adoption)
    return tuple(list(m.unscoped.order_by("pk").values_list("pk", flat=True)) for m in models) + (
        list(Activity.unscoped.order_by("pk").values_list("description", "status")),
    )


def attempt(data, swv, fmt):
    before = snapshot()
    try:
        import_plan(data, swv=swv, fmt=fmt, filename=f"fuzz.{fmt or 'bin'}")
    except PlanImportError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert snapshot() == before, "a failed import changed the database"


@pytest.fixture
def swv_with_plan(swv):
    import_plan(EXAMPLE_TEXT, swv=swv, fmt="yaml")
    return swv


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["yaml", "xlsx", None]))
def test_random_bytes(swv_with_plan, data, fmt):
    attempt(data, swv_with_plan, fmt)


@FUZZ
@given(
    cuts=st.lists(
        st.tuples(st.integers(0, len(EXAMPLE_TEXT)), st.integers(0, 40), st.text(max_size=12)), min_size=1, max_size=4
    )
)
def test_mangled_yaml_text(swv_with_plan, cuts):
    text = EXAMPLE_TEXT
    for position, length, insert in cuts:
        text = text[:position] + insert + text[position + length :]
    attempt(text, swv_with_plan, "yaml")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.sampled_from(["2024-2025", "T3 2024", "31-02-2024", "1.234,5", "<=", "drempel", "ja", "-1", "9" * 30]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=40,
)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(KEYS), documents, max_size=7))
def test_random_structures(swv_with_plan, document):
    attempt(yaml.safe_dump(document, allow_unicode=True), swv_with_plan, "yaml")


@pytest.fixture
def workbook_bytes(db):
    return export_plan(import_plan(EXAMPLE_TEXT, swv=SwvFactory(), fmt="yaml"), "xlsx")


cell_values = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 6), st.integers(1, 20), cell_values), min_size=1, max_size=5
    ),
    drop_sheet=st.one_of(st.none(), st.integers(0, 12)),
)
def test_mangled_workbooks(swv_with_plan, workbook_bytes, edits, drop_sheet):
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    names = workbook.sheetnames
    for sheet_index, row, col, value in edits:
        sheet = workbook[names[sheet_index % len(names)]]
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable())  # openpyxl refuses control characters
        sheet.cell(row=row, column=col).value = value
    if drop_sheet is not None and len(workbook.sheetnames) > 1:
        del workbook[workbook.sheetnames[drop_sheet % len(workbook.sheetnames)]]
    out = io.BytesIO()
    workbook.save(out)
    attempt(out.getvalue(), swv_with_plan, "xlsx")


def _fits():
    """Every saved text fits its column (PostgreSQL refuses what SQLite would take)."""
    from django.db import models as db_models

    for model in (Plan, Theme, Goal, Indicator, Activity, BudgetLine, Adoption):
        for f in model._meta.concrete_fields:
            if isinstance(f, (db_models.CharField, db_models.TextField)) and f.max_length:
                longest = max((len(v or "") for v in model.unscoped.values_list(f.attname, flat=True)), default=0)
                assert longest <= f.max_length, (model.__name__, f.name, longest)


def attempt_and_fit(data, swv, fmt):
    attempt(data, swv, fmt)
    _fits()


@FUZZ
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    cut=st.one_of(st.none(), st.integers(0, len(EXAMPLE_TEXT))),
)
def test_yaml_in_other_encodings_and_broken_off(swv_with_plan, encoding, cut):
    data = EXAMPLE_TEXT.encode(encoding, "replace")
    attempt_and_fit(data if cut is None else data[:cut], swv_with_plan, "yaml")


@FUZZ
@given(cut=st.integers(0, 60_000))
def test_workbook_broken_off(swv_with_plan, workbook_bytes, cut):
    attempt_and_fit(workbook_bytes[: cut % max(len(workbook_bytes), 1)], swv_with_plan, "xlsx")


huge = st.integers(1, 40).map(lambda n: "Lange tekst " * (n * 300))  # up to 144 000 characters


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 12), st.integers(2, 6), st.integers(1, 20), huge), min_size=1, max_size=3)
)
def test_huge_cells_in_a_workbook(swv_with_plan, workbook_bytes, edits):
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    names = workbook.sheetnames
    for sheet_index, row, col, value in edits:
        workbook[names[sheet_index % len(names)]].cell(row=row, column=col).value = value[:32767]  # Excel's cell
    out = io.BytesIO()
    workbook.save(out)
    attempt_and_fit(out.getvalue(), swv_with_plan, "xlsx")


@FUZZ
@given(text=huge, key=st.sampled_from(["title", "code", "mission", "description", "owner", "theme_label"]))
def test_huge_values_in_yaml(swv_with_plan, text, key):
    document = yaml.safe_load(EXAMPLE_TEXT)
    document[key] = text
    for year_plan in document.get("year_plans", [])[:1]:
        for activity in year_plan.get("activities", [])[:1]:
            activity["description"] = text
    attempt_and_fit(yaml.safe_dump(document, allow_unicode=True), swv_with_plan, "yaml")
