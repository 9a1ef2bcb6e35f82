"""The section "Op weg naar het nieuwe ondersteuningsplan" of the public page: only what the SWV made public.

Nothing about individual people: phases, decision dates, and the outcomes of thematafels marked "openbaar" (the
thematafel and the outcome both). Participant numbers are shown as a total per thematafel, suppressed under 5.
"""

from koers.core import clock
from koers.core.audience import Audience
from koers.trajectory import calendar
from koers.trajectory.models import Outcome, Phase, Step, Thematafel, Trajectory

SMALL = 5  # ADR 0012: counts under 5 are not shown


def public_section(swv):
    """The context for ``trajectory/_public_section.html``, or None when nothing is public."""
    audience = Audience.public(swv)
    today = clock.today()
    trajectory = (
        Trajectory.objects.restrict(audience)
        .filter(public=True, first_year__gte=today.year - 1)
        .order_by("first_year")
        .first()  # noqa: E501
    )
    if trajectory is None:
        return None
    phases = list(Phase.objects.restrict(audience).filter(trajectory=trajectory).order_by("order", "id"))
    decisions = [
        s
        for s in Step.objects.restrict(audience)
        .filter(trajectory=trajectory, done_on__isnull=False)
        .select_related("gemeente")
        .order_by("done_on", "order", "id")
        if s.outcome
    ]
    tables = list(
        Thematafel.objects.restrict(audience)
        .filter(trajectory=trajectory, public=True)
        .select_related("group")
        .prefetch_related("participants")
        .order_by("held_on", "id")
    )
    outcomes = (
        Outcome.objects.restrict(audience)
        .filter(table__in=tables, public=True)
        .select_related("theme", "table")
        .order_by("theme__name", "id")
    )
    by_table = {}
    for outcome in outcomes:
        by_table.setdefault(outcome.table_id, []).append(outcome)
    return {
        "trajectory": trajectory,
        "phases": phases,
        "current": calendar.current_phase(phases, today),
        "decisions": decisions,
        "tables": [
            {"table": t, "participants": _shown(t.participant_total), "outcomes": by_table.get(t.pk, [])}
            for t in tables
        ],
    }


def _shown(total: int):
    return total if total >= SMALL else None
