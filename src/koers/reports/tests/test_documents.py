"""The tertiaalrapportage and the jaarplan as PDF and Word: content checked by text extraction."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from docx import Document

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.reports import content, render, word

pytestmark = pytest.mark.django_db
T3_2024 = Tertiaal(2024, 3)
# Pages for the user guide go to an untracked folder (the same as the browser tests' screenshots, see
# tests/browser/conftest.py), so a test run changes no tracked file; `make handleiding` copies them into
# docs/handleiding/img/.
IMG_DIR = Path(
    os.environ.get("KOERS_SCREENSHOT_DIR") or Path(__file__).resolve().parents[4] / "var" / "handleiding-img"
)


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def _expected(world):
    payload = content.tertiaal_payload(world.year_plan, T3_2024, for_readers(world.year_plan.swv))
    goals = [g for s in payload["sections"] for g in s["goals"]]
    indicators = [i for g in goals for i in g["indicators"]]
    return payload, goals, indicators


def _assert_complete(text, goals, indicators, world):
    text = flat(text)
    for goal in goals:
        assert flat(goal["title"]) in text, goal["title"]
    for indicator in indicators:
        assert flat(indicator["title"]) in text, indicator["title"]
        assert indicator["latest"]["display"] in text
        assert indicator["latest"]["status_label"] in text
    for activity in world.activities:
        assert flat(activity.description) in text


def test_tertiaal_pdf_has_every_goal_indicator_value_and_status(plan_world, monitoring_values):
    payload, goals, indicators = _expected(plan_world)
    assert {i["latest"]["status"] for i in indicators} == {
        "behaald",
        "niet_behaald",
        "op_koers",
        "niet_op_koers",
        "geen_meting",
    }
    data = render.render_pdf(payload)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    _assert_complete(text, goals, indicators, plan_world)
    flat_text = flat(text)
    assert "pagina 2 van" in flat_text  # page numbers
    assert "Tertiaalrapportage T3 2024" in flat_text  # running header
    assert "Inhoud" in flat_text and "Samenvatting" in flat_text
    assert "EUR 3.328.484" in flat_text and "EUR 1.000.000" in flat_text  # budget vs realisation up to T3
    assert "EUR 400.000" not in flat_text  # realised in T1 2025: after this tertiaal
    assert "<svg" in payload["sections"][0]["goals"][0]["indicators"][0]["chart_svg"]


def test_tertiaal_pdf_table_of_contents_has_page_numbers(plan_world, monitoring_values):
    payload, goals, _indicators = _expected(plan_world)
    text = pdf_text(render.render_pdf(payload))
    toc = text.split("Inhoud", 1)[1].split("Samenvatting", 2)
    line = next(li for li in text.splitlines() if "Samenvatting" in li and "...." in li)
    assert line.rstrip()[-1].isdigit(), line
    assert toc


def test_tertiaal_docx_has_the_same_content(plan_world, monitoring_values):
    payload, goals, indicators = _expected(plan_world)
    data = word.tertiaal_docx(payload)
    text = docx_text(data)
    _assert_complete(text, goals, indicators, plan_world)
    assert "Tertiaalrapportage T3 2024" in text
    assert "[prioriteit]" in text
    # charts become a table of values with the status in words
    assert "T1 2024" in text and "Niet op koers" in text


def test_year_plan_document_in_spow_layout(plan_world, monitoring_values):
    payload = content.year_plan_payload(plan_world.year_plan)
    pdf = flat(pdf_text(render.render_pdf(payload)))
    docx = flat(docx_text(word.year_plan_docx(payload)))
    for text in (pdf, docx):
        for goal in plan_world.goals:
            assert flat(goal.title) in text
        for activity in plan_world.activities:
            assert flat(activity.description) in text
        assert "Hoofdactiviteit" in text and "Jaaractiviteit" in text and "Betrokkenen" in text
        assert "[prioriteit]" in text
        assert "Ondersteuningsplanraad" in text and "07-10-2024" in text  # adoption table
        assert "EUR 10.397.136" in text and "EUR 3.328.484" in text  # budget tables
        assert "Floor van Loo" in text  # portfolio


def test_priority_is_bold_and_underlined_in_word(plan_world):
    data = word.year_plan_docx(content.year_plan_payload(plan_world.year_plan))
    document = Document(io.BytesIO(data))
    runs = [
        run
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
        if run.text.startswith("Procesbegeleiding herziening")
    ]
    assert runs and all(r.bold and r.underline for r in runs)


def test_render_first_pages_for_the_manual(db, request, tmp_path):
    """The first pages as PNG for the user manual (rapportage-*.png in IMG_DIR; `make handleiding` publishes them).

    From the demo, as a new user sees it; the test world only when the demo cannot load. (The test world's
    fixtures replace measure values, so they are not loaded next to the demo.)
    """
    try:
        from koers.demo import setup

        swvs = setup.load()
        from koers.plans.models import YearPlan

        year_plan = YearPlan.unscoped.get(plan__swv=swvs["SPOW"], plan__code="spow-osp-2024-2028", school_year=2024)
    except Exception:  # the demo plan files are not there yet: use the test plan
        year_plan = request.getfixturevalue("plan_world").year_plan
        request.getfixturevalue("monitoring_values")
    pdf = tmp_path / "rapportage.pdf"
    pdf.write_bytes(render.render_pdf(content.tertiaal_payload(year_plan, T3_2024, for_readers(year_plan.swv))))
    IMG_DIR.mkdir(parents=True, exist_ok=True)

    def pages(name, numbers):  # one file per page with a fixed name (pdftoppm pads numbers by page count)
        for n in numbers:
            target = str(IMG_DIR / f"{name}-{n}")
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile", str(pdf), target],
                           check=True)  # fmt: skip

    pages("rapportage", (1, 2, 3))
    pdf.write_bytes(render.render_pdf(content.year_plan_payload(year_plan)))
    pages("rapportage-jaarplan", (2, 4))
    assert (IMG_DIR / "rapportage-1.png").exists() and (IMG_DIR / "rapportage-jaarplan-2.png").exists()


def test_pdf_is_tagged_for_screen_readers(plan_world, monitoring_values, tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(
        render.render_pdf(
            content.tertiaal_payload(plan_world.year_plan, T3_2024, for_readers(plan_world.year_plan.swv))
        )
    )
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, check=True, text=True).stdout
    assert "Tagged:          yes" in info


def test_swv_logo_on_the_cover_of_pdf_and_word(plan_world, monitoring_values, tmp_path):
    from PIL import Image

    from koers.organisations.models import SwvLogo

    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 86, 122)).save(buffer, "PNG")
    SwvLogo.objects.create(swv=plan_world.year_plan.swv, data=buffer.getvalue(), content_type="image/png")
    payload = content.tertiaal_payload(plan_world.year_plan, T3_2024, for_readers(plan_world.year_plan.swv))
    assert payload["swv"]["logo"].startswith("data:image/png;base64,")
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render.render_pdf(payload))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True, text=True)
    assert any(line.split()[3:5] == ["120", "60"] for line in images.stdout.splitlines()[2:]), images.stdout
    document = Document(io.BytesIO(word.tertiaal_docx(payload)))
    assert len(document.inline_shapes) >= 1
    year_plan = Document(io.BytesIO(word.year_plan_docx(content.year_plan_payload(plan_world.year_plan))))
    assert len(year_plan.inline_shapes) >= 1


def test_evidence_is_listed_in_pdf_and_word_a_file_by_name_only(plan_world, monitoring_values, bureau_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.plans import services as plan_services

    activity = plan_world.activities[0]
    update = plan_services.post_update(
        activity, bureau_user, tertiaal=T3_2024.key, status=activity.status, happened="Bijeenkomst gehouden."
    )
    plan_services.add_evidence(update, bureau_user, title="Verslag bijeenkomst", upload=SimpleUploadedFile(
        "verslag.pdf", b"%PDF-1.4 geheime inhoud van het verslag\n", content_type="application/pdf"))  # fmt: skip
    plan_services.add_evidence(update, bureau_user, title="Presentatie", url="https://example.org/presentatie")
    payload, _goals, _indicators = _expected(plan_world)
    assert [e["code"] for e in payload["evidence"]] == [activity.code]
    for text in (flat(pdf_text(render.render_pdf(payload))), flat(docx_text(word.tertiaal_docx(payload)))):
        assert "Bewijsstukken" in text
        assert "Presentatie: https://example.org/presentatie" in text
        assert "Verslag bijeenkomst (bestand in Koers)" in text
        assert "geheime inhoud" not in text  # the file itself never goes into a report
