"""The evaluation as a document: PDF (WeasyPrint, the print style of koers.reports) and Word (python-docx, the
helpers of koers.reports.word), from the same payload (content.evaluation_payload)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import text as plain_text
from koers.core.export_safety import clean_deep
from koers.reports import render as report_render


def with_charts(payload: dict) -> dict:
    """The payload without control characters, its ``chart_svg`` (drawn and escaped by koers.monitoring.charts)
    marked safe; every other text is escaped by the templates."""
    return report_render._with_charts(clean_deep(payload))


def render_document(payload: dict) -> str:
    with translation.override("nl"):
        return render_to_string(
            "evaluation/document.html", {"p": with_charts(payload), "print_css": report_render.print_css()}
        )


def render_pdf(payload: dict) -> bytes:
    from weasyprint import HTML

    html = render_document(payload)
    return HTML(string=html, url_fetcher=report_render._no_network()).write_pdf(pdf_variant="pdf/ua-1")


def render_docx(payload: dict) -> bytes:
    from koers.reports import word  # python-docx is slow to import; only the Word download needs it

    with translation.override("nl"):
        return _docx(clean_deep(payload), word)


def _docx(p: dict, word) -> bytes:
    document = word._new_document(p["swv"]["short_name"], p["title"])
    word._cover(
        document,
        [
            (p["swv"]["name"], 14, False),
            (p["title"], 24, True),
            (p["plan"]["title"], 14, False),
            (p["measured_text"], 11, False),
        ],
        p["swv"]["demo"],
        p["swv"]["logo"],
    )
    word._toc(document)
    word._heading(document, _("Samenvatting"), 1)
    s = p["summary"]
    document.add_paragraph(
        ngettext(
            "%(n)s indicator, waarvan %(r)s bij de laatste meting de norm haalde of op koers lag.",
            "%(n)s indicatoren, waarvan %(r)s bij de laatste meting de norm haalden of op koers lagen.",
            s["indicators"],
        )
        % {"n": s["indicators"], "r": s["reached"]}
    )
    document.add_paragraph(f"{s['activities_text']}: {s['status_text']}.")
    if p["conclusion"]["text"]:
        word._heading(document, _("Conclusie over het plan als geheel"), 2)
        word.add_text(document, p["conclusion"]["text"])
        document.add_paragraph(_by(p["conclusion"]))
    for section in p["sections"]:
        level = 1
        if section["title"]:
            word._heading(document, _title(section), 1)
            level = 2
        _node_docx(document, word, p, section, level)
        for goal in section["goals"]:
            word._heading(document, _title(goal), level)
            _node_docx(document, word, p, goal, level + 1)
    if p["budget"]:
        word._heading(document, _("Begroting per %(l)s per schooljaar") % {"l": p["plan"]["theme_label"].lower()}, 1)
        headers = [p["plan"]["theme_label"], *[f"{y} " + _("begroot / gerealiseerd") for y in p["years"]]]
        rows = [[r["title"], *[f"{c['planned']} / {c['realised']}" for c in r["years"]]] for r in p["budget"]["rows"]]
        rows.append([_("Totaal"), *[f"{c['planned']} / {c['realised']}" for c in p["budget"]["totals"]]])
        word._table(document, headers, rows)
    return word._to_bytes(document)


def _title(node: dict) -> str:
    return f"{node['label']}: {node['title']}" if node["label"] else node["title"]


def _by(conclusion: dict) -> str:
    return _("Geschreven door %(b)s, laatst gewijzigd op %(d)s.") % {"b": conclusion["by"], "d": conclusion["at"]}


def _node_docx(document, word, p, node, level):
    if node["conclusion"]["text"]:
        word._heading(document, _("Conclusie van het bureau"), level)
        word.add_text(document, node["conclusion"]["text"])
        document.add_paragraph(_by(node["conclusion"]))
    for indicator in node["indicators"]:
        word._heading(document, f"{p['plan']['indicator_label']} {indicator['code']}: {indicator['title']}", level)
        document.add_paragraph(
            _("Norm: %(n)s. Nulmeting: %(b)s.") % {"n": indicator["norm"], "b": indicator["baseline"]}
        )
        word._table(
            document,
            [_("Schooljaar"), _("Waarde"), _("Status")],
            [[y["label"], y["display"], word._status(y["status_label"], y["status"])] for y in indicator["years"]],
        )
    if node["activity_years"]:
        word._table(
            document,
            [_("Schooljaar"), *p["statuses"], _("Overgenomen uit vorig jaar"), _("Naar volgend jaar")],
            [[r["label"], *r["counts"], r["taken_over"], r["carried_on"]] for r in node["activity_years"]],
            caption=_("%(l)s per schooljaar") % {"l": p["plan"]["activity_label"]},
        )
        for row in node["activity_years"]:
            for text in row["dropped"]:
                document.add_paragraph(
                    plain_text.plain(_("Vervallen in %(y)s: %(t)s") % {"y": row["label"], "t": text}),
                    style="List Bullet",
                )
    if node["main_activities"]:
        word._table(
            document,
            [p["plan"]["main_activity_label"], *p["years"]],
            [[f"{m['code']} {m['title']}", *m["years"]] for m in node["main_activities"]],
        )
