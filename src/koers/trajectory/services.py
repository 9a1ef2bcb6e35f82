"""Every change to a trajectory, its steps and its thematafels, each in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.core import clock
from koers.core.importing import Limits, ReadError, read_limited
from koers.organisations.models import Gemeente, Gremium
from koers.plans.models import Adoption, Goal, MainActivity, Plan
from koers.trajectory import calendar
from koers.trajectory.models import (
    ConsultationTheme,
    FeedToken,
    Outcome,
    Participation,
    Phase,
    StakeholderGroup,
    Step,
    StepReminder,
    Thematafel,
    Trajectory,
)

DEFAULT_GROUPS = [
    "Ouders",
    "Leerkrachten",
    "Intern begeleiders",
    "Directeuren",
    "Besturen",
    "Ondersteuningsplanraad (OPR)",
    "Medezeggenschapsraad (MR)",
    "Gemeenten",
    "Ketenpartners",
]
REMINDER_DAYS = (14, 3)
STEP_ORDER = {Step.Kind.OPR: 10, Step.Kind.OOGO: 20, Step.Kind.BESTUUR: 30, Step.Kind.INSPECTIE: 40}
# the gremium kind that records a step's decision on the draft plan, and how (plans.Adoption)
STEP_GREMIUM = {
    Step.Kind.OPR: (Gremium.Kind.OPR, Adoption.Kind.CONSENT),
    Step.Kind.BESTUUR: (Gremium.Kind.BESTUUR, Adoption.Kind.ADOPTED),
}


def ensure_groups(swv) -> None:
    if not StakeholderGroup.objects.for_swv(swv).exists():
        StakeholderGroup.objects.bulk_create(
            [StakeholderGroup(swv=swv, name=name, order=i) for i, name in enumerate(DEFAULT_GROUPS)]
        )


def draft_plans(swv):
    """Plans of the SWV in concept (the one notion of a draft, ADR 0044): the candidates for a trajectory's draft."""
    return Plan.objects.for_swv(swv).drafts()


def sync_oogo_steps(trajectory: Trajectory) -> int:
    """One OOGO step per gemeente of the SWV (a gemeente added later gets its step); returns how many were added."""
    have = set(Step.objects.for_swv(trajectory.swv_id).filter(trajectory=trajectory, kind=Step.Kind.OOGO).values_list("gemeente_id", flat=True))  # fmt: skip
    new = [
        Step(
            swv_id=trajectory.swv_id,
            trajectory=trajectory,
            kind=Step.Kind.OOGO,
            gemeente=g,
            planned_on=calendar.default_planned(Step.Kind.OOGO, trajectory.first_year),
            order=STEP_ORDER[Step.Kind.OOGO],
        )
        for g in Gemeente.objects.for_swv(trajectory.swv_id).order_by("name")
        if g.pk not in have
    ]
    Step.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def create_trajectory(*, swv, user, first_year: int, title: str = "", plan=None, years: int = 4) -> Trajectory:
    if Trajectory.objects.for_swv(swv).filter(first_year=first_year).exists():
        raise ValidationError({"first_year": _("Voor deze planperiode is al een traject.")})
    if plan is not None and (plan.swv_id != swv.pk or not plan.is_draft):
        raise ValidationError({"plan": _("Kies een plan in concept van dit samenwerkingsverband.")})
    with acting_as(user):
        trajectory = Trajectory.objects.create(
            swv=swv,
            first_year=first_year,
            years=years,
            plan=plan,
            title=title or _("Naar het ondersteuningsplan %(p)s") % {"p": f"{first_year}-{first_year + years}"},
        )
        Phase.objects.bulk_create(
            Phase(swv=swv, trajectory=trajectory, kind=kind, starts_on=start, ends_on=end, order=i)
            for i, (kind, start, end) in enumerate(calendar.default_phases(first_year, years))
        )
        Step.objects.bulk_create(
            Step(
                swv=swv,
                trajectory=trajectory,
                kind=kind,
                planned_on=calendar.default_planned(kind, first_year),
                order=STEP_ORDER[kind],
            )
            for kind in (Step.Kind.OPR, Step.Kind.BESTUUR, Step.Kind.INSPECTIE)
        )
        sync_oogo_steps(trajectory)
        ensure_groups(swv)
    return trajectory


