"""Word (.docx) versions of the documents, built with python-docx from the same payload as the PDF.

The file is meant to be edited further: real headings, plain tables, page numbers as fields, and a table of
contents with linked entries that Word updates on opening (word_front.py). Page 1 of the tertiaalrapportage is
the board pack's summary with its charts as images (word_front.board_page, ADR 0013); an indicator's series is
given as a table of values with the status in words.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from koers.core import text as plain_text
from koers.core.export_safety import clean_deep
from koers.reports.content import upgrade

STATUS_COLOURS = {
    "behaald": RGBColor(0x0B, 0x6B, 0x2E),
    "op_koers": RGBColor(0x0B, 0x6B, 0x2E),
    "afgerond": RGBColor(0x0B, 0x6B, 0x2E),
    "niet_behaald": RGBColor(0xA3, 0x14, 0x1C),
    "niet_op_koers": RGBColor(0x7A, 0x4B, 0x00),
    "uitgesteld": RGBColor(0x7A, 0x4B, 0x00),
    "loopt": RGBColor(0x0B, 0x4F, 0x8A),
}


def _field(paragraph, instruction: str, placeholder: str = "1"):
    """A Word field such as PAGE, NUMPAGES or TOC; Word fills it in when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(separate)
    paragraph.add_run(placeholder)
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)


def _new_document(header_left: str, header_right: str, landscape: bool = False) -> Document:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = f"{header_left}\t\t{header_right}"
    header.style.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("pagina") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("van") + " ")
    _field(footer, "NUMPAGES")
    return document


def _table(document, headers: list[str], rows: list[list], caption: str = "", widths: list[float] | None = None):
    if caption:
        p = document.add_paragraph()
        p.add_run(caption).bold = True
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if callable(value):
                cell.text = ""
                value(cell.paragraphs[0])
            else:
                cell.text = "" if value is None else str(value)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    document.add_paragraph()
    return table


def _status(label: str, status: str):
    def write(paragraph):
        run = paragraph.add_run(label)
        run.bold = True
        if status in STATUS_COLOURS:
            run.font.color.rgb = STATUS_COLOURS[status]

    return write


def add_text(container, text, *, paragraph=None, prefix: str = "", bold=None, underline=None, italic=None):
    """Write plain text with its paragraphs, line breaks and ``- `` lists (``koers.core.text.blocks``), the same
    structure as the ``paragraphs`` filter of the HTML and PDF versions. ``container`` is the document or a table
    cell; ``paragraph`` an empty paragraph of it to start in (a cell's first one); ``prefix`` is bold before the
    first block ("Ambitie: "). Returns the last paragraph written."""
    blocks = plain_text.blocks(text) or [plain_text.Block(plain_text.PARAGRAPH, ("",))]

    def styled(run):
        run.bold, run.underline, run.italic = bold, underline, italic
        return run

    for number, block in enumerate(blocks):
        if block.kind == plain_text.LIST:
            if prefix:  # a label before a list stands on its own line, not inside the first item
                target = paragraph if paragraph is not None else container.add_paragraph()
                target.add_run(prefix.rstrip(": ")).bold = True
                prefix, paragraph = "", None
            for item in block.lines:
                target = paragraph if paragraph is not None else container.add_paragraph()
                target.style = "List Bullet"
                styled(target.add_run(item))
                paragraph = None
            continue
        target = paragraph if paragraph is not None else container.add_paragraph()
        if prefix and number == 0:
            target.add_run(prefix).bold = True
            prefix = ""
        for i, line in enumerate(block.lines):
            run = styled(target.add_run(line))
            if i < len(block.lines) - 1:
                run.add_break()
        paragraph = None
    return target


def _activity_text(activity: dict, meta: bool = False):
    """The description of an activity in a cell; with ``meta`` also start, gereed, betrokkenen, budget and hours
    (the tertiaalrapportage, which has no columns for them)."""

    def write(paragraph):
        priority = bool(activity["priority"]) or None
        last = add_text(
            paragraph._parent, activity["description"], paragraph=paragraph, bold=priority, underline=priority
        )
        if activity["priority"]:
            last.add_run(" [" + _("prioriteit") + "]").bold = True
        if meta:
            details = _activity_details(activity)
            if details:
                run = paragraph._parent.add_paragraph().add_run(" · ".join(details))
                run.font.size = Pt(8)

    return write


