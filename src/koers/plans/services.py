"""Business rules of the plan cycle. Every state change goes through here, in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.core import clock
from koers.core.formatting import money
from koers.core.periods import Tertiaal
from koers.plans.models import (
    Activity,
    ActivityComment,
    ActivityUpdate,
    Adoption,
    Amendment,
    Budget,
    BudgetLine,
    BudgetRealisation,
    Evidence,
    Plan,
    PortfolioEntry,
    RoundNotice,
    UpdateRound,
    YearPlan,
)


class PlanLocked(ValidationError):
    """A change to an adopted plan or jaarplan, or to an issued tertiaal, without a reason (see
    :func:`change_plan`). A ``ValidationError``: a form shows it at its reason field."""


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
    reason: str = "",
) -> ActivityUpdate:
    """Record an owner's progress update; the activity takes over its status (and hours).

    Under :func:`change_plan`: once the tertiaalrapportage over ``tertiaal`` is issued, an update for it is an
    amendment and needs a reason."""
    key = Tertiaal.parse(tertiaal).key
    if status not in Activity.Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    if not (happened or "").strip():
        raise ValidationError({"happened": _("Beschrijf wat er is gebeurd.")})
    from koers.plans.round_status import open_round_for

    open_round = open_round_for(activity.year_plan)
    if open_round is not None and open_round.tertiaal != key:
        open_round = None

    def write():
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
        return update

    summary = _("Voortgang %(t)s van “%(a)s”: %(s)s") % {
        "t": Tertiaal.parse(key),
        "a": str(activity)[:80],
        "s": Activity.Status(status).label,
    }
    update = change_plan(activity.year_plan, user, write, summary=summary, reason=reason, tertiaal=key)
    activity.refresh_from_db(fields=["version"])
    return update


def lock_target_of(obj):
    """The plan or jaarplan whose adoption locks ``obj`` against casual edits."""
    if isinstance(obj, YearPlan | Plan):
        return obj
    if isinstance(obj, Adoption):
        return obj.year_plan or obj.plan
    for attr in ("year_plan", "budget", "plan"):
        target = getattr(obj, attr, None)
        if target is not None:
            return target.year_plan if attr == "budget" else target
    if hasattr(obj, "line"):
        return obj.line.budget.year_plan
    raise ValueError(f"{obj!r} hoort niet bij een plan")


def _adopted_on(target, *, for_update: bool):
    """The adoption date as stored now (None for a plan or jaarplan not saved yet); under a row lock inside
    :func:`change_plan`, so a vaststelling cannot slip in between the check and the write."""
    if target.pk is None:
        return None
    rows = type(target).objects.for_swv(target.swv_id).filter(pk=target.pk)
    if for_update:
        rows = rows.select_for_update()
    return rows.values_list("adopted_on", flat=True).first()


def _issued_reports(year_plan):
    from koers.reports.models import Report

    return Report.objects.for_swv(year_plan.swv_id).filter(
        kind=Report.Kind.TERTIAAL, year_plan=year_plan, status=Report.Status.ISSUED
    )


def has_issued_tertiaal(year_plan) -> bool:
    """Whether a tertiaalrapportage of this jaarplan has been issued (so some realisation needs a reason)."""
    return year_plan.pk is not None and _issued_reports(year_plan).exists()


def _tertiaal_issued(year_plan, tertiaal: str, *, for_update: bool) -> bool:
    """Whether the tertiaalrapportage over ``tertiaal`` has been issued. Under a row lock on that tertiaal's
    reports inside :func:`change_plan`: an issue in progress is waited for, and an issue after this check waits
    for this change (and then freezes it along)."""
    from koers.reports.models import Report

    if year_plan.pk is None:
        return False
    reports = Report.objects.for_swv(year_plan.swv_id).filter(
        kind=Report.Kind.TERTIAAL, year_plan=year_plan, tertiaal=tertiaal
    )
    if for_update:
        reports = reports.select_for_update()
    return Report.Status.ISSUED in list(reports.values_list("status", flat=True))


def _adopted_year_plan(plan, *, for_update: bool):
    """The first adopted jaarplan of ``plan`` (as stored now, under a row lock inside :func:`change_plan`)."""
    if plan.pk is None:
        return None
    rows = YearPlan.objects.for_swv(plan.swv_id).filter(plan_id=plan.pk).order_by("school_year")
    if for_update:
        rows = rows.select_for_update()
    return next((year_plan for year_plan in rows if year_plan.adopted_on is not None), None)


def lock_reason_required(
    target,
    *,
    tertiaal: str = "",
    deleting: bool = False,
    for_update: bool = False,
    with_year_plans: bool = False,
) -> str:
    """Why a change to ``target`` (a plan or jaarplan) needs a reason, in Dutch; "" when it does not.

    Locked are an adopted plan or jaarplan; for a change that replaces a plan with its jaarplannen (an import,
    ``with_year_plans``) also a plan with an adopted jaarplan. What is entered per tertiaal (a realisation,
    ``tertiaal``) is locked only once the tertiaalrapportage over that tertiaal has been issued: every
    realisation is entered after the vaststelling, so that alone does not lock it (ADR 0005).
    """
    ask = _("Geef de reden van het verwijderen op.") if deleting else _("Geef de reden van de wijziging op.")
    if tertiaal:
        if isinstance(target, YearPlan) and _tertiaal_issued(target, tertiaal, for_update=for_update):
            return _("De tertiaalrapportage over %(t)s is al uitgebracht. %(ask)s") % {
                "t": Tertiaal.parse(tertiaal),
                "ask": ask,
            }
        return ""
    adopted_on = _adopted_on(target, for_update=for_update)
    if adopted_on is not None:
        what = _("Dit jaarplan") if isinstance(target, YearPlan) else _("Dit plan")
        return _("%(what)s is vastgesteld op %(date)s. %(ask)s") % {
            "what": what,
            "date": adopted_on.strftime("%d-%m-%Y"),
            "ask": ask,
        }
    if with_year_plans and isinstance(target, Plan):
        year_plan = _adopted_year_plan(target, for_update=for_update)
        if year_plan is not None:
            return _("Het jaarplan %(title)s van dit plan is vastgesteld op %(date)s. %(ask)s") % {
                "title": year_plan.title,
                "date": year_plan.adopted_on.strftime("%d-%m-%Y"),
                "ask": ask,
            }
    return ""


@transaction.atomic
def change_plan(
    target,
    user,
    write,
    *,
    summary,
    reason: str = "",
    tertiaal: str = "",
    deleting: bool = False,
    with_year_plans: bool = False,
    note: str = "",
):
    """The lock and amendment rule, applied once for every write to a plan, a jaarplan or one of their parts.

    ``write()`` makes the change (and returns what the caller gets back); ``summary`` is the line for the
    amendment, or a function of the result giving it. Over an adopted plan or jaarplan, or an issued tertiaal
    (see :func:`lock_reason_required`), the change needs a reason: without one nothing is written and
    :class:`PlanLocked` (a ``ValidationError``) says so in Dutch; with one an :class:`Amendment` records who,
    what and why. The history (``acting_as``) carries the user and the reason either way, or ``note`` when no
    reason is given (an import names its file there).
    """
    reason = (reason or "").strip()
    locked = lock_reason_required(
        target, tertiaal=tertiaal, deleting=deleting, for_update=True, with_year_plans=with_year_plans
    )
    if locked and not reason:
        raise PlanLocked(locked)
    with acting_as(user, reason=reason or note):
        result = write()
        if locked:
            year_plan = target if isinstance(target, YearPlan) else None
            Amendment.objects.create(
                swv_id=target.swv_id,
                plan=year_plan.plan if year_plan else target,
                year_plan=year_plan,
                reason=reason,
                summary=summary(result) if callable(summary) else summary,
                user=user,
            )
    return result


def _describe(obj) -> str:
    return f"{type(obj)._meta.verbose_name.capitalize()} “{str(obj)[:80]}”"


@transaction.atomic
def save_plan_object(form, user, *, expected_version: int | None = None, reason: str = ""):
    """Save a plan, jaarplan or plan element (theme, doel, indicator, activity, budget, budget line, ...) from a
    ModelForm, under :func:`change_plan`.

    With a ``version`` field the save is refused when someone else saved in between (optimistic locking, ADR 5).
    """
    obj = form.instance
    model = type(obj)
    if obj.pk and hasattr(obj, "version"):
        current = model.objects.for_swv(obj.swv_id).select_for_update().get(pk=obj.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConcurrentEditError(current)
    is_new = obj.pk is None
    target = lock_target_of(obj)

    def write():
        saved = form.save(commit=False)
        if isinstance(saved, BudgetLine) and saved.budget.pk is None:
            saved.budget.save()  # the jaarplan's first budget line brings its budget
        if not is_new and hasattr(saved, "version"):
            saved.version = (expected_version or saved.version) + 1
        saved.save()
        form.save_m2m()
        return saved

    def summary(saved):
        changed = [name for name in form.changed_data if name not in ("reason", "version")]
        fields = ", ".join(str(form.fields[name].label) for name in changed) or _("geen velden")
        verb = _("toegevoegd") if is_new else _("gewijzigd")
        return f"{_describe(saved)} {verb}: {fields}"

    return change_plan(target, user, write, summary=summary, reason=reason)


def save_activity(form, user, *, expected_version: int | None, reason: str = "") -> Activity:
    return save_plan_object(form, user, expected_version=expected_version, reason=reason)


@transaction.atomic
def delete_plan_object(obj, user, *, reason: str = ""):
    summary = f"{_describe(obj)} {_('verwijderd')}"
    change_plan(lock_target_of(obj), user, obj.delete, summary=summary, reason=reason, deleting=True)


@transaction.atomic
def save_realisation(budget: Budget, user, *, line, tertiaal: str, amount, note: str = "", reason: str = ""):
    """Realisation per budget line and tertiaal: a new amount replaces the old one."""
    if line.budget_id != budget.pk:
        raise ValidationError(_("Deze begrotingsregel hoort niet bij deze begroting."))
    key = Tertiaal.parse(tertiaal).key

    def write():
        realisation, _created = BudgetRealisation.objects.for_swv(budget.swv_id).update_or_create(
            line=line, tertiaal=key, defaults={"swv_id": budget.swv_id, "amount": amount, "note": note or ""}
        )
        return realisation

    summary = _("Realisatie %(t)s voor “%(line)s”: %(amount)s") % {
        "t": Tertiaal.parse(key),
        "line": str(line)[:80],
        "amount": money(amount, 2),
    }
    return change_plan(budget.year_plan, user, write, summary=summary, reason=reason, tertiaal=key)


@transaction.atomic
def adopt(*, gremium, date_, kind, user, plan=None, year_plan=None, note="", reason=""):
    """Record a discussion or decision by a gremium; 'vastgesteld' locks the plan or jaarplan.

    A bespreking recorded after the vaststelling is a change to an adopted plan like any other: it needs a reason.
    """
    target = year_plan or plan

    def write():
        adoption = Adoption.objects.create(
            swv_id=target.swv_id,
            plan=plan,
            year_plan=year_plan,
            gremium=gremium,
            date=date_,
            kind=kind,
            note=note,
        )
        if kind == Adoption.Kind.ADOPTED and target.adopted_on is None:
            target.adopted_on = date_
            fields = ["adopted_on"]
            if isinstance(target, Plan) and target.is_draft:  # an adopted draft is in force (Plan.is_draft)
                target.status = Plan.Status.CURRENT
                fields.append("status")
            target.save(update_fields=fields)
        return adoption

    summary = _("Bespreking vastgelegd: %(gremium)s, %(kind)s op %(date)s") % {
        "gremium": gremium,
        "kind": Adoption.Kind(kind).label,
        "date": date_.strftime("%d-%m-%Y"),
    }
    return change_plan(target, user, write, summary=summary, reason=reason)


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


def _mail(user, subject, template, context, *, link: str = ""):
    """Tell ``user`` (a notification, and an e-mail if they want one) once the current transaction commits:
    a rolled-back round or reminder sends nothing, and a failing mail server does not undo what was saved.

    ``link`` is the path the notification opens; the e-mail's links are absolute (``KOERS_SITE_URL``)."""
    from koers.accounts.mail import render_text
    from koers.plans.round_status import absolute_url

    activities = [(a, absolute_url(a.get_absolute_url())) for a in context.get("activities", [])]
    link = link or context.get("link", "")
    body = render_text(template, {**context, "user": user, "activity_links": activities, "link": absolute_url(link)})

    def send():
        from koers.accounts.notifications import notify

        notify(user, subject, body, link=link)
        if user.email and user.email_notifications:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

    transaction.on_commit(send, robust=True)


