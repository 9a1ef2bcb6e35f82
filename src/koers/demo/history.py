"""The history of SPPOH's ondersteuningsplan 2021-2025: a jaarplan for every school year, so that its evaluation
(koers.evaluation) has four years to show.

The plan file (``sppoh-strategiekaart-2023-2024.yaml``) holds the plan and its strategiekaart 2023-2024. Around it
this module makes the other jaarplannen (2021-2022, 2022-2023 and 2024-2025, the year of the evaluation), each with
activities from the strategiekaart: some start later, open activities are carried over into the next jaarplan
(linked to their origin), the progress generator lets some finish, some run on and some be dropped (vervallen). Every
jaarplan gets a begroting per thema with realisations. The measurements come from the demo registers (deelname
BAO/SBO/SO) and the manual demo measurements of koers.monitoring.demo. Synthetic, with a fixed seed, like the rest of
the demo; all years follow the plan's own years, so the demo clock moves them with it.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

# New activities in the jaarplan of a year (offset from the plan's first year): code, description, theme code.
EXTRA = {
    0: [
        ("0.1", "Ondersteuningsplan 2021-2025 toelichten aan scholen, besturen en ketenpartners", "1"),
        ("0.2", "Werkwijze adviseurs passend onderwijs herijken na de evaluatie van 2020", "5-6"),
    ],
    3: [
        ("8.1", "Evaluatie ondersteuningsplan 2021-2025 met thematafels per groep betrokkenen", "7"),
        ("8.2", "Schrijven ondersteuningsplan 2025-2029 en hoofdlijnen toetsen bij de betrokkenen", "7"),
        ("8.3", "Besluitvorming ondersteuningsplan 2025-2029: bestuur, OPR en OOGO met de gemeenten", "7"),
    ],
}
# Budget per thema in the first year (euro's); it grows a little every year.
BUDGET = {"1": 2_450_000, "2": 1_720_000, "3": 910_000, "4": 640_000, "5-6": 380_000, "7": 1_150_000}
TOTAL, MANDATORY = 16_400_000, 8_950_000


def _plan(swv):
    from koers.plans.models import Plan

    return Plan.objects.for_swv(swv).filter(code__startswith="sppoh-osp-").order_by("pk").first()


@transaction.atomic
def generate(swv, *, author=None, seed: int = 2024) -> int:
    """The jaarplannen of SPPOH's plan next to the strategiekaart; nothing when they are already there.
    Returns the number of jaarplannen made."""
    from koers.plans.demo import generate_progress
    from koers.plans.models import Activity, YearPlan

    plan = _plan(swv)
    if plan is None:
        return 0
    existing = {y.school_year: y for y in YearPlan.objects.for_swv(swv).filter(plan=plan)}
    if len(existing) > 1:
        return 0  # loaded before
    template = next(iter(existing.values()), None)
    if template is None:
        return 0
    rng = random.Random(f"{seed}-{swv.code}-historie")
    rows = list(
        Activity.objects.for_swv(swv)
        .filter(year_plan=template)
        .select_related("theme", "owner")
        .prefetch_related("involved")
        .order_by("order", "pk")
    )
    made, previous = 0, None
    for offset, year in enumerate(plan.school_years):
        label = f"{year}-{year + 1}"
        if year in existing:
            year_plan = existing[year]
            if previous is not None:  # the strategiekaart's activities that were open last year continue
                open_before = {
                    a.code: a
                    for a in Activity.objects.for_swv(swv).filter(year_plan=previous, status__in=Activity.OPEN_STATUSES)
                }
                for activity in Activity.objects.for_swv(swv).filter(year_plan=year_plan, code__in=open_before):
                    activity.carried_over_from = open_before[activity.code]
                    activity.save(update_fields=["carried_over_from"])
            _budget(year_plan, offset, rng, realise=True)
        else:
            year_plan = YearPlan.objects.create(
                swv=swv,
                plan=plan,
                school_year=year,
                title=f"Jaarplan {label}",
                introduction=f"De activiteiten van schooljaar {label} onder het ondersteuningsplan {plan.period_label}.",
                created_from=previous,
            )
            made += 1
            carried = _carry_over(previous, year_plan, label) if previous is not None else set()
            # the strategiekaart's activities start over the years: about half in the first year, all by the third
            share = min(1.0, 0.5 + 0.25 * offset)
            order = len(carried)
            for row in rows:
                if row.code in carried or (offset < 2 and rng.random() > share):
                    continue
                order += 1
                copy = Activity.objects.create(
                    swv=swv,
                    year_plan=year_plan,
                    theme=row.theme,
                    code=row.code,
                    description=row.description,
                    start_text=f"Schooljaar {label}",
                    owner=row.owner,
                    order=order,
                )
                copy.involved.set(row.involved.all())
            themes = {t.code: t for t in plan.themes.all()}
            for code, description, theme in EXTRA.get(offset, ()):
                order += 1
                Activity.objects.create(
                    swv=swv,
                    year_plan=year_plan,
                    theme=themes.get(theme),
                    code=code,
                    description=description,
                    start_text=f"Schooljaar {label}",
                    owner=rows[0].owner if rows else None,
                    order=order,
                )
            _budget(year_plan, offset, rng, realise=False)
            generate_progress(year_plan, seed=seed, author=author)
        previous = year_plan
    return made


def _carry_over(previous, year_plan, label) -> set[str]:
    """The open activities of last year's jaarplan, carried over and linked (as the jaarplan rollover does)."""
    from koers.plans.models import Activity

    codes = set()
    for order, old in enumerate(
        Activity.objects.for_swv(year_plan.swv_id)
        .filter(year_plan=previous, status__in=Activity.OPEN_STATUSES)
        .prefetch_related("involved")
        .order_by("order", "pk"),
        start=1,
    ):
        copy = Activity.objects.create(
            swv=old.swv,
            year_plan=year_plan,
            theme=old.theme,
            goal=old.goal,
            code=old.code,
            description=old.description,
            start_text=f"Start schooljaar {label}",
            owner=old.owner,
            carried_over_from=old,
            order=order,
        )
        copy.involved.set(old.involved.all())
        codes.add(old.code)
    return codes


