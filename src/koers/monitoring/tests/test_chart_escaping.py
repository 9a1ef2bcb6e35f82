"""The chart is a SafeString in which every text is escaped: an indicator's title, its norm and the labels of
the points cannot add markup to the indicator page or the PDF (issue 10)."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

from django.template import Context, Template
from django.utils.safestring import SafeString

from koers.monitoring.charts import indicator_chart_svg
from koers.monitoring.evaluation import Measurement

EVIL = '</title></svg><script>alert("x")</script>&'


def _indicator(**kwargs):
    values = {"pk": 7, "title": EVIL, "norm_value": Decimal(100), "norm_value_high": None, "norm_kind": "drempel"}
    return SimpleNamespace(**(values | {"unit": "%", "norm_text": EVIL} | kwargs))


def _point(label, value):
    return Measurement(label, date(2025, 7, 31), Decimal(value), f"{value} {EVIL}", "niet_behaald", EVIL)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.texts.append(data)


def _parse(svg):
    parser = _Tags()
    parser.feed(svg)
    return parser


def test_every_text_in_the_chart_is_escaped():
    for kind in ("line", "bar"):
        svg = indicator_chart_svg(_indicator(), [_point(f"T{i} {EVIL}", 70 + i) for i in range(3)], kind=kind)
        assert isinstance(svg, SafeString)
        parsed = _parse(svg)
        assert "script" not in parsed.tags and parsed.tags.count("svg") == 1
        assert "<script" not in svg and "&lt;script&gt;" in svg
        assert EVIL in "".join(parsed.texts)  # shown as text: title, description, labels


def test_chart_without_points_is_escaped_too():
    svg = indicator_chart_svg(_indicator(), [])
    assert isinstance(svg, SafeString)
    assert "<script" not in svg and "&lt;/title&gt;" in svg


def test_template_inserts_the_chart_without_safe():
    svg = indicator_chart_svg(_indicator(title="Thuiszitters"), [_point("T1 2025", 1)])
    html = Template("<figure>{{ chart }}</figure>").render(Context({"chart": svg}))
    assert html.startswith('<figure><svg xmlns="http://www.w3.org/2000/svg"')
