"""Paragraphs and lists in plain text, as users type them, in one neutral structure.

Plan texts (an ambition, a theme's description, a mission, an activity) are typed with line breaks and ``- ``
lists. The plan pages (template filter ``paragraphs``), the PDF documents (the same filter) and the Word files
(``koers.reports.word``) all read the text through :func:`blocks`, so a list is a list everywhere and a line
break stays a line break. The structure holds plain text only: whoever renders it escapes it.

The rules, deliberately small:
- an empty line ends a block;
- a line that starts with ``-``, ``*``, ``•`` or ``–`` followed by a space is a list item; consecutive items
  form one list; an indented line after an item continues that item;
- other lines form a paragraph, in which each line break is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH = "paragraph"
LIST = "list"

_ITEM = re.compile(r"^\s*[-*•–]\s+(?P<text>.*\S)\s*$")


@dataclass(frozen=True)
class Block:
    """A paragraph (``lines``: its lines, to be joined by line breaks) or a list (``lines``: its items)."""

    kind: str
    lines: tuple[str, ...]


def blocks(text) -> list[Block]:
    """``text`` as a list of paragraphs and lists; '' or None gives []."""
    found: list[Block] = []
    kind, lines = None, []

    def close():
        nonlocal kind, lines
        if lines:
            found.append(Block(kind, tuple(lines)))
        kind, lines = None, []

    for raw in str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
            continue
        item = _ITEM.match(raw)
        if item:
            if kind != LIST:
                close()
                kind = LIST
            lines.append(item.group("text"))
        elif kind == LIST and raw[:1].isspace():
            lines[-1] = f"{lines[-1]} {line}"  # an indented line continues the item above
        else:
            if kind != PARAGRAPH:
                close()
                kind = PARAGRAPH
            lines.append(line)
    close()
    return found


def plain(text) -> str:
    """The words of ``text`` without its layout: for places that hold one line (a table of contents, a caption)."""
    return " ".join(" ".join(b.lines) for b in blocks(text))