def _activity_details(activity: dict) -> list[str]:
    details = []
    if activity["start"]:
        details.append(_("start") + ": " + activity["start"])
    if activity.get("deadline_text") or activity["deadline_display"]:
        details.append(_("gereed") + ": " + (activity.get("deadline_text") or activity["deadline_display"]))
    if activity["involved"]:
        details.append(_("betrokkenen") + ": " + ", ".join(activity["involved"]))
    budget = [x for x in (activity.get("budget_code"), activity.get("budget_amount_display")) if x]
    if budget:
        details.append(_("begroting") + ": " + " · ".join(budget))
    if activity.get("hours_budget_display"):
        details.append(_("urenbudget") + ": " + activity["hours_budget_display"])
    return details


def _repeat_header(row):
    """Mark a table row as a header row that Word repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _group_table(document, caption: str, headers: list[str], rows: list[list], widths: list[float]):
    """A table of one row group (the activities of one project or hoofdactiviteit, or of one indicator list): the
    group's name in a merged first row and the column headers, both repeated on every page."""
    columns = len(headers)
    table = document.add_table(rows=2 if caption else 1, cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    header_rows = list(table.rows)
    if caption:
        merged = header_rows[0].cells[0].merge(header_rows[0].cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(caption).bold = True
    for cell, text in zip(header_rows[-1].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in header_rows:
        _repeat_header(row)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if callable(value):
                cell.text = ""
                value(cell.paragraphs[0])
            else:
                cell.text = "" if value is None else str(value)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)  # the table grid, which LibreOffice reads; Word reads the cells
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    document.add_paragraph()
    return table


def _group_caption(group: dict) -> str:
    main = group["main"]
    if not main:
        return ""
    hours = f" · {_('urenbudget')} {main['hours_budget_display']}" if main["hours_budget_display"] else ""
    return f"{plain_text.plain(main['caption'])}{hours}"


def _idle_main_activities(document, node: dict, p: dict):
    if not node.get("idle_main_activities"):
        return
    run = document.add_paragraph().add_run(
        _("Zonder %(l)s in dit jaarplan:") % {"l": p["plan"]["activity_label"].lower()}
    )
    run.font.size = Pt(8.5)
    for main in node["idle_main_activities"]:
        document.add_paragraph(plain_text.plain(main["caption"]), "List Bullet")


def _node_texts(document, node: dict):
    if node.get("description"):
        add_text(document, node["description"])
    if node.get("ambition"):
        add_text(document, node["ambition"], prefix=_("Ambitie") + ": ")


def _heading(document, text: str, level: int):
    return document.add_heading(plain_text.plain(text), level=level)


def _cover(document, lines: list[tuple[str, int, bool]], demo: bool, logo: str = ""):
    if logo:  # a data: URI with the SWV's logo (PNG or JPEG)
        import base64
        import io

        from docx.shared import Cm

        document.add_picture(io.BytesIO(base64.b64decode(logo.split(",", 1)[1])), height=Cm(2))
    for text, size, bold in lines:
        p = document.add_paragraph()
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
    if demo:
        p = document.add_paragraph()
        p.add_run(
            _(
                "Demo: de monitoringgegevens in deze rapportage zijn synthetisch (door Koers gegenereerd) "
                "en gaan niet over echte leerlingen."
            )
        ).italic = True


def _toc(document):
    """The table of contents: filled with linked entries when the document is complete (word_front.fill_toc)."""
    from koers.reports import word_front

    document._koers_toc = word_front.toc_placeholder(document)
    document.add_page_break()


def _to_bytes(document) -> bytes:
    marker = getattr(document, "_koers_toc", None)
    if marker is not None:
        from koers.reports import word_front

        word_front.fill_toc(document, marker)
    settings_el = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings_el.append(update)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section["goals"])


def tertiaal_docx(payload: dict, report=None) -> bytes:
    with translation.override("nl"):
        return _tertiaal_docx(clean_deep(upgrade(payload)), report)


def _tertiaal_docx(payload: dict, report=None) -> bytes:
    from koers.reports.render import document_context

    context = document_context(payload, report)
    p = payload
    document = _new_document(p["swv"]["short_name"], _("Tertiaalrapportage") + " " + p["tertiaal"]["label"])
    from koers.reports import word_front

    word_front.board_page(document, p, context)  # page 1: the board pack's visual summary
    document.add_page_break()
    document._koers_toc = word_front.toc_placeholder(document)  # page 2; each section starts a new page

    if context.get("introduction"):
        document.add_page_break()
        document.add_heading(_("Inleiding"), level=1)
        add_text(document, context["introduction"])

    for number, section in enumerate(p["sections"]):
        if number == 0:
            document.add_page_break()  # short sections share a page: only the first starts on a new one
        if section["title"]:
            _heading(document, (section["label"] + ": " if section["label"] else "") + section["title"], 1)
        _node_texts(document, section)
        _tertiaal_node(document, section, p)
        for goal in section["goals"]:
            _heading(document, f"{goal['label']}: {goal['title']}", 2 if section["title"] else 1)
            _node_texts(document, goal)
            _tertiaal_node(document, goal, p)
        if section.get("budget"):
            _table(
                document,
                [_("Regel"), _("Begroot"), _("Gerealiseerd"), _("Deel")],
                [
                    [x["label"], x["amount_display"], x["realised_display"], x["share_display"]]
                    for x in section["budget"]
                ],
                _("Begroting en realisatie %(l)s") % {"l": section["label"]}
                if section["label"]
                else _("Begroting en realisatie"),
            )

    if p.get("budget"):
        document.add_page_break()
        _budget_tables(document, p, realisation=True)

    if p.get("evidence"):
        _evidence(document, p)

    if context.get("conclusion"):
        document.add_page_break()
        document.add_heading(_("Conclusie"), level=1)
        add_text(document, context["conclusion"])
    return _to_bytes(document)


def _evidence(document, p: dict) -> None:
    """The evidence of the tertiaal's updates: a link with its address, a file by name only (it opens in Koers)."""
    document.add_heading(_("Bewijsstukken"), level=1)
    document.add_paragraph(
        _(
            "Bij de updates over %(t)s. Een bestand staat in Koers en is daar te openen voor het bureau en de "
            "eigenaar; het zit niet in deze rapportage."
        )
        % {"t": p["tertiaal"]["label"]}
    )
    for activity in p["evidence"]:
        document.add_paragraph(f"{activity['code']} {activity['description'][:120]}", style="List Bullet")
        for item in activity["items"]:
            text = (
                f"{item['title']}: {item['url']}"
                if item["kind"] == "link"
                else f"{item['title']} ({_('bestand in Koers')})"
            )
            document.add_paragraph(text, style="List Bullet")


def _measured(value: dict) -> str:
    """ " (T2 2025, gemeten t/m 31-07-2025)": the period of a value and what it is measured up to (ADR 0017)."""
    parts = [part for part in (value.get("period_label"), value.get("measured_text")) if part]
    return f" ({', '.join(parts)})" if value.get("period_label") else ""


def _tertiaal_node(document, node: dict, p: dict):
    for indicator in node["indicators"]:
        add_text(document, indicator["title"], prefix=p["plan"]["indicator_prefix"], bold=True)
        latest = indicator["latest"]
        line = document.add_paragraph()
        period = _measured(latest)
        line.add_run(_("Waarde") + ": ").bold = True
        line.add_run(latest["display"] + period + "   ")
        line.add_run(_("Norm") + ": ").bold = True
        line.add_run((indicator["norm"] or "–") + "   ")
        if indicator.get("baseline"):
            line.add_run(_("Nulmeting") + ": ").bold = True
            line.add_run(indicator["baseline"] + "   ")
        line.add_run(_("Status") + ": ").bold = True
        _status(latest["status_label"], latest["status"])(line)
        if latest.get("comparison"):  # a trend norm: the same period a year earlier, or the nulmeting
            line.add_run(f" ({latest['comparison']})")
        if indicator["series"]:
            _table(
                document,
                [_("Meting"), _("Waarde"), _("Status")],
                [
                    [v["period_label"], v["display"], _status(v["status_label"], v["status"])]
                    for v in indicator["series"]
                ],
            )
        definition = indicator["definition"] or _("nog niet vastgelegd")
        moments = (
            f" · {_('meetmomenten')}: {indicator['measurement_moments']}" if indicator["measurement_moments"] else ""
        )
        run = document.add_paragraph().add_run(_("Definitie") + ": " + definition + moments)
        run.font.size = Pt(8.5)
    for group in node.get("groups", []):
        if not group["activities"]:
            continue
        rows = []
        for a in group["activities"]:
            status = a["status_label"] + (" – " + _("te laat") if a["late"] else "")
            update = a.get("update")
            update_text = (
                f"{update['tertiaal']}: {update['happened']}"
                + (f"\n{_('Volgende stap')}: {update['next_step']}" if update["next_step"] else "")
                + ("\n" + _("Risico's") + ": " + update["risk"] if update["risk"] else "")
                if update
                else _("geen update")
            )
            rows.append(
                [
                    _activity_text(a, meta=True),
                    _status(status, "niet_behaald" if a["late"] else a["status"]),
                    _plain_cell(update_text),
                    a["owner"] or "–",
                ]
            )
        _group_table(
            document,
            _group_caption(group),
            [_("Activiteit"), _("Status"), _("Laatste update"), _("Eigenaar")],
            rows,
            widths=[6.4, 2.6, 5.4, 3.0],
        )
    _idle_main_activities(document, node, p)


def _plain_cell(text: str):
    def write(paragraph):
        add_text(paragraph._parent, text, paragraph=paragraph)

    return write


def _budget_tables(document, p: dict, realisation: bool):
    budget = p["budget"]
    if realisation:
        document.add_heading(_("Begroting en realisatie"), level=1)
        _table(
            document,
            [_("Onderdeel"), _("Bedrag")],
            [
                [_("Totaal begroting"), budget["total_display"]],
                [_("Verplichte afdrachten"), budget["mandatory_display"]],
                [_("Toegewezen"), budget["allocated_display"]],
                [_("Gerealiseerd"), f"{budget['realised_display']} ({budget['share_display']})"],
                [_("Resultaat (begroot)"), budget["result_display"]],
            ],
            _("Totalen tot en met %(t)s") % {"t": p["tertiaal"]["label"]},
        )
        _table(
            document,
            [_("Regel"), _("Doelen"), _("Begroot"), _("Gerealiseerd"), _("Resterend")],
            [
                [
                    x["theme"] or x["label"],
                    x["goals"] or "–",
                    x["amount_display"],
                    x["realised_display"],
                    x["remaining_display"],
                ]
                for x in budget["lines"]
            ],
            _("Per begrotingsregel"),
        )
    else:
        document.add_heading(_("Financiële paragraaf: begroting %(y)s") % {"y": p["year_plan"]["school_year"]}, level=1)
        _table(
            document,
            [_("Onderdeel"), _("Bedrag")],
            [
                [_("Totaal begroting"), budget["total_display"]],
                [_("Verplichte afdrachten"), budget["mandatory_display"]],
                [_("Totaal %(l)s") % {"l": p["plan"]["theme_label_plural"].lower()}, budget["allocated_display"]],
                [_("Resultaat"), budget["result_display"]],
            ],
            _("Allocatie van de middelen"),
        )
        rows = [[x["theme"] or x["label"], x["goals"] or "–", x["amount_display"]] for x in budget["lines"]]
        rows.append([_("Totaal"), "", budget["allocated_display"]])
        _table(
            document,
            [p["plan"]["theme_label"], _("Doelen"), _("Begroting")],
            rows,
            _("Verdeling middelen per %(l)s") % {"l": p["plan"]["theme_label"].lower()},
        )
    if budget["note"]:
        document.add_paragraph(budget["note"])


def year_plan_docx(payload: dict) -> bytes:
    with translation.override("nl"):
        return _year_plan_docx(clean_deep(upgrade(payload)))


def _year_plan_docx(payload: dict) -> bytes:
    p = payload
    document = _new_document(p["swv"]["short_name"], p["year_plan"]["title"], landscape=True)
    adopted = _("Vastgesteld op %(d)s") % {"d": p["year_plan"]["adopted_on"]} if p["year_plan"]["adopted_on"] else ""
    _cover(
        document,
        [
            (p["swv"]["name"], 14, True),
            (_("Jaar- en activiteitenplan"), 12, False),
            (p["year_plan"]["title"], 24, True),
            (
                f"{_('Schooljaar')} {p['year_plan']['school_year']} · {p['plan']['title_with_period']}",
                11,
                False,
            ),
            (adopted, 10, False),
        ],
        False,
        p["swv"].get("logo", ""),
    )
    document.add_page_break()
    document.add_heading(_("Inleiding en vaststelling"), level=1)
    if p["year_plan"]["introduction"]:
        add_text(document, p["year_plan"]["introduction"])
    if p["plan"].get("mission"):
        document.add_heading(_("Missie en visie"), level=2)
        add_text(document, p["plan"]["mission"])
    _table(
        document,
        [_("Gremium"), _("Datum"), _("Soort")],
        [[a["gremium"], a["date"], a["kind"] + (f" – {a['note']}" if a["note"] else "")] for a in p["adoptions"]]
        or [[_("Nog geen besprekingen vastgelegd."), "", ""]],
        _("Data bespreking %(t)s") % {"t": p["year_plan"]["title"]},
    )
    legend = document.add_paragraph()
    run = legend.add_run(_("Dikgedrukte onderstreepte"))
    run.bold = run.underline = True
    legend.add_run(" " + _("activiteiten met het kenmerk [prioriteit] hebben voorrang boven de andere activiteiten."))
    _toc(document)
    usable = 29.7 - 2 * 1.8  # landscape A4 without the margins, in cm
    widths = [float(c["width"].rstrip("%")) * usable / 100 for c in p["columns"]]
    headers = [c["label"] for c in p["columns"]]
    indicator_headers = [p["plan"]["indicator_label"]] + [c["label"] for c in p["indicator_columns"]]
    indicator_widths = [usable * 0.4] + [usable * 0.6 / max(len(p["indicator_columns"]), 1)] * len(
        p["indicator_columns"]
    )
    for number, section in enumerate(p["sections"]):
        if number == 0:
            document.add_page_break()  # short sections share a page: only the first starts on a new one
        if section["title"]:
            _heading(document, (section["label"] + ": " if section["label"] else "") + section["title"], 1)
        _year_plan_node(document, section, p, headers, widths, indicator_headers, indicator_widths)
        for goal in section["goals"]:
            _heading(document, f"{goal['label']}: {goal['title']}", 2 if section["title"] else 1)
            _year_plan_node(document, goal, p, headers, widths, indicator_headers, indicator_widths)
    if p.get("budget"):
        document.add_page_break()
        _budget_tables(document, p, realisation=False)
    if p.get("portfolio"):
        document.add_page_break()
        document.add_heading(_("Portefeuille- en doelenverdeling"), level=1)
        _table(
            document,
            [p["plan"]["theme_label"], _("Doel(en)"), _("Portefeuillehouder"), _("Taakgroepen")],
            [[e["label"], e["goals"] or "–", ", ".join(e["holders"]) or "–", e["taakgroepen"]] for e in p["portfolio"]],
        )
    return _to_bytes(document)


def _year_plan_node(document, node, p, headers, widths, indicator_headers, indicator_widths):
    """One theme or doel of the jaarplan: its texts, its indicators in their own table, then one table per group
    of activities (per project or hoofdactiviteit), never indicators and activities in one row."""
    _node_texts(document, node)
    if node["indicators"]:
        _group_table(
            document,
            "",
            indicator_headers,
            [[_plain_cell(i["title"])] + i["cells"] for i in node["indicators"]],
            indicator_widths,
        )
    for group in node["groups"]:
        if group["activities"]:
            _group_table(
                document,
                _group_caption(group),
                headers,
                [[_activity_text(a)] + [cell["text"] for cell in a["cells"]] for a in group["activities"]],
                widths,
            )
    _idle_main_activities(document, node, p)
