"""The measures. Each function gets (swv, on, period, schools, **params); schools is None or a set of BRIN6.

Ratios return (numerator, denominator); the Measure turns them into % or per 1.000.
"""

import statistics
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from koers.monitoring.definitions import (
    COUNT_DATE,
    DEFAULT_COUNT_DATE,
    DENOMINATOR,
    DENOMINATOR_TYPES,
    EXCLUDED_KINDS,
    INTERVAL,
    OLD_EXCLUDED_KEY,
    stored_kinds_to_exclude,
)
from koers.monitoring.models import Arrangement, NationalCount, PupilCount, Terugplaatsing, Tlv, VerzuimMelding

from .base import REGISTRY, Stat, register
from .periods import months_before

TYPES = ("BO", "SBO", "SO", "VSO", "VO", "PRO")


def counts(swv, on, schools=None, teldatum=None) -> dict:
    """Pupils per type at the latest count of kind ``teldatum`` (1 October unless chosen otherwise, ADR 0022) on
    or before ``on`` (suppressed cells count as 0)."""
    qs = PupilCount.objects.for_swv(swv).filter(peildatum__lte=on, teldatum=teldatum or DEFAULT_COUNT_DATE)
    if schools is None and qs.filter(level="swv").exists():
        qs = qs.filter(level="swv")
    else:
        qs = qs.filter(level="school")
        if schools is not None:
            qs = qs.filter(brin6__in=schools)
    latest = qs.order_by("-peildatum").values_list("peildatum", flat=True).first()
    if latest is None:
        return {}
    rows = qs.filter(peildatum=latest).values("school_type").annotate(n=Sum("count"))
    return {r["school_type"]: r["n"] or 0 for r in rows}


def grouped_counts(swv, on, teldatum=None):
    """schools -> :func:`counts` (for a non-empty set of BRIN6), from one query over the school-level counts."""
    # A group's latest count date is the latest of its members' own latest dates, and only members whose own
    # latest date is that date have rows on it: so each school's rows on its own latest date are all we need.
    qs = (
        PupilCount.objects.for_swv(swv)
        .filter(level="school", peildatum__lte=on, teldatum=teldatum or DEFAULT_COUNT_DATE)
        .order_by()
    )
    latest_of = dict(qs.values_list("brin6").annotate(latest=Max("peildatum")))
    per: dict = {}  # brin6 -> {peildatum: {type: count}}
    rows = qs.filter(peildatum__in=set(latest_of.values())).values_list("brin6", "peildatum", "school_type", "count")
    for brin6, day, kind, n in rows:
        if latest_of.get(brin6) == day:
            by_type = per.setdefault(brin6, {}).setdefault(day, {})
            by_type[kind] = by_type.get(kind, 0) + (n or 0)

    def of(schools):
        days = [max(per[b]) for b in schools if b in per]
        if not days:
            return {}
        latest = max(days)
        result: dict = {}
        for b in schools:
            for kind, n in per.get(b, {}).get(latest, {}).items():
                result[kind] = result.get(kind, 0) + n
        return result

    return of


def grouped(*codes):
    """Attach a grouped implementation (see :class:`~.base.Measure`) to registered measures."""

    def wrap(func):
        for code in codes:
            REGISTRY[code].grouped = func
        return func

    return wrap


def _per_brin(qs, field="brin6"):
    """{brin6: number of rows} of a queryset, in one GROUP BY query."""
    return dict(qs.order_by().values_list(field).annotate(n=Count("id")))


def _summed(per):
    return lambda schools: sum(per.get(b, 0) for b in schools)


def _ratio_of(c, num_types, den_types):
    den = sum(c.get(t, 0) for t in den_types)
    return (sum(c.get(t, 0) for t in num_types), den) if den else None


