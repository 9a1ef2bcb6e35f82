"""The page of the top reasons of absence per period (aggregates only: every reader with monitoring access, a
schoolbestuur for its own schools, small counts suppressed; see :mod:`koers.monitoring.absence_reasons`)."""

from django.shortcuts import render

from koers.core.access import require
from koers.monitoring.absence_reasons import PERCENTILE_LABELS, AbsenceReasonFilter, reason_table


@require("monitoring.view_aggregate")
def absence_reasons(request):
    filterset = AbsenceReasonFilter(request.GET or None)
    valid = filterset.is_valid() if request.GET else True
    chosen = filterset.choices()
    table = reason_table(
        request.audience, chosen["period"], by=chosen["by"], soort=chosen["soort"], school=chosen["school"]
    )
    context = {
        "nav": "monitoring",
        "filter": filterset,
        "valid": valid,
        "table": table,
        "chosen": chosen,
        "percentiles": list(PERCENTILE_LABELS.items()),
    }
    return render(request, "monitoring/absence_reasons.html", context)
