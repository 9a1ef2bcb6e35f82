"""The measures over the plan itself (activities done, indicators met), registered next to the register measures.

They read ``koers.plans`` and, for the indicators, :func:`koers.monitoring.evaluation.latest`; evaluation in turn
reads the registry. Registering them here (loaded from :meth:`MonitoringConfig.ready`) instead of in
:mod:`.measures.library` keeps that a line, not a circle: evaluation -> measures, plan_measures -> both.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from koers.core.audience import Audience
from koers.core.periods import school_year_of
from koers.monitoring.evaluation import indicator_series
from koers.monitoring.measures.base import REGISTRY, register
from koers.plans.models import Activity, Indicator


@register(
    "plan_activiteiten_afgerond",
    _("Aandeel afgeronde jaaractiviteiten"),
    "%",
    _(
        "Afgeronde jaaractiviteiten gedeeld door alle (niet vervallen) jaaractiviteiten van het jaarplan van het "
        "schooljaar van de peildatum."
    ),
    decimals=0,
    pupils=False,
)
def plan_done(swv, on, period, schools, status="afgerond", **params):
    qs = Activity.objects.for_swv(swv).filter(year_plan__school_year=school_year_of(on)).exclude(status="vervallen")
    agg = qs.aggregate(total=Count("id"), hit=Count("id", filter=Q(status=status)))
    return (agg["hit"], agg["total"]) if agg["total"] else None


@register(
    "plan_indicatoren_behaald",
    _("Aandeel indicatoren behaald"),
    "%",
    _(
        "Indicatoren met een meting waarvan de laatste meting op of vóór de peildatum 'behaald' is, gedeeld door "
        "alle indicatoren met een meting."
    ),
    decimals=0,
    pupils=False,
)
def plan_indicators(swv, on, period, schools, **params):
    audience = Audience.system(swv, reason="het aandeel behaalde indicatoren telt statussen, geen leerlingen")
    statuses = []
    for indicator in Indicator.objects.for_swv(swv).exclude(measure_code="plan_indicatoren_behaald"):
        series = indicator_series(indicator, audience, until=on)  # its last measurement on or before ``on``
        statuses.append(series[-1].status if series else "geen_meting")
    measured = [s for s in statuses if s != "geen_meting"]
    return (sum(s == "behaald" for s in measured), len(measured)) if measured else None


def _same_for_every_group(code):
    """Plan measures do not depend on schools: compute once, give the value to every group."""

    def factory(swv, on, period, **params):
        value = REGISTRY[code].func(swv, on, period, None, **params)
        return lambda schools: value

    return factory


for _code in ("plan_activiteiten_afgerond", "plan_indicatoren_behaald"):
    REGISTRY[_code].grouped = _same_for_every_group(_code)
