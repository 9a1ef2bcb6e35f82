"""``koers report ondersteuningsplan --plan CODE [--versie N] -o FILE``: the document on the command line."""

from __future__ import annotations

from django.utils.translation import gettext as _


def build(plan, fmt: str, version=None) -> bytes:
    from koers.consultation.models import PlanVersion
    from koers.plan_document import content, render

    recorded = None
    if version is not None:
        recorded = PlanVersion.objects.for_swv(plan.swv_id).filter(plan=plan, number=version).first()
        if recorded is None:
            raise ValueError(_("Het plan heeft geen versie %(n)s.") % {"n": version})
    payload = content.support_plan_payload(plan, recorded)
    return render.render_pdf(payload) if fmt == "pdf" else render.render_docx(payload)
