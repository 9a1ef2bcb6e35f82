"""The slide "Verwachte afdrachten" of the board pack's PowerPoint (``reports.slides_money_forecast``) read back
for SPOW's demo (tariffs and budgets): title, the chart as a picture with alt text, the same figures as a table and
the method in the notes; a board pack without the forecast has no such slide. Also the board pack PDF page with
the forecast as an image for the user guide (``boardpack-geld-vooruitblik.png``)."""

import copy
import io
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from koers.reports import render, slides
from koers.reports.tests.test_boardpack import page_text
from koers.reports.tests.test_boardpack_manual import _png, _spow_payload

pytestmark = pytest.mark.django_db
TITLE = "Verwachte afdrachten"


@pytest.fixture
def spow():
    payload = _spow_payload()
    assert payload["money"]["afdrachten_forecast"], "SPOW's demo heeft tarieven en begrotingen"
    return payload


def _titles(presentation):
    return [slide.shapes[1].text_frame.text for slide in presentation.slides]


def test_the_slide_has_the_chart_the_table_and_the_method(spow):
    forecast = spow["money"]["afdrachten_forecast"]
    presentation = Presentation(io.BytesIO(slides.tertiaal_pptx(spow)))
    titles = _titles(presentation)
    assert titles.count(TITLE) == 1
    assert titles.index(TITLE) == titles.index(next(t for t in titles if t.startswith("Geld"))) + 1
    slide = list(presentation.slides)[titles.index(TITLE)]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert forecast["title"] in alt and forecast["labels"][0] in alt
    notes = slide.notes_slide.notes_text_frame.text
    assert alt in notes and "5/12" in notes and forecast["method"] in notes
    tables = [s.table for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    cells = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert cells[0] == ["Schooljaar", "Soort", "Afdrachten", "Bandbreedte (95%)", "Begroot", "Verschil"]
    expected = [[r["label"], r["kind"], r["display"], r["range_display"], r["norm_display"], r["difference_display"]]
                for r in forecast["rows"]]  # fmt: skip
    assert cells[1:] == expected and len(expected) >= 2
    assert any(value.startswith("EUR") for row in cells[1:] for value in row[2:3])  # an amount, not a reason
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "begroting (de norm)" in texts and "notities" in texts


def test_a_board_pack_without_the_forecast_has_no_such_slide(spow):
    without = copy.deepcopy(spow)
    without["money"].pop("afdrachten_forecast")  # a report issued before the forecast existed
    titles = _titles(Presentation(io.BytesIO(slides.tertiaal_pptx(without))))
    assert TITLE not in titles and any(t.startswith("Geld") for t in titles)
    without["money"]["afdrachten_forecast"] = None  # a schoolbestuur, or no year with a figure
    assert TITLE not in _titles(Presentation(io.BytesIO(slides.tertiaal_pptx(without))))
    without.pop("money")
    assert TITLE not in _titles(Presentation(io.BytesIO(slides.tertiaal_pptx(without))))


def test_the_pdf_page_with_the_forecast_for_the_manual(spow):
    forecast = spow["money"]["afdrachten_forecast"]
    pdf = render.render_pdf(spow)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    found = [n for n in range(1, pages + 1) if forecast["title"] in page_text(pdf, n)]
    assert found, "geen pagina met de verwachte afdrachten"
    assert forecast["rows"][0]["display"] in page_text(pdf, found[0], found[0] + 1)
    _png(pdf, found[0], "boardpack-geld-vooruitblik")
