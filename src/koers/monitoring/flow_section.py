"""The "Leerlingstromen" section (dashboard and board pack): grensverkeer in / out / saldo per type and the match of
the TLV register with DUO's funded-pupil list, as ``audience`` may see them, with an SVG chart and its table.

One function, :func:`flow_section`, used by the dashboard's template tag (``{% flows_section %}``) and by the
board pack; both show nothing when there are no flow data.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.core.formatting import number
from koers.monitoring.measures import REGISTRY
from koers.monitoring.measures.flows import FLOW_TYPES

MATCH_CODES = ("tlv_duo_beide", "tlv_duo_alleen_register", "tlv_duo_alleen_duo")
IN_COLOUR, OUT_COLOUR = "#1d5fa8", "#b54708"


def _present(result) -> bool:
    return result.value is not None or result.suppressed


def flow_section(audience, on) -> dict | None:
    """{rows: [{type, in, out, saldo}], match: [(label, Result)], chart, definition} or None without data."""
    rows = []
    for t in FLOW_TYPES:
        code = t.lower()
        inc = REGISTRY[f"grensverkeer_inkomend_{code}"].value(audience, on)
        out = REGISTRY[f"grensverkeer_uitgaand_{code}"].value(audience, on)
        if not (_present(inc) or _present(out)):
            continue
        rows.append(
            {"type": t, "in": inc, "out": out, "saldo": REGISTRY[f"grensverkeer_saldo_{code}"].value(audience, on)}
        )
    match = [(REGISTRY[c].name, REGISTRY[c].value(audience, on)) for c in MATCH_CODES]
    if not any(_present(r) for _l, r in match):
        match = []
    if not rows and not match:
        return None
    return {
        "rows": rows,
        "match": match,
        "chart": flows_svg(rows) if rows else "",
        "definition": _(
            "Uitgaand: leerlingen met een TLV van dit samenwerkingsverband op een school elders; inkomend: leerlingen "
            "op een school hier met een TLV van een ander samenwerkingsverband; saldo = inkomend − uitgaand. Bron: "
            "DUO, teldatum 1 oktober (laatste peildatum vóór of op %(d)s); SBO-uitgaand zonder DUO-telling uit de "
            "DUO-lijst van bekostigde leerlingen."
        )
        % {"d": on.strftime("%d-%m-%Y")},
    }


def _plain(result) -> dict:
    return {"value": None if result.value is None else int(result.value), "display": str(result.display)}


def flows_payload(audience, on) -> dict | None:
    """The section as plain data (JSON) for a stored report: the board pack renders it with :func:`board_svg`."""
    section = flow_section(audience, on)
    if section is None:
        return None
    return {
        "rows": [
            {"type": r["type"], "in": _plain(r["in"]), "out": _plain(r["out"]), "saldo": _plain(r["saldo"])}
            for r in section["rows"]
        ],
        "match": [{"label": str(label), "display": str(r.display)} for label, r in section["match"]],
        "definition": str(section["definition"]),
    }


class _Shown:
    """A stored value as the chart reads a Result: ``value`` and ``display``."""

    def __init__(self, data):
        self.value, self.display = data["value"], data["display"]


def board_svg(flows: dict | None) -> SafeString | str:
    """The chart of a stored section (see :func:`flows_payload`)."""
    if not flows or not flows.get("rows"):
        return ""
    rows = [{"type": r["type"], **{k: _Shown(r[k]) for k in ("in", "out", "saldo")}} for r in flows["rows"]]
    return flows_svg(rows)


def flows_svg(rows, *, width: int = 480) -> SafeString:
    """Bars of inkomend and uitgaand per type; a hidden value is written as such, not drawn."""
    row_h, top, left, right = 46, 34, 52, 64
    height = top + row_h * len(rows) + 8
    values = [r[k].value for r in rows for k in ("in", "out") if r[k].value is not None]
    top_value = max([*values, 1])
    scale = (width - left - right) / float(top_value)
    parts = [
        format_html('<rect x="{}" y="8" width="14" height="14" fill="{}"/>', left, IN_COLOUR),
        format_html('<text x="{}" y="20" font-size="14">{}</text>', left + 20, _("inkomend")),
        format_html('<rect x="{}" y="8" width="14" height="14" fill="{}"/>', left + 130, OUT_COLOUR),
        format_html('<text x="{}" y="20" font-size="14">{}</text>', left + 150, _("uitgaand")),
    ]
    desc = []
    for i, r in enumerate(rows):
        y = top + i * row_h
        parts.append(format_html('<text x="4" y="{}" font-size="15" font-weight="bold">{}</text>', y + 26, r["type"]))
        for j, (key, colour) in enumerate((("in", IN_COLOUR), ("out", OUT_COLOUR))):
            res, by = r[key], y + j * 20
            if res.value is None:
                parts.append(format_html('<text x="{}" y="{}" font-size="13">{}</text>', left, by + 14, res.display))
                continue
            w = max(1, round(float(res.value) * scale))
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>', left, by, w, colour))
            parts.append(
                format_html('<text x="{}" y="{}" font-size="13">{}</text>', left + w + 4, by + 13, number(res.value, 0))
            )
        desc.append(
            _("%(t)s: inkomend %(i)s, uitgaand %(o)s, saldo %(s)s")
            % {"t": r["type"], "i": r["in"].display, "o": r["out"].display, "s": r["saldo"].display}
        )
    title = _("Grensverkeer per soort")
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-labelledby="flows-title flows-desc"><title id="flows-title">{}</title><desc id="flows-desc">{}</desc>',
        width,
        height,
        width,
        height,
        title,
        "; ".join(desc),
    )
    return mark_safe(head + "".join(str(p) for p in parts) + "</svg>")  # noqa: S308 - every text went through escape


__all__ = ["board_svg", "flow_section", "flows_payload", "flows_svg", "escape"]
