"""koers report KIND --plan CODE --tertiaal T --format F -o FILE [--swv CODE]"""

import pytest
from django.core.management import CommandError, call_command

from koers.reports.tests.test_documents import docx_text, flat, pdf_text

pytestmark = pytest.mark.django_db


def test_tertiaalrapportage_as_pdf_and_docx(plan_world, monitoring_values, tmp_path):
    target = tmp_path / "t3.pdf"
    call_command(
        "report",
        "tertiaalrapportage",
        "--plan",
        plan_world.plan.code,
        "--tertiaal",
        "T3-2024",
        "--format",
        "pdf",
        "-o",
        str(target),
        "--swv",
        "PO 28-01",
    )
    text = flat(pdf_text(target.read_bytes()))
    assert "Tertiaalrapportage T3 2024" in text and "Deelnamepercentage SBO" in text
    target = tmp_path / "t3.docx"
    call_command(
        "report", "tertiaalrapportage", "--plan", plan_world.plan.code, "--tertiaal", "T3 2024", "-o", str(target)
    )
    assert "Niet behaald" in docx_text(target.read_bytes())


def test_jaarplan_uses_the_school_year_of_the_tertiaal(plan_world, tmp_path):
    target = tmp_path / "jap.docx"
    call_command(
        "report",
        "jaarplan",
        "--plan",
        plan_world.plan.code,
        "--tertiaal",
        "T1-2025",
        "--format",
        "docx",
        "-o",
        str(target),
    )
    assert "Jaar- en activiteitenplan 2024-2025" in docx_text(target.read_bytes())


def test_clear_errors(plan_world, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="Geen plan"):
        call_command("report", "jaarplan", "--plan", "bestaat-niet", "-o", out)
    with pytest.raises(CommandError, match="tertiaal"):
        call_command("report", "tertiaalrapportage", "--plan", plan_world.plan.code, "-o", out)
    with pytest.raises(CommandError, match="alleen als"):
        call_command("report", "jaarplan", "--plan", plan_world.plan.code, "--format", "xlsx", "-o", out)
    with pytest.raises(CommandError, match="geen tertiaal"):
        call_command("report", "tertiaalrapportage", "--plan", plan_world.plan.code, "--tertiaal", "T4-2024", "-o", out)
