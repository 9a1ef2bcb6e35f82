"""The trajectory as an iCalendar feed (RFC 5545): phases and steps as all-day events.

Written with the ``icalendar`` package (ADR 0029): it escapes TEXT values (backslash, semicolon, comma, newline),
folds lines at 75 octets without splitting a UTF-8 character, and writes DATE values; our own code would have to
get each of those right again. An all-day event has DTSTART;VALUE=DATE and an exclusive DTEND (the day after).
"""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from koers.trajectory import calendar as legal
from koers.trajectory.models import Phase, Step, Trajectory

PRODID = "-//Koers//Traject nieuw ondersteuningsplan//NL"


def _event(uid: str, summary: str, start, end_inclusive, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end_inclusive + timedelta(days=1))
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def feed(swv, *, host: str = "koers") -> bytes:
    """Every trajectory of ``swv``: its phases and the deadline (or date done) of each step."""
    stamp = datetime.now(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Traject ondersteuningsplan {swv.short_name or swv.name}")
    for trajectory in Trajectory.objects.for_swv(swv).order_by("first_year", "id"):
        for phase in Phase.objects.for_swv(swv).filter(trajectory=trajectory).order_by("order", "id"):
            cal.add_component(
                _event(
                    f"koers-fase-{phase.pk}@{host}",
                    f"{phase.get_kind_display()}: {trajectory.title}",
                    phase.starts_on,
                    phase.ends_on,
                    phase.description,
                    stamp,
                )
            )
        steps = Step.objects.for_swv(swv).filter(trajectory=trajectory).select_related("gemeente", "trajectory")
        for step in steps.order_by("order", "id"):
            day = step.done_on or legal.deadline(step, trajectory)
            if day is None:
                continue
            state = step.get_outcome_display() if step.done_on else "deadline"
            cal.add_component(
                _event(
                    f"koers-stap-{step.pk}@{host}",
                    f"{step} ({state})",
                    day,
                    day,
                    step.notes,
                    stamp,
                )
            )
    return cal.to_ical()
