"""The demo: three SWV's (SPOW, SPPOH and SPOR) with their organisation, users and plans.

The plans of SPOW and SPPOH are the public planning documents in shared/seeds, written as Koers import files in
``koers/demo/data``. SPOR is made up: a bureau of a PO and a VO SWV with one organisation (ADR 0014), whose three
plans have the other shapes of the domain brief (wat/wie/wanneer/budget, thema/project, a flat plan of themes). The SWV codes of the demo are illustrative; SPOW has the lowest, so that a demo user who
belongs to both SWV's starts in SPOW (Koers opens the membership with the lowest SWV code first).
"""

from pathlib import Path

from django.db import transaction

from koers.accounts.models import Membership, Role, User
from koers.organisations.models import (
    Actor,
    Gemeente,
    Gremium,
    School,
    Schoolbestuur,
    StaffMember,
    Swv,
    SwvCode,
    Werkgebied,
)

DATA_DIR = Path(__file__).parent / "data"
DEMO_PASSWORD = "koers-demo-2024"  # noqa: S105 - a published demo login on a loopback server

SWVS = [
    {
        "code": "PO2806",
        "name": "Samenwerkingsverband Primair Onderwijs Westland",
        "short_name": "SPOW",
        "main_colour": "#00567a",
        "steunpunt_contact": "Ouder- en jeugdsteunpunt SPOW: ojsp@spow.example, 0174 000 000",
        "plan_files": ["spow-jap-2024-2025.yaml"],
        "gemeenten": ["Westland"],
        "werkgebieden": ["Naaldwijk en Honselersdijk", "Monster en Poeldijk", "Wateringen en Kwintsheul", "De Lier"],
        "besturen": [
            "Stichting Kustscholen Westland",
            "Stichting Openbaar Onderwijs Westland",
            "Vereniging Glas en Groen Onderwijs",
            "Stichting Samen Leren",
            "Stichting De Vier Windstreken",
        ],
        "schools": 44,
        "brin_letter": "W",
    },
    {
        "code": "PO2815",
        "name": "Samenwerkingsverband Passend Primair Onderwijs Haaglanden",
        "short_name": "SPPOH",
        "main_colour": "#6a2c70",
        "steunpunt_contact": "Ouder- en jeugdsteunpunt SPPOH: ojsp@sppoh.example",
        "plan_files": ["sppoh-strategiekaart-2023-2024.yaml"],
        "gemeenten": ["Den Haag", "Leidschendam-Voorburg"],
        "werkgebieden": ["Centrum", "Escamp", "Laak", "Loosduinen", "Scheveningen", "Segbroek", "Haagse Hout"],
        "besturen": [
            "Stichting Haagse Scholen aan Zee",
            "Stichting Openbaar Primair Onderwijs Haaglanden",
            "Stichting Katholiek Onderwijs Hofstad",
            "Vereniging Christelijk Onderwijs Residentie",
            "Stichting Islamitisch Onderwijs Haaglanden",
            "Stichting Vrije School Haaglanden",
        ],
        "schools": 70,
        "brin_letter": "H",
    },
    {
        "code": "PO2890",
        "extra_codes": ["VO2890"],  # one bureau for a PO and a VO SWV (ADR 0014)
        "name": "Samenwerkingsverband Passend Onderwijs Rivierenland (PO en VO)",
        "short_name": "SPOR",
        "main_colour": "#2d6a2e",
        "steunpunt_contact": "Ouder- en jeugdsteunpunt SPOR: ojsp@spor.example",
        "plan_files": [
            "rivierenland-osp-2017-2021.yaml",
            "rivierenland-jaarplan-2024-2025.yaml",
            "rivierenland-themaplan-2024-2025.yaml",
        ],
        "gemeenten": ["Tiel", "Culemborg"],
        "werkgebieden": ["Tiel", "Culemborg", "Geldermalsen"],
        "besturen": ["Stichting Rivierenland Primair", "Stichting Betuwe Voortgezet", "Vereniging De Linge"],
        "schools": 24,
        "vo_schools": 6,  # the last ones: VO (and one PrO) for the VO SWV
        "brin_letter": "R",
        "bestuur_start": 81,
    },
]

