"""The board pack read back: page 1 of the PDF is the visual summary, Word has the charts as images with alt text
and a table of contents with entries, PowerPoint has a summary slide first and one slide per speerpunt/thema.

For every demo plan (the demo is loaded once), and for one figure below the suppression threshold (ADR 0012).
"""

import io
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.reports import boardpack, content, render, slides, word
from koers.reports.tests.test_documents import IMG_DIR, flat

pytestmark = pytest.mark.django_db
T3_2024 = Tertiaal(2024, 3)


def page_text(pdf: bytes, first: int, last: int | None = None) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(first), "-l", str(last or first), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return flat(result.stdout.decode("utf-8"))


def _demo_payloads():
    from koers.demo import setup
    from koers.plans.models import YearPlan

    setup.load()
    year_plans = list(YearPlan.unscoped.select_related("swv").order_by("swv__code", "school_year", "pk"))
    assert len(year_plans) >= 2
    return [(yp, content.tertiaal_payload(yp, T3_2024, for_readers(yp.swv))) for yp in year_plans]


def _check_pdf(payload, board, label):
    pdf = render.render_pdf(payload)
    IMG_DIR.mkdir(parents=True, exist_ok=True)  # page 1 for the user guide: boardpack-spow-1.png and so on
    target = IMG_DIR / f"boardpack-{payload['swv']['short_name'].lower()}-1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", "-", str(target)], input=pdf, check=True
    )
    assert target.with_suffix(".png").stat().st_size > 10_000, label
    first = page_text(pdf, 1)
    assert "Samenvatting" in first and payload["swv"]["name"] in first, label
    assert "Stoplicht" in first or not board["has_indicators"], label
    assert "Voortgang en budget per" in first, label
    for row in board["rows"]:  # every speerpunt/thema on page 1, with its measured indicators' value and norm
        assert flat(row["name"])[:30] in first, (label, row["name"])  # long names wrap in their cell
        for indicator in row["indicators"]:
            assert indicator["status_label"] in first and indicator["display"] in first, (label, indicator)
    assert f"Wat is veranderd sinds {board['previous_label']}" in page_text(pdf, 1, 2), label
    assert "Inhoud" in page_text(pdf, 2, 3), label  # the table of contents follows the summary


def _check_docx(payload, board, label):
    data = word.tertiaal_docx(payload)
    document = Document(io.BytesIO(data))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].text == "Samenvatting", label  # the visual summary first
    charts = [s for s in document.inline_shapes if s._inline.docPr.get("title")]
    expected = sum(1 for r in board["rows"] if r["activity_total"]) + sum(1 for r in board["rows"] if r["budget"])
    expected += int(board["has_activities"]) + int(board["budget"] is not None)
    expected += int(bool((board.get("vooruitblik") or {}).get("chart_svg")))  # the Vooruitblik's chart (ADR 0026)
    expected += len((payload.get("money") or {}).get("ratios", []))  # the trend charts of the money page (finance)
    expected += int(bool(((payload.get("money") or {}).get("afdrachten_forecast") or {}).get("chart_svg")))
    expected += int(bool(payload.get("flows") and payload["flows"]["rows"]))  # Leerlingstromen (SPOW's demo)
    assert len(charts) == expected and expected >= 2, label
    for shape in charts:
        alt = shape._inline.docPr.get("descr")
        assert alt and shape._inline.docPr.get("title") in alt, label
        # norm: a money trend chart; Voorspelling: the Vooruitblik; inkomend: Leerlingstromen; afdrachten: finance
        words = ("activiteit", "Gerealiseerd", "Voorspelling", "norm ", "inkomend", "afdrachten")
        assert any(word in alt for word in words), alt
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC \\o") for i in instructions), label
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    entries = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name.startswith("toc")]
    assert entries[0] == "Samenvatting" and len(entries) == len(anchors) > len(payload["sections"]), label
    assert set(anchors) <= bookmarks, label  # every entry links to its heading
    for section in payload["sections"]:
        title = (section["label"] + ": " if section["label"] else "") + section["title"]
        assert title in entries, (label, title)
    assert "bijwerken (F9)" not in "\n".join(p.text for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'<w:updateFields w:val="true"/>' in archive.read("word/settings.xml")
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in archive.namelist())


