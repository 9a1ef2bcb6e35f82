"""SPOW's demo money: tariffs, the dekkend netwerk, the begroting's afdrachten per category, three jaarrekeningen.

Every amount is synthetic (made for the demo, not an official tariff nor SPOW's real jaarrekening) and says so in
its source. The begroting itself (total EUR 10.397.136, afdrachten 5.027.067, speerpunten 5.718.330, result
-348.261) comes from SPOW's jaar- en activiteitenplan (demo/data/spow-jap-2024-2025.yaml); the realisation to
date from :func:`koers.plans.demo.generate_progress`. Years follow the demo clock (:mod:`koers.demo.clock`).

The synthetic TLV register of the demo (:mod:`koers.monitoring.demo`) gives its TLV's no einddatum; a real TLV
always has one, so TLV's of this SWV without one get the usual term here: from the decision to 31 July of the
second school year after it. Only empty fields are filled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from koers.core.periods import school_year_of
from koers.demo.clock import BASE_YEAR, years_moved
from koers.finance import services
from koers.monitoring.models import Tlv
from koers.plans.models import Budget

SOURCE = "Demo: synthetisch bedrag, geen officieel tarief"
# calendar year offset from the demo's base year -> (SBO, SO L/M/H, VSO L/M/H)
TARIFFS = {
    0: ("6030", "13400", "19870", "26340", "13840", "20380", "27090"),
    1: ("6270", "13910", "20620", "27330", "14360", "21140", "28110"),
}
# name, kind, type, category, provider school index (None: the register's kind over all schools), register kind,
# places (last year, this year, planned next), tariff this year, indexation %
NETWORK = [
    ("SBO De Springplank", "voorziening", "SBO", "", 5, "", (178, 182, 184), "6030", "3.98"),
    ("SBO Het Startpunt", "voorziening", "SBO", "", 17, "", (156, 160, 164), "6030", "3.98"),
    ("SO De Kameleon", "voorziening", "SO", "M", 11, "", (64, 70, 72), "19870", "3.77"),
    ("Arrangement zwaar", "arrangement", "ARR", "H", None, "zwaar", (135, 145, 150), "9800", "3.50"),
    ("Arrangement middel", "arrangement", "ARR", "M", None, "middel", (150, 155, 160), "6200", "3.50"),
    ("Onderwijszorgarrangement", "arrangement", "ARR", "H", None, "onderwijszorg", (160, 170, 170), "14500", "3.50"),
]
# the begroting's afdrachten line of 5.027.067 built up per category: (type, category, pupils, amount)
BUDGETED = [
    ("SBO", "", "340", "2097800"),
    ("SO", "L", "95", "1301263"),
    ("SO", "M", "27", "548303"),
    ("SO", "H", "40", "1079701"),
]
# jaarrekening per year (offset from the base year): balance sheet and result items, hand-checked to balance
ACCOUNT_FIELDS = (
    "fixed_assets",
    "current_assets",
    "cash",
    "equity",
    "provisions",
    "long_term_debt",
    "short_term_debt",
    "income",
    "expenses",
)
ACCOUNTS = {
    -2: ("210000", "3115000", "2790000", "2385000", "120000", "0", "820000", "9640000", "9395000"),
    -1: ("195000", "3385000", "3020000", "2630000", "130000", "0", "820000", "10105000", "9860000"),
    0: ("180000", "3420000", "3050000", "2460000", "140000", "0", "1000000", "10520000", "10690000"),
}  # fmt: skip


def generate(swv) -> None:
    """Load SPOW's demo money (once: nothing happens when the SWV already has tariffs)."""
    if services.Tariff.objects.for_swv(swv).exists():
        return
    moved = years_moved()
    base = BASE_YEAR + moved
    for offset, amounts in TARIFFS.items():
        keys = [("SBO", ""), ("SO", "L"), ("SO", "M"), ("SO", "H"), ("VSO", "L"), ("VSO", "M"), ("VSO", "H")]
        for (school_type, category), amount in zip(keys, amounts, strict=True):
            services.save_tariff(swv, year=base + offset, school_type=school_type, category=category,
                                 amount=Decimal(amount), source=SOURCE)  # fmt: skip
    _network(swv, base)
    budget = Budget.objects.for_swv(swv).filter(year_plan__school_year=base).first()
    if budget is not None:
        for school_type, category, pupils, amount in BUDGETED:
            services.save_budgeted_contribution(budget, school_type=school_type, category=category,
                                                pupils=Decimal(pupils), amount=Decimal(amount))  # fmt: skip
    for offset, items in ACCOUNTS.items():
        year = base + offset
        services.save_annual_account(
            swv, None, year=year, source=f"Demo: synthetische jaarrekening {year}",
            **{k: Decimal(v) for k, v in zip(ACCOUNT_FIELDS, items, strict=True)},
        )  # fmt: skip
    _tlv_terms(swv)


def _network(swv, base: int) -> None:
    from koers.organisations.models import School

    # the demo's BRIN6 is 9 + (i // 26) + letter + chr(65 + i % 26) + 00 (koers.demo.setup._organisation)
    by_index = {int(s.brin6[1]) * 26 + ord(s.brin6[3]) - 65: s for s in School.objects.for_swv(swv).order_by("brin6")}
    for name, kind, kind_type, category, school, register_kind, places, tariff, index in NETWORK:
        provider = by_index.get(school) if school is not None else None
        provision = services.save_provision(
            swv,
            None,
            name=name,
            kind=kind,
            provision_type=kind_type,
            category=category,
            provider=provider.name if provider else "Samenwerkingsverband (bovenschools)",
            provider_brin6=provider.brin6 if provider else "",
            register_kind=register_kind,
            note="",
        )
        t1 = Decimal(tariff)
        t0 = (t1 / (1 + Decimal(index) / 100)).quantize(Decimal(1))
        for school_year, n, amount, planned in ((base - 1, places[0], t0, places[1]), (base, places[1], t1, places[2])):
            services.save_provision_year(
                provision, school_year=school_year, places=n, planned_next=planned, tariff=amount,
                tariff_source=SOURCE, indexation=Decimal(index),
            )  # fmt: skip


def _tlv_terms(swv) -> None:
    tlvs = list(
        Tlv.objects.for_swv(swv)
        .filter(besluit=Tlv.Besluit.AFGEGEVEN, einddatum__isnull=True)
        .exclude(besluitdatum=None)
    )
    for tlv in tlvs:
        tlv.ingangsdatum = tlv.ingangsdatum or tlv.besluitdatum
        tlv.einddatum = date(school_year_of(tlv.besluitdatum) + 3, 7, 31)
    Tlv.objects.bulk_update(tlvs, ["ingangsdatum", "einddatum"], batch_size=2000)