@transaction.atomic
def open_round(year_plan: YearPlan, *, tertiaal: str, deadline: date, user, message="") -> UpdateRound:
    key = Tertiaal.parse(tertiaal).key
    if UpdateRound.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan, tertiaal=key).exists():
        raise ValidationError(_("Voor %(t)s is al een ronde geopend.") % {"t": Tertiaal.parse(key)})
    if deadline < clock.today():
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
    link = reverse("plans:my_round")
    for owner in owners_to_ask(year_plan):
        activities = list(_activities_of(owner, year_plan))
        _mail(
            owner,
            _("Voortgang %(t)s gevraagd: %(plan)s") % {"t": Tertiaal.parse(key), "plan": year_plan.title},
            "plans/mail/round_request.txt",
            {
                "round": update_round,
                "activities": activities,
                "tertiaal": Tertiaal.parse(key),
            },
            link=link,
        )
        RoundNotice.objects.create(round=update_round, user=owner, kind=RoundNotice.Kind.REQUEST)
    return update_round


@dataclass
class ReminderResult:
    rounds: int
    reminders: int


def send_due_reminders(today: date | None = None) -> ReminderResult:
    """Close rounds past their deadline, and remind owners who have not updated all their open activities a few
    days before the deadline (the automatic reminder goes out once; the bureau's "herinner" as often as needed)."""
    today = today or clock.today()
    days = settings.KOERS_REMINDER_DAYS
    UpdateRound.unscoped.filter(closed_at__isnull=True, deadline__lt=today).update(closed_at=clock.now())
    due = UpdateRound.unscoped.filter(  # every SWV: the daily reminder job
        closed_at__isnull=True, deadline__gte=today, deadline__lte=today + timedelta(days=days)
    ).select_related("year_plan")
    sent = 0
    for update_round in due:
        for owner in owners_to_ask(update_round.year_plan):
            if _remind(update_round, owner):
                sent += 1
    return ReminderResult(rounds=len(due), reminders=sent)


