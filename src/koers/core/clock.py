"""Today, in one place: every date that depends on "now" asks :func:`today`, every shown timestamp :func:`now`.

``KOERS_TODAY`` (a date or ``jjjj-mm-dd``) fixes today: the tests run on a fixed date (``koers.conf.ci``), and a
presentation of the demo can be given on a chosen date. Unset, today is the local date of the server.
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    fixed = getattr(settings, "KOERS_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return timezone.localdate()


def now() -> datetime:
    """Now, as an aware datetime on the day of :func:`today`: with a fixed ``KOERS_TODAY`` the clock's time of day
    on that day, so a timestamp ("geopend op", "beoordeeld op") never lies on another day than the dates beside it
    (a deadline, a tertiaal), whatever the machine's date is."""
    current = timezone.now()
    local = timezone.localtime(current)
    day = today()
    if local.date() == day:
        return current
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))
