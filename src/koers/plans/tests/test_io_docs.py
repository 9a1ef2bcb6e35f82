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
