"""Business rules of the plan cycle. Every state change goes through here, in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.core.periods import Tertiaal
from koers.plans.models import (
    Activity,
    ActivityUpdate,
    Adoption,
    Amendment,
    Budget,
    BudgetLine,
    Plan,
    PortfolioEntry,
    RoundNotice,
    UpdateRound,
    YearPlan,
)


class ConcurrentEditError(Exception):
    """Someone else saved the object after this user opened it."""

    def __init__(self, current):
        super().__init__(_("Iemand anders heeft dit intussen gewijzigd."))
        self.current = current


def user_owns(user, activity: Activity) -> bool:
    owner = activity.owner
    if owner is None:
        return False
    if owner.staff_member_id and owner.staff_member.user_id == user.pk:
        return True
    return owner.users.filter(pk=user.pk).exists()


def can_update(membership, user, activity) -> bool:
    if membership is None:
        return False
    if membership.has("activity.update_any"):
        return True
    return membership.has("activity.update_own") and user_owns(user, activity)


@transaction.atomic
def post_update(
    activity: Activity,
    user,
    *,
    tertiaal: str,
    status: str,
    happened: str,
    next_step="",
    risk="",
    hours_spent=None,
) -> ActivityUpdate:
    """Record an owner's progress update; the activity takes over its status (and hours)."""
    key = Tertiaal.parse(tertiaal).key
    if status not in Activity.Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    if not (happened or "").strip():
        raise ValidationError({"happened": _("Beschrijf wat er is gebeurd.")})
    open_round = (
        UpdateRound.objects.for_swv(activity.year_plan.swv_id)
        .filter(year_plan=activity.year_plan, tertiaal=key, closed_at__isnull=True)
        .first()
    )
    with acting_as(user):
        update = ActivityUpdate.objects.create(
            swv=activity.swv,
            activity=activity,
            round=open_round,
            tertiaal=key,
            status=status,
            happened=happened.strip(),
            next_step=(next_step or "").strip(),
            risk=(risk or "").strip(),
            hours_spent=hours_spent,
            author=user,
        )
        activity.status = status
        if hours_spent is not None:
            activity.hours_spent = hours_spent
        activity.version = F("version") + 1
        activity.save(update_fields=["status", "hours_spent", "version", "updated_at"])
    activity.refresh_from_db(fields=["version"])
    return update


def lock_target_of(obj):
    """The plan or jaarplan whose adoption locks ``obj`` against casual edits."""
    if isinstance(obj, YearPlan | Plan):
        return obj
    for attr in ("year_plan", "budget", "plan"):
        target = getattr(obj, attr, None)
        if target is not None:
            return target.year_plan if attr == "budget" else target
    if hasattr(obj, "line"):
        return obj.line.budget.year_plan
    raise ValueError(f"{obj!r} hoort niet bij een plan")


