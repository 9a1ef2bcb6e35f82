"""Measures of funding and pupil flows: grensverkeer, TLV-based participation and the match of the TLV register
against DUO's list of funded pupils (by beschikkingsnummer). See docs/monitoring-registers.md, ADR 0020.

Grensverkeer comes from DUO's SO/VSO files per paying SWV (:class:`~koers.monitoring.flow_models.FlowCount`) on the
latest peildatum on or before the reference date; a cell DUO suppressed (-1, "<5") makes the sum unknown
(:class:`~.base.SourceSuppressed`), never 0. These counts are about the whole SWV: a schoolbestuur gets no value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from koers.core.periods import school_year_of
from koers.monitoring.flow_models import FlowCount, FundedPupil
from koers.monitoring.models import Tlv

from .base import SourceSuppressed, Stat, register
from .library import counts

FLOW_TYPES = ("SO", "VSO", "SBO")
D = FlowCount.Direction


def _latest(qs, on):
    return qs.filter(peildatum__lte=on).aggregate(d=Max("peildatum"))["d"]


def flow(swv, on, direction: str, school_type: str):
    """The DUO count of one direction and type at the latest peildatum ≤ ``on``: int, SourceSuppressed or None."""
    qs = FlowCount.objects.for_swv(swv).filter(school_type=school_type)
    day = _latest(qs.filter(direction=direction), on)
    if day is None:
        return None
    rows = qs.filter(direction=direction, peildatum=day).order_by()
    agg = rows.aggregate(n=Sum("count"), hidden=Count("pk", filter=Q(suppressed=True)))  # MAX(bool): not in PostgreSQL
    return SourceSuppressed() if agg["hidden"] else (agg["n"] or 0)


def funded(swv, on, schools=None):
    """{(type, inside): pupils} on the latest peildatum ≤ ``on`` of DUO's funded-pupil list ({} without a list)."""
    qs = FundedPupil.objects.for_swv(swv)
    day = _latest(qs, on)
    if day is None:
        return {}
    qs = qs.filter(peildatum=day, school_year=school_year_of(day))  # the list of that school year
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    result: dict = {}
    for kind, inside in qs.order_by().values_list("school_type", "binnen"):
        result[(kind, inside)] = result.get((kind, inside), 0) + 1
    return result


def outgoing(swv, on, school_type):
    """Uitgaand: DUO's count when it has this type, else (SBO) the funded pupils at a school outside the SWV."""
    value = flow(swv, on, D.UITGAAND, school_type)
    if value is None:
        per = funded(swv, on)
        if any(k == school_type for k, _i in per):
            value = per.get((school_type, False), 0)
    return value


def _swv_only(func):
    def measure(swv, on, period, schools, **params):
        return None if schools is not None else func(swv, on, **params)

    return measure


SOURCE = _(
    "Bron: DUO-bestanden SO/VSO per betalend samenwerkingsverband (teldatum 1 oktober), laatste peildatum vóór of op "
    "de peildatum; een door DUO afgeschermd aantal (-1 of <5) maakt de uitkomst onbekend, nooit 0."
)

for _t in FLOW_TYPES:
    register(
        f"grensverkeer_uitgaand_{_t.lower()}",
        _("Grensverkeer uitgaand %(t)s") % {"t": _t},
        "aantal",
        _("Leerlingen %(t)s met een TLV van dit samenwerkingsverband op een school in een ander samenwerkingsverband.")
        % {"t": _t}
        + " "
        + SOURCE
        + (
            " " + _("Zonder DUO-telling voor SBO: de bekostigde leerlingen uit de DUO-lijst buiten het SWV.")
            if _t == "SBO"
            else ""
        ),
        _swv_only((lambda t: lambda swv, on, **p: outgoing(swv, on, t))(_t)),
        default_period="peildatum",
    )
    register(
        f"grensverkeer_inkomend_{_t.lower()}",
        _("Grensverkeer inkomend %(t)s") % {"t": _t},
        "aantal",
        _("Leerlingen %(t)s op een school van dit samenwerkingsverband met een TLV van een ander samenwerkingsverband.")
        % {"t": _t}
        + " "
        + SOURCE,
        _swv_only((lambda t: lambda swv, on, **p: flow(swv, on, D.INKOMEND, t))(_t)),
        default_period="peildatum",
    )
    register(
        f"grensverkeer_saldo_{_t.lower()}",
        _("Grensverkeer saldo %(t)s") % {"t": _t},
        "aantal",
        _("Inkomend min uitgaand, leerlingen %(t)s.") % {"t": _t} + " " + SOURCE,
        _swv_only((lambda t: lambda swv, on, **p: saldo(swv, on, t))(_t)),
        default_period="peildatum",
    )


