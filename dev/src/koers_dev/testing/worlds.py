"""A small SWV whose figures sit on both sides of the suppression threshold, for the audience and leak tests.

Two schoolbesturen: A with 3 issued TLV's in 2024-2025 (below the threshold of 5), B with 10 (``counts``). The SWV
total is 13. An indicator counts issued TLV's per school year; a jaarplan 2024-2025 holds it in its tree.
"""

from datetime import date, timedelta

from koers.monitoring.models import Tlv
from koers_dev.testing.factories import (
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    SwvFactory,
    ThemeFactory,
    UserFactory,
    YearPlanFactory,
    member,
)

ON = date(2025, 7, 31)


def small_counts_world(code="PO7101", counts=(3, 10), start=date(2024, 9, 2)):
    swv = SwvFactory(code=code, name=f"SWV {code}")
    a = SchoolbestuurFactory(swv=swv, name="Bestuur A", bevoegd_gezag="10001")
    b = SchoolbestuurFactory(swv=swv, name="Bestuur B", bevoegd_gezag="10002")
    school_a = SchoolFactory(swv=swv, bestuur=a, name="School A")
    school_b = SchoolFactory(swv=swv, bestuur=b, name="School B")
    n = 0
    for school, count in zip((school_a, school_b), counts, strict=True):
        for _i in range(count):
            n += 1
            received = start + timedelta(days=n)
            Tlv.unscoped.create(
                swv=swv,
                dossiernummer=f"D{n}",
                aanvraagsoort="TLV SBO",
                brin6=school.brin6,
                ontvangstdatum=received,
                datum_compleet=received + timedelta(days=7),
                besluitdatum=received + timedelta(days=28),
                besluit="afgegeven",
            )
    plan = PlanFactory(swv=swv, first_year=2024, last_year=2027)
    goal = GoalFactory(theme=ThemeFactory(plan=plan, swv=swv))
    indicator = IndicatorFactory(
        goal=goal, plan=plan, swv=swv, code="TLV", measure_code="tlv_afgegeven", norm_kind="", unit="aantal"
    )
    year_plan = YearPlanFactory(plan=plan, swv=swv, school_year=2024)
    return {
        "swv": swv,
        "year_plan": year_plan,
        "a": a,
        "b": b,
        "school_a": school_a,
        "school_b": school_b,
        "indicator": indicator,
    }


def user_with(swv, role, schoolbestuur=None):
    user = UserFactory()
    member(user, swv, role, schoolbestuur=schoolbestuur)
    return user
