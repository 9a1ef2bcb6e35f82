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
