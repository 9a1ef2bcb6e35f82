"""Building the :class:`~koers.core.audience.Audience` from a membership: for a request, an API token, the command
line and the readers of an issued report. The rights come from ``koers.accounts.roles``, the schools of a
schoolbestuur from ``koers.organisations``.

``AudienceMiddleware`` sets, for every request:

- ``request.membership``: the user's membership in the SWV they work in now (or None);
- ``request.swv``: that SWV (or None);
- ``request.audience``: the audience of that membership (or None without a membership).
"""

from __future__ import annotations

from koers.accounts.roles import PERMISSIONS, SCHOOLBESTUUR, TOEZICHT, role_has
from koers.core.audience import COMMAND_LINE, READERS, TOKEN, USER, Audience, NoAudience
from koers.core.middleware import SESSION_KEY


def _schools_of(swv_id, schoolbestuur_id) -> frozenset[str]:
    from koers.organisations.models import School

    return frozenset(School.objects.for_swv(swv_id).filter(bestuur_id=schoolbestuur_id).values_list("brin6", flat=True))


def for_role(swv, role_code: str, *, kind: str, user_id=None, schoolbestuur_id=None) -> Audience:
    """The audience of one role in one SWV. A schoolbestuur sees its own schools only (none without a bestuur)."""
    if role_code not in {code for roles in PERMISSIONS.values() for code in roles}:
        raise ValueError(f"onbekende rol: {role_code}")
    schools = None
    if role_code == SCHOOLBESTUUR:
        schools = _schools_of(swv.pk, schoolbestuur_id) if schoolbestuur_id else frozenset()
    return Audience(
        swv_id=swv.pk,
        kind=kind,
        role=role_code,
        permissions=frozenset(p for p in PERMISSIONS if role_has(role_code, p)),
        user_id=user_id,
        schoolbestuur_id=schoolbestuur_id if role_code == SCHOOLBESTUUR else None,
        schools=schools,
        pupil_level=role_has(role_code, "monitoring.view_pupil"),
        swv=swv,
    )


def for_membership(membership, *, kind: str = USER) -> Audience:
    return for_role(
        membership.swv,
        membership.role.code,
        kind=kind,
        user_id=membership.user_id,
        schoolbestuur_id=membership.schoolbestuur_id,
    )


def for_command_line(swv, role_code: str) -> Audience:
    """``koers ... --swv CODE --rol ROL``: an explicit SWV and role."""
    return for_role(swv, role_code, kind=COMMAND_LINE)


def for_readers(swv) -> Audience:
    """The readers of an issued report (toezicht: RvT, RvA, OPR). The task worker renders reports with it."""
    return for_role(swv, TOEZICHT, kind=READERS)


def for_token(token, membership) -> Audience:
    """An API token: its SWV, with the holder's role there."""
    return for_membership(membership, kind=TOKEN)


def membership_of(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return None
    memberships = user.memberships.select_related("swv", "role")
    chosen = request.session.get(SESSION_KEY)
    membership = memberships.filter(swv_id=chosen).first() if chosen else None
    return membership or memberships.order_by("swv__code").first()


def of_request(request) -> Audience:
    """The request's audience; :class:`NoAudience` when the user has no membership."""
    audience = getattr(request, "audience", None)
    if audience is None:
        raise NoAudience("geen lidmaatschap")
    return audience


class AudienceMiddleware:
    """Sets ``request.membership``, ``request.swv`` and ``request.audience`` (each None without a membership).

    Eager, not lazy: a lazy None is not ``None``, and ``request.swv is None`` must mean what it says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = membership_of(request)
        request.membership = membership
        request.swv = membership.swv if membership else None
        request.audience = for_membership(membership) if membership else None
        return self.get_response(request)


def for_invitee(invitee) -> Audience:
    """An invitee of a feedback round (no account, ADR 0034): the SWV of the round, no role, no permissions, no
    pupil-level data. The consultation views read only the round's draft plan through it."""
    from koers.core.audience import INVITEE

    return Audience(swv_id=invitee.swv_id, kind=INVITEE, swv=invitee.round.swv)