def _ratio(num_types, den_types):
    """A participation ratio; the denominator is the indicator's choice (``noemer``) or ``den_types``."""

    def den_of(params):
        chosen = params.get(DENOMINATOR)
        return DENOMINATOR_TYPES[chosen] if chosen else den_types

    def func(swv, on, period, schools, **params):
        return _ratio_of(counts(swv, on, schools, params.get(COUNT_DATE)), num_types, den_of(params))

    def group(swv, on, period, **params):
        of = grouped_counts(swv, on, params.get(COUNT_DATE))
        return lambda schools: _ratio_of(of(schools), num_types, den_of(params))

    func.grouped = group
    return func


for _t in TYPES:
    register(
        f"leerlingen_{_t.lower()}",
        _("Aantal leerlingen %(t)s") % {"t": _t},
        "aantal",
        _("Leerlingen %(t)s op de laatste teldatum (DUO, 1 oktober of de gekozen teldatum) vóór of op de peildatum.")
        % {"t": _t},
        (lambda t: lambda swv, on, period, schools, **p: counts(swv, on, schools, p.get(COUNT_DATE)).get(t))(_t),
        default_period="peildatum",
        grouped=(
            lambda t: (
                lambda swv, on, period, **p: (lambda of: lambda schools: of(schools).get(t))(
                    grouped_counts(swv, on, p.get(COUNT_DATE))
                )
            )
        )(_t),
    )

register(
    "deelname_sbo",
    _("Deelnamepercentage SBO"),
    "%",
    _("SBO / (BO + SBO), teldatum 1 oktober (definitie Vensters; standaard)."),
    _ratio(["SBO"], ["BO", "SBO"]),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_so",
    _("Deelnamepercentage SO"),
    "%",
    _("SO / (BO + SBO), teldatum 1 oktober (definitie Vensters; standaard)."),
    _ratio(["SO"], ["BO", "SBO"]),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_sbo_incl_so",
    _("Deelnamepercentage SBO (van BO + SBO + SO)"),
    "%",
    _("SBO / (BO + SBO + SO), teldatum 1 oktober."),
    _ratio(["SBO"], ["BO", "SBO", "SO"]),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_so_incl_so",
    _("Deelnamepercentage SO (van BO + SBO + SO)"),
    "%",
    _("SO / (BO + SBO + SO), teldatum 1 oktober."),
    _ratio(["SO"], ["BO", "SBO", "SO"]),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_bo",
    _("Deelnamepercentage BO (BAO)"),
    "%",
    _("BO / (BO + SBO + SO), teldatum 1 oktober."),
    _ratio(["BO"], ["BO", "SBO", "SO"]),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_vso",
    _("VSO-percentage"),
    "%",
    _("VSO / (VO + PrO), teldatum 1 oktober."),
    _ratio(["VSO"], ["VO", "PRO"]),
    default_period="peildatum",
    decimals=2,
)


@register(
    "leerlingen_verschil",
    _("Verandering leerlingaantal t.o.v. vorig jaar"),
    "%",
    _("(leerlingen nu - leerlingen een jaar eerder) / leerlingen een jaar eerder, alle soorten."),
    default_period="peildatum",
)
def pupil_change(swv, on, period, schools, **params):
    now = sum(counts(swv, on, schools, params.get(COUNT_DATE)).values())
    before = sum(counts(swv, months_before(on, 12), schools, params.get(COUNT_DATE)).values())
    return (now - before, before) if before and now else None


def population(swv, on, schools=None, teldatum=None):
    return sum(counts(swv, on, schools, teldatum).values())


def _tlv(swv, schools, params):
    qs = Tlv.objects.for_swv(swv)
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    if params.get("aanvraagsoort"):
        qs = qs.filter(aanvraagsoort__iexact=params["aanvraagsoort"])
    if params.get("voorziening"):
        qs = qs.filter(voorziening=params["voorziening"])
    if params.get("categorie"):
        qs = qs.filter(bekostigingscategorie=params["categorie"])
    exclude = (params.get(EXCLUDED_KINDS) or []) + (params.get(OLD_EXCLUDED_KEY) or [])
    if exclude:  # case-insensitive, whitespace-normalised: the stored spellings of the chosen kinds (ADR 0022)
        qs = qs.exclude(aanvraagsoort__in=stored_kinds_to_exclude(swv, exclude))
    return qs


