"""The board pack as a PowerPoint presentation (python-pptx), for the bureau to present to the RvT.

A title slide (logo and colour of the SWV), a summary slide (key figures, the activities by status and the budget
realisation of the whole jaarplan, what changed since the previous tertiaal) and one slide per speerpunt/thema
with its progress and budget chart and its indicator table (status in words on a traffic-light colour, value and
norm); then the Vooruitblik (``slides_forecast``), Leerlingstromen (``flows_front``) and Geld (``money_pages``, then ``slides_money_forecast``). The charts are the PDF's SVG drawings as PNG with their description as alt text (ADR 0013). Everything
comes from the same payload as the PDF and the Word file (boardpack.summary).
"""

from __future__ import annotations

import base64
import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Cm, Pt

from koers.core.export_safety import clean_deep
from koers.reports import boardpack, chart_images, flows_front, money_pages, slides_forecast, slides_money_forecast

WIDTH, HEIGHT = Cm(33.867), Cm(19.05)  # 16:9
MARGIN = Cm(1.5)
SLIDE_INDICATORS = 9  # rows of the indicator table on a speerpunt's slide; more are counted below it
BLANK = 6  # the blank layout of python-pptx's default template


def _rgb(colour: str, default: str = "1D4F91") -> RGBColor:
    colour = (colour or "").lstrip("#")
    valid = len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour)
    return RGBColor.from_string(colour.upper() if valid else default)


def _text(slide, text: str, left, top, width, height, *, size=14, bold=False, colour="101828"):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(colour)
    return box


def _picture(slide, svg: str, left, top, width):
    image = chart_images.to_png(svg)
    picture = slide.shapes.add_picture(io.BytesIO(image.png), left, top, width=width)
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", image.alt_text)
    properties.set("title", image.title)
    return picture


def _band(slide, colour: RGBColor, height):
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, height)
    band.fill.solid()
    band.fill.fore_color.rgb = colour
    band.line.fill.background()
    return band


def _slide(presentation, title: str, colour: RGBColor, footer: str):
    slide = presentation.slides.add_slide(presentation.slide_layouts[BLANK])
    _band(slide, colour, Cm(0.5))
    _text(slide, title, MARGIN, Cm(0.9), WIDTH - 2 * MARGIN, Cm(1.6), size=24, bold=True)
    _text(slide, footer, MARGIN, HEIGHT - Cm(1.1), WIDTH - 2 * MARGIN, Cm(0.8), size=9, colour="475467")
    return slide


def tertiaal_pptx(payload: dict, report=None) -> bytes:
    with translation.override("nl"):
        return _tertiaal_pptx(clean_deep(payload), report)


