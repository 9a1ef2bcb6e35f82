"""The "Leerlingstromen" part of the board pack in Word and PowerPoint (the PDF uses
``monitoring/_flows_board.html``): the chart of :func:`koers.monitoring.flow_section.board_svg` with the table
beside it, from the stored ``payload["flows"]``. Nothing when the report has no flow data."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.monitoring.flow_section import board_svg

HEADERS = (gettext_lazy("Soort"), gettext_lazy("Inkomend"), gettext_lazy("Uitgaand"), gettext_lazy("Saldo"))


def _rows(flows):
    return [[r["type"], r["in"]["display"], r["out"]["display"], r["saldo"]["display"]] for r in flows["rows"]]


def word(document, payload: dict, picture) -> None:
    """Append the section to the Word board page; ``picture(run, svg, width_cm)`` from word_front."""
    flows = payload.get("flows")
    if not flows:
        return
    document.add_heading(_("Leerlingstromen"), level=2)
    if flows["rows"]:
        picture(document.add_paragraph().add_run(), str(board_svg(flows)), 14)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = str(text)
        for row in _rows(flows):
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    for m in flows["match"]:
        document.add_paragraph(f"{m['label']}: {m['display']}", style="List Bullet")
    document.add_paragraph(flows["definition"])


def slide(presentation, payload: dict, new_slide, picture, text, margin, cm) -> None:
    """Add one slide; the callables are slides.py's own helpers (``_slide``, ``_picture``, ``_text``)."""
    flows = payload.get("flows")
    if not flows:
        return
    page = new_slide(_("Leerlingstromen"))
    top = cm(3)
    if flows["rows"]:
        picture(page, str(board_svg(flows)), margin, top, cm(15))
        rows = _rows(flows)  # the same figures as a table beside the chart (its table alternative, ADR 0013)
        table = page.shapes.add_table(len(rows) + 1, 4, margin + cm(16), top, cm(14), cm(0.9) * (len(rows) + 1)).table
        for r, values in enumerate([[str(h) for h in HEADERS], *rows]):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    match = [f"{m['label']}: {m['display']}" for m in flows["match"]]
    if match:
        text(page, "\n".join(match), margin + cm(16), top + cm(0.9) * (len(flows["rows"]) + 1) + cm(0.8), cm(14), cm(3),
             size=12)  # fmt: skip
    text(page, flows["definition"], margin, cm(15), cm(30), cm(2), size=9, colour="475467")