def _missing_for(update_round: UpdateRound, user) -> list[Activity]:
    """The open activities of ``user`` in the round without an update for its tertiaal (or sent back)."""
    from koers.plans.round_status import latest_updates

    activities = list(_activities_of(user, update_round.year_plan).order_by("order", "id"))
    latest = latest_updates(update_round.year_plan, update_round.tertiaal, [a.pk for a in activities])
    return [a for a in activities if a.pk not in latest or latest[a.pk].review == ActivityUpdate.Review.RETURNED]


@transaction.atomic
def _remind(update_round: UpdateRound, owner, *, sent_by=None) -> bool:
    """One reminder, recorded and (on commit) sent; False when there is nothing to remind of. The automatic
    reminder (``sent_by`` None) goes out at most once per user and round."""
    automatic = sent_by is None
    if (
        automatic
        and RoundNotice.objects.filter(
            round=update_round, user=owner, kind=RoundNotice.Kind.REMINDER, sent_by__isnull=True
        ).exists()
    ):
        return False
    missing = _missing_for(update_round, owner)
    if not missing:
        return False
    tertiaal = Tertiaal.parse(update_round.tertiaal)
    RoundNotice.objects.create(round=update_round, user=owner, kind=RoundNotice.Kind.REMINDER, sent_by=sent_by)
    _mail(
        owner,
        _("Herinnering: voortgang %(t)s vóór %(d)s") % {"t": tertiaal, "d": update_round.deadline.strftime("%d-%m-%Y")},
        "plans/mail/round_reminder.txt",
        {"round": update_round, "activities": missing, "tertiaal": tertiaal},
        link=missing[0].get_absolute_url(),
    )
    return True


