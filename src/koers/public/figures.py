"""Key figures for the public page: aggregates only, with small-count suppression.

The figures come from the monitoring app's measure registry, for the public audience; the plan figures
(share of activities done) are computed here from the plan itself.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from koers.core.audience import Audience
from koers.core.formatting import percentage
from koers.monitoring.public import public_figures, public_measure_choices
from koers.plans.models import Activity


@dataclass
class Figure:
    code: str
    label: str
    display: str
    definition: str


PLAN_FIGURES = {
    "plan_activiteiten_afgerond": _("Aandeel afgeronde activiteiten in het huidige jaarplan"),
}


def available_figures(swv):
    """(code, label) pairs a bureau can choose to publish."""
    return list(PLAN_FIGURES.items()) + list(public_measure_choices(swv))


def figures_for(page, year_plan, audience: Audience) -> list[Figure]:
    result = []
    for code in page.measures:
        if code == "plan_activiteiten_afgerond" and year_plan is not None:
            counts = dict(
                Activity.objects.for_swv(year_plan.swv_id)
                .filter(year_plan=year_plan)
                .values_list("status")
                .annotate(n=Count("id"))
            )
            total = sum(counts.values())
            if total:
                done = counts.get(Activity.Status.DONE, 0)
                result.append(
                    Figure(
                        code,
                        PLAN_FIGURES[code],
                        percentage(100 * done / total, 0),
                        _("Afgeronde jaaractiviteiten gedeeld door alle jaaractiviteiten van %(y)s.")
                        % {"y": year_plan.school_year_label},
                    )
                )
    codes = [c for c in page.measures if c not in PLAN_FIGURES]
    return result + [Figure(**f) for f in public_figures(audience, codes)]
