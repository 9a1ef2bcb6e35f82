"""Timings of reports for ``koers bench``: the PDF tertiaalrapportage and the dashboard's server time.

Measured on the SPOW demo plan (``koers demo``); without it, on the first jaarplan in the database. The dashboard
is measured with the large-SWV benchmark data (120.000 register rows) loaded into SPOW, once without the measure
cache (the first view after an import) and once with it (every later view), as the issue asks.
"""

from __future__ import annotations

import statistics
import time

from koers.core.periods import Tertiaal

DEMO_SWV = "PO2806"
DEMO_PLAN = "spow-osp-2024-2028"
PDF_TARGET = 5.0
DASHBOARD_TARGET = 0.2
VOORUITBLIK_TARGET = 1.0  # the dashboard's Vooruitblik, loaded after the page: five forecasts, as one measure


def _year_plan():
    from koers.plans.models import YearPlan

    year_plans = YearPlan.unscoped.select_related("plan", "swv").order_by("school_year", "pk")
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
        Membership.objects.for_swv(year_plan.swv)
        .filter(role__code__in=["bureau", "beheerder"])
        .select_related("user", "role", "swv")
        .first()
    )
    from koers.accounts.audience import for_membership, for_readers

    request = RequestFactory().get("/", {"schooljaar": year_plan.school_year})
    request.user = membership.user if membership else AnonymousUser()
    request.swv = year_plan.swv
    request.membership = membership
    request.audience = for_membership(membership) if membership else for_readers(year_plan.swv)
    request.htmx = False
    return request


def bench_rows(large_data: bool = True) -> list[tuple[str, float, float]]:
    """(name, seconds, target seconds) per measurement; empty when there is no jaarplan to measure.

    ``large_data`` loads the large-SWV register data into the demo SWV for the dashboard rows (and removes it
    afterwards when it was not there before).
    """
    from django.test.utils import override_settings

    from koers.accounts.audience import for_readers
    from koers.monitoring import bench as monitoring_bench
    from koers.reports import content, render
    from koers.reports.views import home, vooruitblik_section

    year_plan = _year_plan()
    if year_plan is None:
        return []
    tertiaal = Tertiaal(year_plan.school_year, 3)
    label = f"{year_plan.swv} {tertiaal}"

    def pdf():
        render.render_pdf(content.tertiaal_payload(year_plan, tertiaal, for_readers(year_plan.swv)))

    def dashboard():
        response = home(_dashboard_request(year_plan))
        assert response.status_code == 200

    def vooruitblik():
        request = _dashboard_request(year_plan)
        request.htmx = True
        response = vooruitblik_section(request)
        assert response.status_code == 200

    rows = [(f"tertiaalrapportage als PDF ({label})", _timed(pdf, 2), PDF_TARGET)]
    loaded = 0
    if large_data and year_plan.swv.code == monitoring_bench.LOADTEST_SWV:
        loaded = monitoring_bench.load_large_swv_for_loadtest()
    try:
        from koers.monitoring.models import Tlv

        prefix = monitoring_bench.LOADTEST_PREFIX
        has_large = Tlv.objects.for_swv(year_plan.swv).filter(dossiernummer__startswith=prefix).exists()
        what = f"{year_plan.swv} + 120.000 registerregels" if has_large else str(year_plan.swv)
        with override_settings(KOERS_MEASURE_CACHE_SECONDS=0):
            dashboard()  # warm up templates
            rows.append((f"dashboard, servertijd zonder cache ({what})", _timed(dashboard, 5),
                         DASHBOARD_TARGET))  # fmt: skip
            vooruitblik()
            rows.append((f"dashboard-Vooruitblik, zonder cache ({what})",
                         _timed(vooruitblik, 3), VOORUITBLIK_TARGET))  # fmt: skip
        with override_settings(KOERS_MEASURE_CACHE_SECONDS=3600):
            dashboard()  # fills the measure cache
            rows.append((f"dashboard, servertijd met cache ({what})", _timed(dashboard, 7),
                         DASHBOARD_TARGET))  # fmt: skip
            vooruitblik()
            rows.append((f"dashboard-Vooruitblik, met cache ({what})",
                         _timed(vooruitblik, 5), DASHBOARD_TARGET))  # fmt: skip
    finally:
        if loaded:
            monitoring_bench.unload_large_swv_for_loadtest()
    return rows