def _require_open(update_round: UpdateRound):
    if not update_round.is_open:
        raise ValidationError(_("Deze ronde is gesloten."))


@transaction.atomic
def remind_owner(update_round: UpdateRound, owner, user) -> int:
    """The bureau's "herinner" for one owner (an Actor): every user who answers for it and still has something
    to update gets a reminder, logged as a RoundNotice. Returns how many users were reminded."""
    from koers.plans.round_status import users_of

    _require_open(update_round)
    users = users_of(owner)
    if not users:
        raise ValidationError(
            _("Aan %(owner)s is geen gebruiker gekoppeld; koppel er een bij Organisatie › Eigenaren.")
            % {"owner": owner}
        )
    with acting_as(user):
        reminded = sum(1 for person in users if _remind(update_round, person, sent_by=user))
    if not reminded:
        raise ValidationError(_("%(owner)s heeft alles bijgewerkt; er is niets te herinneren.") % {"owner": owner})
    return reminded


@transaction.atomic
def remind_all(update_round: UpdateRound, user) -> int:
    """The bureau's "herinner iedereen": every user with something still to update gets a reminder."""
    _require_open(update_round)
    with acting_as(user):
        return sum(1 for person in owners_to_ask(update_round.year_plan) if _remind(update_round, person, sent_by=user))


