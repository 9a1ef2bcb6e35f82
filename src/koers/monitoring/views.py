from django.shortcuts import render

from koers.core.access import get_owned, require
from koers.plans.models import Indicator


@require("plan.view")
def indicator_detail(request, pk):
    indicator = get_owned(request, Indicator.objects.select_related("plan", "goal", "theme"), pk=pk)
    return render(
        request,
        "monitoring/indicator_detail.html",
        {"indicator": indicator, "plan": indicator.plan, "nav": "plans"},
    )