@register(
    "tlv_aangevraagd", _("TLV-aanvragen"), "aantal", _("Aanvragen met ontvangstdatum in de periode."), small_count=True
)
def tlv_requested(swv, on, period, schools, **params):
    return _tlv(swv, schools, params).filter(ontvangstdatum__range=(period.start, min(period.end, on))).count()


@register(
    "tlv_afgegeven",
    _("Afgegeven TLV's"),
    "aantal",
    _("TLV's met besluit 'afgegeven' en besluitdatum in de periode."),
    small_count=True,
)
def tlv_issued(swv, on, period, schools, **params):
    return (
        _tlv(swv, schools, params)
        .filter(besluit="afgegeven", besluitdatum__range=(period.start, min(period.end, on)))
        .count()
    )


@register(
    "tlv_open",
    _("Open TLV-aanvragen"),
    "aantal",
    _("Aanvragen ontvangen op of vóór de peildatum zonder besluit op de peildatum."),
    default_period="peildatum",
    small_count=True,
)
def tlv_open(swv, on, period, schools, **params):
    return (
        _tlv(swv, schools, params)
        .filter(ontvangstdatum__lte=on)
        .filter(Q(besluitdatum__isnull=True) | Q(besluitdatum__gt=on))
        .count()
    )


@register(
    "tlv_afgegeven_pct",
    _("Afgegeven TLV's als % van de leerlingen"),
    "%",
    _("Afgegeven TLV's in de periode gedeeld door het aantal leerlingen (alle soorten) op de laatste teldatum."),
    decimals=2,
)
def tlv_pct(swv, on, period, schools, **params):
    den = population(swv, on, schools, params.get(COUNT_DATE))
    return (tlv_issued(swv, on, period, schools, **params), den) if den else None


@register(
    "tlv_afgegeven_vorig_jaar",
    _("Afgegeven TLV's, zelfde periode vorig jaar"),
    "aantal",
    _("Afgegeven TLV's in dezelfde periode een jaar eerder."),
    small_count=True,
)
def tlv_issued_last_year(swv, on, period, schools, **params):
    before = months_before(on, 12)
    return tlv_issued(swv, before, period.previous_year(), schools, **params)


@register(
    "tlv_aandeel_mei_juli",
    _("Aandeel TLV-aanvragen in mei-juli"),
    "%",
    _("Aanvragen met ontvangstdatum in mei, juni of juli gedeeld door alle aanvragen in het schooljaar."),
)
def tlv_may_july(swv, on, period, schools, **params):
    qs = _tlv(swv, schools, params).filter(ontvangstdatum__range=(period.start, min(period.end, on)))
    agg = qs.aggregate(total=Count("id"), late=Count("id", filter=Q(ontvangstdatum__month__in=(5, 6, 7))))
    return (agg["late"], agg["total"]) if agg["total"] else None


INTERVALS = {
    "ontvangst_compleet": ("ontvangstdatum", "datum_compleet"),
    "compleet_besluit": ("datum_compleet", "besluitdatum"),
    "ontvangst_besluit": ("ontvangstdatum", "besluitdatum"),
}


def durations(swv, on, period, schools, default_interval="ontvangst_besluit", **params):
    """Weeks per TLV decided in the period, over the indicator's chosen ``interval`` or ``default_interval``."""
    start, end = INTERVALS[params.pop(INTERVAL, None) or default_interval]
    qs = _tlv(swv, schools, params).filter(besluitdatum__range=(period.start, min(period.end, on)))
    qs = qs.exclude(**{f"{start}__isnull": True}).exclude(**{f"{end}__isnull": True})
    return sorted((b - a).days / 7 for a, b in qs.values_list(start, end))