@transaction.atomic
def close_round(update_round: UpdateRound, user) -> UpdateRound:
    if update_round.closed_at is not None:
        raise ValidationError(_("Deze ronde is al gesloten."))
    with acting_as(user):
        update_round.closed_at = clock.now()
        update_round.save(update_fields=["closed_at"])
    return update_round


def _answering_users(activity: Activity, also=None) -> list:
    from koers.plans.round_status import users_of

    users = {u.pk: u for u in users_of(activity.owner)}
    if also is not None and also.is_active:
        users.setdefault(also.pk, also)
    return list(users.values())


@transaction.atomic
def review_update(update: ActivityUpdate, user, *, accept: bool, comment: str = "", reason: str = "") -> ActivityUpdate:
    """The bureau accepts an update, or sends it back with a comment; the owner (and the author) get a notice.
    Once the tertiaalrapportage is issued this is an amendment like any change to that tertiaal."""
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Schrijf erbij wat de eigenaar moet aanvullen of verbeteren.")})
    activity = update.activity
    latest = (
        ActivityUpdate.objects.for_swv(update.swv_id)
        .filter(activity=activity, tertiaal=update.tertiaal)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None or latest.pk != update.pk:
        raise ValidationError(_("Er is intussen een nieuwere update; beoordeel die."))

    def write():
        update.review = ActivityUpdate.Review.ACCEPTED if accept else ActivityUpdate.Review.RETURNED
        update.reviewed_by = user
        update.reviewed_at = clock.now()
        update.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        if comment:
            ActivityComment.objects.create(
                swv_id=update.swv_id, activity=activity, update=update, text=comment, author=user
            )
        return update

    tertiaal = Tertiaal.parse(update.tertiaal)
    verb = _("geaccepteerd") if accept else _("teruggestuurd")
    summary = _("Update %(t)s van “%(a)s” %(verb)s") % {"t": tertiaal, "a": str(activity)[:80], "verb": verb}
    change_plan(activity.year_plan, user, write, summary=summary, reason=reason, tertiaal=update.tertiaal)
    if not accept:
        for person in _answering_users(activity, update.author):
            _mail(
                person,
                _("Update %(t)s teruggestuurd: %(a)s") % {"t": tertiaal, "a": str(activity)[:80]},
                "plans/mail/update_returned.txt",
                {"activities": [activity], "tertiaal": tertiaal, "comment": comment, "reviewer": user},
                link=activity.get_absolute_url(),
            )
    return update


@transaction.atomic
def add_comment(activity: Activity, user, text: str) -> ActivityComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een opmerking.")})
    with acting_as(user):
        return ActivityComment.objects.create(swv_id=activity.swv_id, activity=activity, text=text, author=user)


def _evidence_fernet():
    import base64
    import hashlib

    from cryptography.fernet import Fernet
    from django.core.exceptions import ImproperlyConfigured

    key = str(settings.UPLOAD_KEY or "")
    if not key:
        raise ImproperlyConfigured("KOERS_UPLOAD_KEY ontbreekt: zonder deze sleutel bewaart Koers geen bewijsstuk.")
    digest = hashlib.sha256(b"koers-evidence-v1:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def evidence_content(evidence: Evidence) -> bytes | None:
    """The decrypted file, or None when it was wiped (retention) or is a link."""
    if not evidence.sealed:
        return None
    return _evidence_fernet().decrypt(bytes(evidence.sealed))


@transaction.atomic
def add_evidence(update: ActivityUpdate, user, *, title: str, url: str = "", upload=None, reason: str = "") -> Evidence:
    """Attach a link or a file to an update. A file is held to the import limits (``KOERS_IMPORT_MAX_BYTES``)
    and stored encrypted in the database, never under the web root."""
    from koers.core.importing import ReadError, read_limited

    title = (title or "").strip()
    url = (url or "").strip()
    if bool(url) == bool(upload):
        raise ValidationError(_("Voeg een bestand of een link toe (één van beide)."))
    fields = {"url": url, "title": title or url}
    if upload is not None:
        try:
            data = read_limited(upload)
        except ReadError as exc:
            raise ValidationError({"upload": str(exc)}) from exc
        name = (getattr(upload, "name", "") or "bestand").replace(chr(92), "/").rsplit("/", 1)[-1][:200]
        fields = {
            "title": title or name,
            "file_name": name,
            "content_type": (getattr(upload, "content_type", "") or "application/octet-stream")[:100],
            "size": len(data),
            "sealed": _evidence_fernet().encrypt(data),
        }
    fields["title"] = fields["title"][:200]

    def write():
        return Evidence.objects.create(swv_id=update.swv_id, update=update, added_by=user, **fields)

    summary = _("Bewijsstuk “%(title)s” toegevoegd aan de update %(t)s van “%(a)s”") % {
        "title": fields["title"][:80],
        "t": Tertiaal.parse(update.tertiaal),
        "a": str(update.activity)[:80],
    }
    return change_plan(update.activity.year_plan, user, write, summary=summary, reason=reason, tertiaal=update.tertiaal)


def log_evidence_viewed(evidence: Evidence, user):
    """Every opening of an evidence file is in the inzagelog, like pupil-level data."""
    from koers.audit.models import AccessLog

    AccessLog.objects.create(
        swv_id=evidence.swv_id,
        user=user,
        username=user.get_username(),
        action="bewijsstuk bekeken",
        subject=f"{evidence.file_name} ({evidence.update.activity.code}, {Tertiaal.parse(evidence.update.tertiaal)})"[
            :300
        ],
    )


def expired_evidence(swv, cutoff: date):
    """Evidence files whose tertiaal ended on or before ``cutoff`` (the retention period's boundary)."""
    keys = [
        key
        for key in Evidence.objects.for_swv(swv)
        .filter(sealed__isnull=False)
        .values_list("update__tertiaal", flat=True)
        .distinct()
        if Tertiaal.parse(key).end <= cutoff
    ]
    return Evidence.objects.for_swv(swv).filter(sealed__isnull=False, update__tertiaal__in=keys)


@transaction.atomic
def wipe_expired_evidence(swv, cutoff: date) -> int:
    """Wipe the content of evidence files past the retention period; what they were called stays."""
    return expired_evidence(swv, cutoff).update(sealed=None, wiped_at=timezone.now())


# ---- year rollover# ---- year rollover ---------------------------------------------------------------------------


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
                incidental=old.incidental,
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


# ---- a new plan from the ending one (ADR 0028) ----------------------------------------------------------------


@dataclass(frozen=True)
class NewBaseline:
    """The last measurement of an old indicator, to become the nulmeting of its copy."""

    value: object  # Decimal
    day: date
    text: str  # as shown: "2,1% (01-10-2024)"


def unfinished_main_activities(plan: Plan) -> list:
    """The hoofdactiviteiten of ``plan`` that are not finished: one with an open jaaractiviteit that was not
    carried over into a later jaarplan, or one that never had a jaaractiviteit."""
    from koers.plans.models import MainActivity

    mains = list(MainActivity.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("order", "pk"))
    activities = Activity.objects.for_swv(plan.swv_id).filter(main_activity__plan=plan)
    with_any = set(activities.values_list("main_activity_id", flat=True))
    open_ids = set(
        activities.filter(status__in=Activity.OPEN_STATUSES, carried_over_to__isnull=True).values_list(
            "main_activity_id", flat=True
        )
    )
    return [m for m in mains if m.pk in open_ids or m.pk not in with_any]


def unfinished_activities(plan: Plan) -> list[Activity]:
    """The open jaaractiviteiten of the plan's last jaarplan (for a plan without hoofdactiviteiten)."""
    last = YearPlan.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("-school_year").first()
    if last is None:
        return []
    return list(
        Activity.objects.for_swv(plan.swv_id)
        .filter(year_plan=last, status__in=Activity.OPEN_STATUSES, main_activity__isnull=True, incidental=False)
        .order_by("order", "pk")
    )


@transaction.atomic
def start_new_plan(
    old: Plan,
    user,
    *,
    code: str,
    title: str,
    first_year: int,
    last_year: int,
    from_old: bool = True,
    baselines: dict[int, NewBaseline] | None = None,
) -> Plan:
    """A new ondersteuningsplan as a draft (concept), blank or from ``old``.

    From the old plan: its speerpunten and doelen are copied, its indicators with their norm and the last
    measurement as the new nulmeting (``baselines``: old indicator pk -> :class:`NewBaseline`, computed by the
    caller from the monitoring), its unfinished hoofdactiviteiten carried over; a plan without hoofdactiviteiten
    carries over the open jaaractiviteiten of its last jaarplan as hoofdactiviteiten. Every copy names its origin.
    Nothing of another SWV is read; one transaction: a failure leaves nothing behind.
    """
    from koers.plans.models import Goal, Indicator, MainActivity, Theme

    swv_id = old.swv_id
    if last_year < first_year:
        raise ValidationError(_("Het laatste schooljaar ligt voor het eerste."))
    if Plan.objects.for_swv(swv_id).filter(code=code).exists():
        raise ValidationError(_("Er is al een plan met de code %(c)s.") % {"c": code})
    baselines = baselines or {}
    label_fields = (
        "theme_label",
        "theme_label_plural",
        "goal_label",
        "goal_label_plural",
        "indicator_label",
        "main_activity_label",
        "activity_label",
    )
    with acting_as(user):
        new = Plan.objects.create(
            swv_id=swv_id,
            code=code,
            title=title,
            first_year=first_year,
            last_year=last_year,
            status=Plan.Status.DRAFT,
            origin=old,
            mission=old.mission if from_old else "",
            **{name: getattr(old, name) for name in label_fields},
        )
        if not from_old:
            return new
        themes, goals = {}, {}
        for theme in Theme.objects.for_swv(swv_id).filter(plan=old).order_by("order", "pk"):
            themes[theme.pk] = Theme.objects.create(
                swv_id=swv_id,
                plan=new,
                code=theme.code,
                title=theme.title,
                description=theme.description,
                order=theme.order,
                origin=theme,
            )
        for goal in Goal.objects.for_swv(swv_id).filter(plan=old).order_by("order", "pk"):
            goals[goal.pk] = Goal.objects.create(
                swv_id=swv_id,
                plan=new,
                theme=themes.get(goal.theme_id),
                code=goal.code,
                title=goal.title,
                ambition=goal.ambition,
                order=goal.order,
                origin=goal,
            )
        copied = [
            "code",
            "title",
            "definition",
            "unit",
            "norm_text",
            "norm_kind",
            "norm_operator",
            "norm_value",
            "norm_value_high",
            "norm_direction",
            "measurement_moments",
            "measure_code",
            "measure_params",
            "order",
        ]
        for indicator in Indicator.objects.for_swv(swv_id).filter(plan=old).order_by("order", "pk"):
            baseline = baselines.get(indicator.pk)
            Indicator.objects.create(
                swv_id=swv_id,
                plan=new,
                theme=themes.get(indicator.theme_id),
                goal=goals.get(indicator.goal_id),
                origin=indicator,
                baseline=baseline.text[:120] if baseline else "",
                baseline_value=baseline.value if baseline else None,
                baseline_date=baseline.day if baseline else None,
                **{name: getattr(indicator, name) for name in copied},
            )
        for main in unfinished_main_activities(old):
            MainActivity.objects.create(
                swv_id=swv_id,
                plan=new,
                theme=themes.get(main.theme_id),
                goal=goals.get(main.goal_id),
                code=main.code,
                title=main.title,
                kind=main.kind,
                school_years=[first_year],
                hours_budget=main.hours_budget,
                order=main.order,
                origin=main,
            )
        if not MainActivity.objects.for_swv(swv_id).filter(plan=old).exists():
            for order, activity in enumerate(unfinished_activities(old), start=1):
                MainActivity.objects.create(
                    swv_id=swv_id,
                    plan=new,
                    theme=themes.get(activity.theme_id),
                    goal=goals.get(activity.goal_id),
                    code=activity.code,
                    title=activity.description,
                    school_years=[first_year],
                    order=order,
                    origin_activity=activity,
                )
    return new


# ---- plan files read by the task worker (ADR 0036) ---------------------------------------------------------------


def start_plan_upload(swv, user, *, file_name: str, data: bytes, year_plan=None, onboarding: bool = False):
    """Seal an uploaded plan file and let the task worker read it; returns the run (see ``koers.core.uploads``)."""
    from koers.core import uploads
    from koers.plans.io.uploads import KIND

    options = {"nav": "plans", "jaarplan": year_plan.pk if year_plan is not None else None, "onboarding": onboarding}
    return uploads.start(swv, user, kind=KIND, file_name=file_name, data=data, options=options)


@dataclass
class PlanUploadOutcome:
    plan: object = None  # the saved plan
    summary: str = ""
    changes: object = None  # the new change set when the plan changed since the preview (nothing saved)
    problems: list | None = None  # the problems when the file no longer fits (nothing saved)


def confirm_plan_upload(run, user, *, reason: str, digest: str) -> bool:
    """Bevestigen: record who confirmed (reason, digest of the previewed change set) and let the worker import it.

    Nothing is read here; False when the run no longer waits for a confirmation (a second click does nothing).
    """
    from koers.core import uploads

    return uploads.confirm(run, user, reason=reason or "", digest=digest or "")


def apply_confirmed_plan_upload(run, user) -> PlanUploadOutcome | None:
    """The task worker's part of Bevestigen (the :class:`~koers.core.uploads.Handler`'s ``apply``)."""
    choices = (run.options or {}).get("confirm") or {}
    return apply_plan_upload(run, user, reason=choices.get("reason", ""), digest=choices.get("digest", ""))


def apply_plan_upload(run, user, *, reason: str, digest: str) -> PlanUploadOutcome:
    """Import a confirmed plan file (all or nothing) when the plan is still as previewed; run by the task worker.

    The sealed file is wiped once it is imported, or when it no longer fits the plan; when only the change set
    changed meanwhile, the run keeps its file and gets the new change set, to be confirmed again. The run's
    ``result`` gets the summary and where the user goes next (``options["next"]``).
    """
    from koers.core import uploads
    from koers.core.models import FileImport
    from koers.plans.io.errors import PlanChangedError, PlanImportError
    from koers.plans.io.importer import run_import
    from koers.plans.io.uploads import changes_to_data

    with transaction.atomic():
        run = FileImport.unscoped.select_for_update().get(pk=run.pk)
        data = uploads.load(run)
        try:
            result = run_import(
                data, swv=run.swv, user=user, filename=run.file_name, reason=reason, expected_digest=digest
            )
        except PlanChangedError as exc:
            run.result = changes_to_data(exc.changes)
            uploads.settle(run)
            run.save(update_fields=["result", "options", "status", "stage", "progress", "updated_at"])
            return PlanUploadOutcome(changes=exc.changes)
        except PlanImportError as exc:
            problems = [p.as_dict() for p in exc.problems]
            uploads.finish(run, FileImport.Status.PROBLEMS, problems=problems)
            return PlanUploadOutcome(problems=problems)
        finally:
            del data
        summary = result.summary()
        plan = result.plan
        if not run.options.get("onboarding"):
            target = None
            if run.options.get("jaarplan"):
                back = YearPlan.objects.for_swv(run.swv).filter(pk=run.options["jaarplan"]).first()
                if back is not None:
                    target = plan.year_plans.filter(school_year=back.school_year).first()
            target = target or plan.year_plans.order_by("-school_year").first()
            url = reverse("plans:year_plan", args=[target.pk]) if target else reverse("plans:plan", args=[plan.pk])
            run.options = {**run.options, "next": url}
            run.save(update_fields=["options", "updated_at"])
        applied = {"applied_plan": plan.pk, "applied_title": plan.title, "applied_summary": summary}
        uploads.finish(run, FileImport.Status.APPLIED, result={**run.result, **applied})
    return PlanUploadOutcome(plan=plan, summary=summary)
