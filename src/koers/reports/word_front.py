"""The front of the Word documents: the board pack's first page and a table of contents that is never empty.

- :func:`board_page` writes page 1 of the tertiaalrapportage as in the PDF: logo and colour, key figures, the
  traffic-light matrix (a table with coloured status cells and the status in words), the progress and budget
  bars per speerpunt (the PDF's SVG charts as PNG, with their description as alt text: ADR 0013) and what changed.
- :func:`toc_placeholder` and :func:`fill_toc` make the table of contents a real TOC field with linked entries
  (``\\h``) to bookmarks on the headings and page numbers counted from the page breaks, so the list is there
  before Word updates it; ``w:updateFields`` in settings.xml makes Word fill in the exact page numbers on opening.
"""

from __future__ import annotations

import base64
import io

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from koers.reports import boardpack, chart_images, flows_front, money_pages, word_forecast

TOC_LEVELS = 2
IMAGE_WIDTH = 520  # the width (SVG units) of the charts drawn for Word and PowerPoint


def _hex(colour: str, default: str = "1D4F91") -> str:
    colour = (colour or "").lstrip("#")
    return colour.upper() if len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour) else default


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _widths(table, widths_cm) -> None:
    """Fixed column widths that Word and LibreOffice both keep."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            if cell._tc.grid_span == 1:  # a merged cell spans its columns' widths
                cell.width = Cm(width)


def shade(cell, fill: str) -> None:
    """A table cell's background colour (hex without #)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def picture(run, svg: str, width_cm: float):
    """The chart ``svg`` as a PNG picture in ``run``, with the chart's title and description as alt text."""
    image = chart_images.to_png(svg)
    shape = run.add_picture(io.BytesIO(image.png), width=Cm(width_cm))
    doc_pr = shape._inline.docPr
    doc_pr.set("title", image.title)
    doc_pr.set("descr", image.alt_text)
    return shape