def _tertiaal_pptx(payload: dict, report=None) -> bytes:
    from koers.reports.render import document_context

    p = payload
    context = document_context(p, report)
    board = boardpack.summary(p)
    colour = _rgb(p["swv"].get("colour", ""))
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    presentation.core_properties.title = context["title"]
    presentation.core_properties.language = "nl-NL"
    kind = _("Tertiaalrapportage") + " " + p["tertiaal"]["label"]
    footer = f"{p['swv']['short_name']} · {kind} · " + _("stand van zaken op %(date)s") % {"date": p["reference_date"]}

    # 1. title slide
    slide = presentation.slides.add_slide(presentation.slide_layouts[BLANK])
    _band(slide, colour, Cm(2.2))
    if p["swv"].get("logo"):
        logo = slide.shapes.add_picture(
            io.BytesIO(base64.b64decode(p["swv"]["logo"].split(",", 1)[1])), MARGIN, Cm(3.2), height=Cm(2.4)
        )
        logo._element.nvPicPr.cNvPr.set("descr", _("Logo %(name)s") % {"name": p["swv"]["name"]})
    _text(slide, p["swv"]["name"], MARGIN, Cm(6.2), WIDTH - 2 * MARGIN, Cm(1.2), size=18, bold=True)
    _text(slide, kind.upper(), MARGIN, Cm(7.6), WIDTH - 2 * MARGIN, Cm(1), size=14, colour="475467")
    _text(slide, context["title"], MARGIN, Cm(8.8), WIDTH - 2 * MARGIN, Cm(3), size=36, bold=True)
    issued = (
        _("Uitgebracht op %(when)s door %(who)s") % {"when": context["issued_at"], "who": context["issued_by"]}
        if context.get("issued_at")
        else _("Concept, gemaakt op %(when)s") % {"when": p["generated_at"]}
    )
    plan = p["plan"]["title"] + (f" ({p['plan']['period']})" if p["plan"]["period"] not in p["plan"]["title"] else "")
    _text(slide, f"{plan}\n{issued}", MARGIN, Cm(12.4), WIDTH - 2 * MARGIN, Cm(2), size=14, colour="344054")
    if p["is_demo"]:
        _text(
            slide,
            _(
                "Demo: de monitoringgegevens zijn synthetisch (door Koers gegenereerd) en gaan niet over echte leerlingen."
            ),
            MARGIN,
            HEIGHT - Cm(2),
            WIDTH - 2 * MARGIN,
            Cm(1),
            size=11,
            colour="7A4B00",
        )

    # 2. summary slide
    slide = _slide(presentation, _("Samenvatting"), colour, footer)
    tiles = board["tiles"]
    if tiles:
        tile_w = (WIDTH - 2 * MARGIN - Cm(0.5) * (len(tiles) - 1)) / len(tiles)
        for n, tile in enumerate(tiles):
            left = MARGIN + n * (tile_w + Cm(0.5))
            box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, int(left), Cm(2.8), int(tile_w), Cm(2.6))
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor(0xF3, 0xF4, 0xF6)
            box.line.color.rgb = RGBColor(0xB4, 0x23, 0x18) if tile.get("warn") else colour
            frame = box.text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = tile["figure"]
            run.font.size, run.font.bold = Pt(26), True
            run.font.color.rgb = RGBColor(0x10, 0x18, 0x28)
            second = frame.add_paragraph().add_run()
            second.text = tile["text"]
            second.font.size = Pt(12)
            second.font.color.rgb = RGBColor(0x34, 0x40, 0x54)
    top = Cm(6)
    if board["has_activities"]:
        _text(slide, _("Activiteiten per status"), MARGIN, top, Cm(14), Cm(0.9), size=14, bold=True)
        svg = boardpack.activity_bar_svg(
            board["segments"], board["activity_total"], _("het hele jaarplan"), legend=True, width=520
        )
        _picture(slide, svg, MARGIN, top + Cm(1), Cm(14.5))
    if board["budget"]:
        left = MARGIN + Cm(16)
        _text(slide, _("Budget gerealiseerd"), left, top, Cm(14), Cm(0.9), size=14, bold=True)
        svg = boardpack.budget_bar_svg(board["budget"], _("het hele jaarplan"), width=520, amounts=True)
        _picture(slide, svg, left, top + Cm(1), Cm(14.5))
    if board["previous_label"]:
        lines = [board["changes_text"]] + [
            f"• {c['kind']} {c['title'][:90]}: {c['before'].lower()} → {c['after'].lower()}"
            for c in board["changes_first"]
        ]

        _text(
            slide,
            _("Wat is veranderd sinds %(t)s") % {"t": board["previous_label"]},
            MARGIN,
            Cm(10.2),
            WIDTH - 2 * MARGIN,
            Cm(0.9),
            size=14,
            bold=True,
        )
        _text(slide, "\n".join(lines), MARGIN, Cm(11.1), WIDTH - 2 * MARGIN, Cm(6), size=12, colour="344054")

    # 3. one slide per speerpunt / thema
    for row in board["rows"]:
        slide = _slide(presentation, row["name"][:110], colour, footer)
        top = Cm(3)
        chart_w = Cm(12)
        if row["activity_total"]:
            _text(slide, _("Activiteiten per status"), MARGIN, top, chart_w, Cm(0.8), size=12, bold=True)
            svg = boardpack.activity_bar_svg(
                row["segments"], row["activity_total"], row["name"], legend=True, width=520
            )
            _picture(slide, svg, MARGIN, top + Cm(0.9), chart_w)
            _text(
                slide,
                _("%(done)s van %(total)s afgerond") % {"done": row["activity_done"], "total": row["activity_total"]}
                + (" · " + _("%(n)s te laat") % {"n": row["activity_late"]} if row["activity_late"] else ""),
                MARGIN,
                top + Cm(2.3),
                chart_w,
                Cm(0.8),
                size=11,
                colour="344054",
            )
            top += Cm(3.6)
        if row["budget"]:
            _text(slide, _("Budget gerealiseerd"), MARGIN, top, chart_w, Cm(0.8), size=12, bold=True)
            svg = boardpack.budget_bar_svg(row["budget"], row["name"], width=520, amounts=True)
            _picture(slide, svg, MARGIN, top + Cm(0.9), chart_w)
        indicators = row["all_indicators"]
        left = MARGIN + chart_w + Cm(1)
        width = WIDTH - left - MARGIN
        if not indicators:
            _text(
                slide,
                _("Bij dit onderdeel horen geen %(l)s.") % {"l": p["plan"]["indicator_label"].lower()},
                left,
                Cm(3),
                width,
                Cm(1),
                size=12,
                colour="475467",
            )
            continue
        shown = indicators[:SLIDE_INDICATORS]
        table = slide.shapes.add_table(len(shown) + 1, 4, left, Cm(3), width, Cm(1) * (len(shown) + 1)).table
        for column, size in enumerate((Cm(3.2), width - Cm(3.2) - Cm(2.6) - Cm(3.6), Cm(2.6), Cm(3.6))):
            table.columns[column].width = int(size)
        for cell, text in zip(
            table.rows[0].cells, [_("Status"), p["plan"]["indicator_label"], _("Waarde"), _("Norm")], strict=True
        ):
            cell.text = text
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        for r, indicator in enumerate(shown, start=1):
            fill, ink = boardpack.LIGHTS.get(indicator["status"], boardpack.LIGHTS["geen_meting"])
            values = [
                indicator["status_label"],
                indicator["title"][:140],
                indicator["display"],
                indicator["norm"][:60],
            ]
            notes = {  # a line under the status and the value: the trend comparison, what it is measured up to
                0: indicator.get("comparison", ""),
                2: indicator.get("measured_text", ""),
            }
            for c, text in enumerate(values):
                cell = table.cell(r, c)
                cell.text = text
                run = cell.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(10)
                if notes.get(c):
                    note = cell.text_frame.add_paragraph().add_run()
                    note.text = notes[c]
                    note.font.size = Pt(8)
                if c == 0:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#").upper())
                    run.font.bold = True
                    run.font.color.rgb = RGBColor.from_string(ink.lstrip("#").upper())
                else:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if r % 2 else RGBColor(0xF3, 0xF4, 0xF6)
                    run.font.color.rgb = RGBColor(0x10, 0x18, 0x28)
        if len(indicators) > len(shown):
            more = len(indicators) - len(shown)
            _text(
                slide,
                ngettext(
                    "En nog %(n)s indicator: zie de rapportage.", "En nog %(n)s indicatoren: zie de rapportage.", more
                )
                % {"n": more},
                left,
                HEIGHT - Cm(2),
                width,
                Cm(0.8),
                size=10,
                colour="475467",
            )
    slides_forecast.slides(p, lambda t: _slide(presentation, t, colour, footer), _picture, _text)  # ADR 0026
    flows_front.slide(presentation, p, lambda t: _slide(presentation, t, colour, footer), _picture, _text, MARGIN, Cm)
    # the last slide: money (koers.finance.report), when the payload has it
    money_pages.slides(presentation, p, lambda pr, t: _slide(pr, t, colour, footer), _text, _picture)
    slides_money_forecast.slides(p, lambda t: _slide(presentation, t, colour, footer), _picture, _text)  # ADR 0038
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
