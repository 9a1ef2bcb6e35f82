"""The board pack: page 1 of a tertiaalrapportage as one visual summary, for PDF, Word and PowerPoint alike.

:func:`summary` reads a tertiaal payload (content.py) and gives per speerpunt/thema the indicator statuses with
value and norm (the payload's values, made for the report's readers: suppressed as ADR 0012 says), the activities
by status, the budget realisation and what changed since the previous tertiaal. It is a pure function of the
payload, so an issued report gets the summary of its frozen content.

The charts are small server-side SVG drawings (``role="img"`` with ``<title>`` and ``<desc>``; every text goes
through ``escape``). The PDF and the web preview embed them; Word and PowerPoint get them as PNG
(:mod:`koers.reports.chart_images`, ADR 0013), with the same description as alt text.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import formatting
from koers.core.periods import Tertiaal

# Activity statuses in the order of a progress bar: done first, then running, postponed, not started, cancelled.
ACTIVITY_ORDER = ("afgerond", "loopt", "uitgesteld", "niet_gestart", "vervallen")
ACTIVITY_COLOURS = {
    "afgerond": ("#1a7f37", "#ffffff"),
    "loopt": ("#1d4ed8", "#ffffff"),
    "uitgesteld": ("#b54708", "#ffffff"),
    "niet_gestart": ("#d0d5dd", "#101828"),
    "vervallen": ("#f2f4f7", "#344054"),
}
INDICATOR_ORDER = ("behaald", "op_koers", "niet_op_koers", "niet_behaald", "geen_meting")
# traffic lights: (fill, text on it); the status is always written out as well, never colour alone
LIGHTS = {
    "behaald": ("#1a7f37", "#ffffff"),
    "op_koers": ("#1a7f37", "#ffffff"),
    "niet_op_koers": ("#f79009", "#101828"),
    "niet_behaald": ("#b42318", "#ffffff"),
    "geen_meting": ("#d0d5dd", "#101828"),
}
FONT = "DejaVu Sans, sans-serif"
CHANGES_ON_PAGE_ONE = 3
MATRIX_MAX = 16  # more indicators than this: page 1 shows the measured ones and counts the others


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.get("goals", []))


def _decimal(text) -> Decimal:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return Decimal("0")


def _previous_indicator_status(indicator: dict, until: str) -> str:
    """The status of the newest measurement on or before ``until`` (ISO date); none: "geen_meting"."""
    earlier = [v for v in indicator.get("series", []) if v.get("date") and v["date"] <= until]
    return earlier[-1]["status"] if earlier else "geen_meting"


def _budget(lines: list[dict]) -> dict | None:
    if not lines:
        return None
    allocated = sum((_decimal(x["amount"]) for x in lines), Decimal("0"))
    realised = sum((_decimal(x["realised"]) for x in lines), Decimal("0"))
    share = realised * 100 / allocated if allocated else None
    return {
        "allocated": allocated,
        "realised": realised,
        "share": share,
        "allocated_display": formatting.money(allocated),
        "realised_display": formatting.money(realised),
        "share_display": formatting.percentage(share, 0) if share is not None else "–",
    }


def _segments(activities: list[dict], labels: dict[str, str]) -> list[dict]:
    counts = Counter(a["status"] for a in activities)
    return [
        {"status": status, "label": labels.get(status, status), "count": counts[status]}
        for status in ACTIVITY_ORDER
        if counts.get(status)
    ]


def summary(payload: dict) -> dict:
    """Everything page 1 of the board pack shows, from a tertiaal payload."""
    activity_labels = {row["status"]: str(row["label"]) for row in payload["summary"]["activity_statuses"]}
    indicator_labels = {row["status"]: str(row["label"]) for row in payload["summary"]["indicator_statuses"]}
    tertiaal = Tertiaal.try_parse(payload["tertiaal"]["key"])
    previous = tertiaal.previous() if tertiaal else None
    previous_end = previous.end.isoformat() if previous else ""
    rows, changes = [], []
    all_activities, all_indicators = [], []
    for section in payload["sections"]:
        nodes = list(_walk([section]))
        indicators = [i for node in nodes for i in node["indicators"]]
        activities = [a for node in nodes for a in node["activities"]]
        all_activities += activities
        all_indicators += indicators
        name = (section["label"] + ": " if section["label"] else "") + section["title"]
        matrix = []
        for i in indicators:
            latest = i["latest"]
            matrix.append(
                {
                    "code": i["code"],
                    "title": i["title"],
                    "status": latest["status"],
                    "status_label": latest["status_label"][:1].upper() + latest["status_label"][1:],
                    "display": latest["display"],
                    "period": latest["period_label"],
                    "measured_text": latest.get("measured_text", ""),  # "gemeten t/m 31-07-2025" (ADR 0017)
                    "comparison": latest.get("comparison", ""),  # a trend norm: a year earlier, or the nulmeting
                    "norm": i["norm"] or "–",
                }
            )
            if previous_end:
                before = _previous_indicator_status(i, previous_end)
                if before != latest["status"]:
                    changes.append(
                        {
                            "indicator": True,
                            "kind": payload["plan"]["indicator_label"],
                            "title": i["title"],
                            "section": section["label"] or section["title"],
                            "before": indicator_labels.get(before, before),
                            "after": latest["status_label"],
                            "status": latest["status"],
                        }
                    )
        for a in activities:
            before = a.get("previous_status")
            if before and before != a["status"]:
                changes.append(
                    {
                        "indicator": False,
                        "kind": payload["plan"]["activity_label"],
                        "title": a["description"],
                        "section": section["label"] or section["title"],
                        "before": activity_labels.get(before, before),
                        "after": a["status_label"],
                        "status": a["status"],
                    }
                )
        segments = _segments(activities, activity_labels)
        budget = _budget(section.get("budget") or [])
        rows.append(
            {
                "anchor": section.get("anchor", ""),
                "label": section["label"],
                "title": section["title"],
                "name": name,
                "indicators": matrix,
                "all_indicators": list(matrix),
                "hidden": 0,
                "activity_total": len(activities),
                "activity_done": sum(1 for a in activities if a["status"] == "afgerond"),
                "activity_late": sum(1 for a in activities if a["late"]),
                "segments": segments,
                "activity_chart_svg": activity_bar_svg(segments, len(activities), name, legend=False),
                "budget": budget,
                "budget_chart_svg": budget_bar_svg(budget, name) if budget else "",
            }
        )
    if len(all_indicators) > MATRIX_MAX:  # page 1 keeps what is judged against a norm; the rest is counted
        for row in rows:
            shown = [i for i in row["indicators"] if i["status"] != "geen_meting"]
            row["hidden"] = len(row["indicators"]) - len(shown)
            row["indicators"] = shown
    overall_segments = _segments(all_activities, activity_labels)
    overall_budget = _budget((payload.get("budget") or {}).get("lines", []))
    indicator_counts = Counter(i["latest"]["status"] for i in all_indicators)
    on_track = indicator_counts["behaald"] + indicator_counts["op_koers"]
    measured = len(all_indicators) - indicator_counts["geen_meting"]
    done = sum(1 for a in all_activities if a["status"] == "afgerond")
    late = sum(1 for a in all_activities if a["late"])
    everything = _("het hele jaarplan")
    return {
        "rows": rows,
        "has_indicators": bool(all_indicators),
        "has_activities": bool(all_activities),
        "has_budget": any(r["budget"] for r in rows),
        "theme_label": payload["plan"]["theme_label"],
        "indicator_label": payload["plan"]["indicator_label"],
        "tiles": _tiles(len(all_activities), done, late, len(all_indicators), measured, on_track, overall_budget),
        "activity_total": len(all_activities),
        "activity_done": done,
        "segments": overall_segments,
        "activity_chart_svg": activity_bar_svg(overall_segments, len(all_activities), everything, legend=False),
        "budget": overall_budget,
        "budget_chart_svg": budget_bar_svg(overall_budget, everything) if overall_budget else "",
        "previous_label": str(previous) if previous else "",
        "changes": changes,
        "changes_text": _changes_text(
            changes, str(previous) if previous else "", theme_label=payload["plan"]["theme_label"]
        ),
        "changes_first": changes[:CHANGES_ON_PAGE_ONE],
        "lights": [{"status": s, "label": indicator_labels.get(s, s)} for s in INDICATOR_ORDER],
        "vooruitblik": payload.get("vooruitblik"),  # koers.monitoring.forecast.display.payload (ADR 0026)
    }


def _changes_text(changes: list[dict], previous: str, *, theme_label: str) -> str:
    indicators = sum(1 for c in changes if c["indicator"])
    activities = len(changes) - indicators
    if not changes:
        return _("Sinds %(t)s is de status van geen indicator of activiteit veranderd.") % {"t": previous}
    parts = []
    if indicators:
        parts.append(ngettext("%(n)s indicator", "%(n)s indicatoren", indicators) % {"n": indicators})
    if activities:
        parts.append(ngettext("%(n)s activiteit", "%(n)s activiteiten", activities) % {"n": activities})
    text = _("Sinds %(t)s veranderde de status van %(what)s.") % {"t": previous, "what": _(" en ").join(parts)}
    if len(changes) > CHANGES_ON_PAGE_ONE:
        text += " " + _("Hieronder de eerste %(n)s; de andere staan bij hun %(l)s.") % {
            "n": CHANGES_ON_PAGE_ONE,
            "l": theme_label.lower(),
        }
    return text


def _tiles(activities, done, late, indicators, measured, on_track, budget) -> list[dict]:
    """The key figures at the top of page 1."""
    tiles = []
    if activities:
        tiles.append(
            {
                "figure": f"{done} / {activities}",
                "text": ngettext("activiteit afgerond", "activiteiten afgerond", done),
            }
        )
        tiles.append(
            {
                "figure": str(late),
                "text": ngettext("activiteit over de deadline", "activiteiten over de deadline", late),
                "warn": late > 0,
            }
        )
    if indicators:
        tiles.append(
            {
                "figure": f"{on_track} / {measured}",
                "text": ngettext(
                    "gemeten indicator behaald of op koers", "gemeten indicatoren behaald of op koers", measured
                ),
            }
        )
    if budget:
        tiles.append({"figure": budget["share_display"], "text": _("van het budget gerealiseerd")})
    return tiles


# ---------------------------------------------------------------------------------------------------- charts


def _svg(width: int, height: int, title: str, desc: str, parts: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="{FONT}" class="board-chart">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 - every text went through escape()


def activity_description(segments: list[dict], total: int) -> str:
    if not total:
        return _("Geen activiteiten.")
    parts = ", ".join(f"{s['count']} {s['label'].lower()}" for s in segments)
    return ngettext("%(n)s activiteit: %(parts)s.", "%(n)s activiteiten: %(parts)s.", total) % {
        "n": total,
        "parts": parts,
    }


def activity_bar_svg(segments: list[dict], total: int, name: str, *, legend: bool, width: int = 300) -> SafeString:
    """A horizontal bar of the activities by status, with the counts in the segments (and a legend below)."""
    title = _("Voortgang van de activiteiten: %(name)s") % {"name": name}
    desc = activity_description(segments, total)
    bar_h, font = 22, 13
    height = bar_h + (26 if legend else 0) + 2
    parts = []
    if not total:
        parts.append(
            f'<rect x="0" y="1" width="{width}" height="{bar_h}" rx="4" fill="#f2f4f7" stroke="#d0d5dd"/>'
            f'<text x="8" y="{1 + bar_h / 2 + font * 0.35:.1f}" font-size="{font}" fill="#475467">'
            f"{escape(_('geen activiteiten'))}</text>"
        )
        return _svg(width, bar_h + 2, title, desc, parts)
    x = 0.0
    for s in segments:
        w = width * s["count"] / total
        fill, ink = ACTIVITY_COLOURS.get(s["status"], ("#98a2b3", "#101828"))
        parts.append(
            f'<rect x="{x:.1f}" y="1" width="{w:.1f}" height="{bar_h}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="1"/>'
        )
        label = str(s["count"])
        if w >= len(label) * font * 0.62 + 8:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{1 + bar_h / 2 + font * 0.36:.1f}" text-anchor="middle" '
                f'font-size="{font}" font-weight="bold" fill="{ink}">{escape(label)}</text>'
            )
        x += w
    if legend:
        lx, ly = 0.0, bar_h + 19
        for s in segments:
            fill, _ink = ACTIVITY_COLOURS.get(s["status"], ("#98a2b3", "#101828"))
            text = f"{s['label']} ({s['count']})"
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly - 11}" width="12" height="12" fill="{fill}" stroke="#98a2b3" '
                f'stroke-width="0.5"/><text x="{lx + 16:.1f}" y="{ly}" font-size="13" fill="#344054">'
                f"{escape(text)}</text>"
            )
            lx += 16 + len(text) * 13 * 0.62 + 12
    return _svg(width, height, title, desc, parts)


def budget_description(budget: dict) -> str:
    return _("Gerealiseerd %(r)s van %(a)s begroot (%(s)s).") % {
        "r": budget["realised_display"],
        "a": budget["allocated_display"],
        "s": budget["share_display"],
    }


def budget_bar_svg(budget: dict, name: str, *, width: int = 300, amounts: bool = False) -> SafeString:
    """A bar of the budget with the realised part filled in; over budget the bar is red to the end."""
    title = _("Budget: %(name)s") % {"name": name}
    desc = budget_description(budget)
    bar_h, font = 22, 13
    share = budget["share"] if budget["share"] is not None else Decimal("0")
    filled = float(min(share, Decimal(100))) / 100 * width
    over = share > 100
    fill = "#b42318" if over else "#0b4f8a"
    label = budget["share_display"]
    if amounts:  # for an image on its own (Word, PowerPoint): the amounts in the bar too
        label += f" · {budget['realised_display']} / {budget['allocated_display']}"
    parts = [
        f'<rect x="0" y="1" width="{width}" height="{bar_h}" rx="4" fill="#eaecf0"/>',
        f'<rect x="0" y="1" width="{filled:.1f}" height="{bar_h}" rx="4" fill="{fill}"/>' if filled else "",
    ]
    text_w = len(label) * font * 0.6
    inside = filled >= text_w + 16
    x, anchor, ink = (8, "start", "#ffffff") if inside else (filled + 8, "start", "#101828")
    if not inside and filled + 8 + text_w > width:  # no room after the bar either: right-aligned, dark on grey
        x, anchor, ink = (width - 8, "end", "#101828")
    parts.append(
        f'<text x="{x:.1f}" y="{1 + bar_h / 2 + font * 0.36:.1f}" text-anchor="{anchor}" font-size="{font}" '
        f'font-weight="bold" fill="{ink}">{escape(label)}</text>'
    )
    return _svg(width, bar_h + 2, title, desc, parts)
