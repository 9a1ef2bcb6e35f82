"""Test data: a small SWV with a plan in the SPOW shape, and indicator values from a stand-in for koers.monitoring.

Used by the reports tests and by the browser test tests/browser/test_reports.py.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from koers.organisations.models import Gremium, StaffMember
from koers.plans.models import (
    ActivityUpdate,
    Adoption,
    Budget,
    BudgetLine,
    BudgetRealisation,
    PortfolioEntry,
)
from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GoalFactory,
    IndicatorFactory,
    MainActivityFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    YearPlanFactory,
)


@dataclass
class Point:
    period_label: str
    date: date
    value: float
    display: str
    status: str
    status_label: str
    suppressed: bool = False


VALUES = {
    # indicator code -> (value, display, status, label)
    "I-TZ": (0.8, "0,8%", "behaald", "Behaald"),
    "I-SBO": (2.9, "2,9%", "niet_behaald", "Niet behaald"),
    "I-TEV": (71.0, "71%", "niet_op_koers", "Niet op koers"),
    "I-BASIS": (84.0, "84%", "op_koers", "Op koers"),
}


def fake_evaluation(values=None):
    values = VALUES if values is None else values

    def indicator_series(indicator, audience, *, until=None):
        found = values.get(indicator.code)
        if not found:
            return []
        value, display, status, label = found
        return [
            Point(
                "T1 2024", date(2024, 4, 30), value + 1, f"{value + 1:.1f}".replace(".", ","), "op_koers", "Op koers"
            ),
            Point("T3 2024", date(2024, 12, 31), value, display, status, label),
        ]

    def latest(indicator, audience, as_of):
        series = indicator_series(indicator, audience, until=as_of)
        return series[-1] if series else None

    def definition_text(indicator, on=None):
        return indicator.definition or f"Definitie van {indicator.code}"

    def prefetch(indicators, audience, untils):
        return None  # nothing to read in bulk: the values above are in memory

    return SimpleNamespace(
        indicator_series=indicator_series, latest=latest, definition_text=definition_text, prefetch=prefetch
    )


def build_world(swv):
    plan = PlanFactory(swv=swv, code="test-osp-2024-2028", title="Ondersteuningsplan 2024-2028")
    year_plan = YearPlanFactory(plan=plan, title="Jaar- en activiteitenplan 2024-2025", introduction="Voor u ligt…")
    t1 = ThemeFactory(plan=plan, swv=swv, code="1", title="Inclusief onderwijs", order=1)
    t2 = ThemeFactory(plan=plan, swv=swv, code="2", title="Dekkend netwerk", order=2)
    g1 = GoalFactory(theme=t1, code="1", title="We realiseren samen onze visie op inclusief onderwijs", order=1)
    g2 = GoalFactory(theme=t2, code="2", title="We bundelen onze expertise voor extra voorzieningen", order=2)
    g3 = GoalFactory(theme=t2, code="3", title="We hebben flexibiliteit tussen regulier en gespecialiseerd", order=3)
    IndicatorFactory(
        goal=g1, code="I-BASIS", title="Scholen die voldoen aan 80-100% van de afspraken", norm_text="100%"
    )
    IndicatorFactory(goal=g2, code="I-TEV", title="Tevredenheid professionals over expertisedeling", norm_text=">= 75%")
    IndicatorFactory(goal=g3, code="I-TZ", title="Thuiszitters als deel van alle leerlingen", norm_text="<= 1%")
    IndicatorFactory(
        goal=g3, code="I-SBO", title="Deelnamepercentage SBO", norm_text="< 2,5%", definition="SBO / (BO + SBO)"
    )
    IndicatorFactory(goal=g1, code="I-NUL", title="Zichtbare uitvoeringsagenda per kern", norm_text="nulmeting")
    besturen = ActorFactory(swv=swv, name="Schoolbesturen")
    bureau = ActorFactory(swv=swv, name="SWV-bureau")
    m1 = MainActivityFactory(goal=g1, code="H1", title="De afspraken over basis- en extra ondersteuning zijn herijkt")
    m3 = MainActivityFactory(goal=g3, code="H3", title="Samen met partners zicht en grip op thuiszitters")
    a1 = ActivityFactory(
        year_plan=year_plan,
        goal=g1,
        main_activity=m1,
        owner=besturen,
        priority=True,
        description="Procesbegeleiding herziening afspraken basis- en extra ondersteuning",
        start_text="Start schooljaar 2024-2025",
        status="loopt",
    )
    a1.involved.add(bureau)
    a2 = ActivityFactory(
        year_plan=year_plan,
        goal=g2,
        owner=bureau,
        description="Succesfactoren voor transfer in kaart brengen",
        start_text="T3 2024",
        deadline=date(2024, 11, 1),
        status="niet_gestart",
    )
    a3 = ActivityFactory(
        year_plan=year_plan,
        goal=g3,
        main_activity=m3,
        owner=bureau,
        description="Maandelijks casusoverleg met leerplicht over thuiszitters",
        start_text="Start schooljaar 2024-2025",
        status="afgerond",
    )
    author = UserFactory(first_name="Marike", last_name="van Brakel")
    ActivityUpdate.unscoped.create(
        swv=swv, activity=a1, tertiaal="2024-T3", status="loopt", happened="Eerste sessie met besturen", author=author
    )
    ActivityUpdate.unscoped.create(
        swv=swv, activity=a3, tertiaal="2024-T3", status="afgerond", happened="Overleg draait maandelijks"
    )
    budget = Budget.unscoped.create(
        swv=swv, year_plan=year_plan, total=Decimal("10397136"), mandatory_contributions=Decimal("5027067")
    )
    l1 = BudgetLine.unscoped.create(swv=swv, budget=budget, theme=t1, label="Doel 1", amount=Decimal("3328484"))
    l2 = BudgetLine.unscoped.create(swv=swv, budget=budget, theme=t2, label="Doel 2 t/m 3", amount=Decimal("1182535"))
    BudgetRealisation.unscoped.create(swv=swv, line=l1, tertiaal="2024-T3", amount=Decimal("1000000"))
    BudgetRealisation.unscoped.create(swv=swv, line=l2, tertiaal="2025-T1", amount=Decimal("400000"))
    gremium = Gremium.unscoped.create(swv=swv, name="Ondersteuningsplanraad", kind="OPR")
    Adoption.unscoped.create(swv=swv, year_plan=year_plan, gremium=gremium, date=date(2024, 10, 7), kind="instemming")
    staff = StaffMember.unscoped.create(swv=swv, name="Floor van Loo", function="strategisch beleidsadviseur")
    entry = PortfolioEntry.unscoped.create(
        swv=swv, year_plan=year_plan, theme=t1, label="Inclusief onderwijs (1)", goals_text="Doel 1", taakgroepen="TLV"
    )
    entry.holders.add(staff)
    return SimpleNamespace(
        plan=plan,
        year_plan=year_plan,
        themes=[t1, t2],
        goals=[g1, g2, g3],
        activities=[a1, a2, a3],
        budget=budget,
    )