@transaction.atomic
def save_form(form, user):
    """Save a simple model form of the trajectory (trajectory, phase) with the user in the history."""
    with acting_as(user):
        return form.save()


def _store_document(step: Step, upload) -> None:
    try:
        data = read_limited(upload, Limits.current())
    except ReadError as exc:
        raise ValidationError({"document": str(exc)}) from exc
    step.document_data = data
    step.document_name = (upload.name or "document")[-200:]
    step.document_type = (getattr(upload, "content_type", "") or "application/octet-stream")[:100]


def _gremium(step: Step):
    kind, _adoption_kind = STEP_GREMIUM[step.kind]
    return Gremium.objects.for_swv(step.swv_id).filter(kind=kind).order_by("name").first()


def _link_or_adopt(step: Step, trajectory: Trajectory, user) -> None:
    """Record the decision on the draft plan through the plans service (or link the one already recorded)."""
    from koers.plans import services as plan_services

    plan = trajectory.plan
    if plan is None or step.kind not in STEP_GREMIUM or not step.is_positive:
        return
    gremium_kind, adoption_kind = STEP_GREMIUM[step.kind]
    existing = (
        Adoption.objects.for_swv(step.swv_id)
        .filter(plan=plan, kind=adoption_kind, gremium__kind=gremium_kind)
        .order_by("date", "id")
        .first()
    )
    if existing:
        step.adoption = existing
        return
    gremium = _gremium(step)
    if gremium is None:
        raise ValidationError(
            _(
                "Leg eerst een gremium van de soort '%(k)s' vast bij de organisatie: daarmee wordt het besluit bij het plan bewaard."
            )  # noqa: E501
            % {"k": Gremium.Kind(gremium_kind).label}
        )
    step.adoption = plan_services.adopt(
        gremium=gremium,
        date_=step.done_on,
        kind=adoption_kind,
        user=user,
        plan=plan,
        note=_("Vastgelegd in het traject %(t)s") % {"t": trajectory.title[:180]},
    )


@transaction.atomic
def record_step(step: Step, user, *, data: dict, upload=None, remove_document=False) -> Step:
    """Save a step's dates, outcome, document and notes. The bestuur may adopt only after OPR instemming and OOGO
    with each gemeente; then the draft plan is adopted through the plans service."""
    step = Step.objects.for_swv(step.swv_id).select_for_update().get(pk=step.pk)
    trajectory = step.trajectory
    for field in ("planned_on", "sent_on", "done_on", "outcome", "notes", "document_url"):
        if field in data:
            value = data[field]
            setattr(step, field, value if value is not None or field.endswith("_on") else "")
    if step.outcome and step.outcome not in Step.OUTCOMES[step.kind]:
        raise ValidationError({"outcome": _("Deze uitkomst past niet bij deze stap.")})
    if step.outcome and not step.done_on:
        raise ValidationError({"done_on": _("Vul de datum in waarop dit is gebeurd.")})
    today = clock.today()
    if step.done_on and step.done_on > today:
        raise ValidationError({"done_on": _("Deze datum ligt in de toekomst; vul die in als het gebeurd is.")})
    if step.kind == Step.Kind.BESTUUR and step.is_positive:
        others = [s for s in Step.objects.for_swv(step.swv_id).filter(trajectory=trajectory) if s.pk != step.pk]
        missing = calendar.preconditions_of_adoption(others, step.done_on)
        if missing:
            raise ValidationError(
                [
                    _(
                        "Het bestuur kan het plan pas vaststellen na instemming van de OPR en overeenstemming in het OOGO met elke gemeente."
                    )
                ]  # noqa: E501
                + missing
            )
    if step.kind == Step.Kind.INSPECTIE and step.done_on:
        bestuur = Step.objects.for_swv(step.swv_id).filter(trajectory=trajectory, kind=Step.Kind.BESTUUR).first()
        if not (bestuur and bestuur.is_positive and bestuur.done_on <= step.done_on):
            raise ValidationError(
                {"done_on": _("Dien het plan in bij de Inspectie nadat het bestuur het heeft vastgesteld.")}
            )  # noqa: E501
        if step.done_on > calendar.inspectie_deadline(trajectory.first_year):
            raise ValidationError(
                {"done_on": _("Het plan moet vóór 1 mei %(y)s bij de Inspectie zijn.") % {"y": trajectory.first_year}}
            )  # noqa: E501
    if remove_document:
        step.document_data, step.document_name, step.document_type = None, "", ""
    if upload is not None:
        _store_document(step, upload)
    if not step.is_positive:
        step.adoption = None
    _link_or_adopt(step, trajectory, user)
    with acting_as(user):
        step.save()
    return step


