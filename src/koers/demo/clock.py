"""The demo clock: the demo's jaarplan is always that of the current school year.

The demo plan files are written for school year 2024-2025 (SPOW's jaar- en activiteitenplan). Loaded as they are,
the demo would lie in the past on most days: a round could not be opened (its deadline must lie in the future) and
"te laat" would be meaningless. So every year in them is moved by the same number of years, so that the jaarplan's
school year is the current one (koers.core.clock.today: a fixed date in the tests, 21-07-2025, which moves
nothing). Dates keep their day and month: a deadline of 01-11-2024 becomes 01-11-2026 in school year 2026-2027.
"""

import re
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from koers.core import clock
from koers.core.periods import school_year_of

BASE_YEAR = 2024  # the school year the demo files are written for
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def years_moved(today: date | None = None) -> int:
    """How many years the demo is moved: the current school year minus the one the files are written for."""
    return school_year_of(today or clock.today()) - BASE_YEAR


def moved_text(text: str, years: int) -> str:
    """``text`` with every year (2000-2049) moved by ``years``: '2024-2025' -> '2026-2027', '01-11-2024' ->
    '01-11-2026'. Only whole four-digit numbers: an amount such as 10397136 stays as it is."""
    if not years:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


@contextmanager
def moved_file(path: Path, years: int):
    """The plan file at ``path``, moved by ``years`` (the file itself when nothing moves), under its own name."""
    if not years:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="koers-demo-") as folder:
        target = Path(folder) / path.name
        target.write_text(moved_text(path.read_text(encoding="utf-8"), years), encoding="utf-8")
        yield target
