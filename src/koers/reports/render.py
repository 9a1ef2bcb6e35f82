"""Render a payload (see content.py) as HTML and as PDF with WeasyPrint: A4, system fonts, no network."""

from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = {
    "tertiaalrapportage": "reports/documents/tertiaal.html",
    "jaarplan": "reports/documents/jaarplan.html",
}
BODIES = {
    "tertiaalrapportage": "reports/documents/_tertiaal_body.html",
    "jaarplan": "reports/documents/_jaarplan_body.html",
}


@lru_cache(maxsize=1)
def print_css() -> str:
    return (Path(__file__).parent / "static" / "reports" / "print.css").read_text(encoding="utf-8")


def document_context(payload: dict, report=None) -> dict:
    from koers.core.formatting import dutch_date

    context = {"payload": payload, "title": payload.get("year_plan", {}).get("title", "")}
    if report is not None:
        context.update(
            {
                "title": report.title,
                "introduction": report.introduction,
                "conclusion": report.conclusion,
                "issued_at": dutch_date(report.issued_at) if report.issued_at else "",
                "issued_by": report.issued_by_name,
            }
        )
    return context


def render_body(payload: dict, report=None) -> str:
    """The document body for the web preview (inside the Koers page layout); documents are in Dutch."""
    with translation.override("nl"):
        return render_to_string(BODIES[payload["kind"]], document_context(payload, report))


def render_document(payload: dict, report=None) -> str:
    with translation.override("nl"):
        return render_to_string(
            TEMPLATES[payload["kind"]], {**document_context(payload, report), "print_css": print_css()}
        )


def _no_network():
    """Koers documents fetch nothing from outside; only inline data: images (such as the SWV's logo)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(payload: dict, report=None) -> bytes:
    from weasyprint import HTML

    html = render_document(payload, report)
    # PDF/UA-1: a tagged PDF with title and language, readable by screen readers
    return HTML(string=html, url_fetcher=_no_network()).write_pdf(pdf_variant="pdf/ua-1")
