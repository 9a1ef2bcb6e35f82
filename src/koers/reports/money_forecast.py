"""The board pack's expected afdrachten in Word, from ``payload["money"]["afdrachten_forecast"]``
(:func:`koers.finance.report.forecast_payload`): the chart as PNG with its description as alt text, the table and
the method. The PDF has ``finance/_boardpack_afdrachten_forecast.html``; a slide can be made from the same plain
values (labels, values, low, high, norm)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.shared import Pt


def word(document, money: dict | None) -> None:
    """Append the expected afdrachten to ``document`` (nothing for a payload without them, as older reports)."""
    data = (money or {}).get("afdrachten_forecast")
    if not data or not data.get("rows"):
        return
    from koers.reports.word_front import picture

    document.add_heading(data["title"], level=3)
    if data.get("chart_svg", "").startswith("<svg"):
        picture(document.add_paragraph().add_run(), data["chart_svg"], 14)
    heads = (_("Schooljaar"), _("Soort"), _("Afdrachten"), _("Bandbreedte"), _("Begroot"), _("Verschil"))
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in data["rows"]:
        values = (row["label"], row["kind"], row["display"], row["range_display"], row["norm_display"],
                  row["difference_display"])  # fmt: skip
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    note = document.add_paragraph(_("Methode") + ": " + data["method"])
    for run in note.runs:
        run.font.size = Pt(8)
