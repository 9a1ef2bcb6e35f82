"""The bureau's page of the differences between the TLV register and DUO's funded-pupil list (pupil-level:
beschikkingsnummers, so only with ``monitoring.view_pupil`` and every viewing is logged, as the register pages)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.access import require
from koers.core.periods import date_problem, parse_dutch_date
from koers.monitoring.measures.flows import match
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
    _log(request, "view", _("Verschillen TLV-register en DUO-lijst (peildatum %(d)s)") % {"d": on.strftime("%d-%m-%Y")})
    return render(request, "monitoring/funding_mismatches.html", context)
