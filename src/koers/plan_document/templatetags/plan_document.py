"""Small hooks into other apps' pages: the document links on the plan page, the decided version on a trajectory
step, the public PDF on the public page. Each renders its own include template."""

from django import template

from koers.consultation.models import DecisionVersion, PlanVersion
from koers.plan_document.models import PlanDocument

register = template.Library()


@register.inclusion_tag("plan_document/_plan_links.html", takes_context=True)
def plan_document_links(context, plan):
    request = context["request"]
    audience = request.audience
    versions = list(
        PlanVersion.objects.restrict(audience).filter(plan=plan).order_by("-number").only("pk", "number", "created_at")
    )
    latest = PlanDocument.objects.restrict(audience).filter(plan=plan, version=None).order_by("-created_at", "-pk")
    return {
        "plan": plan,
        "versions": versions,
        "latest": latest.first(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("plan_document/_decided_version.html", takes_context=True)
def decided_version(context, step):
    """On the page of an OPR or bestuur step: the version it decides on (koers.consultation.decisions)."""
    audience = context["request"].audience
    decision = (
        DecisionVersion.objects.restrict(audience).filter(step=step).select_related("version", "version__plan").first()
    )
    version = decision.version if decision else None
    document = None
    if version is not None:
        document = (
            PlanDocument.objects.restrict(audience)
            .filter(version=version, files_status=PlanDocument.FilesStatus.DONE)
            .order_by("-created_at", "-pk")
            .first()
        )
    return {"step": step, "version": version, "document": document, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("plan_document/_public_link.html")
def public_plan_document(swv, page):
    """On the public page: the PDF of the adopted plan, when the SWV put it there."""
    from koers.core.audience import Audience

    found = False
    if page is not None and page.plan_id:
        found = (
            PlanDocument.objects.restrict(Audience.public(swv))
            .filter(plan_id=page.plan_id, files_status=PlanDocument.FilesStatus.DONE)
            .exists()
        )
    return {"swv": swv, "found": found}
