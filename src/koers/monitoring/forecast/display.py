"""What the screens, the API and the board pack show of the forecast, for one audience (ADR 0012, 0026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.audience import Audience
from koers.core.formatting import number
from koers.core.periods import school_year_label

from .chart import forecast_chart_svg, norms_of
from .series import (
    CATEGORY_LABELS,
    TYPES,
    can_forecast,
    expected_funded_pupils,
    measure_forecast,
)

# The dashboard's and the board pack's "Vooruitblik": these measures, when there is enough history.
OVERVIEW = ("tlv_afgegeven", "tlv_open", "deelname_sbo", "deelname_so", "deelname_vso")


def for_indicator(indicator, audience: Audience, *, today: date | None = None) -> dict | None:
    """The forecast block of an indicator page: None when its measure cannot be forecast."""
    if not can_forecast(indicator.measure_code):
        return None
    params = {k: v for k, v in (indicator.measure_params or {}).items() if k != "periode"}
    fc = measure_forecast(indicator.measure_code, audience, today=today, **params)
    norms = norms_of(indicator)
    return {
        "forecast": fc,
        "chart": forecast_chart_svg(
            fc, title=_("Vooruitblik: %(t)s") % {"t": indicator.title}, ident=f"i{indicator.pk}", norms=norms
        )
        if fc.available
        else "",
        "norm_text": indicator.norm_text,
    }


def funded_rows(audience: Audience, *, today: date | None = None) -> list[dict]:
    """Expected funded pupils per school year and type (categories summed), suppressed for ``audience``."""
    swv = audience.swv or audience.swv_id
    rows = expected_funded_pupils(swv, today=today, schools=audience.limit_schools(None))
    per: dict = {}
    for r in rows:
        key = (r.school_year, r.school_type)
        entry = per.setdefault(
            key, {"known": 0, "expiring": 0, "expected": 0.0, "low": 0.0, "high": 0.0, "reason": r.reason, "cats": []}
        )
        entry["known"] += r.known
        entry["expiring"] += r.expiring
        entry["cats"].append(r)
        if r.expected is None:
            entry["expected"] = entry["low"] = entry["high"] = None
        elif entry["expected"] is not None:
            entry["expected"] += r.expected
            entry["low"] += r.low
            entry["high"] += r.high
    out = []
    for (year, kind), e in sorted(per.items()):
        hidden = (
            audience.hides(e["known"])
            or audience.hides(e["expiring"])
            or (e["expected"] is not None and audience.hides(round(e["expected"])))
        )
        n = audience.threshold
        out.append(
            {
                "school_year": year,
                "label": school_year_label(year),
                "count_date": e["cats"][0].count_date,
                "school_type": kind,
                "suppressed": hidden,
                "known": None if hidden else e["known"],
                "expiring": None if hidden else e["expiring"],
                "expected": None if hidden or e["expected"] is None else round(e["expected"]),
                "low": None if hidden or e["low"] is None else round(e["low"]),
                "high": None if hidden or e["high"] is None else round(e["high"]),
                "display": _("minder dan %(n)s") % {"n": n}
                if hidden
                else (e["reason"] or "–")
                if e["expected"] is None
                else number(Decimal(round(e["expected"])), 0),
                "interval_display": ""
                if hidden or e["expected"] is None
                else _("%(low)s tot %(high)s") % {"low": round(e["low"]), "high": round(e["high"])},
                "categories": [
                    {
                        "category": c.category,
                        "label": str(CATEGORY_LABELS[c.category]),
                        "expected": None if hidden or c.expected is None else round(c.expected, 1),
                    }
                    for c in e["cats"]
                ],
            }
        )
    return out


FUNDED_METHOD = gettext_lazy(
    "Samenstelling: leerlingen met een TLV op de teldatum 1 februari = de afgegeven TLV's die op die datum nog lopen "
    "(bekend uit het register: ingangsdatum en einddatum) + de verwachte nieuwe TLV's (trend van de afgegeven TLV's "
    "per soort) maal het deel van de TLV's dat op die teldatum nog loopt (uit de historie); verdeeld over laag, "
    "midden en hoog naar de verdeling van de laatste drie schooljaren."
)


def funded_method() -> str:
    return str(FUNDED_METHOD)


def overview(audience: Audience, *, today: date | None = None, chart_width: int = 480) -> dict:
    """The "Vooruitblik" of the dashboard and the board pack: the overview measures and the funded pupils."""
    today = today or clock.today()
    items = []
    for code in OVERVIEW:
        fc = measure_forecast(code, audience, today=today)
        if not any(h.value is not None or h.suppressed for h in fc.history):
            continue  # nothing measured (a PO SWV has no VSO percentage): no row
        items.append({"code": code, "forecast": fc})
    chart = ""
    first = next((i["forecast"] for i in items if i["forecast"].available), None)
    if first is not None:
        chart = forecast_chart_svg(
            first, title=_("Vooruitblik: %(t)s") % {"t": first.name}, ident=f"ov-{first.code}", width=chart_width
        )
    funded = funded_rows(audience, today=today)
    if not any(r["suppressed"] or r["known"] or r["expiring"] or r["expected"] is not None for r in funded):
        funded = []  # no TLV in the register at all: no table of zeros (a new SWV)
    return {
        "items": items,
        "chart": chart,
        "chart_of": first.name if first else "",
        "funded": funded,
        "funded_method": funded_method(),
        "types": TYPES,
        "has_data": bool(items or funded),
        "finance_note": _(
            "De verwachte afdrachten in euro's (deze leerlingen maal het tarief per categorie, met bandbreedte en de "
            "begroting als norm) staan op de pagina Geld; hier staan de verwachte leerlingen."
        ),
    }


def payload(audience: Audience, *, today: date | None = None) -> dict:
    """The overview as plain values for a report payload (frozen with the report; ``chart_svg`` is drawn here)."""
    data = overview(audience, today=today, chart_width=480)
    return {
        "items": [
            {
                "name": i["forecast"].name,
                "method": i["forecast"].method,
                "reason": i["forecast"].reason,
                "last": (i["forecast"].history[-1].label + ": " + i["forecast"].history[-1].display)
                if i["forecast"].history
                else "",
                "points": [
                    {"label": p.label, "display": p.display, "interval": p.interval_display}
                    for p in i["forecast"].points
                ],
            }
            for i in data["items"]
        ],
        "chart_svg": str(data["chart"]),
        "chart_of": data["chart_of"],
        "funded": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items() if k != "categories"}
            for row in data["funded"]
        ],
        "funded_method": data["funded_method"],
        "finance_note": data["finance_note"],
    }
