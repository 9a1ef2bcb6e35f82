from django.shortcuts import render

from koers.core.access import require
from koers.organisations.models import (
    Actor,
    Gremium,
    Ketenpartner,
    School,
    Schoolbestuur,
    StaffMember,
)


@require("organisations.view")
def overview(request):
    swv = request.swv
    context = {
        "nav": "organisations",
        "bestuur_count": Schoolbestuur.objects.filter(swv=swv).count(),
        "school_count": School.objects.filter(swv=swv).count(),
        "staff": StaffMember.objects.filter(swv=swv),
        "gremia": Gremium.objects.filter(swv=swv),
        "partners": Ketenpartner.objects.filter(swv=swv),
        "actors": Actor.objects.filter(swv=swv),
    }
    return render(request, "organisations/overview.html", context)
