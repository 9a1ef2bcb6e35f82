"""Synthetic monitoring data for the demo SWV's. Nothing here is real pupil data; the UI says so."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from koers.core import clock
from koers.core.periods import school_year_of
from koers.monitoring.models import (
    Arrangement,
    ManualMeasurement,
    NationalCount,
    PupilCount,
    Terugplaatsing,
    Tlv,
    VerzuimMelding,
)
from koers.monitoring.pseudonym import pseudonymise
from koers.organisations.models import School

# Demo indicators bound to a measure that means what the indicator says: (keywords in the title, all lower case;
# measure code; params). The first rule that matches wins; an indicator no register measures (a survey, a
# milestone, HIA discussions, "gedeeld met RvA en RvT") gets manual measurements instead (see MANUAL).
BINDINGS = [
    (("deelnamepercentage bao",), "deelname_bo", {}),
    (("deelnamepercentage sbo",), "deelname_sbo_incl_so", {}),
    (("deelnamepercentage so",), "deelname_so_incl_so", {}),
    (("percentage", "thuiszitter"), "thuiszitters_pct", {"periode": "tertiaal"}),
    (("stapelt",), "arrangementen_stapeling", {"periode": "tertiaal"}),
    (("doorlooptijd", "tlv"), "tlv_doorlooptijd_ontvangst_besluit_mediaan", {}),
    (("terugplaatsingsbeleid",), "terugplaatsingen", {"periode": "schooljaar"}),
]
# Indicators that sound like a register but are not measured by one: keywords -> the kind of manual measurement.
MANUAL = [
    (("hia",), "aantal"),  # how often a HIA discussion considered an alternative to a TLV: counted by the bureau
    (("drie keer per jaar",), "keer"),  # the figures were shared with RvA and RvT: 0-3 times a school year
    (("dataset", "maandelijks"), "mijlpaal"),
    (("effectiviteit", "arrangement"), "mijlpaal"),
]
DEMO_REASONS = ("schoolangst", "ziekte", "geen passend aanbod", "gezinsproblematiek", "")
DEMO_PLANS = ("spow-osp-", "sppoh-osp-")  # plan codes start so; the demo clock moves the years behind them


def _day(rng, start, end):
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


@transaction.atomic
def generate(swv, *, seed: int = 2024, first_year: int = 2019, last_year: int | None = None, scale: float = 1.0):
    rng = random.Random(f"{swv.code}-{seed}")
    last_year = last_year or clock.today().year
    for model in (PupilCount, Tlv, Arrangement, VerzuimMelding, Terugplaatsing):
        model.objects.for_swv(swv).delete()
    schools = list(School.objects.for_swv(swv).values_list("brin6", "school_type"))
    regular = [b for b, t in schools if t == "BO"] or [f"9{i:01d}DM00" for i in range(10)]
    special = [b for b, t in schools if t in ("SBO", "SO")]
    base = {"BO": int(20000 * scale), "SBO": int(520 * scale), "SO": int(380 * scale), "VSO": int(300 * scale)}
    counts = []
    for year in range(first_year, last_year + 1):
        day = date(year, 10, 1)
        if day > clock.today():
            break
        totals = {
            t: int(n * (1 + rng.uniform(-0.03, 0.02) - 0.01 * (year - first_year) * (t != "BO")))
            for t, n in base.items()
        }
        for t, n in totals.items():
            counts.append(PupilCount(swv=swv, peiljaar=year, peildatum=day, school_type=t, count=n, source="demo"))
        weights = [rng.uniform(0.5, 1.5) for _ in regular]
        for brin, w in zip(regular, weights, strict=True):
            n = int(totals["BO"] * w / sum(weights))
            counts.append(
                PupilCount(
                    swv=swv,
                    peiljaar=year,
                    peildatum=day,
                    level="school",
                    brin6=brin,
                    school_type="BO",
                    count=n,
                    suppressed=n < 5,
                    source="demo",
                )
            )
        for code in (swv.code, *(f"PO{n:04d}" for n in range(2701, 2721))):
            if code == swv.code:
                continue
            for t, n in base.items():
                NationalCount.objects.update_or_create(
                    swv_code=code,
                    peiljaar=year,
                    school_type=t,
                    defaults={"count": int(n * rng.uniform(0.4, 1.6)), "suppressed": False},
                )
        for t, n in totals.items():
            NationalCount.objects.update_or_create(
                swv_code=swv.code, peiljaar=year, school_type=t, defaults={"count": n, "suppressed": False}
            )
    PupilCount.objects.bulk_create(counts)
    start, end = date(first_year, 8, 1), min(clock.today(), date(last_year + 1, 7, 31))
    years = (end - start).days / 365
    tlvs = []
    durations = random.Random(seed + 1)  # its own sequence: the other demo values stay as they were
    for i in range(int(260 * years * scale)):
        ontv = _day(rng, start, end)
        soort = rng.choices(["TLV SBO", "TLV SO", "verlenging", "arrangement"], [5, 3, 2, 1])[0]
        compleet = ontv + timedelta(days=rng.randint(0, 30))
        besluit = compleet + timedelta(days=rng.randint(7, 70))
        if besluit > end:
            besluit = None
        tlvs.append(
            Tlv(
                swv=swv,
                dossiernummer=f"D{seed}-{i:06d}",
                pupil=pseudonymise(f"demo-{swv.code}-{rng.randrange(10**8)}"),
                aanvraagsoort=soort,
                brin6=rng.choice(regular),
                ontvangstdatum=ontv,
                datum_compleet=compleet,
                besluitdatum=besluit,
                besluit=(rng.choices(["afgegeven", "afgewezen", "ingetrokken"], [9, 1, 0.5])[0] if besluit else ""),
                voorziening="SO" if "SO" in soort else "SBO",
                bekostigingscategorie=rng.choice("LLLMH"),
                ingangsdatum=besluit,
                # a TLV runs one to three school years, to 31 July (the vooruitblik counts what expires)
                einddatum=date(school_year_of(besluit) + durations.choice((1, 2, 2, 3)), 7, 31) if besluit else None,
            )
        )
    Tlv.objects.bulk_create(tlvs, batch_size=2000)
    verzuim = []
    for i in range(int(45 * years * scale)):
        since = _day(rng, start, end)
        ended = since + timedelta(days=rng.randint(10, 250))
        verzuim.append(
            VerzuimMelding(
                swv=swv,
                meldingnummer=f"V{seed}-{i:05d}",
                pupil=pseudonymise(f"demo-v-{rng.randrange(10**8)}"),
                soort=rng.choices(["relatief", "absoluut", "vrijstelling"], [6, 2, 1])[0],
                since=since,
                end=ended if ended <= end else None,
                thuiszitter=rng.random() < 0.6,
                brin6=rng.choice(regular),
                perspectief=rng.choice(["", "terug naar school", "zorg", "SO"]),
                reden=DEMO_REASONS[i % len(DEMO_REASONS)],  # not from rng: the other demo figures stay the same
            )
        )
    VerzuimMelding.objects.bulk_create(verzuim, batch_size=2000)
    arrangements = []
    pupils = [pseudonymise(f"demo-a-{swv.code}-{n}") for n in range(int(900 * scale) or 1)]
    for i in range(int(400 * years * scale)):
        s = _day(rng, start, end)
        e = s + timedelta(days=rng.randint(60, 400))
        arrangements.append(
            Arrangement(
                swv=swv,
                number=f"A{seed}-{i:06d}",
                kind=rng.choice(["licht", "middel", "zwaar", "onderwijszorg"]),
                brin6=rng.choice(regular),
                pupil=rng.choice(pupils),
                start=s,
                end=e if rng.random() < 0.8 else None,
                cost=Decimal(rng.randrange(500, 15000)),
                funding_line=rng.choice(["schoolbudget", "SWV", "gemeente"]),
            )
        )
    Arrangement.objects.bulk_create(arrangements, batch_size=2000)
    Terugplaatsing.objects.bulk_create(
        [
            Terugplaatsing(
                swv=swv,
                number=f"T{seed}-{i:05d}",
                pupil=pseudonymise(f"demo-t-{i}"),
                from_type=rng.choice(["SBO", "SO"]),
                from_brin6=rng.choice(special or regular),
                to_brin6=rng.choice(regular),
                date=_day(rng, start, end),
            )
            for i in range(int(25 * years * scale))
        ]
    )
    bind_indicators(swv, rng)
    from koers.monitoring import cache

    transaction.on_commit(lambda: (cache.changed(swv.pk), cache.changed(None)))
    return {"tellingen": len(counts), "tlv": len(tlvs), "verzuim": len(verzuim), "arrangementen": len(arrangements)}


def _manual_kind(ind, title: str) -> str:
    for keywords, kind in MANUAL:
        if all(k in title for k in keywords):
            return kind
    if ind.norm_kind == "mijlpaal" or (ind.unit or "").lower() in ("ja/nee", "ja-nee"):
        return "mijlpaal"
    return "percentage" if (ind.unit or "").strip() == "%" else "aantal" if ind.unit == "aantal" else "percentage"


def bind_indicators(swv, rng=None):
    """Bind demo indicators to measures by plan code and title keywords; the others get manual values."""
    from django.db.models import Q

    from koers.core.periods import school_year_bounds, school_year_of
    from koers.plans.models import Indicator

    rng = rng or random.Random(swv.code)
    demo_plans = Q()
    for prefix in DEMO_PLANS:
        demo_plans |= Q(plan__code__startswith=prefix)
    for ind in Indicator.objects.for_swv(swv).filter(demo_plans).select_related("plan").order_by("pk"):
        title = f" {ind.title.lower()} "
        manual = any(all(k in title for k in keywords) for keywords, _kind in MANUAL)
        if not ind.measure_code and not manual:
            for keywords, code, params in BINDINGS:
                if all(k in title for k in keywords):
                    ind.measure_code, ind.measure_params = code, params
                    ind.save(update_fields=["measure_code", "measure_params"])
                    break
        if ind.measure_code:
            continue
        ManualMeasurement.objects.for_swv(ind.swv_id).filter(indicator=ind, source="demo (synthetisch)").delete()
        today = clock.today()
        # one value per school year that has ended, from three years back (the history a trend compares with)
        current = school_year_of(today)
        last = (ind.plan.last_year + 1) if ind.plan.last_year else current
        years = range(min(ind.plan.first_year or current, current - 3), min(last, current))
        kind = _manual_kind(ind, title)
        unit = {"keer": "keer per jaar", "mijlpaal": "ja/nee"}.get(kind)
        if unit and ind.unit != unit:  # no pupil count: "2 keer" is not suppressed as "minder dan 5"
            ind.unit = unit
            if kind == "keer" and not ind.norm_text:
                ind.norm_kind, ind.norm_operator, ind.norm_value = "drempel", ">=", Decimal(3)
                ind.norm_text = "drie keer per jaar"
            ind.save(update_fields=["unit", "norm_kind", "norm_operator", "norm_value", "norm_text"])
        level = rng.uniform(55, 85) if kind == "percentage" else rng.uniform(8, 20)
        for year in years:
            day = school_year_bounds(year)[1]
            if day > today:
                break
            value, yes_no = None, None
            if kind == "mijlpaal":
                yes_no = year >= current - 1 or rng.random() < 0.3
            elif kind == "keer":
                value = Decimal(rng.choice((2, 3, 3)))
            elif kind == "aantal":
                level = max(0, level + rng.uniform(-2, 4))
                value = Decimal(round(level))
            else:
                level = min(99, level + rng.uniform(-2, 5))
                value = Decimal(f"{level:.1f}")
            ManualMeasurement.objects.create(
                swv=swv,
                indicator=ind,
                date=day,
                period_label=f"{year}-{year + 1}",
                value=value,
                yes_no=yes_no,
                source="demo (synthetisch)",
                note="Synthetische demowaarde",
            )
