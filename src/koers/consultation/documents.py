"""The appendix "Bijlage: reacties uit de consultatie en wat we ermee deden": every comment on the plan (all its
feedback rounds) with the bureau's answer, grouped per element of the plan. As PDF (the print style of
koers.reports) and Word (the helpers of koers.reports.word). No e-mail address; a name only where the invitee
agreed, otherwise its group ("een ouder")."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.consultation.content import draft_elements
from koers.consultation.models import Comment
from koers.core.export_safety import clean_deep
from koers.reports import render as report_render

APPENDIX_TITLE = "Bijlage: reacties uit de consultatie en wat we ermee deden"


def appendix_payload(plan, audience) -> dict:
    comments = list(
        Comment.objects.restrict(audience)
        .filter(round__plan=plan)
        .select_related("invitee")
        .order_by("created_at", "pk")
    )
    elements = draft_elements(plan, audience)
    sections = []
    for element in elements:
        found = [c for c in comments if c.element == element.key]
        if found:
            sections.append(
                {
                    "title": f"{element.level} {element.code}: {element.title}",
                    "comments": [
                        {
                            "by": c.by_label,
                            "text": c.text,
                            "answer": c.get_answer_display(),
                            "reason": c.reason,
                        }
                        for c in found
                    ],
                }
            )
    return {
        "title": APPENDIX_TITLE,
        "plan": plan.title,
        "swv": plan.swv.name,
        "count": len(comments),
        "sections": sections,
    }


def render_document(payload: dict) -> str:
    with translation.override("nl"):
        return render_to_string(
            "consultation/appendix.html", {"p": clean_deep(payload), "print_css": report_render.print_css()}
        )


def render_pdf(payload: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document(payload), url_fetcher=report_render._no_network()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def add_to_docx(document, word, p: dict) -> None:
    """The appendix as a chapter of a Word document (also used for the appendix on its own)."""
    word._heading(document, p["title"], 1)
    if not p["sections"]:
        word.add_text(document, _("Er zijn geen reacties gegeven."))
    for section in p["sections"]:
        word._heading(document, section["title"], 2)
        rows = [
            [c["by"], c["text"], c["answer"] + (f": {c['reason']}" if c["reason"] else "")] for c in section["comments"]
        ]
        word._table(document, [_("Van"), _("Reactie"), _("Wat we ermee deden")], rows, widths=[3.5, 8.0, 6.0])


def render_docx(payload: dict) -> bytes:
    from koers.reports import word

    with translation.override("nl"):
        p = clean_deep(payload)
        document = word._new_document(p["swv"], p["title"])
        add_to_docx(document, word, p)
        return word._to_bytes(document)
