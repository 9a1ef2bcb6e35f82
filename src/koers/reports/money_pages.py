"""The board pack's money page in Word and PowerPoint, from ``payload["money"]`` (koers.finance.report).

One function per format, each called with one line from :mod:`koers.reports.word_front` and
:mod:`koers.reports.slides`; the PDF has the template ``finance/_boardpack_money.html``. A payload without
``"money"`` (no begroting and no jaarrekening, or a report issued before Koers had it) gets no money page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from pptx.util import Cm, Pt

from koers.finance.report import ratio_rows, trend_text
from koers.reports import money_forecast


def _title(money: dict) -> str:
    label = money.get("school_year_label")
    return _("Geld: begroting %(y)s") % {"y": label} if label else _("Geld")


def word(document, payload: dict) -> None:
    money = payload.get("money")
    if not money:
        return
    from docx.enum.text import WD_BREAK

    from koers.reports.word_front import picture

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(_title(money), level=2)
    if money.get("figures"):
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [
                _("Post"),
                _("Begroot"),
                _("Berekend"),
                _("Projectie %(e)s") % {"e": money.get("year_end_label") or _("31 juli")},
            ],
            strict=True,
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in money["figures"]:
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                [row["label"], row["budget_display"], row["computed_display"], row["projected_display"]],
                strict=True,
            ):
                cell.text = text
        if money.get("lines"):
            document.add_paragraph()
            lines = document.add_table(rows=1, cols=4)
            lines.style = "Table Grid"
            for cell, text in zip(
                lines.rows[0].cells, [_("Categorie"), _("Berekend"), _("Begroot"), _("Verklaring")], strict=True
            ):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for line in money["lines"]:
                cells = lines.add_row().cells
                for cell, text in zip(
                    cells,
                    [line["label"], line["amount_display"], line["budgeted_display"], line["explanation"]],
                    strict=True,
                ):
                    cell.text = text
        note = document.add_paragraph(
            _("Afdrachten")
            + ": "
            + money["contribution_method"]
            + " "
            + _("Projectie")
            + ": "
            + money["projection_method"]
        )
        note.runs[0].font.size = Pt(8)
    money_forecast.word(document, money)  # the expected afdrachten (koers.finance.forecast)
    if money.get("ratios"):
        document.add_heading(_("Financiële gezondheid (jaarrekening %(y)s)") % {"y": money["health_year"]}, level=3)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [_("Kengetal"), _("Waarde"), _("Norm"), _("Status")], strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for values in ratio_rows(money):
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        paragraph = document.add_paragraph()
        for ratio in money["ratios"]:
            if ratio.get("chart_svg", "").startswith("<svg"):
                picture(paragraph.add_run(), ratio["chart_svg"], 7.5)
                paragraph.add_run(" ")


def slides(presentation, payload: dict, make_slide, text, image) -> None:
    """``make_slide(presentation, title)``, ``text(slide, text, left, top, width, height, size=...)`` and
    ``image(slide, svg, left, top, width)`` are the helpers of koers.reports.slides."""
    money = payload.get("money")
    if not money:
        return
    slide = make_slide(presentation, _title(money))
    lines = [f"{row['label']}: {_('begroot')} {row['budget_display']} · {_('berekend')} {row['computed_display']} · "
             f"{_('projectie')} {row['projected_display']}" for row in money.get("figures", [])]  # fmt: skip
    lines += [
        f"• {line['label']}: {line['amount_display']} ({line['explanation']})" for line in money.get("lines", [])[:6]
    ]
    if lines:
        text(slide, "\n".join(lines), Cm(1.5), Cm(3), Cm(15.5), Cm(12), size=12)
    left, top = Cm(17.5), Cm(3)
    for i, ratio in enumerate(money.get("ratios", [])):
        if ratio.get("chart_svg", "").startswith("<svg"):
            image(slide, ratio["chart_svg"], left + Cm(7.8) * (i % 2), top + Cm(4.6) * (i // 2), Cm(7.4))
    if money.get("ratios"):
        summary = "; ".join(f"{r['label']}: {r['display']} ({r['status']}; {trend_text(r)})" for r in money["ratios"])
        text(slide, summary, Cm(17.5), Cm(12.4), Cm(15), Cm(4), size=10)