def _paragraph(document, text: str, size: float, *, bold=False, colour: str = "", space_after: float = 2):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _band(document, colour: str) -> None:
    """A band in the SWV's colour over the width of the page: a paragraph with a thick top border."""
    paragraph = document.add_paragraph()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "48"), ("space", "1"), ("color", colour)):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def board_page(document, payload: dict, context: dict) -> None:
    """Page 1 of the tertiaalrapportage in Word (see the module docstring)."""
    p = payload
    board = boardpack.summary(p)
    colour = _hex(p["swv"].get("colour", ""))
    _band(document, colour)
    if p["swv"].get("logo"):  # a data: URI with the SWV's logo (PNG or JPEG)
        document.add_picture(io.BytesIO(base64.b64decode(p["swv"]["logo"].split(",", 1)[1])), height=Cm(1.8))
        document.inline_shapes[-1]._inline.docPr.set("descr", _("Logo %(name)s") % {"name": p["swv"]["name"]})
    name = p["swv"]["name"] + (f" ({p['swv']['short_name']})" if p["swv"]["short_name"] != p["swv"]["name"] else "")
    _paragraph(document, name, 12, bold=True, space_after=0)
    _paragraph(
        document,
        (_("Tertiaalrapportage") + f" {p['tertiaal']['label']} · ")
        + _("stand van zaken op %(date)s") % {"date": p["reference_date"]},
        9,
        colour="4A4A4A",
        space_after=0,
    )
    _paragraph(document, context["title"], 20, bold=True, space_after=2)
    issued = (
        _("uitgebracht op %(when)s door %(who)s") % {"when": context["issued_at"], "who": context["issued_by"]}
        if context.get("issued_at")
        else _("concept, gemaakt op %(when)s") % {"when": p["generated_at"]}
    )
    plan = p["plan"]["title"] + (f" ({p['plan']['period']})" if p["plan"]["period"] not in p["plan"]["title"] else "")
    meta = ([p["year_plan"]["title"]] if p["year_plan"]["title"] != context["title"] else []) + [plan, issued]
    _paragraph(document, " · ".join(meta), 9, colour="4A4A4A")
    if p["is_demo"]:
        _paragraph(
            document,
            _(
                "Demo: de monitoringgegevens in deze rapportage zijn synthetisch (door Koers gegenereerd) "
                "en gaan niet over echte leerlingen."
            ),
            8,
            colour="7A4B00",
        ).runs[0].italic = True
    document.add_heading(_("Samenvatting"), level=1)

    if board["tiles"]:  # key figures: one row of cells
        table = document.add_table(rows=1, cols=len(board["tiles"]))
        for cell, tile in zip(table.rows[0].cells, board["tiles"], strict=True):
            shade(cell, "F3F4F6")
            run = cell.paragraphs[0].add_run(tile["figure"])
            run.bold = True
            run.font.size = Pt(16)
            if tile.get("warn"):
                run.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)
            cell.add_paragraph(tile["text"]).runs[0].font.size = Pt(8.5)
        document.add_paragraph()

    if board["has_indicators"]:
        caption = _paragraph(
            document,
            _("Stoplicht: %(l)s per %(t)s, met waarde en norm")
            % {"l": board["indicator_label"].lower(), "t": board["theme_label"].lower()},
            9.5,
            bold=True,
        )
        caption.paragraph_format.keep_with_next = True
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [_("Status"), board["indicator_label"], _("Waarde"), _("Norm")], strict=True
        ):
            cell.paragraphs[0].add_run(text).bold = True
        for row in board["rows"]:
            if not row["indicators"] and not row["hidden"]:
                continue
            group = table.add_row().cells
            merged = group[0].merge(group[3])
            merged.paragraphs[0].add_run(row["name"]).bold = True
            shade(merged, "ECEFF3")
            for indicator in row["indicators"]:
                cells = table.add_row().cells
                fill, ink = boardpack.LIGHTS.get(indicator["status"], boardpack.LIGHTS["geen_meting"])
                shade(cells[0], fill.lstrip("#").upper())
                run = cells[0].paragraphs[0].add_run(indicator["status_label"])
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(ink.lstrip("#").upper())
                if indicator.get("comparison"):  # a trend norm: a year earlier, or the nulmeting
                    cells[0].paragraphs[0].add_run("\n" + indicator["comparison"]).font.size = Pt(8)
                cells[1].text = _short(indicator["title"], 90)
                cells[2].text = indicator["display"]
                if indicator.get("measured_text"):  # "gemeten t/m 31-07-2025" (ADR 0017)
                    cells[2].paragraphs[0].add_run("\n" + indicator["measured_text"]).font.size = Pt(8)
                cells[3].text = _short(indicator["norm"], 50)
            if row["hidden"]:
                cells = table.add_row().cells
                note = cells[1].merge(cells[3])
                note.text = ngettext(
                    "En %(n)s indicator zonder meting tegen een norm; zie het onderdeel.",
                    "En %(n)s indicatoren zonder meting tegen een norm; zie het onderdeel.",
                    row["hidden"],
                ) % {"n": row["hidden"]}
        _widths(table, (2.8, 9.4, 2.2, 3.6))
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
        document.add_paragraph()

    if board["has_activities"] or board["has_budget"]:
        caption = _paragraph(
            document, _("Voortgang en budget per %(t)s") % {"t": board["theme_label"].lower()}, 9.5, bold=True
        )
        caption.paragraph_format.keep_with_next = True
        headers = [board["theme_label"]]
        headers += [_("Activiteiten per status")] if board["has_activities"] else []
        headers += [_("Budget gerealiseerd")] if board["has_budget"] else []
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        _widths(table, (6.0, 5.9, 6.0) if len(headers) == 3 else (6.0, 11.9))
        for row in board["rows"]:
            cells = table.add_row().cells
            cells[0].text = row["name"]
            column = 1
            if board["has_activities"]:
                if row["activity_total"]:
                    picture(cells[column].paragraphs[0].add_run(), row["activity_chart_svg"], 5.6)
                    cells[column].add_paragraph(
                        _("%(done)s van %(total)s afgerond")
                        % {"done": row["activity_done"], "total": row["activity_total"]}
                    ).runs[0].font.size = Pt(7.5)
                else:
                    cells[column].text = _("geen activiteiten")
                column += 1
            if board["has_budget"]:
                if row["budget"]:
                    picture(cells[column].paragraphs[0].add_run(), row["budget_chart_svg"], 5.6)
                    cells[column].add_paragraph(
                        _("%(r)s van %(a)s")
                        % {"r": row["budget"]["realised_display"], "a": row["budget"]["allocated_display"]}
                    ).runs[0].font.size = Pt(7.5)
                else:
                    cells[column].text = _("geen budget")
        document.add_paragraph()
        if board["has_activities"]:
            svg = boardpack.activity_bar_svg(
                board["segments"], board["activity_total"], _("het hele jaarplan"), legend=True, width=IMAGE_WIDTH
            )
            picture(document.add_paragraph().add_run(), svg, 16)
        if board["budget"]:
            svg = boardpack.budget_bar_svg(board["budget"], _("het hele jaarplan"), width=IMAGE_WIDTH, amounts=True)
            picture(document.add_paragraph().add_run(), svg, 16)

    if board["previous_label"]:
        document.add_heading(_("Wat is veranderd sinds %(t)s") % {"t": board["previous_label"]}, level=2)
        document.add_paragraph(board["changes_text"])
        for change in board["changes_first"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(change["kind"] + " ").bold = True
            paragraph.add_run(f"{_short(change['title'], 90)}: {change['before'].lower()} → {change['after'].lower()}")
    word_forecast.add(document, board.get("vooruitblik"), picture)  # the Vooruitblik (ADR 0026)
    flows_front.word(document, payload, picture)  # Leerlingstromen (koers.reports.flows_front)
    money_pages.word(document, payload)  # the money page (koers.finance.report)


# ------------------------------------------------------------------------------------------ table of contents


def _toc_styles(document):
    styles = document.styles
    names = {style.name for style in styles}
    for level in range(1, TOC_LEVELS + 1):
        name = f"toc {level}"
        if name in names:
            continue
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)


