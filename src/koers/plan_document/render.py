"""The ondersteuningsplan document as PDF (WeasyPrint, the print style of koers.reports) and Word (python-docx, the
helpers of koers.reports.word), from the same payload (content.support_plan_payload). A draft's document says
"Concept" or "Concept – versie N" on every page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.consultation import documents as appendix
from koers.core.export_safety import clean_deep
from koers.reports import render as report_render


def render_document(payload: dict) -> str:
    with translation.override("nl"):
        return render_to_string(
            "plan_document/document.html", {"p": clean_deep(payload), "print_css": report_render.print_css()}
        )


def render_body(payload: dict) -> str:
    """The plan text (mission and tree) for the web page of a version, inside the Koers layout; escaped."""
    with translation.override("nl"):
        return render_to_string("plan_document/_plan_text.html", {"p": clean_deep(payload)})


def render_pdf(payload: dict) -> bytes:
    from weasyprint import HTML

    html = render_document(payload)
    return HTML(string=html, url_fetcher=report_render._no_network()).write_pdf(pdf_variant="pdf/ua-1")


def render_docx(payload: dict) -> bytes:
    from koers.reports import word  # python-docx is slow to import; only the Word file needs it

    with translation.override("nl"):
        return _docx(clean_deep(payload), word)


def _mark_pages(document, mark: str) -> None:
    """The mark in the header of every page (the first page has a header of its own) and in the footer."""
    from docx.shared import Pt, RGBColor

    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        run = header.paragraphs[0].add_run(("\t" if header is section.header else "") + mark)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xA3, 0x14, 0x1C)
    for footer in (section.footer, section.first_page_footer):
        run = footer.paragraphs[0].insert_paragraph_before().add_run(mark)
        run.bold = True
        run.font.size = Pt(8)


def _title(node: dict) -> str:
    return f"{node['label']} {node['code']}: {node['title']}" if node["label"] else node["title"]


def _docx(p: dict, word) -> bytes:
    plan = p["plan"]
    header_right = p["title"] + (f" – {p['mark']}" if p["mark"] else "")
    document = word._new_document(p["swv"]["short_name"], header_right)
    if p["mark"]:
        _mark_pages(document, p["mark"])
    lines = [
        (p["swv"]["name"], 14, False),
        (_("Ondersteuningsplan"), 12, False),
        (p["title"], 24, True),
        (_("Planperiode %(y)s") % {"y": plan["period"]}, 12, False),
    ]
    if p["mark"]:
        lines.append((p["mark"], 16, True))
    if p["version"]:
        version = p["version"]
        lines.append(
            (
                _("De teksten zijn die van versie %(n)s, vastgelegd op %(d)s (%(r)s).")
                % {"n": version["number"], "d": version["date"], "r": version["reason"]},
                10,
                False,
            )
        )
    if p["adoption"]["adopted_on"]:
        lines.append((_("Vastgesteld op %(d)s") % {"d": p["adoption"]["adopted_on"]}, 11, False))
    word._cover(document, lines, False, p["swv"]["logo"])
    if p["swv"]["demo"]:
        document.add_paragraph().add_run(_("Demo: dit plan hoort bij de demonstratiegegevens van Koers.")).italic = True
    word._toc(document)
    if plan["mission"]:
        word._heading(document, _("Missie en visie"), 1)
        word.add_text(document, plan["mission"])
    for section in p["sections"]:
        level = 1
        if section["title"]:
            word._heading(document, _title(section), 1)
            level = 2
        _node(document, word, p, section)
        for goal in section["goals"]:
            word._heading(document, _title(goal), level)
            _node(document, word, p, goal)
    if p["budget"]:
        budget = p["budget"]
        word._heading(document, _("Begroting per %(l)s") % {"l": plan["theme_label"].lower()}, 1)
        rows = [[r["title"], *r["amounts"], r["total"]] for r in budget["rows"]]
        rows.append([_("Totaal"), *budget["totals"], budget["total"]])
        word._table(
            document,
            [plan["theme_label"], *budget["years"], _("Totaal")],
            rows,
            caption=_("Begroot per schooljaar, uit de begrotingen van de jaarplannen"),
        )
    _adoption(document, word, p["adoption"], bool(p["version"]))
    if p["appendix"]:
        document.add_page_break()
        appendix.add_to_docx(document, word, p["appendix"])
    return word._to_bytes(document)


def _node(document, word, p: dict, node: dict) -> None:
    plan = p["plan"]
    if node["text"]:
        word.add_text(document, node["text"])
    if node["indicators"]:
        word._table(
            document,
            [_("Code"), plan["indicator_label"], _("Nulmeting"), _("Norm")],
            [[i["code"], _indicator_cell(word, i), i["baseline"], i["norm"]] for i in node["indicators"]],
            caption=f"{plan['indicator_label']}: " + _("nulmeting en norm"),
            widths=[1.6, 9.0, 3.4, 3.4],
        )
    if node["main_activities"]:
        word._table(
            document,
            [_("Code"), _("Omschrijving"), _("Schooljaren")],
            [[m["code"], _text_cell(word, m["title"]), m["years"] or "–"] for m in node["main_activities"]],
            caption=plan["main_activity_label"],
            widths=[1.6, 12.0, 3.8],
        )


def _text_cell(word, text: str):
    def write(paragraph):
        word.add_text(paragraph._parent, text, paragraph=paragraph)

    return write


def _indicator_cell(word, indicator: dict):
    def write(paragraph):
        last = word.add_text(paragraph._parent, indicator["title"], paragraph=paragraph)
        cell = last._parent
        if indicator["definition"]:
            cell.add_paragraph(indicator["definition"]).runs[0].italic = True
        if indicator["moments"]:
            cell.add_paragraph(_("Meetmomenten") + ": " + indicator["moments"])

    return write


def _adoption(document, word, a: dict, version: bool) -> None:
    word._heading(document, _("Vaststelling en wijzigingen"), 1)
    if a["decisions"]:
        word._table(
            document,
            [_("Stap"), _("Versie"), _("Voorgelegd op"), _("Uitgevoerd op"), _("Uitkomst")],
            [
                [d["step"], d["version"], d["sent_on"] or "–", d["done_on"] or "–", d["outcome"] or "–"]
                for d in a["decisions"]
            ],
            caption=_("Deze versie is ter besluitvorming voorgelegd")
            if version
            else _("Besluitvorming in het traject, met de versie waarover werd besloten"),
        )
    rows = [[x["gremium"], x["date"], x["kind"] + (f" – {x['note']}" if x["note"] else "")] for x in a["adoptions"]]
    word._table(
        document,
        [_("Gremium"), _("Datum"), _("Soort")],
        rows or [[_("Nog geen besprekingen vastgelegd."), "", ""]],
        caption=_("Besprekingen en besluiten per gremium"),
    )
    word._heading(document, _("Wijzigingen na vaststelling"), 2)
    if not a["amendments"]:
        document.add_paragraph(_("Er zijn geen wijzigingen na de vaststelling."))
    for x in a["amendments"]:
        document.add_paragraph().add_run(x["date"] + (f" · {x['by']}" if x["by"] else "")).bold = True
        word.add_text(document, x["summary"])
        word.add_text(document, x["reason"], prefix=_("Reden") + ": ")
