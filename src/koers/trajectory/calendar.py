"""The legal calendar of a new ondersteuningsplan, and the rules between its steps (pure: no database writes).

The plan starts on 1 August of ``first_year``. The year before: evaluation (January-April), writing (May-December)
with the main lines tested in June. Decisions in the first quarter of ``first_year``: OPR instemming and OOGO with
every gemeente before the bestuur adopts; the adopted plan goes to the Inspectie before 1 May.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.trajectory.models import Phase, Step


def default_phases(first_year: int, years: int = 4) -> list[tuple[str, date, date]]:
    before = first_year - 1
    return [
        (Phase.Kind.EVALUATIE, date(before, 1, 1), date(before, 4, 30)),
        (Phase.Kind.SCHRIJVEN, date(before, 5, 1), date(before, 12, 31)),
        (Phase.Kind.TOETSEN, date(before, 6, 1), date(before, 6, 30)),
        (Phase.Kind.BESLUITVORMING, date(first_year, 1, 1), date(first_year, 3, 31)),
        (Phase.Kind.INSPECTIE, date(first_year, 4, 1), date(first_year, 4, 30)),
        (Phase.Kind.UITVOERING, date(first_year, 8, 1), date(first_year + years, 7, 31)),
    ]


def default_planned(kind: str, first_year: int) -> date:
    return {
        Step.Kind.OPR: date(first_year, 2, 15),
        Step.Kind.OOGO: date(first_year, 2, 28),
        Step.Kind.BESTUUR: date(first_year, 3, 15),
        Step.Kind.INSPECTIE: date(first_year, 4, 15),
    }[kind]


def inspectie_deadline(first_year: int) -> date:
    """The last day to submit: before 1 May of the year the plan starts."""
    return date(first_year, 4, 30)


def deadline(step: Step, trajectory=None) -> date | None:
    """The day a step must be done by. OPR: the response term from the day the plan was put to it (or the planned
    date); Inspectie: the planned date, and never later than 30 April of the start year; others: the planned date."""
    trajectory = trajectory or step.trajectory
    if step.kind == Step.Kind.OPR and step.sent_on:
        return step.sent_on + timedelta(days=trajectory.opr_term_days)
    if step.kind == Step.Kind.INSPECTIE:
        last = inspectie_deadline(trajectory.first_year)
        return min(step.planned_on, last) if step.planned_on else last
    return step.planned_on


@dataclass(frozen=True)
class Finding:
    step_id: int | None
    level: str  # "fout" (a rule is broken) or "let op" (a warning)
    message: str


def _bestuur(steps):
    return next((s for s in steps if s.kind == Step.Kind.BESTUUR), None)


def preconditions_of_adoption(steps, on: date) -> list[str]:
    """What is missing before the bestuur may adopt on ``on``: OPR instemming and OOGO with each gemeente, earlier
    or on the same day."""
    missing = []
    for step in steps:
        if step.kind not in (Step.Kind.OPR, Step.Kind.OOGO):
            continue
        if not step.is_positive:
            missing.append(_("%(step)s is nog niet rond (uitkomst: %(o)s).") % {
                "step": step, "o": step.get_outcome_display().lower()})  # fmt: skip
        elif step.done_on > on:
            missing.append(_("%(step)s is pas op %(d)s, na het besluit van het bestuur.") % {
                "step": step, "d": step.done_on.strftime("%d-%m-%Y")})  # fmt: skip
    return missing


def findings(trajectory, steps, today: date) -> list[Finding]:
    """Every rule checked: order of the decisions, the 1 May limit, overdue steps, and the planning itself."""
    found = []
    bestuur = _bestuur(steps)
    adopted = bestuur.done_on if bestuur and bestuur.is_positive else None
    if adopted:
        for message in preconditions_of_adoption(steps, adopted):
            found.append(Finding(bestuur.pk, "fout", message))
    for step in steps:
        due = deadline(step, trajectory)
        if step.kind == Step.Kind.INSPECTIE:
            if step.done_on and step.done_on > inspectie_deadline(trajectory.first_year):
                found.append(Finding(step.pk, "fout", _("Het plan is na 30 april ingediend; het moet vóór 1 mei %(y)s bij de Inspectie zijn.") % {"y": trajectory.first_year}))  # fmt: skip
            if step.done_on and (not adopted or step.done_on < adopted):
                found.append(Finding(step.pk, "fout", _("Het plan is bij de Inspectie ingediend vóór het is vastgesteld.")))  # fmt: skip
        if step.done_on is None and due and due < today:
            found.append(Finding(step.pk, "fout", _("%(step)s: te laat, de deadline was %(d)s.") % {"step": step, "d": due.strftime("%d-%m-%Y")}))  # fmt: skip
        planned_late = bestuur and bestuur.planned_on and due and due > bestuur.planned_on
        if step.kind in (Step.Kind.OPR, Step.Kind.OOGO) and not step.done_on and planned_late:
            found.append(Finding(step.pk, "let op", _("Gepland na het besluit van het bestuur (%(d)s): dat moet ervoor.") % {"d": bestuur.planned_on.strftime("%d-%m-%Y")}))  # fmt: skip
        if step.kind == Step.Kind.OPR and step.done_on and step.sent_on and step.done_on > due:
            found.append(Finding(step.pk, "let op", ngettext("De OPR reageerde na de reactietermijn van %(n)s dag.", "De OPR reageerde na de reactietermijn van %(n)s dagen.", trajectory.opr_term_days) % {"n": trajectory.opr_term_days}))  # fmt: skip
    return found


def overdue_ids(trajectory, steps, today: date) -> set[int]:
    return {s.pk for s in steps if s.done_on is None and (d := deadline(s, trajectory)) and d < today}


def current_phase(phases, today: date):
    """The phase of ``today``: the shortest one that holds it (toetsen lies inside schrijven), else the latest one
    that has begun; None before the first."""
    holding = [p for p in phases if p.starts_on <= today <= p.ends_on]
    if holding:
        return min(holding, key=lambda p: (p.ends_on - p.starts_on, p.order))
    started = [p for p in phases if p.starts_on <= today]
    return max(started, key=lambda p: (p.ends_on, p.order)) if started else None
