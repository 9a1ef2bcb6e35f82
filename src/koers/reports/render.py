"""Render a payload (see content.py) as HTML and as PDF with WeasyPrint: A4, system fonts, no network."""

from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from koers.core.export_safety import clean_deep, clean_text

TEMPLATES = {
    "tertiaalrapportage": "reports/documents/tertiaal.html",
    "jaarplan": "reports/documents/jaarplan.html",
}
BODIES = {
    "tertiaalrapportage": "reports/documents/_tertiaal_body.html",
    "jaarplan": "reports/documents/_jaarplan_body.html",
}


@lru_cache(maxsize=1)
def print_css() -> SafeString:
    """Koers' own print style sheet, a file of this package: safe to put in the <style> element as it is."""
    folder = Path(__file__).parent / "static" / "reports"
    css = "\n".join((folder / name).read_text(encoding="utf-8") for name in ("print.css", "boardpack.css"))
    if "</" in css:  # it would end the <style> element
        raise ValueError("print.css en boardpack.css mogen geen '</' bevatten")
    return mark_safe(css)  # noqa: S308 - a file of the package, no user input


def _with_charts(value):
    """A copy of the payload in which each ``chart_svg`` is marked safe. The charts are drawn by Koers
    (koers.monitoring.charts, or the fallback in indicators.py), which escape every text they embed; a payload
    frozen in the database comes back from JSON as plain strings. Everything else in the payload is text, and is
    escaped by the templates. Only an <svg> element counts as a chart."""
    if isinstance(value, dict):
        copy = {}
        for key, item in value.items():
            if key == "chart_svg" and isinstance(item, str):
                is_svg = item.startswith("<svg") and item.endswith("</svg>") and "<script" not in item.lower()
                copy[key] = mark_safe(item) if is_svg else ""  # noqa: S308 - drawn and escaped by Koers
            else:
                copy[key] = _with_charts(item)
        return copy
    if isinstance(value, list):
        return [_with_charts(item) for item in value]
    return value


def document_context(payload: dict, report=None) -> dict:
    from koers.core.formatting import dutch_date
    from koers.reports.content import upgrade

    payload = _with_charts(clean_deep(upgrade(payload)))  # no control characters that XML (and PDF text) cannot hold
    context = {"payload": payload, "title": payload.get("year_plan", {}).get("title", "")}
    if payload.get("kind") == "tertiaalrapportage":
        from koers.reports import boardpack

        context["board"] = boardpack.summary(payload)  # page 1: the visual summary
    if report is not None:
        context.update(
            {
                "title": clean_text(report.title),
                "introduction": clean_text(report.introduction),
                "conclusion": clean_text(report.conclusion),
                "issued_at": dutch_date(report.issued_at) if report.issued_at else "",
                "issued_by": clean_text(report.issued_by_name),
            }
        )
    return context


def render_body(payload: dict, report=None) -> SafeString:
    """The document body for the web preview (inside the Koers page layout); documents are in Dutch.

    HTML of Koers' own template, in which autoescaping has escaped every text of the payload and the report."""
    with translation.override("nl"):
        return SafeString(render_to_string(BODIES[payload["kind"]], document_context(payload, report)))


def issued_body(report) -> SafeString:
    """The body of an issued report as it was frozen: ``render_body`` stored it in ``report.content_html`` when
    the report was issued (services.issue); only Koers writes that field."""
    return mark_safe(report.content_html or "")  # noqa: S308 - rendered by render_body, escaped then


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
