"""Where a voortgangsronde stands: per owner and per activity, updated or not, returned or accepted, and the
last reminder. Read by the round page, the owner's round view and the API alike (one computation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.plans.models import Activity, ActivityUpdate, RoundNotice, UpdateRound

MISSING = "nog_niet"
SUBMITTED = ActivityUpdate.Review.SUBMITTED.value
ACCEPTED = ActivityUpdate.Review.ACCEPTED.value
RETURNED = ActivityUpdate.Review.RETURNED.value
STATE_LABELS = {
    MISSING: _("Nog niet bijgewerkt"),
    SUBMITTED: _("Bijgewerkt"),
    ACCEPTED: _("Geaccepteerd"),
    RETURNED: _("Teruggestuurd"),
}


def site_url_missing() -> bool:
    """True when ``KOERS_SITE_URL`` is not set: links in e-mails are then only paths, and Koers says so."""
    return not str(settings.SITE_URL or "").strip()


def absolute_url(path: str) -> str:
    """The address of ``path`` on the site URL; without one, the path alone (never a guessed host)."""
    return str(settings.SITE_URL or "").strip().rstrip("/") + path


@dataclass
class ActivityState:
    activity: Activity
    update: ActivityUpdate | None  # the latest update for the round's tertiaal

    @property
    def state(self) -> str:
        return self.update.review if self.update else MISSING

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def done(self) -> bool:
        """Updated for the round (and not sent back)."""
        return self.state in (SUBMITTED, ACCEPTED)


@dataclass
class OwnerState:
    owner: object  # organisations.Actor, or None for activities without an owner
    users: list
    activities: list[ActivityState] = field(default_factory=list)
    last_notice: RoundNotice | None = None

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.done)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def missing(self) -> list[ActivityState]:
        return [a for a in self.activities if not a.done]

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass
class RoundStatus:
    round: UpdateRound
    owners: list[OwnerState]

    @property
    def activities(self) -> list[ActivityState]:
        return [a for owner in self.owners for a in owner.activities]

    def count(self, state: str) -> int:
        return sum(1 for a in self.activities if a.state == state)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.done)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def accepted(self) -> int:
        return self.count(ACCEPTED)

    @property
    def returned(self) -> int:
        return self.count(RETURNED)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    def as_dict(self) -> dict:
        """The round's status for the API: counts, and per owner what is done and the last reminder."""
        return {
            "total": self.total,
            "done": self.done,
            "accepted": self.accepted,
            "returned": self.returned,
            "missing": self.missing,
            "complete": self.complete,
            "owners": [
                {
                    "owner": getattr(o.owner, "pk", None),
                    "owner_name": str(o.owner) if o.owner else None,
                    "total": o.total,
                    "done": o.done,
                    "last_reminder": o.last_notice.sent_at if o.last_notice else None,
                    "activities": [
                        {"activity": a.activity.pk, "code": a.activity.code, "state": a.state} for a in o.activities
                    ],
                }
                for o in self.owners
            ],
        }


def round_activities(update_round: UpdateRound):
    """The activities a round asks about: every open activity of the jaarplan, and every activity that already
    has an update for the round's tertiaal (one finished in this round stays in it)."""
    year_plan = update_round.year_plan
    return (
        Activity.objects.for_swv(year_plan.swv_id)
        .filter(year_plan=year_plan)
        .filter(Q(status__in=Activity.OPEN_STATUSES) | Q(updates__tertiaal=update_round.tertiaal))
        .distinct()
        .select_related("owner__staff_member__user")
        .prefetch_related("owner__users")
        .order_by("order", "id")
    )


def latest_updates(year_plan, tertiaal: str, activity_ids) -> dict[int, ActivityUpdate]:
    """The latest update per activity for ``tertiaal``."""
    latest: dict[int, ActivityUpdate] = {}
    rows = (
        ActivityUpdate.objects.for_swv(year_plan.swv_id)
        .filter(activity_id__in=list(activity_ids), tertiaal=tertiaal)
        .select_related("author", "reviewed_by")
        .order_by("activity_id", "-created_at", "-id")
    )
    for update in rows:
        latest.setdefault(update.activity_id, update)
    return latest


def users_of(owner) -> list:
    """The active users who answer for an owner (its linked users and its staff member's user)."""
    if owner is None:
        return []
    users = {u.pk: u for u in owner.users.all() if u.is_active}
    staff = owner.staff_member
    if staff is not None and staff.user_id and staff.user.is_active:
        users.setdefault(staff.user_id, staff.user)
    return sorted(users.values(), key=lambda u: (str(u).lower(), u.pk))


def round_status(update_round: UpdateRound) -> RoundStatus:
    activities = list(round_activities(update_round))
    latest = latest_updates(update_round.year_plan, update_round.tertiaal, [a.pk for a in activities])
    notices = list(update_round.notices.select_related("sent_by").order_by("-sent_at", "-id"))
    owners: dict[object, OwnerState] = {}
    for activity in activities:
        key = activity.owner_id
        if key not in owners:
            users = users_of(activity.owner)
            ids = {u.pk for u in users}
            last = next((n for n in notices if n.user_id in ids), None)
            owners[key] = OwnerState(owner=activity.owner, users=users, last_notice=last)
        owners[key].activities.append(ActivityState(activity, latest.get(activity.pk)))
    ordered = sorted(
        owners.values(),
        key=lambda o: (o.owner is None, o.complete, str(o.owner or "").lower(), getattr(o.owner, "pk", 0)),
    )
    return RoundStatus(update_round, ordered)


def open_round_for(year_plan) -> UpdateRound | None:
    """The open round of a jaarplan (the latest opened, when there were several)."""
    for update_round in (
        UpdateRound.objects.for_swv(year_plan.swv_id)
        .filter(year_plan=year_plan, closed_at__isnull=True)
        .order_by("-opened_at", "-id")
    ):
        if update_round.is_open:
            return update_round
    return None