def saldo(swv, on, school_type):
    """Inkomend − uitgaand as a Stat whose n is the smaller part: hidden whenever a part would be (ADR 0012)."""
    inc, out = flow(swv, on, D.INKOMEND, school_type), outgoing(swv, on, school_type)
    if inc is None or out is None:
        return None
    if isinstance(inc, SourceSuppressed) or isinstance(out, SourceSuppressed):
        return SourceSuppressed()
    return Stat(Decimal(inc - out), min(inc, out))


def own_tlv(swv, on, school_type):
    """Pupils of a type with a TLV of this SWV wherever they go to school: DUO's funded list, else DUO's counts."""
    per = funded(swv, on)
    if any(k == school_type for k, _i in per):
        return per.get((school_type, True), 0) + per.get((school_type, False), 0)
    inside, out = flow(swv, on, D.BINNEN, school_type), flow(swv, on, D.UITGAAND, school_type)
    if inside is not None and out is not None:
        hidden = isinstance(inside, SourceSuppressed) or isinstance(out, SourceSuppressed)
        return SourceSuppressed() if hidden else inside + out
    return flow(swv, on, D.BETAALD, school_type)


def _tlv_ratio(school_type, others):
    def func(swv, on, period, schools, **params):
        if schools is not None:
            return None
        own = own_tlv(swv, on, school_type)
        if own is None or isinstance(own, SourceSuppressed):
            return own
        c = counts(swv, on)
        rest = 0
        for t in others:
            if t in ("SBO", "SO"):
                part = own_tlv(swv, on, t)
                if part is None:
                    part = c.get(t, 0)
                elif isinstance(part, SourceSuppressed):
                    return part
            else:
                part = c.get(t, 0)
            rest += part
        den = own + rest
        return (own, den) if den and rest else None

    return func


register(
    "deelname_sbo_tlv",
    _("Deelnamepercentage SBO op basis van eigen TLV's"),
    "%",
    _(
        "SBO-leerlingen met een TLV van dit samenwerkingsverband, binnen én buiten het SWV (DUO-lijst bekostigde "
        "leerlingen) / (die + BO), teldatum van de lijst en de laatste BO-telling."
    ),
    _tlv_ratio("SBO", ("BO",)),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_so_tlv",
    _("Deelnamepercentage SO op basis van eigen TLV's"),
    "%",
    _(
        "SO-leerlingen met een TLV van dit samenwerkingsverband, waar ze ook naar school gaan / (die + BO + SBO met "
        "eigen TLV)."
    ),
    _tlv_ratio("SO", ("BO", "SBO")),
    default_period="peildatum",
    decimals=2,
)
register(
    "deelname_vso_tlv",
    _("VSO-percentage op basis van eigen TLV's"),
    "%",
    _("VSO-leerlingen met een TLV van dit samenwerkingsverband, waar ze ook naar school gaan / (die + VO + PrO)."),
    _tlv_ratio("VSO", ("VO", "PRO")),
    default_period="peildatum",
    decimals=2,
)


def funded_years(swv) -> list[tuple[int, date]]:
    """(school year, peildatum) of DUO's funded-pupil lists, newest first: one list per school year."""
    rows = (
        FundedPupil.objects.for_swv(swv)
        .order_by("-school_year", "-peildatum")
        .values_list("school_year", "peildatum")
        .distinct()
    )
    seen, out = set(), []
    for year, day in rows:
        if year not in seen:
            seen.add(year)
            out.append((year, day))
    return out