USERS = [
    # username, name, role per swv short name, superuser
    ("beheerder", ("Beheer", "Koers"), {"SPOW": "beheerder", "SPPOH": "beheerder", "SPOR": "beheerder"}, True),
    ("bureau", ("Marike", "van Brakel"), {"SPOW": "bureau", "SPPOH": "bureau", "SPOR": "bureau"}, False),
    ("eigenaar", ("Eva", "Eigenaar"), {"SPOW": "eigenaar"}, False),
    ("bestuur", ("Bas", "Bestuur"), {"SPOW": "schoolbestuur"}, False),
    ("toezicht", ("Tineke", "Toezicht"), {"SPOW": "toezicht", "SPPOH": "toezicht", "SPOR": "toezicht"}, False),
]


SCHOOL_NAMES = [
    "De Regenboog", "Het Kompas", "De Wilgenhoek", "De Zeester", "Het Palet", "De Duinroos", "De Windwijzer",
    "Het Tuinhuis", "De Springplank", "De Vlinder", "Het Anker", "De Boomgaard", "De Kameleon", "Het Klaverblad",
    "De Ontdekking", "De Fontein", "De Ark", "Het Startpunt", "De Horizon", "De Sterrenwacht", "De Kas",
    "De Waterlelie", "Het Mozaïek", "De Bron",
]  # fmt: skip


def is_loaded() -> bool:
    return Swv.objects.filter(is_demo=True).exists()


@transaction.atomic
def load(stdout=None):
    from koers.demo import money as money_demo
    from koers.demo.clock import moved_file, years_moved
    from koers.monitoring import demo as monitoring_demo
    from koers.monitoring import demo_flows
    from koers.plans.io.importer import import_plan_file

    swvs = {}
    for spec in SWVS:
        swv, _created = Swv.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "short_name": spec["short_name"],
                "main_colour": spec["main_colour"],
                "steunpunt_contact": spec["steunpunt_contact"],
                "is_demo": True,
            },
        )
        for extra in spec.get("extra_codes", ()):
            SwvCode.objects.get_or_create(swv=swv, code=extra)
        swvs[spec["short_name"]] = swv
        _organisation(swv, spec)
    roles = {r.code: r for r in Role.objects.all()}
    for username, (first, last), memberships, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@koers-demo.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = superuser
            user.save()
        for short, role in memberships.items():
            bestuur = None
            if role == "schoolbestuur":  # sees the monitoring data of the schools of one bestuur
                bestuur = Schoolbestuur.objects.for_swv(swvs[short]).filter().order_by("bevoegd_gezag").first()
            Membership.objects.get_or_create(
                user=user, swv=swvs[short], defaults={"role": roles[role], "schoolbestuur": bestuur}
            )
    for spec in SWVS:
        swv = swvs[spec["short_name"]]
        for name in spec["plan_files"]:
            with moved_file(DATA_DIR / name, years_moved()) as path:  # the demo clock: see koers.demo.clock
                import_plan_file(path, swv=swv)
        monitoring_demo.generate(swv, seed=2024)
    demo_flows.generate(swvs["SPOW"], seed=2024)  # grensverkeer and DUO's funded list, from SPOW's TLV register
    # link demo users to what they own, so "mijn activiteiten" and rounds work in the demo
    spow = swvs["SPOW"]
    besturen = Actor.objects.for_swv(spow).filter(name="Schoolbesturen").first()
    if besturen:
        besturen.users.add(User.objects.get(username="eigenaar"))
    bureau_actor = Actor.objects.for_swv(spow).filter(name="SPOW-bureau").first()
    if bureau_actor:
        bureau_actor.users.add(User.objects.get(username="bureau"))
    staff = StaffMember.objects.for_swv(spow).filter(name="Marike van Brakel").first()
    if staff:
        staff.user = User.objects.get(username="bureau")
        staff.save()
    from koers.plans.demo import generate_progress
    from koers.plans.models import YearPlan

    for year_plan in YearPlan.unscoped.filter(swv__in=swvs.values()).order_by("pk"):
        generate_progress(year_plan, seed=2024, author=User.objects.get(username="bureau"))
    from koers.demo import history

    history.generate(swvs["SPPOH"], author=User.objects.get(username="bureau"))  # SPPOH 2021-2025: four jaarplannen
    for swv in swvs.values():
        for name, kind in [("Raad van Toezicht", "RvT"), ("Ondersteuningsplanraad", "OPR")]:
            Gremium.objects.get_or_create(swv=swv, name=name, defaults={"kind": kind})
    money_demo.generate(spow)  # tariffs, dekkend netwerk, afdrachten per category, jaarrekeningen (koers.demo.money)
    _public_page(spow)
    from koers.demo.trajectory import generate as trajectory_demo  # SPPOH on its way to the plan 2025-2029

    trajectory_demo(swvs["SPPOH"], user=User.objects.get(username="bureau"))
    return swvs


