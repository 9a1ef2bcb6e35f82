"""The Word board pack's table of contents read back: every section heading of the body (levels 1 and 2, the
board page's Vooruitblik, Leerlingstromen and Geld included) is an entry, in the order of the body, linked to a
bookmark on its heading. For the SPOW and the SPPOH demo plans, whose plans have different shapes."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.reports import content, word, word_front

pytestmark = pytest.mark.django_db


def _headings_and_entries(data: bytes):
    document = Document(io.BytesIO(data))
    headings, entries, links = [], [], []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style.startswith("toc "):
            entries.append(paragraph.text.split("\t")[0])
            links += [link.get(qn("w:anchor")) for link in paragraph._p.iter(qn("w:hyperlink"))]
        elif style.startswith("Heading ") and int(style.split()[-1]) <= word_front.TOC_LEVELS and paragraph.text:
            headings.append(paragraph.text)
    bookmarks = {}
    for paragraph in document.paragraphs:
        for mark in paragraph._p.iter(qn("w:bookmarkStart")):
            bookmarks[mark.get(qn("w:name"))] = paragraph.text
    return headings, entries, [bookmarks.get(name) for name in links]


def test_every_section_heading_is_in_the_word_table_of_contents_in_order():
    from koers.demo import setup
    from koers.plans.models import YearPlan

    setup.load()
    seen = set()
    for year_plan in YearPlan.unscoped.select_related("swv", "plan").order_by("swv__code", "school_year", "pk"):
        payload = content.tertiaal_payload(year_plan, Tertiaal(2024, 3), for_readers(year_plan.swv))
        headings, entries, targets = _headings_and_entries(word.tertiaal_docx(payload))
        label = f"{year_plan.swv} {year_plan.title}"
        assert entries == headings, label
        assert targets == headings, label  # each entry links to its own heading
        expected = ["Samenvatting"]
        if payload.get("vooruitblik") and (payload["vooruitblik"].get("items") or payload["vooruitblik"].get("funded")):
            expected.append("Vooruitblik")
        if payload.get("flows"):
            expected.append("Leerlingstromen")
        if payload.get("money"):
            expected.append(next(e for e in entries if e.startswith("Geld")))
        for section in payload["sections"]:
            expected.append((section["label"] + ": " if section["label"] else "") + section["title"])
        assert [e for e in entries if e in expected] == expected, label
        seen.add(year_plan.swv.short_name)
    assert {"SPOW", "SPPOH"} <= seen
