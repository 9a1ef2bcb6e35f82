"""Synthetic funding and flow data for the demo (SPOW): DUO's grensverkeer counts and a funded-pupil list that
agree with the demo TLV register. Nothing here is real pupil data.

Called once from ``koers.demo.setup.load`` after :func:`koers.monitoring.demo.generate`; it gives the afgegeven
SBO/SO TLV's of the register a beschikkingsnummer, ingangsdatum and einddatum (the register of the demo has none),
then derives from them the DUO list (most TLV's on it, a few only in the register, a few only at DUO) and the
counts per direction, so that the dashboard's "Leerlingstromen" and the board pack show figures that fit together.
"""

import random
from datetime import date

from django.db import transaction

from koers.core import clock
from koers.core.periods import school_year_of
from koers.monitoring import cache
from koers.monitoring.flow_models import FlowCount, FundedPupil
from koers.monitoring.models import Tlv
from koers.monitoring.pseudonym import pseudonymise
from koers.organisations.models import School

OUTSIDE_SCHOOLS = ("27ZZ01", "28YY02", "14XW00", "31VV03")  # schools of neighbouring SWV's (synthetic BRIN6)


def list_date(today):
    """1 February of this year, or of last year before that date: the demo's funded-pupil list."""
    return date(today.year, 2, 1) if today >= date(today.year, 2, 1) else date(today.year - 1, 2, 1)


@transaction.atomic
def generate(swv, *, seed: int = 2024):
    rng = random.Random(f"{swv.code}-flows-{seed}")
    today = clock.today()
    FundedPupil.objects.for_swv(swv).delete()
    FlowCount.objects.for_swv(swv).delete()
    special = list(
        School.objects.for_swv(swv).filter(school_type__in=("SBO", "SO")).values_list("brin6", "school_type")
    )
    own_sbo = [b for b, t in special if t == "SBO"] or ["99SB00"]
    own_so = [b for b, t in special if t == "SO"] or ["99SO00"]
    issued = list(
        Tlv.objects.for_swv(swv)
        .filter(besluit="afgegeven", voorziening__in=("SBO", "SO"), besluitdatum__isnull=False)
        .order_by("dossiernummer")
    )
    for i, tlv in enumerate(issued, start=1):
        tlv.beschikkingsnummer = f"{swv.code}-{tlv.besluitdatum.year}-{i:05d}"
        tlv.ingangsdatum = tlv.besluitdatum
        start_year = tlv.besluitdatum.year + (tlv.besluitdatum.month >= 8)
        tlv.einddatum = date(start_year + rng.choice((1, 2, 2, 3)), 7, 31)
    Tlv.objects.bulk_update(issued, ["beschikkingsnummer", "ingangsdatum", "einddatum"], batch_size=2000)
    # two years of DUO's lists (1 February of this and of last school year): the history per year
    day = list_date(today)
    funded = []
    for list_day in (date(day.year - 1, 2, 1), day):
        year_rows = _funded_list(swv, rng, issued, list_day, own_sbo, own_so)
        if list_day == day:
            current = year_rows
        funded += year_rows
    FundedPupil.objects.bulk_create(funded, batch_size=2000)
    counts = []
    out_now = {t: sum(1 for f in current if f.school_type == t and not f.binnen) for t in ("SBO", "SO")}
    in_now = {t: sum(1 for f in current if f.school_type == t and f.binnen) for t in ("SBO", "SO")}
    for year in range(today.year - 3, today.year + 1):
        peildatum = date(year, 10, 1)
        if peildatum > today:
            break
        drift = 1 + 0.05 * (year - today.year)
        for kind in ("SBO", "SO"):
            rows = {
                FlowCount.Direction.BINNEN: round(in_now[kind] * drift),
                FlowCount.Direction.UITGAAND: round(out_now[kind] * drift) + rng.randint(0, 2),
                FlowCount.Direction.INKOMEND: round(out_now[kind] * rng.uniform(0.6, 1.3)) + rng.randint(2, 9),
            }
            for direction, n in rows.items():
                hidden = kind == "SBO" and direction == FlowCount.Direction.INKOMEND and year == today.year - 3
                counts.append(
                    FlowCount(
                        swv=swv,
                        peiljaar=year,
                        peildatum=peildatum,
                        school_type=kind,
                        direction=direction,
                        count=None if hidden else n,
                        suppressed=hidden,  # DUO's "<5" in an old year: shown as such, never as 0
                        source="demo",
                    )
                )
    FlowCount.objects.bulk_create(counts)
    transaction.on_commit(lambda: cache.changed(swv.pk))
    return {"funded": len(funded), "flows": len(counts)}


def _funded_list(swv, rng, issued, day, own_sbo, own_so) -> list[FundedPupil]:
    """DUO's list on ``day``: the TLV's valid then (a few not yet at DUO), and a few only at DUO."""
    school_year = school_year_of(day)
    valid = [t for t in issued if t.ingangsdatum <= day and t.einddatum >= day]
    funded = []
    for tlv in valid:
        if rng.random() < 0.04:  # not (yet) at DUO: only in the register
            continue
        inside = rng.random() < 0.86
        kind = tlv.voorziening
        funded.append(
            FundedPupil(
                swv=swv,
                beschikkingsnummer=tlv.beschikkingsnummer,
                pupil=tlv.pupil,
                categorie=tlv.bekostigingscategorie if kind == "SO" else "",
                brin6=rng.choice(own_sbo if kind == "SBO" else own_so) if inside else rng.choice(OUTSIDE_SCHOOLS),
                school_type=kind,
                peildatum=day,
                school_year=school_year,
                binnen=inside,
            )
        )
    for n in range(max(3, len(valid) // 40)):  # at DUO, not in the register: from another SWV's file, say
        funded.append(
            FundedPupil(
                swv=swv,
                beschikkingsnummer=f"{swv.code}-DUO-{school_year}-{n + 1:04d}",
                pupil=pseudonymise(f"demo-duo-{swv.code}-{school_year}-{n}"),
                categorie=rng.choice("LLM"),
                brin6=rng.choice(own_so),
                school_type="SO",
                peildatum=day,
                school_year=school_year,
                binnen=True,
            )
        )
    return funded