def _public_page(swv):
    """SPOW publishes its page (SPPOH does not, so the demo shows both)."""
    from koers.plans.models import Plan
    from koers.public.models import PublicPage

    PublicPage.objects.get_or_create(
        swv=swv,
        defaults={
            "published": True,
            "introduction": (
                "Samen met de scholen in het Westland zorgen wij ervoor dat elk kind onderwijs krijgt dat past. "
                "Heeft uw kind extra hulp nodig? Dan zoekt de school samen met u naar een goede plek. "
                "Lukt dat niet, dan helpt het ouder- en jeugdsteunpunt u verder."
            ),
            "plan": Plan.objects.for_swv(swv).order_by("pk").first(),
            "measures": ["plan_activiteiten_afgerond", "deelname_sbo", "deelname_so", "thuiszitters_per_1000"],
        },
    )


def _organisation(swv, spec):
    """Synthetic besturen, werkgebieden and schools (fictitious names and BRIN6 codes starting with 9)."""
    if School.objects.for_swv(swv).exists():
        return
    gemeenten = [Gemeente.objects.get_or_create(swv=swv, name=name)[0] for name in spec["gemeenten"]]
    gebieden = [
        Werkgebied.objects.get_or_create(swv=swv, name=name, defaults={"description": "Synthetisch demogebied."})[0]
        for name in spec["werkgebieden"]
    ]
    besturen = [
        Schoolbestuur.objects.get_or_create(swv=swv, bevoegd_gezag=f"9{i:04d}", defaults={"name": name})[0]
        for i, name in enumerate(
            spec["besturen"], start=spec.get("bestuur_start", 1 if spec["brin_letter"] == "W" else 51)
        )
    ]
    letter, schools = spec["brin_letter"], []
    for i in range(spec["schools"]):
        gebied = gebieden[i % len(gebieden)]
        kind = School.Type.SBO if i in (5, 17) else School.Type.SO if i == 11 else School.Type.BO
        vo = spec["schools"] - spec.get("vo_schools", 0)
        if i >= vo:
            kind = School.Type.PRO if i == vo else School.Type.VO
        label = {
            "BO": "Basisschool",
            "SBO": "SBO",
            "SO": "School voor speciaal onderwijs",
            "VO": "Scholengemeenschap",
            "PRO": "Praktijkschool",
        }[kind]
        name = f"{label} {SCHOOL_NAMES[i % len(SCHOOL_NAMES)]}"
        if i >= len(SCHOOL_NAMES):
            name += f" ({gebied.name})"
        schools.append(
            School(
                swv=swv,
                brin6=f"9{i // 26}{letter}{chr(65 + i % 26)}00",
                name=name,
                school_type=kind,
                bestuur=besturen[(i * 7) % len(besturen)],
                werkgebied=gebied,
                gemeente=gemeenten[i % len(gemeenten)],
                city=gebied.name.split(" en ")[0],
            )
        )
    School.objects.bulk_create(schools)
