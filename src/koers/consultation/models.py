"""A feedback round on a draft plan, its invitees (people without an account, ADR 0034) and their comments with
the bureau's answers."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.core.models import SwvOwned, Timestamped

COMMENT_MAX = 4000

# What an element of the draft is called in a comment: "<kind>:<pk>" (stable while the element exists).
ELEMENT_KINDS = ("theme", "goal", "main", "activity")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedbackRound(SwvOwned, Timestamped):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="feedback_rounds", verbose_name=_("conceptplan")
    )
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), max_length=4000, blank=True)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("sluit op"))
    # element keys open for comment; empty: the whole draft
    elements = models.JSONField(_("onderdelen open voor reactie"), default=list, blank=True)

    class Meta:
        verbose_name = _("reactieronde")
        verbose_name_plural = _("reactierondes")
        ordering = ["-opens_on", "id"]

    def __str__(self):
        return self.title

    def is_open(self, on=None) -> bool:
        on = on or clock.today()
        return self.opens_on <= on <= self.closes_on

    def open_for(self, key: str) -> bool:
        return not self.elements or key in self.elements


class Invitee(SwvOwned):
    """Someone invited to comment, without an account. Personal data kept minimal: a name or description and an
    e-mail address, emptied by :func:`koers.consultation.services.purge_invitees` after the retention period."""

    class Group(models.TextChoices):
        PARENT = "ouder", _("een ouder")
        TEACHER = "leerkracht", _("een leerkracht")
        IB = "ib", _("een intern begeleider")
        DIRECTOR = "directeur", _("een directeur")
        BOARD = "bestuur", _("een schoolbestuur")
        OPR = "opr", _("een lid van de OPR")
        MUNICIPALITY = "gemeente", _("een gemeente")
        PARTNER = "ketenpartner", _("een ketenpartner")
        OTHER = "anders", _("een betrokkene")

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(_("naam of omschrijving"), max_length=120)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    group = models.CharField(_("groep"), max_length=20, choices=Group.choices, default=Group.OTHER)
    name_in_appendix = models.BooleanField(_("naam mag in de bijlage"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField(_("link geldig tot en met"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    purged = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def new_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        return token

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, token_hash(token))

    def usable(self, on=None) -> bool:
        on = on or clock.today()
        return self.revoked_at is None and on <= min(self.expires_on, self.round.closes_on) and not self.purged

    @property
    def appendix_name(self) -> str:
        return self.name if self.name_in_appendix and not self.purged else self.get_group_display()


class Comment(SwvOwned, Timestamped):
    class Answer(models.TextChoices):
        OPEN = "open", _("nog niet beantwoord")
        ADOPTED = "overgenomen", _("overgenomen")
        PARTLY = "deels", _("deels overgenomen")
        NOT = "niet", _("niet overgenomen")

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="comments")
    element = models.CharField(_("onderdeel"), max_length=40)
    invitee = models.ForeignKey(Invitee, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("reactie"), max_length=COMMENT_MAX)
    answer = models.CharField(_("wat we ermee deden"), max_length=12, choices=Answer.choices, default=Answer.OPEN)
    reason = models.TextField(_("toelichting"), max_length=COMMENT_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]

    @property
    def by_label(self) -> str:
        if self.invitee_id:
            return self.invitee.appendix_name
        return str(_("een medewerker van het samenwerkingsverband"))


class ImmutableVersion(ValueError):
    pass


class PlanVersion(SwvOwned):
    """A recorded version of a draft plan: the text of every element at that moment. Never changed afterwards."""

    class Reason(models.TextChoices):
        MANUAL = "vastgelegd", _("vastgelegd door het bureau")
        DECISION = "besluit", _("ter besluitvorming aangeboden")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    reason = models.CharField(_("aanleiding"), max_length=12, choices=Reason.choices, default=Reason.MANUAL)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # [{"key", "level", "code", "title", "text"}, ...] in the plan's order
    elements = models.JSONField(default=list)

    class Meta:
        verbose_name = _("versie van het concept")
        verbose_name_plural = _("versies van het concept")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="uniq_plan_version_number")]

    def __str__(self):
        return f"{self.plan} – versie {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableVersion("a recorded version cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersion("a recorded version cannot be deleted")


class DecisionVersion(SwvOwned):
    """Which version a decision step of the trajectory (OPR instemming, bestuur) decides on. Recorded when the
    step is first sent or done (koers.consultation.decisions)."""

    step = models.OneToOneField("trajectory.Step", on_delete=models.CASCADE, related_name="decided_version")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="decisions")

    class Meta:
        verbose_name = _("versie ter besluitvorming")
        verbose_name_plural = _("versies ter besluitvorming")
        ordering = ["id"]
