"""docs/plan-importformaat.md describes every sheet, column and key, and shows the example file as it is."""

from pathlib import Path

from koers.plans.io.schema import SHEETS

DOCS = Path(__file__).resolve().parents[4] / "docs"


def test_every_sheet_column_and_key_is_documented():
    text = (DOCS / "plan-importformaat.md").read_text()
    for sheet in SHEETS:
        assert f"### Blad {sheet.name}" in text
        for field in sheet.parents:  # Excel only: in YAML the nesting says it
            assert f"| {field.header} | – (nesting) |" in text, field.header
        for field in sheet.fields:
            assert f"| {field.header} | `{field.key}` |" in text, field.header


def test_the_example_in_the_docs_is_the_example_file():
    text = (DOCS / "plan-importformaat.md").read_text()
    example = (DOCS / "voorbeelden" / "voorbeeldplan.yaml").read_text().rstrip("\n")
    assert f"```yaml\n{example}\n```" in text


def test_every_text_limit_is_documented():
    text = (DOCS / "plan-importformaat.md").read_text()
    for sheet in SHEETS:
        section = text.split(f"### Blad {sheet.name}\n", 1)[1].split("\n#", 1)[0]
        for field in sheet.fields:
            limit = field.limit if field.kind in ("text", "name", "code", "ref") else None
            if limit:
                shown = f"{limit:,}".replace(",", ".")
                row = next(
                    line for line in section.splitlines() if line.startswith(f"| {field.header} | `{field.key}` |")
                )
                assert row.endswith(f"| {shown} |"), (sheet.name, field.header, row)


def test_register_docs_name_the_real_variable():
    text = (DOCS / "monitoring-registers.md").read_text()
    assert "KOERS_PSEUDONYM_KEY" in text and "`PSEUDONYM_KEY`" not in text
    assert "Hoogstens (tekens)" in text


def test_model_form_text_fields_are_cleaned_and_long_enough():
    """Control characters go at input; the limits of the model fit real plans (and the importer agrees)."""
    from koers.plans.io.schema import ACTIVITY_FIELDS
    from koers.plans.models import LONG_TEXT, Activity

    field = Activity._meta.get_field("description").formfield()
    assert field.clean("Omschrijving\x0bmet verticale tab") == "Omschrijving\nmet verticale tab"
    assert field.max_length == LONG_TEXT == 32_767
    budget = "Begroting 2.1/2.2 onderwijszorgarrangementen - interventies directie " * 4
    assert len(budget) > 120 and Activity._meta.get_field("budget_code").formfield().clean(budget.strip())
    limits = {f.key: f.limit for f in ACTIVITY_FIELDS}
    assert limits["budget_code"] >= 300 and limits["start"] >= 300 and limits["description"] == LONG_TEXT
