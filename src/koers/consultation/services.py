"""Every change of a feedback round: opening it, inviting, revoking and re-sending links, comments and answers."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.mail import send_text_mail, site_url
from koers.audit.context import acting_as
from koers.audit.tracking import record_event
from koers.consultation.models import COMMENT_MAX, Comment, FeedbackRound, Invitee, token_hash
from koers.core import clock
from koers.core.export_safety import clean_text


class LinkRefused(PermissionDenied):
    """A link that does not open the round: unknown, revoked, expired, or the round is not open."""


def open_round(plan, by, *, title, opens_on, closes_on, intro="", elements=()) -> FeedbackRound:
    if not plan.is_draft:
        raise ValidationError(_("Een reactieronde kan alleen over een conceptplan."))
    if closes_on < opens_on:
        raise ValidationError(_("De sluitingsdatum ligt voor de openingsdatum."))
    with acting_as(by), transaction.atomic():
        return FeedbackRound.objects.create(
            swv_id=plan.swv_id,
            plan=plan,
            title=title,
            intro=clean_text(intro),
            opens_on=opens_on,
            closes_on=closes_on,
            elements=sorted(set(elements)),
        )


def _send(invitee, token):
    context = {
        "invitee": invitee,
        "round": invitee.round,
        "swv": invitee.round.swv,
        "link": site_url(reverse("consultation:respond", args=[token])),
        "expires": min(invitee.expires_on, invitee.round.closes_on),
    }
    subject = _("Uw reactie op het concept-ondersteuningsplan van %(swv)s") % {"swv": invitee.round.swv}
    if invitee.email:
        transaction.on_commit(lambda: send_text_mail(subject, "consultation/mail/invite.txt", context, [invitee.email]))


def invite(round_, by, *, name, email, group, name_in_appendix=False, expires_on=None) -> tuple[Invitee, str]:
    """An invitee with a personal link (only its hash is stored), mailed after the commit. Returns the token too,
    for the bureau to copy once."""
    expires_on = min(expires_on or round_.closes_on, round_.closes_on)
    with acting_as(by), transaction.atomic():
        invitee = Invitee(
            swv_id=round_.swv_id,
            round=round_,
            name=clean_text(name).strip(),
            email=email.strip().lower(),
            group=group,
            name_in_appendix=name_in_appendix,
            expires_on=expires_on,
            sent_at=timezone.now(),
        )
        token = invitee.new_token()
        invitee.save()
        record_event(round_, {"genodigde": [None, invitee.get_group_display()]}, action="update")
        _send(invitee, token)
    return invitee, token


def revoke(invitee, by) -> None:
    with acting_as(by), transaction.atomic():
        if invitee.revoked_at is None:
            invitee.revoked_at = timezone.now()
            invitee.save(update_fields=["revoked_at"])
            record_event(invitee.round, {"link ingetrokken": [None, invitee.get_group_display()]})


def resend(invitee, by) -> str:
    """A new link (the old one stops working), mailed again. A revoked link stays revoked."""
    if invitee.revoked_at is not None:
        raise ValidationError(_("Deze link is ingetrokken; nodig zo nodig opnieuw uit."))
    with acting_as(by), transaction.atomic():
        token = invitee.new_token()
        invitee.sent_at = timezone.now()
        invitee.save(update_fields=["token_hash", "sent_at"])
        record_event(invitee.round, {"link opnieuw verstuurd": [None, invitee.get_group_display()]})
        _send(invitee, token)
    return token


def invitee_for_token(token: str) -> Invitee:
    """The invitee of a usable link, or :class:`LinkRefused` (the same for every reason: nothing to learn)."""
    if not token or len(token) > 100:
        raise LinkRefused
    found = (
        Invitee.unscoped.select_related("round", "round__swv", "round__plan")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if found is None or not found.matches(token) or not found.usable() or not found.round.is_open():
        raise LinkRefused
    if not found.round.plan.is_draft:  # adopted meanwhile: the draft the link was about no longer exists
        raise LinkRefused
    return found


def _clean_comment(text: str) -> str:
    text = clean_text(text or "").strip()
    if not text:
        raise ValidationError(_("Schrijf eerst uw reactie."))
    if len(text) > COMMENT_MAX:
        raise ValidationError(_("Uw reactie is te lang (hoogstens %(n)s tekens).") % {"n": COMMENT_MAX})
    return text


def _check_element(round_, element, keys):
    if element not in keys or not round_.open_for(element):
        raise ValidationError(_("Op dit onderdeel kunt u niet reageren."))


def comment(round_, element: str, text: str, *, keys, invitee=None, user=None) -> Comment:
    """A comment on one element of the draft, by an invitee (through its link) or a member of the SWV."""
    if (invitee is None) == (user is None):
        raise ValueError("a comment is by an invitee or by a user")
    if not round_.is_open() or not round_.plan.is_draft:
        raise ValidationError(_("De reactieronde is gesloten."))
    _check_element(round_, element, keys)
    text = _clean_comment(text)
    with acting_as(user), transaction.atomic():
        return Comment.objects.create(
            swv_id=round_.swv_id, round=round_, element=element, invitee=invitee, author=user, text=text
        )


def answer(comment_, by, *, answer: str, reason: str = "") -> Comment:
    reason = clean_text(reason or "").strip()
    if answer not in {Comment.Answer.ADOPTED, Comment.Answer.PARTLY, Comment.Answer.NOT}:
        raise ValidationError(_("Kies wat u met de reactie deed."))
    if answer != Comment.Answer.ADOPTED and not reason:
        raise ValidationError(_("Geef een toelichting als u een reactie niet of deels overneemt."))
    if len(reason) > COMMENT_MAX:
        raise ValidationError(_("De toelichting is te lang."))
    with acting_as(by), transaction.atomic():
        comment_.answer = answer
        comment_.reason = reason
        comment_.answered_by = by
        comment_.answered_on = clock.today()
        comment_.save()
    return comment_


def expired_invitees(swv, *, days: int):
    """The invitees (not yet emptied) of rounds that closed more than ``days`` ago."""
    limit = clock.today() - timedelta(days=days)
    return Invitee.objects.for_swv(swv).filter(round__closes_on__lt=limit, purged=False)


def purge_invitees(swv, *, days: int) -> int:
    """Empty the name and e-mail of invitees of rounds closed more than ``days`` ago; their links stop working.
    Their comments stay, signed by their group. Called by ``koers bewaartermijn --uitvoeren``."""
    with transaction.atomic():
        return expired_invitees(swv, days=days).update(name="", email="", purged=True, name_in_appendix=False)


def record_version(plan, by, *, reason=None, note: str = ""):
    """Save the draft's text per element as a new, immutable version ("versie vastleggen"; also when a version
    is sent for decision: ``reason=PlanVersion.Reason.DECISION``)."""
    from dataclasses import asdict

    from koers.consultation.content import draft_elements
    from koers.consultation.models import PlanVersion
    from koers.core.audience import Audience

    if not plan.is_draft:
        raise ValidationError(_("Alleen van een conceptplan worden versies vastgelegd."))
    audience = Audience.system(plan.swv, reason="versie van het concept vastleggen")
    elements = [{k: v for k, v in asdict(e).items() if k != "depth"} for e in draft_elements(plan, audience)]
    with acting_as(by), transaction.atomic():
        last = PlanVersion.objects.for_swv(plan.swv_id).filter(plan=plan).order_by("-number").first()
        version = PlanVersion.objects.create(
            swv_id=plan.swv_id,
            plan=plan,
            number=(last.number if last else 0) + 1,
            reason=reason or PlanVersion.Reason.MANUAL,
            note=clean_text(note).strip()[:200],
            created_by=by,
            elements=elements,
        )
        record_event(plan, {"versie vastgelegd": [None, version.number]})
    return version


def version_for_decision(plan, by, note: str = ""):
    """The version a decision step (OPR instemming, bestuur) decides on: recorded now, so it is exactly the
    text sent. For koers.trajectory to call when a version is sent for decision."""
    from koers.consultation.models import PlanVersion

    return record_version(plan, by, reason=PlanVersion.Reason.DECISION, note=note)
