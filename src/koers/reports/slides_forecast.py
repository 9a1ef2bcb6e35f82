"""The board pack's Vooruitblik in PowerPoint (ADR 0026), from the stored ``payload["vooruitblik"]``.

As in the PDF and Word (``word_forecast``): the chart of the trend with its interval as a PNG with its description
as alt text (ADR 0013), beside it the same figures as a table (the table alternative of the chart), and the
method and the chart's description in the speaker notes. The expected pupils with a TLV of the SWV (teldatum
1 februari) get a slide of their own when the payload has them. Nothing when the report has no Vooruitblik.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pptx.util import Cm, Pt

from koers.reports import chart_images

NOTE = gettext_lazy(
    "Wat de trend van de afgelopen schooljaren voor de komende schooljaren verwachten laat, met een "
    "voorspellingsinterval van 95%. Zonder minstens drie schooljaren met gegevens staat er geen getal."
)
ROWS = 8  # rows of a table on one slide; more are counted below it


def _expected(item: dict) -> str:
    return (
        "; ".join(
            p["label"] + ": " + p["display"] + (f" ({p['interval']})" if p["interval"] else "") for p in item["points"]
        )
        or item["reason"]
    )


def _table(slide, headers, rows, left, top, width, widths):
    table = slide.shapes.add_table(len(rows) + 1, len(headers), left, top, width, Cm(0.9) * (len(rows) + 1)).table
    for column, size in enumerate(widths):
        table.columns[column].width = int(size)
    for r, values in enumerate([headers, *rows]):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(text)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = Pt(11 if r == 0 else 10)
                run.font.bold = r == 0
    return table


def _more(slide, text, shown: int, total: int) -> None:
    if total > shown:
        text(
            slide,
            _("En nog %(n)s: zie de rapportage.") % {"n": total - shown},
            Cm(1.5),
            Cm(16.6),
            Cm(20),
            Cm(0.8),
            size=10,
            colour="475467",
        )


def slides(payload: dict, new_slide, picture, text) -> None:
    """Add the Vooruitblik slides; ``new_slide(title)``, ``picture(slide, svg, left, top, width)`` and
    ``text(slide, text, left, top, width, height, size=..., colour=...)`` are the helpers of koers.reports.slides."""
    vb = payload.get("vooruitblik")
    if not vb or not (vb.get("items") or vb.get("funded")):
        return
    if vb.get("items") or vb.get("chart_svg"):
        slide = new_slide(_("Vooruitblik"))
        notes = [str(NOTE)]
        table_left, table_width = Cm(1.5), Cm(30.8)
        if vb.get("chart_svg"):
            picture(slide, vb["chart_svg"], Cm(1.5), Cm(3), Cm(14.5))
            if vb.get("chart_of"):
                caption = _("%(n)s: gemeten en verwacht, met het interval als band.") % {"n": vb["chart_of"]}
                text(slide, caption, Cm(1.5), Cm(12.6), Cm(14.5), Cm(0.9), size=10, colour="475467")
            image = chart_images.to_png(vb["chart_svg"])
            notes.append(image.alt_text)
            table_left, table_width = Cm(16.8), Cm(15.5)
        items = vb.get("items", [])
        if items:
            shown = items[:ROWS]
            _table(
                slide,
                [_("Maat"), _("Laatst gemeten"), _("Verwacht (interval)")],
                [[i["name"][:80], i["last"], _expected(i)[:160]] for i in shown],
                table_left,
                Cm(3),
                table_width,
                [table_width * 0.34, table_width * 0.22, table_width * 0.44],
            )
            _more(slide, text, len(shown), len(items))
            notes += [f"{i['name']}: {_expected(i)}" + (f" ({i['method']})" if i.get("method") else "") for i in items]
        text(slide, str(NOTE), Cm(1.5), Cm(15.2), Cm(30.8), Cm(1.4), size=10, colour="475467")
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    if vb.get("funded"):
        slide = new_slide(_("Vooruitblik: leerlingen met een TLV"))
        text(
            slide,
            _("Verwachte leerlingen met een TLV van dit samenwerkingsverband (teldatum 1 februari)"),
            Cm(1.5),
            Cm(2.6),
            Cm(30.8),
            Cm(0.9),
            size=13,
            bold=True,
        )
        shown = vb["funded"][:ROWS]
        _table(
            slide,
            [_("Schooljaar"), _("Soort"), _("Verwacht"), _("Interval")],
            [[r["label"], r["school_type"], r["display"], r.get("interval_display") or "–"] for r in shown],
            Cm(1.5),
            Cm(3.7),
            Cm(30.8),
            [Cm(7), Cm(5), Cm(9.4), Cm(9.4)],
        )
        _more(slide, text, len(shown), len(vb["funded"]))
        method = f"{vb.get('funded_method', '')} {vb.get('finance_note', '')}".strip()
        text(slide, method, Cm(1.5), Cm(14.6), Cm(30.8), Cm(2), size=10, colour="475467")
        slide.notes_slide.notes_text_frame.text = method
