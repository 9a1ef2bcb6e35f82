"""Timings of reports for ``koers bench``: the PDF tertiaalrapportage and the dashboard's server time.

Measured on the SPOW demo plan (``koers demo``); without it, on the first jaarplan in the database.
"""

from __future__ import annotations

import statistics
import time

from koers.core.periods import Tertiaal

DEMO_SWV = "PO2806"
DEMO_PLAN = "spow-osp-2024-2028"
PDF_TARGET = 5.0
DASHBOARD_TARGET = 0.2


def _year_plan():
    from koers.plans.models import YearPlan

    year_plans = YearPlan.objects.select_related("plan", "swv").order_by("school_year", "pk")
    return (
        year_plans.filter(swv__code=DEMO_SWV, plan__code=DEMO_PLAN, school_year=2024).first()
        or year_plans.filter(swv__code=DEMO_SWV).first()
        or year_plans.first()
    )


def _timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _dashboard_request(year_plan):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from koers.accounts.models import Membership

    membership = (
        Membership.objects.filter(swv=year_plan.swv, role__code__in=["bureau", "beheerder"])
        .select_related("user", "role", "swv")
        .first()
    )
    request = RequestFactory().get("/", {"schooljaar": year_plan.school_year})
    request.user = membership.user if membership else AnonymousUser()
    request.swv = year_plan.swv
    request.membership = membership
    request.htmx = False
    return request


def bench_rows() -> list[tuple[str, float, float]]:
    """(name, seconds, target seconds) per measurement; empty when there is no jaarplan to measure."""
    from koers.core.views import home
    from koers.reports import content, render

    year_plan = _year_plan()
    if year_plan is None:
        return []
    tertiaal = Tertiaal(year_plan.school_year, 3)
    label = f"{year_plan.swv} {tertiaal}"

    def pdf():
        render.render_pdf(content.tertiaal_payload(year_plan, tertiaal))

    def dashboard():
        response = home(_dashboard_request(year_plan))
        assert response.status_code == 200

    dashboard()  # warm up templates
    return [
        (f"rapportage: tertiaalrapportage als PDF ({label})", _timed(pdf, 2), PDF_TARGET),
        (f"rapportage: dashboard, servertijd ({year_plan.swv})", _timed(dashboard, 7), DASHBOARD_TARGET),
    ]