def _budget(year_plan, offset: int, rng: random.Random, *, realise: bool):
    """A begroting per thema; ``realise``: also its realisations per tertiaal (for a jaarplan whose progress the
    generator has already made)."""
    from koers.core import clock
    from koers.core.periods import tertiaal_period, tertialen_of_school_year
    from koers.plans.models import Budget, BudgetLine, BudgetRealisation

    if Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).exists():
        return
    growth = Decimal(1 + 0.03 * offset)
    budget = Budget.objects.create(
        swv=year_plan.swv,
        year_plan=year_plan,
        total=(Decimal(TOTAL) * growth).quantize(Decimal(1)),
        mandatory_contributions=(Decimal(MANDATORY) * growth).quantize(Decimal(1)),
        note="Synthetische demobegroting.",
    )
    themes = {t.code: t for t in year_plan.plan.themes.all()}
    lines = []
    for order, (code, amount) in enumerate(BUDGET.items(), start=1):
        if code not in themes:
            continue
        value = (Decimal(amount) * growth * Decimal(rng.uniform(0.95, 1.05))).quantize(Decimal(1000))
        lines.append(
            BudgetLine.objects.create(
                swv=year_plan.swv, budget=budget, theme=themes[code], amount=value, order=order, code=f"4.{order}"
            )
        )
    if not realise:
        return
    today = clock.today()
    for line in lines:
        spent = Decimal(0)
        for tertiaal in tertialen_of_school_year(year_plan.school_year):
            if tertiaal_period(tertiaal).start > today:
                break
            amount = min((line.amount * Decimal(rng.uniform(0.25, 0.35))).quantize(Decimal(1)), line.amount - spent)
            spent += amount
            BudgetRealisation.objects.create(swv=year_plan.swv, line=line, tertiaal=tertiaal.key, amount=amount)
