"""The hook into koers.trajectory: when the OPR instemming or the bestuur decision is first sent or done, the
draft's text is recorded as a version (reason "ter besluitvorming") and the step is linked to exactly that
version. Once the plan is adopted, the last recorded version is the one linked. Connected in apps.ready, so the
trajectory does not import this app (no import cycle)."""

from __future__ import annotations

from django.db.models.signals import post_save

from koers.audit.context import current_user


def _decision_step(sender, instance, created=False, raw=False, **kwargs):
    from koers.consultation import services
    from koers.consultation.models import DecisionVersion, PlanVersion

    if raw or instance.kind not in (instance.Kind.OPR, instance.Kind.BESTUUR):
        return
    if not (instance.sent_on or instance.done_on):
        return
    plan = instance.trajectory.plan
    if plan is None or DecisionVersion.objects.for_swv(instance.swv_id).filter(step=instance).exists():
        return
    if plan.is_draft:
        version = services.version_for_decision(plan, current_user(), note=instance.get_kind_display())
    else:
        version = PlanVersion.objects.for_swv(instance.swv_id).filter(plan=plan).order_by("-number").first()
        if version is None:
            return
    DecisionVersion.objects.create(swv_id=instance.swv_id, step=instance, version=version)


def connect():
    from koers.trajectory.models import Step

    post_save.connect(_decision_step, sender=Step, dispatch_uid="consultation-decision-version")
