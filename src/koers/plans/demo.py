"""Synthetic progress for the demo plans: updates per tertiaal and budget realisations.

Without it every demo activity is "niet gestart" in every tertiaal, and the dashboard and the tertiaalrapportage
have nothing to show. The progress is generated with a fixed seed, so the demo looks the same on every machine;
like the monitoring data it is synthetic, which the demo banner says.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from koers.core import clock
from koers.core.periods import Tertiaal, tertiaal_period, tertialen_of_school_year

RUNNING = (
    "Eerste overleg met de betrokken scholen gevoerd; het plan van aanpak is opgesteld.",
    "De werkgroep is gestart en komt elke maand bijeen.",
    "De pilot loopt op drie scholen; de eerste ervaringen zijn positief.",
    "Het concept is besproken in het directeurenoverleg; de feedback wordt verwerkt.",
    "Gesprekken met de ketenpartners gevoerd; afspraken over de werkwijze liggen vast.",
    "De inventarisatie onder de scholen is klaar; de uitkomsten worden geanalyseerd.",
)
NEXT_STEPS = (
    "Resultaten bespreken in het volgende overleg.",
    "Uitbreiden naar de overige scholen in de kern.",
    "Concept voorleggen aan het bestuur.",
    "Evaluatie met de betrokkenen plannen.",
)
RISKS = (
    "Beperkte beschikbaarheid van intern begeleiders.",
    "Wisseling van contactpersonen bij de ketenpartner.",
    "",
    "",
    "",
)
DONE = (
    "Afgerond: het resultaat is opgeleverd en besproken met de betrokkenen.",
    "Afgerond en geëvalueerd; de aanpak wordt opgenomen in de werkwijze van het bureau.",
    "Afgerond: de afspraken zijn vastgelegd en gedeeld met alle scholen.",
)
POSTPONED = (
    "Uitgesteld tot volgend schooljaar: de scholen hebben nu te weinig ruimte.",
    "Uitgesteld: eerst moet de nieuwe werkwijze voor arrangementen staan.",
)
CANCELLED = ("Vervallen: het doel wordt bereikt via een andere activiteit.",)


def _fate(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.50:
        return "afgerond"
    if roll < 0.78:
        return "loopt"
    if roll < 0.86:
        return "uitgesteld"
    if roll < 0.90:
        return "vervallen"
    return "niet_gestart"


@transaction.atomic
def generate_progress(year_plan, seed: int = 2024, author=None) -> int:
    """Updates for the activities of ``year_plan`` in its three tertialen, and budget realisations.

    Does nothing when the jaarplan already has updates (the demo can be loaded twice). Returns the number of
    updates made.
    """
    from koers.plans.models import Activity, ActivityUpdate, BudgetLine, BudgetRealisation

    if ActivityUpdate.objects.for_swv(year_plan.swv_id).filter(activity__year_plan=year_plan).exists():
        return 0
    rng = random.Random(f"{seed}-{year_plan.swv.code}-{year_plan.school_year}")
    # only the tertialen that have begun: the demo clock puts the jaarplan in the current school year, so updates
    # for a tertiaal still to come would be written in advance
    today = clock.today()
    tertialen = [t for t in tertialen_of_school_year(year_plan.school_year) if tertiaal_period(t).start <= today]
    activities = list(Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).order_by("order", "pk"))
    # A plan file with statuses of its own (the SPPOH strategiekaart) keeps them: the updates lead up to them.
    seeded = any(a.status != Activity.Status.NOT_STARTED for a in activities)
    updates, changed = [], []
    for activity in activities:
        start = Tertiaal.try_parse(activity.start_tertiaal) if activity.start_tertiaal else tertialen[0]
        active = [t for t in tertialen if start is None or t.key >= start.key]
        fate = activity.status if seeded else _fate(rng)
        if not active or fate == "niet_gestart":
            continue
        # the tertiaal in which the activity reaches its end state: by its deadline when it has one, mostly
        last = len(active) - 1
        if activity.deadline:
            due = Tertiaal.of(activity.deadline)
            on_time = [i for i, t in enumerate(active) if t.key <= due.key]
            if on_time and rng.random() < 0.85:
                last = on_time[-1]
        end = rng.randint(0, last) if fate in ("uitgesteld", "vervallen") else last
        if fate == "afgerond" and rng.random() < 0.3:
            end = rng.randint(0, end)  # some finish early
        status = "loopt"
        for i, tertiaal in enumerate(active[: end + 1]):
            final = i == end
            status = fate if final else "loopt"
            text = {
                "afgerond": DONE,
                "uitgesteld": POSTPONED,
                "vervallen": CANCELLED,
            }.get(status, RUNNING)
            hours = None
            if activity.hours_budget:
                share = Decimal(i + 1) / Decimal(len(active)) if status != "afgerond" else Decimal(1)
                hours = (activity.hours_budget * share * Decimal(rng.uniform(0.8, 1.1))).quantize(Decimal("0.5"))
            updates.append(
                ActivityUpdate(
                    swv=year_plan.swv,
                    activity=activity,
                    tertiaal=tertiaal.key,
                    status=status,
                    happened=rng.choice(text),
                    next_step=rng.choice(NEXT_STEPS) if status == "loopt" else "",
                    risk=rng.choice(RISKS) if status == "loopt" else "",
                    hours_spent=hours,
                    author=author,
                )
            )
            if hours is not None:
                activity.hours_spent = hours
        activity.status = status
        changed.append(activity)
    ActivityUpdate.objects.bulk_create(updates)
    Activity.objects.bulk_update(changed, ["status", "hours_spent"])

    realisations = []
    for line in BudgetLine.objects.for_swv(year_plan.swv_id).filter(budget__year_plan=year_plan):
        spent = Decimal(0)
        for tertiaal in tertialen:
            amount = (line.amount * Decimal(rng.uniform(0.22, 0.34))).quantize(Decimal(1))
            amount = min(amount, line.amount - spent)
            spent += amount
            realisations.append(BudgetRealisation(swv=year_plan.swv, line=line, tertiaal=tertiaal.key, amount=amount))
    BudgetRealisation.objects.bulk_create(realisations)
    return len(updates)
