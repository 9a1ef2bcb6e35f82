"""The difference between two versions of a draft, per element: added, removed or changed, with a word-level
diff (difflib) as escaped HTML."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ADDED, REMOVED, CHANGED, SAME = "toegevoegd", "verwijderd", "gewijzigd", "ongewijzigd"


@dataclass(frozen=True)
class ElementDiff:
    key: str
    label: str
    status: str
    html: SafeString


def word_diff(old: str, new: str) -> SafeString:
    """``<del>``/``<ins>`` around the words that differ; every word escaped."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every word is escaped above


def _full(element: dict) -> str:
    return "\n".join(filter(None, [element["title"], element.get("text", "")]))


def _label(element: dict) -> str:
    return f"{element['level']} {element['code']}"


def compare(old: list[dict], new: list[dict]) -> list[ElementDiff]:
    before = {e["key"]: e for e in old}
    after = {e["key"]: e for e in new}
    out = []
    for element in new:
        previous = before.get(element["key"])
        if previous is None:
            out.append(ElementDiff(element["key"], _label(element), ADDED, word_diff("", _full(element))))
        elif _full(previous) != _full(element) or previous["code"] != element["code"]:
            out.append(
                ElementDiff(element["key"], _label(element), CHANGED, word_diff(_full(previous), _full(element)))
            )
        else:
            out.append(ElementDiff(element["key"], _label(element), SAME, escape(_full(element))))
    for element in old:
        if element["key"] not in after:
            out.append(ElementDiff(element["key"], _label(element), REMOVED, word_diff(_full(element), "")))
    return out
