"""axe-core (WCAG 2.1 AA) on every page type, with the demo data, and no sideways scrolling at 320 px.

The list of pages is the access matrix (``tests/test_access_matrix.py``): every route a bureau user may open
is visited with objects of the demo SWV. A new page is therefore checked without anyone adding it here.
Downloads (Excel, PDF, CSV, JSON) are left to the tests of their own app.
"""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.test_access_matrix import EXPECTATIONS

SKIP = {
    "accounts:login",  # a logged-in user is sent on; the login page has its own test
    "accounts:set_password",  # needs a valid token from an invitation mail; the invalid-link page is plain text
    "reports:progress",  # an htmx fragment of an issued report; covered by test_reports
    "onboarding:logo",  # the SWV's logo image (404 while none is uploaded)
    "plans:main_activity_options",  # an htmx fragment: the hoofdactiviteit options of the activity form (plans tests)
}


def _demo_world(swv):
    from koers.accounts.models import Membership
    from koers.monitoring.models import ColumnMapping, ImportRun
    from koers.organisations.models import School
    from koers.plans.models import Activity, Goal, Indicator, MainActivity, YearPlan
    from koers.reports.models import Report

    year_plan = YearPlan.unscoped.filter(swv=swv).order_by("-school_year").first()
    activity = Activity.unscoped.filter(year_plan=year_plan).order_by("pk").first()
    indicator = Indicator.unscoped.filter(swv=swv, measure_code__gt="").order_by("pk").first()
    indicator = indicator or Indicator.unscoped.filter(swv=swv).order_by("pk").first()
    school = School.unscoped.filter(swv=swv).exclude(bestuur=None).order_by("pk").first()
    import_run = ImportRun.unscoped.filter(swv=swv).order_by("pk").first() or ImportRun.unscoped.create(
        swv=swv, register="tlv", file_name="tlv.csv"
    )
    mapping = ColumnMapping.unscoped.filter(swv=swv).first() or ColumnMapping.unscoped.create(
        swv=swv, name="Export uit het TLV-systeem", register="tlv"
    )
    report = Report.unscoped.filter(swv=swv).first() or Report.unscoped.create(
        swv=swv, year_plan=year_plan, tertiaal="2024-T3", title="Tertiaalrapportage T3 2024-2025"
    )
    return {
        "plan": year_plan.plan.pk,
        "year_plan": year_plan.pk,
        "activity": activity.pk,
        "indicator": indicator.pk,
        "main_activity": MainActivity.unscoped.filter(swv=swv).order_by("pk").first().pk,
        "goal": Goal.unscoped.filter(swv=swv).order_by("pk").first().pk,
        "school": school.pk,
        "bestuur": school.bestuur.pk,
        "membership": Membership.unscoped.filter(swv=swv, user__username="eigenaar").get().pk,
        "import_run": import_run.pk,
        "mapping": mapping.pk,
        "report": report.pk,
        "code": swv.code,
    }


def _urls(world):
    from django.urls import reverse

    urls = []
    for name, rule in sorted(EXPECTATIONS.items()):
        if rule is None or name in SKIP or name.startswith("api:") or "bureau" not in rule.allowed:
            continue
        if "GET" not in getattr(rule, "methods", ("GET",)):  # a button (POST only), not a page
            continue
        if "fmt" in rule.kwargs or any(word in name for word in ("download", "export", "template")):
            continue  # files (PDF, Word, Excel, CSV), checked by the tests of their own app
        try:
            kwargs = {k: (v[1:] if v.startswith("=") else world[v]) for k, v in rule.kwargs.items()}
        except KeyError:
            continue  # an object the demo does not have (checked by the access matrix instead)
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_and_fits_a_phone(page, demo):
    world = _demo_world(demo["SPOW"])
    login(page, "bureau")
    checked, downloads, problems = [], [], []
    for name, url in _urls(world):
        answer = page.request.get(url, max_redirects=5)
        kind = answer.headers.get("content-type", "")
        if answer.status >= 400:
            problems.append(f"{name} {url}: status {answer.status}")
            continue
        if "text/html" not in kind or "attachment" in answer.headers.get("content-disposition", ""):
            downloads.append(name)
            continue
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        try:
            assert_accessible(page)
        except AssertionError as exc:
            problems.append(f"{name} {url}: {exc}")
        page.set_viewport_size({"width": 320, "height": 700})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 2:
            problems.append(f"{name} {url}: {overflow}px breder dan een telefoon van 320 px")
        checked.append(name)
    assert len(checked) > 40, checked
    assert not problems, "\n\n".join(problems)
