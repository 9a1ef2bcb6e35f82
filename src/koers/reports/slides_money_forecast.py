"""The board pack's expected afdrachten in PowerPoint, from ``payload["money"]["afdrachten_forecast"]``
(:func:`koers.finance.report.forecast_payload`, ADR 0038).

As in the PDF (``finance/_boardpack_afdrachten_forecast.html``) and Word (``money_forecast``): the chart of the
expected afdrachten with their range and the begroting as the norm, as a PNG with its description as alt text
(ADR 0013), under it the same figures as a table (the chart's table alternative), a caption, and the method, the
sources of the norm and the chart's description in the speaker notes. Nothing when the payload has no forecast
(a schoolbestuur, no year with a figure, or a report issued before the forecast existed).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from pptx.util import Cm, Pt

from koers.reports import chart_images

ROWS = 6  # rows of the table on one slide; more are counted below it


def _table(slide, headers, rows, left, top, width, widths):
    table = slide.shapes.add_table(len(rows) + 1, len(headers), left, top, width, Cm(0.8) * (len(rows) + 1)).table
    for column, share in enumerate(widths):
        table.columns[column].width = int(width * share)
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(value)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = Pt(11 if r == 0 else 10)
                run.font.bold = r == 0
    return table


def slides(payload: dict, new_slide, picture, text) -> None:
    """Add the slide "Verwachte afdrachten"; ``new_slide(title)``, ``picture(slide, svg, left, top, width)`` and
    ``text(slide, text, left, top, width, height, size=..., colour=...)`` are the helpers of koers.reports.slides."""
    data = (payload.get("money") or {}).get("afdrachten_forecast")
    if not data or not data.get("rows"):
        return
    slide = new_slide(_("Verwachte afdrachten"))
    notes = [_("Methode") + ": " + data.get("method", "")]
    sources = [f"{row['label']}: {row['norm_source']}" for row in data["rows"] if row.get("norm_source")]
    if sources:
        notes.append(_("Bron van de norm") + ": " + "; ".join(sources) + ".")
    table_top = Cm(2.8)
    svg = data.get("chart_svg") or ""
    if svg.startswith("<svg"):
        picture(slide, svg, Cm(1.5), Cm(2.7), Cm(17))  # 480 × 220: 17 × 7.8 cm
        caption = _(
            "Verplichte afdrachten per schooljaar: de stip is het bedrag (berekend of verwacht), de balk het interval van "
            "95%, de rode streepjeslijn de begroting (de norm). De tabel geeft dezelfde cijfers."
        )
        text(slide, caption, Cm(19.2), Cm(3), Cm(13.1), Cm(4), size=12, colour="344054")
        notes.append(chart_images.to_png(svg).alt_text)
        table_top = Cm(10.8)
    shown = data["rows"][:ROWS]
    _table(
        slide,
        [_("Schooljaar"), _("Soort"), _("Afdrachten"), _("Bandbreedte (95%)"), _("Begroot"), _("Verschil")],
        [
            [r["label"], r["kind"], r["display"], r["range_display"], r["norm_display"], r["difference_display"]]
            for r in shown
        ],  # fmt: skip
        Cm(1.5),
        table_top,
        Cm(30.8),
        [0.13, 0.11, 0.2, 0.26, 0.15, 0.15],
    )
    if len(data["rows"]) > len(shown):
        text(slide, _("En nog %(n)s: zie de rapportage.") % {"n": len(data["rows"]) - len(shown)}, Cm(1.5),
             table_top + Cm(0.8) * (len(shown) + 1) + Cm(0.2), Cm(20), Cm(0.8), size=10, colour="475467")  # fmt: skip
    text(slide, _("Methode en bron van de norm: zie de notities bij deze dia."), Cm(1.5), Cm(16.4), Cm(30.8),
         Cm(0.8), size=10, colour="475467")  # fmt: skip
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)