def toc_placeholder(document):
    """The title "Inhoud" (not a heading, so it is not in its own list) and the paragraph for the TOC field."""
    title = document.add_paragraph()
    run = title.add_run(_("Inhoud"))
    run.bold = True
    run.font.size = Pt(16)
    return document.add_paragraph()


def _run(*children):
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _fld(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word brings it up to date
    return char


def _instr(text: str):
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = text
    return instr


def _text(text: str):
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def _bookmark(paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    properties = p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _headings(document, marker) -> list[tuple[int, str, object, int]]:
    """(level, text, paragraph, estimated page) of every heading of levels 1 and 2 but the TOC's own paragraph;
    the page is counted from the page breaks before it (Word corrects it when it updates the field)."""
    from docx.text.paragraph import Paragraph

    found, page = [], 1
    for element in document.element.body.iterchildren():
        page += len(element.findall(".//" + qn("w:br") + "[@" + qn("w:type") + "='page']"))
        if element.tag != qn("w:p") or element is marker._p:
            continue
        paragraph = Paragraph(element, document._body)
        style = paragraph.style.name if paragraph.style is not None else ""
        level = style.removeprefix("Heading ")
        if style.startswith("Heading ") and level.isdigit() and int(level) <= TOC_LEVELS and paragraph.text.strip():
            found.append((int(level), paragraph.text, paragraph, page))
    return found


def fill_toc(document, marker) -> None:
    """The TOC field in ``marker`` with one linked entry per heading (levels 1 and 2), in the document as it is
    now: bookmarks ``_TocKoersN`` on the headings, each entry a hyperlink with a PAGEREF field."""
    _toc_styles(document)
    headings = _headings(document, marker)
    section = document.sections[0]
    tab_position = str(int((section.page_width - section.left_margin - section.right_margin) / 635))  # twips
    paragraphs = []
    for number, (level, text, heading, page) in enumerate(headings, start=1):
        name = f"_TocKoers{number}"
        _bookmark(heading, name, 9000 + number)
        p = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), f"TOC{level}")
        properties.append(style)
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), tab_position)
        tabs.append(tab)
        properties.append(tabs)
        p.append(properties)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        link.append(_run(_text(text)))
        link.append(_run(OxmlElement("w:tab")))
        link.append(_run(_fld("begin")))
        link.append(_run(_instr(f" PAGEREF {name} \\h ")))
        link.append(_run(_fld("separate")))
        link.append(_run(_text(str(page))))
        link.append(_run(_fld("end")))
        p.append(link)
        paragraphs.append(p)
    field = marker._p
    if not paragraphs:  # nothing to list: the field alone, Word fills it
        field.append(_run(_fld("begin")))
        field.append(_run(_instr(f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u ')))
        field.append(_run(_fld("separate")))
        field.append(_run(_fld("end")))
        return
    first = paragraphs[0]
    start = [_run(_fld("begin")), _run(_instr(f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u ')), _run(_fld("separate"))]
    properties = first.find(qn("w:pPr"))
    for element in reversed(start):
        properties.addnext(element)
    paragraphs[-1].append(_run(_fld("end")))
    for p in reversed(paragraphs):
        field.addnext(p)
    field.getparent().remove(field)