@transaction.atomic
def save_plan_object(form, user, *, expected_version: int | None = None, reason: str = ""):
    """Save a plan element (theme, doel, indicator, activity, budget line, ...) from a ModelForm.

    With a ``version`` field the save is refused when someone else saved in between (optimistic locking).
    After adoption of the plan or jaarplan a reason is required and the change is recorded as an amendment.
    """
    obj = form.instance
    model = type(obj)
    if obj.pk and hasattr(obj, "version"):
        current = model.objects.for_swv(obj.swv_id).select_for_update().get(pk=obj.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConcurrentEditError(current)
    target = lock_target_of(obj)
    if target.is_locked and not reason.strip():
        raise ValidationError(
            _("Dit plan is vastgesteld op %(date)s. Geef de reden van de wijziging op.")
            % {"date": target.adopted_on.strftime("%d-%m-%Y")}
        )
    is_new = obj.pk is None
    with acting_as(user, reason=reason.strip()):
        obj = form.save(commit=False)
        if not is_new and hasattr(obj, "version"):
            obj.version = (expected_version or obj.version) + 1
        obj.save()
        form.save_m2m()
        if target.is_locked:
            changed = ", ".join(str(form.fields[name].label) for name in form.changed_data) or _("geen velden")
            verb = _("toegevoegd") if is_new else _("gewijzigd")
            year_plan = target if isinstance(target, YearPlan) else None
            Amendment.objects.create(
                swv=obj.swv,
                plan=year_plan.plan if year_plan else target,
                year_plan=year_plan,
                reason=reason.strip(),
                summary=f"{model._meta.verbose_name.capitalize()} “{str(obj)[:80]}” {verb}: {changed}",
                user=user,
            )
    return obj


def save_activity(form, user, *, expected_version: int | None, reason: str = "") -> Activity:
    return save_plan_object(form, user, expected_version=expected_version, reason=reason)


@transaction.atomic
def delete_plan_object(obj, user, *, reason: str = ""):
    target = lock_target_of(obj)
    if target.is_locked and not reason.strip():
        raise ValidationError(_("Dit plan is vastgesteld. Geef de reden van het verwijderen op."))
    with acting_as(user, reason=reason.strip()):
        if target.is_locked:
            year_plan = target if isinstance(target, YearPlan) else None
            Amendment.objects.create(
                swv=obj.swv,
                plan=year_plan.plan if year_plan else target,
                year_plan=year_plan,
                reason=reason.strip(),
                summary=f"{type(obj)._meta.verbose_name.capitalize()} “{str(obj)[:80]}” {_('verwijderd')}",
                user=user,
            )
        obj.delete()


@transaction.atomic
def adopt(*, gremium, date_, kind, user, plan=None, year_plan=None, note=""):
    """Record a discussion or decision by a gremium; 'vastgesteld' locks the plan or jaarplan."""
    target = year_plan or plan
    with acting_as(user):
        adoption = Adoption.objects.create(
            swv=target.swv,
            plan=plan,
            year_plan=year_plan,
            gremium=gremium,
            date=date_,
            kind=kind,
            note=note,
        )
        if kind == Adoption.Kind.ADOPTED and target.adopted_on is None:
            target.adopted_on = date_
            target.save(update_fields=["adopted_on"])
    return adoption


# ---- update rounds ---------------------------------------------------------------------------


def owners_to_ask(year_plan: YearPlan):
    """Users who own at least one open activity in the jaarplan, with their activities."""
    from koers.accounts.models import User

    open_activities = Activity.objects.for_swv(year_plan.swv_id).filter(
        year_plan=year_plan, status__in=Activity.OPEN_STATUSES
    )
    users = User.objects.filter(
        Q(actors__owned_activities__in=open_activities) | Q(staff_roles__actors__owned_activities__in=open_activities),
        is_active=True,
    ).distinct()
    return users


def _activities_of(user, year_plan):
    return (
        Activity.objects.for_swv(year_plan.swv_id)
        .filter(
            Q(owner__users=user) | Q(owner__staff_member__user=user),
            year_plan=year_plan,
            status__in=Activity.OPEN_STATUSES,
        )
        .distinct()
    )


def _mail(user, subject, template, context):
    from koers.accounts.notifications import notify

    body = render_to_string(template, {**context, "user": user, "site_url": settings.SITE_URL})
    notify(user, subject, body, link=context.get("link", ""))
    if user.email and user.email_notifications:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def open_round(year_plan: YearPlan, *, tertiaal: str, deadline: date, user, message="") -> UpdateRound:
    key = Tertiaal.parse(tertiaal).key
    if UpdateRound.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan, tertiaal=key).exists():
        raise ValidationError(_("Voor %(t)s is al een ronde geopend.") % {"t": Tertiaal.parse(key)})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("De deadline ligt in het verleden.")})
    with acting_as(user):
        update_round = UpdateRound.objects.create(
            swv=year_plan.swv,
            year_plan=year_plan,
            tertiaal=key,
            deadline=deadline,
            message=message,
            opened_by=user,
        )
    link = settings.SITE_URL + reverse("plans:my_activities")
    for owner in owners_to_ask(year_plan):
        activities = list(_activities_of(owner, year_plan))
        _mail(
            owner,
            _("Voortgang %(t)s gevraagd: %(plan)s") % {"t": Tertiaal.parse(key), "plan": year_plan.title},
            "plans/mail/round_request.txt",
            {
                "round": update_round,
                "activities": activities,
                "link": link,
                "tertiaal": Tertiaal.parse(key),
            },
        )
        RoundNotice.objects.create(round=update_round, user=owner, kind=RoundNotice.Kind.REQUEST)
    return update_round


@dataclass
class ReminderResult:
    rounds: int
    reminders: int