@transaction.atomic
def set_opr_term(trajectory: Trajectory, user, days: int) -> Trajectory:
    with acting_as(user):
        trajectory.opr_term_days = days
        trajectory.save(update_fields=["opr_term_days", "updated_at"])
    return trajectory


# ---- thematafels -----------------------------------------------------------------------------


@transaction.atomic
def save_table(form, user, *, counts: dict, new_themes: list[str]) -> Thematafel:
    """Save a thematafel, its participants per group (numbers only) and any new themes typed in."""
    with acting_as(user):
        table = form.save(commit=False)
        table.save()
        form.save_m2m()
        for name in new_themes:
            theme, _created = ConsultationTheme.objects.get_or_create(
                swv_id=table.swv_id, trajectory=table.trajectory, name=name[:120]
            )
            table.themes.add(theme)
        Participation.objects.for_swv(table.swv_id).filter(table=table).delete()
        Participation.objects.bulk_create(
            Participation(swv_id=table.swv_id, table=table, group=group, count=count)
            for group, count in counts.items()
            if count
        )
    return table


def linkable_elements(trajectory: Trajectory):
    """The doelen and hoofdactiviteiten of the trajectory's draft plan (nothing without a draft)."""
    if trajectory.plan_id is None:
        return Goal.objects.none(), MainActivity.objects.none()
    swv = trajectory.swv_id
    return (
        Goal.objects.for_swv(swv).filter(plan_id=trajectory.plan_id).order_by("order", "id"),
        MainActivity.objects.for_swv(swv).filter(plan_id=trajectory.plan_id).order_by("order", "id"),
    )


@transaction.atomic
def save_outcome(outcome: Outcome, user, *, goals=(), main_activities=()) -> Outcome:
    """Save an outcome and its links. Links only to elements of the same SWV's draft plan of this trajectory; an
    outcome marked "niet overgenomen" needs a reason."""
    trajectory = outcome.table.trajectory
    if outcome.status == Outcome.Status.NOT_USED and not outcome.reason.strip():
        raise ValidationError({"reason": _("Geef de reden waarom deze opbrengst niet is overgenomen.")})
    goals, main_activities = list(goals), list(main_activities)
    if (goals or main_activities) and trajectory.plan_id is None:
        raise ValidationError(_("Kies eerst het conceptplan bij het traject; daarna kunt u opbrengsten koppelen."))
    for element in [*goals, *main_activities]:
        if element.swv_id != outcome.swv_id or element.plan_id != trajectory.plan_id:
            raise ValidationError(
                _("Koppel alleen aan doelen en hoofdactiviteiten van het conceptplan van dit traject.")
            )  # noqa: E501
    if outcome.status == Outcome.Status.NOT_USED and (goals or main_activities):
        raise ValidationError(_("Een opbrengst die niet is overgenomen, hoort niet bij een onderdeel van het plan."))
    if outcome.status in (Outcome.Status.USED, Outcome.Status.PARTLY) and not (goals or main_activities):
        raise ValidationError(
            _("Koppel een overgenomen opbrengst aan het doel of de hoofdactiviteit die erop antwoordt.")
        )  # noqa: E501
    with acting_as(user):
        outcome.save()
        outcome.goals.set(goals)
        outcome.main_activities.set(main_activities)
    return outcome