def expected_slide_count(payload) -> int:
    """The slides a board pack's PowerPoint has: title, summary, one per section, and the optional ones."""
    return (
        2
        + len(payload["sections"])
        + _forecast_slides(payload)  # Vooruitblik (ADR 0026)
        + int(bool(payload.get("flows")))  # Leerlingstromen
        + int(bool(payload.get("money")))  # Geld (koers.finance)
        + int(bool((payload.get("money") or {}).get("afdrachten_forecast")))  # Verwachte afdrachten (ADR 0038)
    )


def _check_pptx(payload, board, label):
    presentation = Presentation(io.BytesIO(slides.tertiaal_pptx(payload)))
    slide_list = list(presentation.slides)
    money = int(bool(payload.get("money")))  # the last slide: money (koers.finance)
    flows = int(bool(payload.get("flows")))  # the Leerlingstromen slide, before the money slide
    forecast = _forecast_slides(payload)  # the Vooruitblik, after the speerpunten (ADR 0026)
    afdrachten = int(bool((payload.get("money") or {}).get("afdrachten_forecast")))  # after Geld (ADR 0038)
    assert len(slide_list) == expected_slide_count(payload), label
    assert expected_slide_count(payload) == 2 + len(payload["sections"]) + forecast + flows + money + afdrachten
    if forecast:
        _check_forecast_slides(slide_list[2 + len(payload["sections"]) :][:forecast], payload["vooruitblik"], label)
    if flows:
        flows_slide = slide_list[2 + len(payload["sections"]) + forecast]
        assert flows_slide.shapes[1].text_frame.text == "Leerlingstromen", label
    texts = [
        [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text] for slide in slide_list
    ]
    assert payload["swv"]["name"] in texts[0], label
    assert texts[1][0] == "Samenvatting", label
    summary_pictures = [s for s in slide_list[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(summary_pictures) == int(board["has_activities"]) + int(board["budget"] is not None) >= 1, label
    themes = slice(2, 2 + len(board["rows"]))
    for slide, row, text in zip(slide_list[themes], board["rows"], texts[themes], strict=True):
        assert text[0] == row["name"][:110], label
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == int(bool(row["activity_total"])) + int(row["budget"] is not None), (label, row["name"])
        assert all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures), label
        tables = [s.table for s in slide.shapes if s.has_table]
        if row["all_indicators"]:
            cells = [cell.text.split("\n") for r in tables[0].rows for cell in r.cells]
            shown = row["all_indicators"][: slides.SLIDE_INDICATORS]
            assert len(tables[0].rows) == len(shown) + 1, label
            for indicator in shown:
                first_lines = [c[0] for c in cells]
                assert indicator["display"] in first_lines and indicator["status_label"] in first_lines, label
                # under the value what it is measured up to, under the status a trend norm's comparison
                value_cell = next(c for c in cells if c[0] == indicator["display"])
                if indicator["measured_text"]:
                    assert indicator["measured_text"] in value_cell[1:], label
        else:
            assert not tables, label


def _forecast_slides(payload) -> int:
    vb = payload.get("vooruitblik") or {}
    if not (vb.get("items") or vb.get("funded")):
        return 0
    return int(bool(vb.get("items") or vb.get("chart_svg"))) + int(bool(vb.get("funded")))


def _check_forecast_slides(forecast_slides, vb, label):
    """The Vooruitblik read back: its title, the chart as a picture with alt text, the same figures as a table
    (the chart's table alternative) and the method and chart description in the notes."""
    rest = list(forecast_slides)
    if vb.get("items") or vb.get("chart_svg"):
        slide = rest.pop(0)
        assert slide.shapes[1].text_frame.text == "Vooruitblik", label
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == int(bool(vb.get("chart_svg"))), label
        for picture in pictures:
            alt = picture._element.nvPicPr.cNvPr.get("descr")
            assert "Voorspelling" in alt and alt in slide.notes_slide.notes_text_frame.text, label
        if vb.get("items"):
            table = next(s.table for s in slide.shapes if s.has_table)
            assert [c.text for c in table.rows[0].cells] == ["Maat", "Laatst gemeten", "Verwacht (interval)"], label
            names = [row.cells[0].text for row in list(table.rows)[1:]]
            assert names == [i["name"][:80] for i in vb["items"][: len(names)]] and names, label
            for item, row in zip(vb["items"], list(table.rows)[1:], strict=False):
                assert row.cells[1].text == item["last"], label
                for point in item["points"]:
                    assert point["display"] in row.cells[2].text, label
        assert "voorspellingsinterval van 95%" in slide.notes_slide.notes_text_frame.text, label
    if vb.get("funded"):
        slide = rest.pop(0)
        assert slide.shapes[1].text_frame.text == "Vooruitblik: leerlingen met een TLV", label
        table = next(s.table for s in slide.shapes if s.has_table)
        rows = [[c.text for c in row.cells] for row in list(table.rows)[1:]]
        assert rows[0] == [vb["funded"][0]["label"], vb["funded"][0]["school_type"], vb["funded"][0]["display"],
                           vb["funded"][0]["interval_display"] or "–"], label  # fmt: skip
        assert vb["funded_method"] in slide.notes_slide.notes_text_frame.text, label
    assert not rest, label


def test_the_board_pack_of_every_demo_plan_as_pdf_word_and_powerpoint():
    payloads = _demo_payloads()
    assert any(_forecast_slides(p) == 2 for _yp, p in payloads)  # a demo plan with the whole Vooruitblik
    for year_plan, payload in payloads:
        board = boardpack.summary(payload)
        label = f"{year_plan.swv} {year_plan.title}"
        assert board["rows"] and board["previous_label"] == "T2 2024", label
        _check_pdf(payload, board, label)
        _check_docx(payload, board, label)
        _check_pptx(payload, board, label)


def test_the_summary_counts_and_what_changed(plan_world, monitoring_values):
    payload = content.tertiaal_payload(plan_world.year_plan, T3_2024, for_readers(plan_world.year_plan.swv))
    board = boardpack.summary(payload)
    activities = [a for s in boardpack._walk(payload["sections"]) for a in s["activities"]]
    assert board["activity_total"] == len(activities) == sum(s["count"] for s in board["segments"])
    assert sum(r["activity_total"] for r in board["rows"]) == len(activities)
    statuses = {i["code"]: i["status"] for r in board["rows"] for i in r["all_indicators"]}
    assert statuses["I-TEV"] == "niet_op_koers" and statuses["I-TZ"] == "behaald"
    # the test world measures "op koers" in T1 2024 and the values above in T3 2024: changes since T2 2024
    changed = {c["title"]: (c["before"], c["after"]) for c in board["changes"] if c["indicator"]}
    titles = {i["code"]: i["title"] for r in board["rows"] for i in r["all_indicators"]}
    assert changed[titles["I-TEV"]] == ("Op koers", "Niet op koers")
    assert titles["I-BASIS"] not in changed  # op koers then and now
    assert "veranderde de status van" in board["changes_text"]


def test_the_board_pack_shows_small_counts_as_its_readers_see_them():
    """A figure below the threshold is "minder dan 5" on page 1, in Word and in PowerPoint (ADR 0012)."""
    from koers_dev.testing.worlds import small_counts_world

    world = small_counts_world(counts=(3, 0))
    payload = content.tertiaal_payload(world["year_plan"], Tertiaal(2025, 2), for_readers(world["swv"]))
    board = boardpack.summary(payload)
    shown = [i for r in board["rows"] for i in r["all_indicators"]]
    assert shown and all(i["display"] == "minder dan 5" for i in shown)
    assert "minder dan 5" in page_text(render.render_pdf(payload), 1)
    document = Document(io.BytesIO(word.tertiaal_docx(payload)))
    assert "minder dan 5" in [c.text for t in document.tables for r in t.rows for c in r.cells]
    presentation = Presentation(io.BytesIO(slides.tertiaal_pptx(payload)))
    cells = [
        c.text.split("\n")[0]  # the value; a line under it says what it is measured up to
        for slide in presentation.slides
        for s in slide.shapes
        if s.has_table
        for r in s.table.rows
        for c in r.cells
    ]
    assert "minder dan 5" in cells and "3" not in cells
