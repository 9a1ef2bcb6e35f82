"""Absence measures (verzuim): durations of active and closed cases, cases closed, top reasons.

A case here is a verzuimmelding of soort absoluut or relatief (vrijstellingen are not absence). Durations are
from 'verzuim sinds' to the reference date (active cases) or to 'einde verzuim' (cases closed in the period).
Every value is a count or a :class:`Stat` over cases, so small numbers are suppressed (ADR 0012).
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from koers.core.audience import Audience
from koers.monitoring.models import VerzuimMelding

from .base import REGISTRY, Stat, register, suppressed_count
from .library import _per_brin, _summed  # library imports this module at its end, after these

ABSENCE = ("absoluut", "relatief")
DURATION_STATS = {"p25": 0.25, "mediaan": 0.5, "p75": 0.75, "p90": 0.9, "maximum": 1.0}
STAT_NAMES = {"p25": _("P25"), "mediaan": _("mediaan"), "p75": _("P75"), "p90": _("P90"), "maximum": _("maximum")}
STATES = {"actief": _("lopende meldingen"), "afgesloten": _("afgesloten meldingen")}
UNITS = {"weken": 7, "dagen": 1}


def _cases(swv, schools, params):
    qs = VerzuimMelding.objects.for_swv(swv).filter(soort__in=ABSENCE)
    if params.get("soort"):
        qs = qs.filter(soort=params["soort"])
    return qs if schools is None else qs.filter(brin6__in=schools)


def active_days(swv, on, schools=None, **params) -> list[int]:
    qs = _cases(swv, schools, params).filter(since__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
    return sorted((on - since).days for since in qs.values_list("since", flat=True))


def closed(swv, on, period, schools=None, **params):
    return _cases(swv, schools, params).filter(end__range=(period.start, min(period.end, on)))


def closed_days(swv, on, period, schools=None, **params) -> list[int]:
    return sorted(
        (end - since).days for since, end in closed(swv, on, period, schools, **params).values_list("since", "end")
    )


def quantile(values, q):
    """Linear interpolation between closest ranks (numpy's default, Excel's PERCENTIEL.INC)."""
    if not values:
        return None
    pos = (len(values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def _stat(days, q, per):
    if not days:
        return Stat(None, 0)
    return Stat(Decimal(str(round(quantile(days, q) / per, 4))), len(days))


def _grouped_days(state, q, per):
    """The grouped form of a duration measure (``Measure.grouped``): the cases of the whole SWV read once, the
    durations kept per BRIN6, each group's statistic from its schools' durations (the same as ``schools=``)."""

    def load(swv, on, period, **params):
        qs = _cases(swv, None, params)
        per_school: dict[str, list[int]] = {}
        if state == "actief":
            qs = qs.filter(since__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
            for brin6, since in qs.values_list("brin6", "since"):
                per_school.setdefault(brin6, []).append((on - since).days)
        else:
            for brin6, since, end in closed(swv, on, period, None, **params).values_list("brin6", "since", "end"):
                per_school.setdefault(brin6, []).append((end - since).days)

        def group(brins):
            return _stat(sorted(d for b in brins for d in per_school.get(b, ())), q, per)

        return group

    return load


for _state, _state_name in STATES.items():
    for _code, _q in DURATION_STATS.items():
        for _unit, _per in UNITS.items():
            suffix = "" if _unit == "weken" else "_dagen"
            register(
                f"verzuim_duur_{_state}_{_code}{suffix}",
                _("Verzuimduur %(s)s, %(q)s (%(u)s)") % {"s": _state_name, "q": STAT_NAMES[_code], "u": _unit},
                _unit,
                (
                    _(
                        "Duur in %(u)s van 'verzuim sinds' tot de peildatum, over meldingen van absoluut of relatief "
                        "verzuim die op de peildatum lopen."
                    )
                    if _state == "actief"
                    else _(
                        "Duur in %(u)s van 'verzuim sinds' tot 'einde verzuim', over meldingen van absoluut of "
                        "relatief verzuim met einde verzuim in de periode."
                    )
                )
                % {"u": _unit},
                (
                    lambda state, q, per: (
                        lambda swv, on, period, schools, **p: _stat(
                            active_days(swv, on, schools, **p)
                            if state == "actief"
                            else closed_days(swv, on, period, schools, **p),
                            q,
                            per,
                        )
                    )
                )(_state, _q, _per),
                default_period="peildatum" if _state == "actief" else "schooljaar",
                decimals=1,
                grouped=_grouped_days(_state, _q, _per),  # a breakdown over ~200 schools in one query
            )


@register(
    "verzuim_afgesloten",
    _("Afgesloten verzuimmeldingen"),
    "aantal",
    _("Meldingen van absoluut of relatief verzuim met 'einde verzuim' in de periode."),
    default_period="tertiaal",
    small_count=True,
)
def cases_closed(swv, on, period, schools, **params):
    return closed(swv, on, period, schools, **params).count()


def _grouped_cases_closed(swv, on, period, **params):
    """The grouped form of :func:`cases_closed`: one GROUP BY brin6 query, summed per group (a breakdown over
    ~200 schools took 200 counts, 1.2 s at full scale)."""
    return _summed(_per_brin(closed(swv, on, period, None, **params)))


REGISTRY["verzuim_afgesloten"].grouped = _grouped_cases_closed


REASON_FIELDS = {"reden": _("reden"), "soort": _("soort")}


def top_reasons(audience: Audience, on, period, *, by: str = "reden", limit: int = 5) -> list[tuple[str, object]]:
    """[(reason, Result)] of the cases begun in ``period`` (up to ``on``), most frequent first, for ``audience``.

    ``by`` is 'reden' (the register's reason column; falls back to 'soort' when no case has one) or 'soort'.
    Counts under the threshold are suppressed, and so is the smallest other count when exactly one is (as in
    :func:`~.base.breakdown`), so that the total minus the shown counts does not give a hidden one back.
    """
    from .base import Measure

    if not isinstance(audience, Audience):
        raise TypeError(f"top_reasons needs an Audience, not {audience!r}")
    qs = VerzuimMelding.objects.for_swv(audience.swv_id)
    qs = qs.filter(since__range=(period.start, min(period.end, on)))
    if audience.schools is not None:
        qs = qs.filter(brin6__in=audience.schools)
    field = by if by in REASON_FIELDS else "reden"
    if field == "reden" and not qs.exclude(reden="").exists():
        field = "soort"
    labels = dict(VerzuimMelding.Soort.choices)
    rows = list(qs.order_by().values_list(field).annotate(n=Count("id")).order_by("-n", field))
    counter = Measure("verzuim_reden", "", "aantal", "", None)
    results = []
    for value, n in rows[:limit]:
        label = str(labels.get(value, value)) if field == "soort" else (value or str(_("(geen reden)")))
        results.append([label, n, counter.result(n, audience)])
    hidden = [r for r in results if r[2].suppressed]
    if len(hidden) == 1 and len(rows) <= limit:
        shown = [r for r in results if not r[2].suppressed and r[1]]
        if shown:
            smallest = min(shown, key=lambda r: r[1])
            smallest[2] = suppressed_count(audience)
    return [(label, result) for label, _n, result in results]