def outcomes_for_element(element, audience):
    """The outcomes linked to a doel or hoofdactiviteit ("wat we ermee deden"), as the audience may see them."""
    queryset = Outcome.objects.restrict(audience).select_related("table__group", "theme")
    if isinstance(element, Goal):
        return queryset.filter(goals=element).order_by("table__held_on", "id")
    if isinstance(element, MainActivity):
        return queryset.filter(main_activities=element).order_by("table__held_on", "id")
    return queryset.none()


# ---- reminders -------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    steps: int
    reminders: int


def _bureau_users(swv_id):
    from koers.accounts.models import Membership
    from koers.accounts.roles import BUREAU

    return [
        m.user
        for m in Membership.objects.for_swv(swv_id)
        .filter(role__code=BUREAU, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ]


def send_due_reminders(today: date | None = None) -> ReminderResult:
    """Remind the bureau 14 and 3 days before a step's deadline; each reminder once per step, deadline and user
    (a deadline that moves gets its own reminders)."""
    today = today or clock.today()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    steps = (
        Step.unscoped.filter(done_on__isnull=True)  # every SWV: the daily reminder job
        .select_related("trajectory", "gemeente", "swv")
        .order_by("swv_id", "trajectory_id", "order", "id")
    )
    due_steps, sent = 0, 0
    for step in steps:
        due = calendar.deadline(step)
        if due is None or not today <= due <= horizon:
            continue
        lead = min((d for d in REMINDER_DAYS if (due - today).days <= d), default=None)
        if lead is None:
            continue
        due_steps += 1
        for user in _bureau_users(step.swv_id):
            if _remind(step, user, due, lead):
                sent += 1
    return ReminderResult(steps=due_steps, reminders=sent)


@transaction.atomic
def _remind(step: Step, user, due: date, lead: int) -> bool:
    _reminder, created = StepReminder.objects.get_or_create(
        swv_id=step.swv_id, step=step, user=user, deadline=due, days_before=lead
    )
    if not created:
        return False
    from koers.accounts.mail import render_text
    from koers.accounts.notifications import notify_and_mail

    link = reverse("trajectory:detail", args=[step.trajectory_id])
    days = (due - clock.today()).days
    subject = _("Herinnering: %(step)s vóór %(d)s") % {"step": step, "d": due.strftime("%d-%m-%Y")}
    body = render_text(
        "trajectory/mail/step_reminder.txt",
        {
            "user": user,
            "step": step,
            "trajectory": step.trajectory,
            "deadline": due,
            "days": days,
            "link": str(settings.SITE_URL or "").strip().rstrip("/") + link,
        },
    )
    transaction.on_commit(lambda: notify_and_mail(user, subject, body, link=link), robust=True)
    return True


# ---- calendar feed ---------------------------------------------------------------------------


@transaction.atomic
def issue_feed(user, swv) -> str:
    """A new feed address for ``user`` in ``swv``; an earlier one stops working. Returns the secret key (shown once)."""
    revoke_feeds(user, swv)
    _token, key = FeedToken.issue(user=user, swv=swv)
    return key


@transaction.atomic
def revoke_feeds(user, swv) -> int:
    return FeedToken.objects.for_swv(swv).filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_owner(key: str):
    """The active token of ``key`` whose holder is still bureau in its SWV, or None."""
    from koers.accounts.models import Membership
    from koers.accounts.roles import PERMISSIONS

    # unscoped on purpose: a calendar program cannot log in, so there is no SWV yet; the key (by its hash) names
    # the one token, and thereby its SWV, whose membership is checked below
    token = (
        FeedToken.unscoped.filter(key_hash=FeedToken.hash_key(key), revoked_at__isnull=True)
        .select_related("user", "swv")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    allowed = PERMISSIONS["plan.edit"]
    if not Membership.objects.for_swv(token.swv).filter(user=token.user, role__code__in=allowed).exists():
        return None
    return token


@transaction.atomic
def add_group(swv, user, name: str) -> StakeholderGroup:
    last = StakeholderGroup.objects.for_swv(swv).order_by("-order").first()
    with acting_as(user):
        group, _created = StakeholderGroup.objects.get_or_create(
            swv=swv, name=name.strip()[:120], defaults={"order": (last.order + 1) if last else 0}
        )
    return group
