"""koers.core.clock: today() and now() agree, on a fixed KOERS_TODAY whatever the machine's date."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from koers.core import clock


@pytest.mark.parametrize("shift", [-800, -1, 0, 1, 400])
def test_now_lies_on_the_fixed_today_whatever_the_machine_date(settings, monkeypatch, shift):
    settings.KOERS_TODAY = "2025-07-21"
    machine = timezone.make_aware(datetime(2026, 12, 2, 1, 45, 30)) + timedelta(days=shift)
    monkeypatch.setattr(timezone, "now", lambda: machine)
    assert clock.today() == date(2025, 7, 21)
    stamp = clock.now()
    assert timezone.is_aware(stamp)
    local = timezone.localtime(stamp)
    assert local.date() == date(2025, 7, 21)
    assert local.time().replace(microsecond=0) == timezone.localtime(machine).time().replace(microsecond=0)


def test_without_a_fixed_today_now_is_the_machine_clock(settings, monkeypatch):
    settings.KOERS_TODAY = None
    machine = timezone.make_aware(datetime(2026, 12, 2, 1, 45, 30))
    monkeypatch.setattr(timezone, "now", lambda: machine)
    assert clock.now() == machine
    assert clock.today() == timezone.localdate(machine)
