"""The bureau's page of the differences between the TLV register and DUO's funded-pupil list (pupil-level:
beschikkingsnummers, so only with ``monitoring.view_pupil`` and every viewing is logged, as the register pages)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.access import require
from koers.core.periods import date_problem, parse_dutch_date, school_year_label
from koers.monitoring.measures.flows import funded_trend, funded_years, match
from koers.monitoring.views import _log


@require("monitoring.view_pupil")
def funding_mismatches(request):
    typed = request.GET.get("datum", "").strip()
    on = parse_dutch_date(typed) or clock.today()
    date_error = (
        (date_problem(typed) or _("Vul de peildatum in als dd-mm-jjjj."))
        if typed and not parse_dutch_date(typed)
        else ""
    )
    found = match(request.swv, on)
    context = {"nav": "monitoring", "on": on, "typed_date": typed, "date_error": date_error, "found": found is not None}
    if found is not None:
        day, own, duo = found
        context |= {
            "peildatum": day,
            "both": len(own.keys() & duo.keys()),
            "only_register": [own[k] for k in sorted(own.keys() - duo.keys())],
            "only_duo": [duo[k] for k in sorted(duo.keys() - own.keys())],
        }
    context |= _history(request)
    _log(request, "view", _("Verschillen TLV-register en DUO-lijst (peildatum %(d)s)") % {"d": on.strftime("%d-%m-%Y")})
    return render(request, "monitoring/funding_mismatches.html", context)


CATEGORY_NAMES = {"L": _("laag"), "M": _("midden"), "H": _("hoog"), "": _("onbekend")}


def _order(key: tuple[str, str]) -> tuple[int, int]:
    kinds, categories = ("SBO", "SO", "VSO"), ("L", "M", "H", "")
    kind, category = key
    return (kinds.index(kind) if kind in kinds else 9, categories.index(category) if category in categories else 9)


def _history(request) -> dict:
    """The lists per school year (links to their peildatum) and the funded pupils per year and category."""
    audience = request.audience
    years = funded_years(request.swv)
    trend = funded_trend(request.swv)
    keys = sorted({k for per in trend.values() for k in per}, key=_order)
    heads = [k[0] if k[0] == "SBO" else f"{k[0]} {CATEGORY_NAMES.get(k[1], k[1])}" for k in keys]
    rows = []
    for year, day in sorted(years):
        per = trend.get(year, {})
        cells = []
        for k in keys:
            n = per.get(k, 0)
            cells.append(_("minder dan %(n)s") % {"n": audience.threshold} if audience.hides(n) else str(n))
        total = sum(per.values())
        rows.append(
            {
                "label": school_year_label(year),
                "peildatum": day,
                "link": day.strftime("%d-%m-%Y"),
                "cells": cells,
                "total": _("minder dan %(n)s") % {"n": audience.threshold} if audience.hides(total) else str(total),
            }
        )
    return {"history_heads": heads, "history_rows": rows}
