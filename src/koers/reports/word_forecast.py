"""The board pack's Vooruitblik in Word: the tables and the chart of ``koers.monitoring.forecast.display.payload``,
as the PDF shows them (the chart as PNG with its description as alt text, ADR 0013)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.shared import Pt


def add(document, vb: dict | None, picture) -> None:
    """Append the Vooruitblik to ``document`` (nothing when the payload has none, as older reports)."""
    if not vb or not (vb.get("items") or vb.get("funded")):
        return
    document.add_heading(_("Vooruitblik"), level=2)
    document.add_paragraph(
        _(
            "Wat de trend van de afgelopen schooljaren voor de komende schooljaren verwachten laat, met een "
            "voorspellingsinterval van 95%. Zonder minstens drie schooljaren met gegevens staat er geen getal."
        )
    )
    if vb.get("items"):
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Maat"), _("Laatst gemeten"), _("Verwacht (interval)")), strict=True
        ):
            cell.text = text
        for item in vb["items"]:
            cells = table.add_row().cells
            cells[0].text = item["name"]
            cells[1].text = item["last"]
            cells[2].text = (
                "; ".join(
                    p["label"] + ": " + p["display"] + (f" ({p['interval']})" if p["interval"] else "")
                    for p in item["points"]
                )
                or item["reason"]
            )
    if vb.get("chart_svg"):
        picture(document.add_paragraph().add_run(), vb["chart_svg"], 14)
    if vb.get("funded"):
        document.add_paragraph(
            _("Verwachte leerlingen met een TLV van dit samenwerkingsverband (teldatum 1 februari)")
        ).runs[0].bold = True
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        heads = (_("Schooljaar"), _("Soort"), _("Verwacht"), _("Interval"))
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            cell.text = text
        for row in vb["funded"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row["label"], row["school_type"]
            cells[2].text, cells[3].text = row["display"], row["interval_display"] or "–"
        note = document.add_paragraph(vb["funded_method"] + " " + vb["finance_note"])
        for run in note.runs:
            run.font.size = Pt(8)