def quantile(values, q):
    """Linear interpolation between closest ranks (as numpy's default and Excel's KWARTIEL.INC)."""
    if not values:
        return None
    pos = (len(values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


STATS = {
    "gemiddelde": lambda v: statistics.fmean(v),
    "minimum": lambda v: v[0],
    "p25": lambda v: quantile(v, 0.25),
    "mediaan": lambda v: quantile(v, 0.5),
    "p75": lambda v: quantile(v, 0.75),
    "maximum": lambda v: v[-1],
    "iqr": lambda v: quantile(v, 0.75) - quantile(v, 0.25),
}
INTERVAL_LABELS = {
    "ontvangst_compleet": _("ontvangst → compleet"),
    "compleet_besluit": _("compleet → besluit"),
    "ontvangst_besluit": _("ontvangst → besluit"),
}
STAT_LABELS = {
    "gemiddelde": _("gemiddelde"),
    "minimum": _("minimum"),
    "p25": _("P25"),
    "mediaan": _("mediaan"),
    "p75": _("P75"),
    "maximum": _("maximum"),
    "iqr": _("interkwartielafstand"),
}

for _i in INTERVALS:
    for _s in STATS:
        register(
            f"tlv_doorlooptijd_{_i}_{_s}",
            _("TLV-doorlooptijd %(i)s, %(s)s") % {"i": INTERVAL_LABELS[_i], "s": STAT_LABELS[_s]},
            "weken",
            _(
                "Weken tussen de twee datums (of het interval dat bij de indicator is gekozen), over TLV's met "
                "besluitdatum in de periode. Aanvraagsoorten die bij de indicator zijn uitgesloten (bijvoorbeeld "
                "herbeoordelingen), tellen niet mee."
            ),
            (
                lambda i, s: (
                    lambda swv, on, period, schools, **p: (
                        lambda v: Stat(Decimal(str(round(STATS[s](v), 4))) if v else None, len(v))
                    )(durations(swv, on, period, schools, i, **p))
                )
            )(_i, _s),
        )


def _active(swv, on, schools):
    """Verzuimmeldingen active on ``on``: begun on or before it, without an end or ending after it."""
    qs = VerzuimMelding.objects.for_swv(swv).filter(since__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
    return qs if schools is None else qs.filter(brin6__in=schools)


def _thuiszitters(swv, on, schools):
    """Thuiszitters by the stated rule only: absoluut verzuim plus relatief verzuim of 4 weeks or more. The
    register's own flag 'thuiszitter: ja' does not count here (that is ``thuiszitters_registratie``)."""
    four_weeks = on - timedelta(weeks=4)
    return _active(swv, on, schools).filter(Q(soort="absoluut") | Q(soort="relatief", since__lte=four_weeks))


def _thuiszitters_flagged(swv, on, schools):
    """Active meldingen that the register itself marks 'thuiszitter: ja', whatever their soort or duration."""
    return _active(swv, on, schools).filter(thuiszitter=True)


THUISZITTER = _(
    "Actieve thuiszitters op de peildatum: absoluut verzuim plus langdurig relatief verzuim (langer dan "
    "4 weken), zonder einddatum of met einddatum na de peildatum; vrijstellingen tellen niet mee."
)


@register("thuiszitters", _("Thuiszitters"), "aantal", THUISZITTER, default_period="peildatum", small_count=True)
def thuiszitters(swv, on, period, schools, **params):
    qs = _thuiszitters(swv, on, schools)
    if params.get("soort"):
        qs = qs.filter(soort=params["soort"])
    return qs.count()


THUISZITTER_REGISTRATIE = _(
    "Actieve meldingen op de peildatum die het verzuimregister zelf als thuiszitter markeert ('thuiszitter: ja'), "
    "zonder einddatum of met einddatum na de peildatum; los van de regel van de maat 'Thuiszitters'."
)


@register(
    "thuiszitters_registratie",
    _("Thuiszitters volgens registratie"),
    "aantal",
    THUISZITTER_REGISTRATIE,
    default_period="peildatum",
    small_count=True,
)
def thuiszitters_flagged(swv, on, period, schools, **params):
    return _thuiszitters_flagged(swv, on, schools).count()


@register(
    "thuiszitters_per_1000",
    _("Thuiszitters per 1.000 leerlingen"),
    "per 1.000",
    THUISZITTER + " " + _("Gedeeld door het aantal leerlingen (alle soorten), maal 1.000."),
    default_period="peildatum",
    decimals=2,
)
def thuiszitters_per_1000(swv, on, period, schools, **params):
    den = population(swv, on, schools, params.get(COUNT_DATE))
    return (thuiszitters(swv, on, period, schools, **params), den) if den else None


@register(
    "thuiszitters_pct",
    _("Thuiszitters als % van de leerlingen"),
    "%",
    THUISZITTER + " " + _("Gedeeld door het aantal leerlingen (alle soorten)."),
    default_period="peildatum",
    decimals=2,
)
def thuiszitters_pct(swv, on, period, schools, **params):
    return thuiszitters_per_1000(swv, on, period, schools, **params)


@register(
    "thuiszitters_langer_3_maanden",
    _("Thuiszitters langer dan 3 maanden"),
    "aantal",
    _("Actieve thuiszitters op de peildatum van wie het verzuim meer dan 3 maanden eerder begon."),
    default_period="peildatum",
    small_count=True,
)
def thuiszitters_long(swv, on, period, schools, **params):
    return _thuiszitters(swv, on, schools).filter(since__lt=months_before(on, 3)).count()


@register(
    "thuiszitters_nieuw",
    _("Nieuwe verzuimmeldingen"),
    "aantal",
    _("Meldingen (absoluut of relatief verzuim) met 'verzuim sinds' in de periode."),
    default_period="tertiaal",
    small_count=True,
)
def thuiszitters_new(swv, on, period, schools, **params):
    qs = (
        VerzuimMelding.objects.for_swv(swv)
        .filter(since__range=(period.start, min(period.end, on)))
        .exclude(soort="vrijstelling")
    )
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    if params.get("soort"):
        qs = qs.filter(soort=params["soort"])
    return qs.count()


def _arr(swv, schools):
    qs = Arrangement.objects.for_swv(swv)
    return qs if schools is None else qs.filter(brin6__in=schools)


@register(
    "arrangementen_actief",
    _("Lopende arrangementen"),
    "aantal",
    _(
        "Arrangementen met startdatum op of vóór de peildatum en zonder einddatum of met einddatum op of na de "
        "peildatum."
    ),
    default_period="peildatum",
)
def arrangements_active(swv, on, period, schools, **params):
    return _arr(swv, schools).filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on)).count()


@register(
    "arrangementen_gestart", _("Gestarte arrangementen"), "aantal", _("Arrangementen met startdatum in de periode.")
)
def arrangements_started(swv, on, period, schools, **params):
    return _arr(swv, schools).filter(start__range=(period.start, min(period.end, on))).count()


@register(
    "arrangementen_kosten",
    _("Kosten gestarte arrangementen"),
    "euro",
    _("Som van de kosten van arrangementen met startdatum in de periode."),
    public=False,
)
def arrangements_cost(swv, on, period, schools, **params):
    total = _arr(swv, schools).filter(start__range=(period.start, min(period.end, on))).aggregate(s=Sum("cost"))["s"]
    return total or Decimal(0)


@register(
    "arrangementen_stapeling",
    _("Leerlingen met stapeling van arrangementen"),
    "aantal",
    _("Leerlingen met twee of meer arrangementen die op de peildatum tegelijk lopen."),
    default_period="peildatum",
    small_count=True,
)
def arrangements_stacked(swv, on, period, schools, **params):
    qs = _arr(swv, schools).filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on)).exclude(pupil="")
    return qs.values("pupil").annotate(n=Count("id")).filter(n__gte=2).count()


