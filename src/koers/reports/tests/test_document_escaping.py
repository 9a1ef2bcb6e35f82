"""User text in a document cannot change the document: the attack of issue 10, written as it was done.

A jaarplan title and an SWV short name with ``</style>`` used to close the <style> element of the PDF template
(``{{ x|css_string|safe }}``), so the issued PDF hid what the preview showed. Now the title sits in the running
header as an escaped CSS string, the style element stays one element, and the PDF shows the whole plan.
"""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.safestring import SafeString

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.core.templatetags.koers import css_colour, css_string
from koers.reports import content, render
from koers.reports.models import Report
from koers.reports.tests.test_documents import flat, pdf_text

pytestmark = pytest.mark.django_db

TITLE = "Plan</style><style>body{display:none}</style>"
SHORT_NAME = '"</style>'
T3_2024 = Tertiaal(2024, 3)


class _Elements(HTMLParser):
    """Counts start tags the way a browser parses them (the content of <style> is raw text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.starts: dict[str, int] = {}
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.starts[tag] = self.starts.get(tag, 0) + 1
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def attacked_world(plan_world, monitoring_values, swv):
    swv.short_name = SHORT_NAME
    swv.save()
    plan_world.year_plan.title = TITLE
    plan_world.year_plan.save()
    return plan_world


def _payloads(world):
    return {
        "jaarplan": content.year_plan_payload(world.year_plan),
        "tertiaalrapportage": content.tertiaal_payload(world.year_plan, T3_2024, for_readers(world.year_plan.swv)),
    }


def _body_text(world) -> list[str]:
    """What the preview shows of the plan: its goals and activities."""
    return [goal.title for goal in world.goals] + [activity.description for activity in world.activities]


@pytest.mark.parametrize("kind", ["jaarplan", "tertiaalrapportage"])
def test_document_html_keeps_one_style_element(attacked_world, kind):
    payload = _payloads(attacked_world)[kind]
    assert payload["swv"]["short_name"] == SHORT_NAME and payload["year_plan"]["title"] == TITLE
    html = render.render_document(payload)
    elements = parse(html)
    assert elements.starts.get("style") == 1, elements.starts
    (style,) = elements.styles
    assert "</" not in style and "<" not in style
    assert '"\\22 \\3c /style\\3e "' in style  # the short name, as an escaped CSS string
    assert "Plan\\3c /style\\3e \\3c style\\3e body{display:none}\\3c /style\\3e " in style
    assert "print.css" not in html and "@page" in style  # Koers' own print CSS is in the same element
    # the title shows as text in the page title, and the body is all there
    assert "<title>Plan&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;" in html
    for text in _body_text(attacked_world):
        assert text in html


@pytest.mark.parametrize("kind", ["jaarplan", "tertiaalrapportage"])
def test_document_pdf_shows_what_the_preview_shows(attacked_world, kind):
    payload = _payloads(attacked_world)[kind]
    preview = render.render_body(payload)
    pdf = flat(pdf_text(render.render_pdf(payload)))
    for text in _body_text(attacked_world):
        assert text in preview
        assert flat(text) in pdf, text
    # the running header shows the title and the short name as typed
    assert flat(TITLE) in pdf
    assert SHORT_NAME in pdf


def test_preview_shows_the_title_as_text(attacked_world):
    preview = render.render_body(_payloads(attacked_world)["jaarplan"])
    assert isinstance(preview, SafeString)
    assert "<style" not in preview and "Plan&lt;/style&gt;" in preview


def test_frozen_payload_keeps_its_charts_and_nothing_else_raw(attacked_world):
    """An issued report is rendered from JSON: the charts (drawn and escaped by Koers) stay SVG, text stays text."""
    payload = json.loads(json.dumps(_payloads(attacked_world)["tertiaalrapportage"]))
    indicator = payload["sections"][0]["goals"][0]["indicators"][0]
    assert indicator["chart_svg"].startswith("<svg")
    indicator["title"] = "<svg onload=alert(1)>"
    html = render.render_body(payload)
    assert "<svg onload" not in html and "&lt;svg onload=alert(1)&gt;" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 1
    payload["sections"][0]["goals"][0]["indicators"][0]["chart_svg"] = "<script>alert(1)</script>"
    html = render.render_body(payload)
    assert "<script>" not in html  # only an <svg> counts as a chart


def test_issued_report_page_shows_the_frozen_body_as_html(
    bureau_client, attacked_world, django_capture_on_commit_callbacks
):
    response = bureau_client.post(
        reverse("reports:new"), {"year_plan": attacked_world.year_plan.pk, "tertiaal": "2024-T3"}
    )
    assert response.status_code == 302
    report = Report.unscoped.get()
    report.title = "Rapport <b>vet</b>"
    report.introduction = "Inleiding </div><script>alert(1)</script>"
    report.save()
    with django_capture_on_commit_callbacks(execute=True):  # the files are made once issuing is committed
        assert bureau_client.post(reverse("reports:issue", args=[report.pk]), {"bevestigd": "ja"}).status_code == 302
    report.refresh_from_db()
    assert report.is_issued
    page = bureau_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<svg" in page and "&lt;svg" not in page  # the stored body is HTML, not shown as its source
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Rapport <b>vet</b>" not in page and "Plan</style>" not in page
    download = bureau_client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert download.status_code == 200 and download.content[:4] == b"%PDF", download.content[:300]
    pdf = flat(pdf_text(download.content))
    for text in _body_text(attacked_world):
        assert flat(text) in pdf


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SPOW", '"SPOW"'),
        ("", '""'),
        (None, '""'),
        ('a"b', '"a\\22 b"'),
        ("a\\b", '"a\\5c b"'),
        ("</style>", '"\\3c /style\\3e "'),
        ("R&D", '"R\\26 D"'),
        ("it's", '"it\\27 s"'),
        ("een\nregel", '"een\\a regel"'),
        ("tab\tbel\x07\x7f", '"tab\\9 bel\\7 \\7f "'),
        ("café 2024–2025", '"café 2024–2025"'),
    ],
)
def test_css_string_escapes_everything_that_could_end_the_string_or_the_style(value, expected):
    result = css_string(value)
    assert result == expected
    assert isinstance(result, SafeString)


def test_css_colour_lets_only_a_colour_through():
    assert css_colour("#00567a") == "#00567a" and css_colour("#abc") == "#abc"
    assert css_colour("red;}body{display:none") == "#1d4f91"
    assert css_colour("</style>") == "#1d4f91"
