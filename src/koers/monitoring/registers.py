"""The register API used by the standard outputs of ``koers.reports.standard``.

``period`` is a :class:`koers.core.periods.Tertiaal` or None (= the current tertiaal).
"""

from datetime import date

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.periods import measured_tertiaal_of, tertiaal_period
from koers.monitoring.measures import REGISTRY
from koers.monitoring.models import Arrangement, Terugplaatsing, Tlv, VerzuimMelding
from koers.organisations.models import School


def first_date(swv):
    """The earliest date in the registers of the SWV (None when they are empty): the first period with data."""
    firsts = [
        Tlv.objects.for_swv(swv).aggregate(first=Min("ontvangstdatum"))["first"],
        Arrangement.objects.for_swv(swv).aggregate(first=Min("start"))["first"],
        VerzuimMelding.objects.for_swv(swv).aggregate(first=Min("since"))["first"],
        Terugplaatsing.objects.for_swv(swv).aggregate(first=Min("date"))["first"],
    ]
    return min((d for d in firsts if d), default=None)


def _bounds(period):
    """The days of a tertiaal as the one period model measures it (koers.core.periods), up to today while it runs."""
    today = clock.today()
    measured = tertiaal_period(period or measured_tertiaal_of(today), today)
    return measured.start, measured.measured_until


def dataset(swv, period=None):
    """(sheet name, [(key, label, kind)], rows) per register; pupils only as pseudonym."""
    specs = {
        Tlv: (
            "TLV's",
            [
                "dossiernummer",
                "pupil",
                "aanvraagsoort",
                "brin6",
                "ontvangstdatum",
                "datum_compleet",
                "besluitdatum",
                "besluit",
                "voorziening",
                "bekostigingscategorie",
                "ingangsdatum",
                "einddatum",
            ],
        ),
        Arrangement: (_("Arrangementen"), ["number", "kind", "brin6", "pupil", "start", "end", "cost", "funding_line"]),
        VerzuimMelding: (_("Verzuim"), ["meldingnummer", "pupil", "soort", "since", "end", "thuiszitter", "brin6"]),
        Terugplaatsing: (_("Terugplaatsingen"), ["number", "pupil", "from_type", "from_brin6", "to_brin6", "date"]),
    }
    for model, (name, names) in specs.items():
        fields = [model._meta.get_field(n) for n in names]
        kinds = {"DateField": "date", "DecimalField": "money"}  # an amount stays a number in Excel
        spec = [(f.name, str(f.verbose_name), kinds.get(f.get_internal_type(), "text")) for f in fields]
        yield name, spec, model.objects.for_swv(swv).order_by("id").values(*names).iterator()


def tlv_per_bestuur(swv, period=None, schools=None):
    """Raw counts per schoolbestuur of the given schools (None: all); the caller suppresses for its audience."""
    start, end = _bounds(period)
    wanted = schools
    schools = School.objects.for_swv(swv).select_related("bestuur")
    if wanted is not None:
        schools = schools.filter(brin6__in=wanted)
    per = {}
    for s in schools:
        per.setdefault(s.bestuur.name if s.bestuur else _("(onbekend)"), set()).add(s.brin6)
    brin_to = {b: name for name, brins in per.items() for b in brins}
    rows = (
        Tlv.objects.for_swv(swv)
        .filter(brin6__in=brin_to)
        .values("brin6")
        .annotate(
            requested=Count("id", filter=Q(ontvangstdatum__range=(start, end))),
            issued=Count("id", filter=Q(besluit="afgegeven", besluitdatum__range=(start, end))),
            open=Count(
                "id", filter=Q(ontvangstdatum__lte=end) & (Q(besluitdatum__isnull=True) | Q(besluitdatum__gt=end))
            ),
        )
    )
    totals = {name: {"bestuur": name, "requested": 0, "issued": 0, "open": 0} for name in per}
    for r in rows:
        t = totals[brin_to[r["brin6"]]]
        for k in ("requested", "issued", "open"):
            t[k] += r[k]
    return [totals[k] for k in sorted(totals)]


def thuiszitters(audience, period=None):
    """Per month: thuiszitters now, longer than 3 months, new, and per 1.000, as ``audience`` may see them."""
    start, end = _bounds(period)
    rows = []
    for day in sorted({date(end.year, m, 1) for m in range(start.month, end.month + 1)} | {end}):
        rows.append(
            {
                "peildatum": day,
                "active": REGISTRY["thuiszitters"].value(audience, day),
                "long": REGISTRY["thuiszitters_langer_3_maanden"].value(audience, day),
                "new": REGISTRY["thuiszitters_nieuw"].value(audience, day, period="maand"),
                "per_1000": REGISTRY["thuiszitters_per_1000"].value(audience, day),
            }
        )
    return rows