@register(
    "terugplaatsingen",
    _("Terugplaatsingen"),
    "aantal",
    _("Leerlingen die in de periode van SBO, SO of VSO teruggingen naar een reguliere school."),
    small_count=True,
)
def terugplaatsingen(swv, on, period, schools, **params):
    qs = Terugplaatsing.objects.for_swv(swv).filter(date__range=(period.start, min(period.end, on)))
    if schools is not None:
        qs = qs.filter(Q(from_brin6__in=schools) | Q(to_brin6__in=schools))
    return qs.count()


NATIONAL_SPECS = {
    "deelname_sbo": (["SBO"], ["BO", "SBO"]),
    "deelname_so": (["SO"], ["BO", "SBO"]),
    "deelname_vso": (["VSO"], ["VO", "PRO"]),
}


def _october_counts():
    """The national comparison is on DUO's 1 October counts (as Vensters); 1 February counts are kept apart."""
    return NationalCount.objects.filter(teldatum="1-oktober")


def national_year(on):
    """The latest DUO peiljaar whose count date (1 October) is on or before ``on``, among the imported years."""
    years = _october_counts().filter(peiljaar__lte=on.year).values_list("peiljaar", flat=True).distinct()
    usable = [y for y in years if date(y, 10, 1) <= on]
    return max(usable, default=None)


