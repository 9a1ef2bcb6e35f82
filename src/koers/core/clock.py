"""Today, in one place: every date that depends on "now" asks :func:`today`.

``KOERS_TODAY`` (a date or ``jjjj-mm-dd``) fixes today: the tests run on a fixed date (``koers.conf.ci``), and a
presentation of the demo can be given on a chosen date. Unset, today is the local date of the server.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    fixed = getattr(settings, "KOERS_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return timezone.localdate()
