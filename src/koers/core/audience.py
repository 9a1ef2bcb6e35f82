"""Who is looking: the one object that says what may be seen of an SWV's data.

Every query of SWV-owned data, every measure, chart, dashboard, report, export, API answer and public figure
takes an :class:`Audience`. It holds plain values only, so ``core`` needs no other Koers app: ``accounts`` builds
one from a request, a token or the command line (``koers.accounts.audience``); this module has the constructors
that need no role (the public page, the system itself).

The rules that follow from it are applied in one place each:

- rows: :meth:`koers.core.models.ScopedQuerySet.restrict` (the SWV, and the schools of a schoolbestuur);
- small counts: :meth:`Audience.hides` (used by the measures and the standard exports);
- pupil-level rows: :attr:`Audience.pupil_level`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings


class UnscopedQuery(RuntimeError):
    """An SWV-owned model was queried without an audience or an explicit SWV (``Model.objects.filter(...)``)."""


class NoAudience(PermissionError):
    """The caller has no audience in any SWV (for example a logged-in user without a membership)."""


# The kinds of audience. A report rendered by the task worker is read by its readers (toezicht), so it has the
# readers' audience; the public page has the public audience; the command line names its SWV and role.
USER = "gebruiker"
TOKEN = "sleutel"
COMMAND_LINE = "opdrachtregel"
READERS = "lezers"
PUBLIC = "publiek"
SYSTEM = "systeem"
INVITEE = "genodigde"


@dataclass(frozen=True)
class Audience:
    swv_id: int
    kind: str
    role: str | None = None
    permissions: frozenset[str] = frozenset()
    user_id: int | None = None
    schoolbestuur_id: int | None = None
    # BRIN6 of the schools this audience may see rows and figures of; None: every school of the SWV.
    schools: frozenset[str] | None = None
    # May see pupil-level rows (registers, pseudonyms) and unsuppressed small counts.
    pupil_level: bool = False
    # The Swv object itself, for convenience (names, codes); not part of the audience's identity.
    swv: Any = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self):
        if self.swv_id is None:
            raise NoAudience("an audience always belongs to one SWV")

    @property
    def suppressed(self) -> bool:
        """Small pupil counts are shown as 'minder dan N' for everyone without pupil-level access."""
        return not self.pupil_level

    @property
    def threshold(self) -> int:
        return settings.KOERS_SUPPRESSION_THRESHOLD

    def hides(self, count) -> bool:
        """True when a pupil count (or the number of cases behind a statistic) must not be shown."""
        return self.suppressed and count is not None and 0 < count < self.threshold

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    def limit_schools(self, schools) -> frozenset[str] | None:
        """The schools asked for, within what this audience may see (None: all of the SWV)."""
        if schools is None:
            return self.schools
        wanted = frozenset(schools)
        return wanted if self.schools is None else wanted & self.schools

    @property
    def cache_key(self) -> tuple:
        """What makes two audiences see different figures (for the measure cache)."""
        brins = None if self.schools is None else tuple(sorted(self.schools))
        return (self.swv_id, self.pupil_level, brins)

    # Constructors that need no role. The others are in koers.accounts.audience.

    @classmethod
    def public(cls, swv) -> Audience:
        """Anyone on the internet: aggregates only, small counts suppressed, the whole SWV."""
        return cls(swv_id=swv.pk, kind=PUBLIC, swv=swv)

    @classmethod
    def system(cls, swv, *, reason: str) -> Audience:
        """Koers itself, working inside one SWV (an import, the retention job, a backup of one SWV).

        Sees everything of that SWV; ``reason`` says why, so that every use can be found and read."""
        if not reason:
            raise ValueError("a system audience needs a reason")
        return cls(swv_id=swv_id_of(swv), kind=SYSTEM, pupil_level=True, swv=None if isinstance(swv, int) else swv)


def swv_id_of(value) -> int:
    """The id of an Swv, an Audience or a plain id."""
    if isinstance(value, Audience):
        return value.swv_id
    if isinstance(value, int):
        return value
    pk = getattr(value, "pk", None)
    if pk is None:
        raise UnscopedQuery(f"no SWV given: {value!r}")
    return pk