def funded_trend(swv) -> dict[int, dict[tuple[str, str], int]]:
    """{school year: {(type, category): pupils}} on the peildatum of each year's list (SBO has no category)."""
    days = dict(funded_years(swv))
    out: dict[int, dict[tuple[str, str], int]] = {year: {} for year in days}
    rows = (
        FundedPupil.objects.for_swv(swv)
        .filter(school_year__in=list(days))
        .order_by()
        .values_list("school_year", "peildatum", "school_type", "categorie")
        .annotate(n=Count("pk"))
    )
    for year, day, kind, category, n in rows:
        if day != days[year]:
            continue
        key = (kind, "" if kind == "SBO" else category)
        out[year][key] = out[year].get(key, 0) + n
    return out


def _norm(number: str) -> str:
    return "".join(str(number).split()).upper()


def _match_sources(swv, on):
    """(list peildatum, TLV queryset, funded-pupil queryset) of the match, or None without a list on or before ``on``."""
    qs = FundedPupil.objects.for_swv(swv)
    day = _latest(qs, on)
    if day is None:
        return None
    duo = qs.filter(peildatum=day, school_year=school_year_of(day)).order_by("beschikkingsnummer")
    tlvs = (
        Tlv.objects.for_swv(swv)
        .filter(besluit="afgegeven")
        .exclude(beschikkingsnummer="")
        .filter(Q(ingangsdatum__isnull=True) | Q(ingangsdatum__lte=day))
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=day))
        .order_by("beschikkingsnummer")
    )
    return day, tlvs, duo


def match(swv, on):
    """(list peildatum, {beschikkingsnummer: TLV row}, {beschikkingsnummer: funded row}) or None without a list.

    Register side: TLV's with besluit 'afgegeven' and a beschikkingsnummer that are valid on the list's peildatum
    (ingangsdatum on or before it, einddatum empty or on or after it).
    """
    found = _match_sources(swv, on)
    if found is None:
        return None
    day, tlvs, duo = found
    duo_rows = {
        _norm(r["beschikkingsnummer"]): r
        for r in duo.values("beschikkingsnummer", "school_type", "categorie", "brin6", "binnen")
    }
    fields = ("beschikkingsnummer", "dossiernummer", "voorziening", "bekostigingscategorie", "brin6")
    own = {_norm(r["beschikkingsnummer"]): r for r in tlvs.values(*fields)}
    return day, own, duo_rows


def match_numbers(swv, on):
    """(list peildatum, own numbers, DUO's numbers) as sets of normalised beschikkingsnummers, or None: the same
    match as :func:`match`, reading one column instead of whole rows (what the three counts need)."""
    found = _match_sources(swv, on)
    if found is None:
        return None
    day, tlvs, duo = found
    own = {_norm(n) for n in tlvs.order_by().values_list("beschikkingsnummer", flat=True)}
    return day, own, {_norm(n) for n in duo.order_by().values_list("beschikkingsnummer", flat=True)}


def _match_count(part):
    def func(swv, on, period, schools, **params):
        if schools is not None:
            return None
        found = match_numbers(swv, on)
        if found is None:
            return None
        _day, own, duo = found
        return {"beide": len(own & duo), "register": len(own - duo), "duo": len(duo - own)}[part]

    return func


MATCH = _(
    "TLV-register tegen de DUO-lijst van bekostigde leerlingen, op beschikkingsnummer, op de peildatum van de laatste "
    "lijst vóór of op de peildatum; uit het register tellen afgegeven TLV's die op die datum gelden."
)
register(
    "tlv_duo_beide",
    _("TLV's in het register én op de DUO-lijst"),
    "aantal",
    MATCH,
    _match_count("beide"),
    default_period="peildatum",
)
register(
    "tlv_duo_alleen_register",
    _("TLV's alleen in het register (niet op de DUO-lijst)"),
    "aantal",
    MATCH,
    _match_count("register"),
    default_period="peildatum",
)
register(
    "tlv_duo_alleen_duo",
    _("Beschikkingen alleen op de DUO-lijst (niet in het register)"),
    "aantal",
    MATCH,
    _match_count("duo"),
    default_period="peildatum",
)

FLOW_MEASURES = [
    *(f"grensverkeer_{d}_{t.lower()}" for t in FLOW_TYPES for d in ("inkomend", "uitgaand", "saldo")),
    "deelname_sbo_tlv",
    "deelname_so_tlv",
    "deelname_vso_tlv",
    "tlv_duo_beide",
    "tlv_duo_alleen_register",
    "tlv_duo_alleen_duo",
]
