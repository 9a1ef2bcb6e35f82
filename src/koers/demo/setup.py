"""The demo: two SWV's (SPOW and SPPOH) with their organisation, users and plans.

The plans are the public planning documents in shared/seeds, written as Koers import files in
``koers/demo/data``. The SWV codes of the demo are illustrative; SPOW has the lowest, so that a demo user who
belongs to both SWV's starts in SPOW (Koers opens the membership with the lowest SWV code first).
"""

from pathlib import Path

from django.db import transaction

from koers.accounts.models import Membership, Role, User
from koers.organisations.models import Actor, Gremium, StaffMember, Swv

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
    },
    {
        "code": "PO2815",
        "name": "Samenwerkingsverband Passend Primair Onderwijs Haaglanden",
        "short_name": "SPPOH",
        "main_colour": "#6a2c70",
        "steunpunt_contact": "Ouder- en jeugdsteunpunt SPPOH: ojsp@sppoh.example",
        "plan_files": ["sppoh-strategiekaart-2023-2024.yaml"],
    },
]

USERS = [
    # username, name, role per swv short name, superuser
    ("beheerder", ("Beheer", "Koers"), {"SPOW": "beheerder", "SPPOH": "beheerder"}, True),
    ("bureau", ("Marike", "van Brakel"), {"SPOW": "bureau", "SPPOH": "bureau"}, False),
    ("eigenaar", ("Eva", "Eigenaar"), {"SPOW": "eigenaar"}, False),
    ("bestuur", ("Bas", "Bestuur"), {"SPOW": "schoolbestuur"}, False),
    ("toezicht", ("Tineke", "Toezicht"), {"SPOW": "toezicht", "SPPOH": "toezicht"}, False),
]


def is_loaded() -> bool:
    return Swv.objects.filter(is_demo=True).exists()


@transaction.atomic
def load(stdout=None):
    from koers.monitoring import demo as monitoring_demo
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
        swvs[spec["short_name"]] = swv
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
            Membership.objects.get_or_create(user=user, swv=swvs[short], defaults={"role": roles[role]})
    for spec in SWVS:
        swv = swvs[spec["short_name"]]
        for name in spec["plan_files"]:
            import_plan_file(DATA_DIR / name, swv=swv)
        monitoring_demo.generate(swv, seed=2024)
    # link demo users to what they own, so "mijn activiteiten" and rounds work in the demo
    spow = swvs["SPOW"]
    besturen = Actor.objects.filter(swv=spow, name="Schoolbesturen").first()
    if besturen:
        besturen.users.add(User.objects.get(username="eigenaar"))
    bureau_actor = Actor.objects.filter(swv=spow, name="SPOW-bureau").first()
    if bureau_actor:
        bureau_actor.users.add(User.objects.get(username="bureau"))
    staff = StaffMember.objects.filter(swv=spow, name="Marike van Brakel").first()
    if staff:
        staff.user = User.objects.get(username="bureau")
        staff.save()
    for swv in swvs.values():
        for name, kind in [("Raad van Toezicht", "RvT"), ("Ondersteuningsplanraad", "OPR")]:
            Gremium.objects.get_or_create(swv=swv, name=name, defaults={"kind": kind})
    return swvs