def send_due_reminders(today: date | None = None) -> ReminderResult:
    """Remind owners who have not updated all their open activities, a few days before the deadline."""
    today = today or timezone.localdate()
    days = settings.KOERS_REMINDER_DAYS
    due = UpdateRound.unscoped.filter(  # every SWV: the daily reminder job
        closed_at__isnull=True, deadline__gte=today, deadline__lte=today + timedelta(days=days)
    ).select_related("year_plan")
    sent = 0
    link = settings.SITE_URL + reverse("plans:my_activities")
    for update_round in due:
        for owner in owners_to_ask(update_round.year_plan):
            if RoundNotice.objects.filter(round=update_round, user=owner, kind=RoundNotice.Kind.REMINDER).exists():
                continue
            missing = [
                a
                for a in _activities_of(owner, update_round.year_plan)
                if not a.updates.filter(tertiaal=update_round.tertiaal).exists()
            ]
            if not missing:
                continue
            tertiaal = Tertiaal.parse(update_round.tertiaal)
            _mail(
                owner,
                _("Herinnering: voortgang %(t)s vóór %(d)s")
                % {"t": tertiaal, "d": update_round.deadline.strftime("%d-%m-%Y")},
                "plans/mail/round_reminder.txt",
                {"round": update_round, "activities": missing, "link": link, "tertiaal": tertiaal},
            )
            RoundNotice.objects.create(round=update_round, user=owner, kind=RoundNotice.Kind.REMINDER)
            sent += 1
    return ReminderResult(rounds=len(due), reminders=sent)


# ---- year rollover ---------------------------------------------------------------------------


@transaction.atomic
def rollover(year_plan: YearPlan, user, *, title: str | None = None) -> YearPlan:
    """Create next school year's jaarplan; unfinished activities are carried over and linked."""
    next_year = year_plan.school_year + 1
    if YearPlan.objects.for_swv(year_plan.plan.swv_id).filter(plan=year_plan.plan, school_year=next_year).exists():
        raise ValidationError(_("Er bestaat al een jaarplan voor %(y)s.") % {"y": f"{next_year}-{next_year + 1}"})
    with acting_as(user):
        new = YearPlan.objects.create(
            swv=year_plan.swv,
            plan=year_plan.plan,
            school_year=next_year,
            title=title or year_plan.title.replace(year_plan.school_year_label, f"{next_year}-{next_year + 1}"),
            created_from=year_plan,
        )
        if new.title == year_plan.title:
            new.title = f"{year_plan.title} ({next_year}-{next_year + 1})"
            new.save(update_fields=["title"])
        unfinished = year_plan.activities.filter(status__in=Activity.OPEN_STATUSES).prefetch_related("involved")
        for order, old in enumerate(unfinished, start=1):
            copy = Activity.objects.create(
                swv=old.swv,
                year_plan=new,
                theme=old.theme,
                goal=old.goal,
                main_activity=old.main_activity,
                code=old.code,
                description=old.description,
                start_text=f"Start schooljaar {next_year}-{next_year + 1}",
                owner=old.owner,
                priority=old.priority,
                budget_code=old.budget_code,
                budget_amount=old.budget_amount,
                hours_budget=old.hours_budget,
                hours_spent=None,
                status=Activity.Status.RUNNING
                if old.status == Activity.Status.RUNNING
                else Activity.Status.NOT_STARTED,
                carried_over_from=old,
                order=order,
            )
            copy.involved.set(old.involved.all())
        old_budget = Budget.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).first()
        if old_budget:
            budget = Budget.objects.create(
                swv=new.swv, year_plan=new, note=_("Overgenomen; vul de nieuwe bedragen in.")
            )
            for line in old_budget.lines.all():
                BudgetLine.objects.create(
                    swv=new.swv,
                    budget=budget,
                    theme=line.theme,
                    goal=line.goal,
                    label=line.label,
                    code=line.code,
                    amount=line.amount,
                    order=line.order,
                )
        for entry in year_plan.portfolio.prefetch_related("goals", "holders"):
            copy = PortfolioEntry.objects.create(
                swv=new.swv,
                year_plan=new,
                theme=entry.theme,
                label=entry.label,
                goals_text=entry.goals_text,
                taakgroepen=entry.taakgroepen,
                order=entry.order,
            )
            copy.goals.set(entry.goals.all())
            copy.holders.set(entry.holders.all())
    return new