def national_note(swv, on) -> str:
    """Why there is no national comparison for ``on`` (Dutch), for the page that would show it."""
    years = sorted(set(_october_counts().values_list("peiljaar", flat=True)))
    if not years:
        return _(
            "Nog geen landelijke vergelijking: importeer het landelijke DUO-bestand swv_totaal.csv (met alle "
            "samenwerkingsverbanden)."
        )
    year = national_year(on)
    if year is None:
        return _(
            "Geen landelijke vergelijking op deze peildatum: het vroegste geïmporteerde DUO-peiljaar is %(y)s "
            "(teldatum 1 oktober %(y)s), later dan de peildatum."
        ) % {"y": years[0]}
    return _("Het landelijke DUO-bestand van peiljaar %(y)s heeft geen leerlingen voor %(c)s.") % {
        "y": year,
        "c": ", ".join(getattr(swv, "duo_codes", [swv.code])),
    }


def national_for(swv, on, code) -> dict | None:
    """The national figure and rank of a measure as ``koers measures`` and the API give them (None: not national)."""
    if code not in NATIONAL_SPECS:
        return None
    if swv is None or isinstance(swv, int):
        from koers.organisations.models import Swv

        swv = Swv.objects.get(pk=swv)
    found = national(swv, on, code)
    if found is None:
        return {"peiljaar": None, "waarde": None, "plaats": None, "van": None, "tekst": str(national_note(swv, on))}
    return {
        "peiljaar": found["peiljaar"],
        "waarde": str(found["national"].quantize(Decimal("0.01"))),
        "plaats": found["rank"],
        "van": found["of"],
        "tekst": str(found["text"]),
    }


def national(swv, on, code="deelname_sbo"):
    """(rank, national figure, distance) of a participation measure among all SWV's in the DUO file.

    Uses the latest DUO year at or before ``on`` (``peiljaar``; the text says which: "landelijk cijfer peiljaar
    2024"); None when no imported year is that early or the SWV is not in it.
    """
    spec = NATIONAL_SPECS[code]
    year = national_year(on)
    if year is None:
        return None
    per = {}
    for c, t, n in _october_counts().filter(peiljaar=year).values_list("swv_code", "school_type", "count"):
        per.setdefault(c, {})[t] = n or 0
    values = {}
    for c, d in per.items():
        den = sum(d.get(t, 0) for t in spec[1])
        if den:
            values[c] = Decimal(sum(d.get(t, 0) for t in spec[0])) * 100 / den
    # a combined bureau (ADR 0014) is ranked with the DUO code of the measure's sector
    sector = "VO" if code == "deelname_vso" else "PO"
    own = next((c for c in getattr(swv, "duo_codes", [swv.code]) if c.startswith(sector)), swv.code)
    if own not in values:
        return None
    tot_num = sum(sum(d.get(t, 0) for t in spec[0]) for d in per.values())
    tot_den = sum(sum(d.get(t, 0) for t in spec[1]) for d in per.values())
    figure = Decimal(tot_num) * 100 / tot_den
    rank = 1 + sum(v < values[own] for v in values.values())
    return {
        "rank": rank,
        "of": len(values),
        "national": figure,
        "own": values[own],
        "distance": values[own] - figure,
        "peiljaar": year,
        "text": _("landelijk cijfer peiljaar %(y)s; plaats %(r)s van %(n)s") % {"y": year, "r": rank, "n": len(values)},
    }


