"""Paragraphs, line breaks and lists in plain text (koers.core.text) and the ``paragraphs`` filter of the pages."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from koers.core import text
from koers.core.templatetags.koers import paragraphs


def test_paragraphs_line_breaks_and_lists():
    found = text.blocks(
        "Aan het eind van de periode:\n- is geen kind thuis;\n* kent elke school de route\n  naar het overleg.\n\n"
        "Tweede alinea\nmet een regeleinde.\r\n\r\n• los punt"
    )
    assert found == [
        text.Block(text.PARAGRAPH, ("Aan het eind van de periode:",)),
        text.Block(text.LIST, ("is geen kind thuis;", "kent elke school de route naar het overleg.")),
        text.Block(text.PARAGRAPH, ("Tweede alinea", "met een regeleinde.")),
        text.Block(text.LIST, ("los punt",)),
    ]


def test_a_line_after_a_list_without_indent_is_a_new_paragraph():
    assert text.blocks("- een\n- twee\nDaarna tekst.") == [
        text.Block(text.LIST, ("een", "twee")),
        text.Block(text.PARAGRAPH, ("Daarna tekst.",)),
    ]


def test_a_dash_inside_a_word_or_a_minus_sign_is_no_list():
    assert text.blocks("-5% minder\nOSP-periode") == [text.Block(text.PARAGRAPH, ("-5% minder", "OSP-periode"))]


def test_empty_text_has_no_blocks():
    assert text.blocks("") == [] and text.blocks(None) == [] and text.blocks(" \n\n ") == []
    assert paragraphs("") == ""


def test_filter_renders_the_blocks_as_html():
    assert paragraphs("Doel:\n- een\n- twee\n\nslot\nregel") == (
        "<p>Doel:</p><ul><li>een</li><li>twee</li></ul><p>slot<br>regel</p>"
    )


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'-*•\n\r\t")), max_size=60))
def test_filter_escapes_every_character_and_keeps_every_word(value):
    rendered = str(paragraphs(value))
    markup = re.sub(r"</?(p|ul|li|br)>", "", rendered)
    assert "<" not in markup and ">" not in markup  # only the filter's own tags
    words = [w for w in re.split(r"[\s\-*•]+", value) if w]
    shown = html.unescape(markup)
    for word in words:
        assert word in shown
    assert text.plain(value).split() == " ".join(" ".join(b.lines) for b in text.blocks(value)).split()
