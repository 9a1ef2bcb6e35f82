"""The demo clock (the demo's jaarplan is that of the current school year) and meaningful demo indicators."""

from datetime import date

import pytest

from koers.demo.clock import moved_text, years_moved


def test_years_moved_puts_the_demo_in_the_current_school_year():
    assert years_moved(date(2025, 7, 21)) == 0  # the tests' fixed date: the files as written
    assert years_moved(date(2025, 8, 1)) == 1
    assert years_moved(date(2026, 12, 1)) == 2
    assert years_moved(date(2024, 3, 1)) == -1


def test_moved_text_moves_years_but_not_amounts():
    text = "school_years: [2024-2025]\nstart: T3 2024\ndeadline: 01-11-2024\nbudget: 10397136\ncode: spow-osp-2024-2028"
    assert moved_text(text, 2) == (
        "school_years: [2026-2027]\nstart: T3 2026\ndeadline: 01-11-2026\nbudget: 10397136\ncode: spow-osp-2026-2030"
    )
    assert moved_text(text, 0) == text


@pytest.fixture
def roles(transactional_db):
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.get_or_create(code=code, defaults={"name": str(name), "description": str(description)})


def test_the_demo_lies_in_the_current_school_year_and_its_indicators_mean_what_they_say(roles, settings):
    from koers.demo import setup
    from koers.plans.models import ActivityUpdate, Indicator, YearPlan

    settings.KOERS_TODAY = "2026-12-01"  # T3 2026, the first tertiaal of school year 2026-2027
    swvs = setup.load()
    spow = swvs["SPOW"]
    year_plan = YearPlan.unscoped.get(swv=spow, plan__code__startswith="spow-osp-")
    assert year_plan.school_year == 2026
    # progress only for the tertialen that have begun: T3 2026, not T1 or T2 2027
    tertialen = set(ActivityUpdate.unscoped.filter(activity__year_plan=year_plan).values_list("tertiaal", flat=True))
    assert tertialen == {"2026-T3"}
    # start dates moved with the plan: some work has started by today, some starts later in the school year
    starts = [d for d in year_plan.activities.values_list("start_date", flat=True) if d]
    assert min(starts) < date(2026, 12, 1) < max(starts)
    indicators = {i.title: i for i in Indicator.unscoped.filter(swv__in=swvs.values()).order_by("pk")}
    hia = next(i for t, i in indicators.items() if "HIA" in t)
    shared = next(i for t, i in indicators.items() if "Drie keer per jaar" in t)
    stacked = next(i for t, i in indicators.items() if "stapelt" in t)
    sbo = indicators["Deelnamepercentage SBO < 2,5%"]
    assert hia.measure_code == "" and hia.manual_measurements.exists()  # HIA discussions: no TLV count
    assert shared.measure_code == "" and shared.unit == "keer per jaar"  # shared with RvA and RvT: no TLV count
    assert set(shared.manual_measurements.values_list("value", flat=True)) <= {2, 3}
    assert stacked.measure_code == "arrangementen_stapeling"
    assert sbo.measure_code == "deelname_sbo_incl_so"
    assert not any(i.measure_code.startswith("tlv_") for i in indicators.values())
