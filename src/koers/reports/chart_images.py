"""Koers' SVG charts as PNG for Word and PowerPoint, which take no SVG (ADR 0013).

cairosvg draws the SVG with Debian's libcairo2, offline: the charts are Koers' own drawings (boardpack.py,
koers.monitoring.charts) and reference nothing outside. The image gets the chart's ``<title>`` and ``<desc>`` as
its alt text, so Word and PowerPoint read out what the PDF's screen reader reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

SCALE = 3  # the SVGs are drawn a few hundred units wide; three times that is sharp in print


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    width: float  # of the SVG, in its own units: the aspect ratio for placing the image
    height: float
    title: str
    description: str

    @property
    def alt_text(self) -> str:
        return f"{self.title}. {self.description}".strip(". ") if self.description else self.title


def _viewbox(svg: str) -> tuple[float, float]:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if not match:
        raise ValueError("a Koers chart has a viewBox")
    return float(match.group(1)), float(match.group(2))


def _text_of(svg: str, element: str) -> str:
    match = re.search(rf"<{element}[^>]*>(.*?)</{element}>", svg, re.S)
    return unescape(match.group(1)).strip() if match else ""


def to_png(svg: str) -> ChartImage:
    """One chart as PNG, with its size and alt text."""
    import cairosvg  # cairo is slow to load; only Word and PowerPoint need it

    width, height = _viewbox(svg)
    # the SVG says width="100%" on a page; cairo needs the size in pixels
    sized = re.sub(r'(<svg[^>]*?) width="[^"]*"', r"\1", str(svg), count=1)
    sized = re.sub(r'(<svg[^>]*?) height="[^"]*"', r"\1", sized, count=1)
    sized = sized.replace("<svg ", f'<svg width="{width:g}" height="{height:g}" ', 1)
    png = cairosvg.svg2png(bytestring=sized.encode("utf-8"), scale=SCALE, unsafe=False)
    return ChartImage(png, width, height, _text_of(svg, "title"), _text_of(svg, "desc"))