# Grouped implementations for breakdowns: one GROUP BY brin6 query, then a sum per group in Python. Each must
# give exactly what the measure's own function gives for ``schools=<that group>``.


def grouped_population(swv, on, teldatum=None):
    of = grouped_counts(swv, on, teldatum)
    return lambda schools: sum(of(schools).values())


@grouped("leerlingen_verschil")
def _g_pupil_change(swv, on, period, **params):
    kind = params.get(COUNT_DATE)
    now, before = grouped_population(swv, on, kind), grouped_population(swv, months_before(on, 12), kind)

    def of(schools):
        n, b = now(schools), before(schools)
        return (n - b, b) if b and n else None

    return of


def _tlv_range(swv, on, period, params, field):
    return _tlv(swv, None, params).filter(**{f"{field}__range": (period.start, min(period.end, on))})


@grouped("tlv_aangevraagd")
def _g_tlv_requested(swv, on, period, **params):
    return _summed(_per_brin(_tlv_range(swv, on, period, params, "ontvangstdatum")))


@grouped("tlv_afgegeven")
def _g_tlv_issued(swv, on, period, **params):
    return _summed(_per_brin(_tlv_range(swv, on, period, params, "besluitdatum").filter(besluit="afgegeven")))


@grouped("tlv_open")
def _g_tlv_open(swv, on, period, **params):
    qs = _tlv(swv, None, params).filter(ontvangstdatum__lte=on)
    return _summed(_per_brin(qs.filter(Q(besluitdatum__isnull=True) | Q(besluitdatum__gt=on))))


def _with_population(num):
    def of_factory(swv, on, period, **params):
        issued, pop = num(swv, on, period, **params), grouped_population(swv, on, params.get(COUNT_DATE))

        def of(schools):
            den = pop(schools)
            return (issued(schools), den) if den else None

        return of

    return of_factory


grouped("tlv_afgegeven_pct")(_with_population(_g_tlv_issued))


@grouped("tlv_afgegeven_vorig_jaar")
def _g_tlv_issued_last_year(swv, on, period, **params):
    return _g_tlv_issued(swv, months_before(on, 12), period.previous_year(), **params)


@grouped("tlv_aandeel_mei_juli")
def _g_tlv_may_july(swv, on, period, **params):
    rows = (
        _tlv_range(swv, on, period, params, "ontvangstdatum")
        .order_by()
        .values_list("brin6")
        .annotate(total=Count("id"), late=Count("id", filter=Q(ontvangstdatum__month__in=(5, 6, 7))))
    )
    per = {b: (total, late) for b, total, late in rows}

    def of(schools):
        total = sum(per[b][0] for b in schools if b in per)
        late = sum(per[b][1] for b in schools if b in per)
        return (late, total) if total else None

    return of


def _grouped_durations(swv, on, period, interval, params):
    start, end = INTERVALS[params.get(INTERVAL) or interval]
    qs = _tlv(swv, None, params).filter(besluitdatum__range=(period.start, min(period.end, on)))
    qs = qs.exclude(**{f"{start}__isnull": True}).exclude(**{f"{end}__isnull": True})
    per: dict = {}
    for brin6, a, b in qs.order_by().values_list("brin6", start, end):
        per.setdefault(brin6, []).append((b - a).days / 7)
    return lambda schools: sorted(w for s in schools for w in per.get(s, ()))


def _grouped_duration_stat(interval, stat):
    def factory(swv, on, period, **params):
        of = _grouped_durations(swv, on, period, interval, params)

        def value(schools):
            weeks = of(schools)
            return Stat(Decimal(str(round(STATS[stat](weeks), 4))) if weeks else None, len(weeks))

        return value

    return factory


for _i in INTERVALS:
    for _s in STATS:
        REGISTRY[f"tlv_doorlooptijd_{_i}_{_s}"].grouped = _grouped_duration_stat(_i, _s)


@grouped("thuiszitters")
def _g_thuiszitters(swv, on, period, **params):
    qs = _thuiszitters(swv, on, None)
    if params.get("soort"):
        qs = qs.filter(soort=params["soort"])
    return _summed(_per_brin(qs))


grouped("thuiszitters_per_1000", "thuiszitters_pct")(_with_population(_g_thuiszitters))


@grouped("thuiszitters_registratie")
def _g_thuiszitters_flagged(swv, on, period, **params):
    return _summed(_per_brin(_thuiszitters_flagged(swv, on, None)))


@grouped("thuiszitters_langer_3_maanden")
def _g_thuiszitters_long(swv, on, period, **params):
    return _summed(_per_brin(_thuiszitters(swv, on, None).filter(since__lt=months_before(on, 3))))


@grouped("thuiszitters_nieuw")
def _g_thuiszitters_new(swv, on, period, **params):
    qs = (
        VerzuimMelding.objects.for_swv(swv)
        .filter(since__range=(period.start, min(period.end, on)))
        .exclude(soort="vrijstelling")
    )
    if params.get("soort"):
        qs = qs.filter(soort=params["soort"])
    return _summed(_per_brin(qs))


def _arr_active(swv, on):
    return _arr(swv, None).filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


@grouped("arrangementen_actief")
def _g_arrangements_active(swv, on, period, **params):
    return _summed(_per_brin(_arr_active(swv, on)))


@grouped("arrangementen_gestart")
def _g_arrangements_started(swv, on, period, **params):
    return _summed(_per_brin(_arr(swv, None).filter(start__range=(period.start, min(period.end, on)))))


@grouped("arrangementen_kosten")
def _g_arrangements_cost(swv, on, period, **params):
    qs = _arr(swv, None).filter(start__range=(period.start, min(period.end, on)))
    per = dict(qs.order_by().values_list("brin6").annotate(s=Sum("cost")))

    def of(schools):
        sums = [per[b] for b in schools if per.get(b) is not None]
        return sum(sums, Decimal(0)) if sums else Decimal(0)

    return of


@grouped("arrangementen_stapeling")
def _g_arrangements_stacked(swv, on, period, **params):
    qs = _arr_active(swv, on).exclude(pupil="").order_by().values_list("brin6", "pupil").annotate(n=Count("id"))
    per: dict = {}
    for brin6, pupil, n in qs:
        per.setdefault(brin6, []).append((pupil, n))

    def of(schools):
        total: dict = {}
        for b in schools:
            for pupil, n in per.get(b, ()):
                total[pupil] = total.get(pupil, 0) + n
        return sum(n >= 2 for n in total.values())

    return of


@grouped("terugplaatsingen")
def _g_terugplaatsingen(swv, on, period, **params):
    qs = Terugplaatsing.objects.for_swv(swv).filter(date__range=(period.start, min(period.end, on)))
    pairs = list(qs.order_by().values_list("from_brin6", "to_brin6").annotate(n=Count("id")))
    return lambda schools: sum(n for a, b, n in pairs if a in schools or b in schools)


from . import absence  # noqa: E402,F401  (registers the absence measures after the thuiszitter measures)
