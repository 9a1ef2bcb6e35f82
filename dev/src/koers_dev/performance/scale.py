"""Synthetic data for the scale-out load test: many SWV's, each with a unique marker text, made with bulk_create.

Each SWV gets schools, pupil counts, an ondersteuningsplan with themes, goals and indicators (most bound to a
measure on the registers), a jaarplan for the current school year with about 40 activities, and a few thousand
register rows (pupils pseudonymised with the same keyed hash as the importer). The marker (``SWVMERK0007``) is in
the SWV's name and short name and in every activity title, so a page that shows another SWV's data shows its
marker: :func:`foreign_markers` finds it.

Users for the active SWV's: bureau, eigenaar and toezicht in a fixed 2/7/1 pattern per ten users, with one shared
password hash (hashing is deliberately slow; one hash for all throwaway users keeps generation fast).
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

CODE_BASE = 6000  # PO6000 .. PO6224 (and on): outside the demo's and the benchmark's codes
MARKER_RE = re.compile(r"SWVMERK(\d{4})")
# 2 bureau, 7 eigenaar, 1 toezicht per ten users
ROLE_PATTERN = ["eigenaar", "bureau", "toezicht", "eigenaar", "eigenaar", "eigenaar", "bureau", "eigenaar"] + [
    "eigenaar",
    "eigenaar",
]
USER_PREFIX = "schaal"
BINDINGS = [
    ("tlv_aangevraagd", {}, "aantal"),
    ("tlv_afgegeven", {}, "aantal"),
    ("tlv_afgegeven_pct", {}, "%"),
    ("thuiszitters", {}, "aantal"),
    ("arrangementen_actief", {}, "aantal"),
    ("arrangementen_gestart", {}, "aantal"),
    ("deelname_sbo", {}, "%"),
    ("deelname_so", {}, "%"),
    ("terugplaatsingen", {}, "aantal"),
    ("", {}, "aantal"),  # manual measurements
]


def marker(index: int) -> str:
    return f"SWVMERK{index:04d}"


def swv_code(index: int) -> str:
    return f"PO{CODE_BASE + index:04d}"


def foreign_markers(content: str, own: str) -> set[str]:
    """The markers of other SWV's in a response (a non-empty set is a leak)."""
    return {m.group(0) for m in MARKER_RE.finditer(content)} - {own}


@dataclass
class World:
    """What a simulated user of one SWV may open."""

    index: int
    swv_id: int
    marker: str
    plan_urls: list[str]
    activity_ids: list[int]
    indicator_ids: list[int]
    owned: dict = field(default_factory=dict)  # actor id -> activity ids


@dataclass
class SimUser:
    username: str
    role: str
    world: World
    activity_ids: list[int]  # the activities this user opens (an eigenaar: the own ones)
    may_update: bool


def _brins(index: int, n: int) -> list[str]:
    out = []
    for j in range(n):
        k = index * n + j
        out.append(f"{10 + (k // 676) % 90:02d}{chr(65 + (k // 26) % 26)}{chr(65 + k % 26)}{k // 60840:02d}")
    return out


def existing(n_swvs: int) -> int:
    from koers.organisations.models import Swv

    return Swv.objects.filter(code__in=[swv_code(i) for i in range(n_swvs)]).count()


def generate(n_swvs: int, rows_per_swv: int = 3000, activities_per_swv: int = 40, stdout=None) -> float:
    """Create SWV's ``0 .. n_swvs-1`` (skipped when they are all there). Returns the seconds taken."""
    from koers.core import clock
    from koers.core.periods import parse_start, school_year_of
    from koers.monitoring.models import Arrangement, PupilCount, Terugplaatsing, Tlv, VerzuimMelding
    from koers.monitoring.pseudonym import pseudonymiser
    from koers.organisations.models import Actor, School, Schoolbestuur, Swv, Werkgebied
    from koers.plans.models import Activity, Goal, Indicator, Plan, Theme, YearPlan

    started = time.perf_counter()
    if existing(n_swvs) == n_swvs:
        if stdout:
            stdout.write(f"{n_swvs} synthetische SWV's staan er al; niets gemaakt.")
        return 0.0
    today = clock.today()
    year = school_year_of(today)
    pseudonym = pseudonymiser()
    starts = ["T1 " + str(year + 1), f"T3 {year}", "doorlopend", f"najaar {year}", f"T2 {year + 1}"]
    start_moments = {text: parse_start(text, year) for text in starts}
    first, days = date(year - 4, 8, 1), 5 * 365
    there = set(Swv.objects.filter(code__in=[swv_code(i) for i in range(n_swvs)]).values_list("code", flat=True))
    with transaction.atomic():
        swvs = Swv.objects.bulk_create(
            [
                Swv(
                    code=swv_code(i),
                    sector="PO",
                    name=f"Samenwerkingsverband schaal {i:03d} {marker(i)}",
                    short_name=marker(i),
                )
                for i in range(n_swvs)
                if swv_code(i) not in there
            ]
        )
        index_of = {s.code: int(s.code[2:]) - CODE_BASE for s in swvs}
        besturen, gebieden, schools, counts = [], [], [], []
        for swv in swvs:
            i = index_of[swv.code]
            besturen += [
                Schoolbestuur(swv=swv, name=f"Bestuur {b + 1} {marker(i)}", bevoegd_gezag=f"{50000 + i * 3 + b}")
                for b in range(3)
            ]
            gebieden += [Werkgebied(swv=swv, name=f"Werkgebied {g + 1}") for g in range(2)]
        Schoolbestuur.unscoped.bulk_create(besturen)
        Werkgebied.unscoped.bulk_create(gebieden)
        for n, swv in enumerate(swvs):
            i = index_of[swv.code]
            brins = _brins(i, 20)
            schools += [
                School(
                    swv=swv,
                    brin6=b,
                    name=f"School {b}",
                    bestuur=besturen[3 * n + k % 3],
                    werkgebied=gebieden[2 * n + k % 2],
                )
                for k, b in enumerate(brins)
            ]
            for peiljaar in range(year - 4, year + 1):
                day = date(peiljaar, 10, 1)
                total = 12_000 + 37 * i
                for kind, share in (("BO", 0.95), ("SBO", 0.0275), ("SO", 0.0225)):
                    counts.append(
                        PupilCount(
                            swv=swv, peiljaar=peiljaar, peildatum=day, school_type=kind, count=int(total * share)
                        )
                    )
                    counts += [
                        PupilCount(
                            swv=swv,
                            peiljaar=peiljaar,
                            peildatum=day,
                            level="school",
                            brin6=b,
                            school_type=kind,
                            count=max(1, int(total * share / 20)) + k % 7,
                            source="schaaltest",
                        )
                        for k, b in enumerate(brins)
                    ]
        School.unscoped.bulk_create(schools, batch_size=2000)
        PupilCount.unscoped.bulk_create(counts, batch_size=5000)

        plans = Plan.unscoped.bulk_create(
            [
                Plan(
                    swv=swv,
                    code=f"osp-{swv.code.lower()}",
                    title=f"Ondersteuningsplan {marker(index_of[swv.code])}",
                    first_year=year - 1,
                    last_year=year + 2,
                )
                for swv in swvs
            ]
        )
        themes = Theme.unscoped.bulk_create(
            [
                Theme(swv=p.swv, plan=p, code=str(t + 1), title=f"Speerpunt {t + 1} {marker(index_of[p.swv.code])}")
                for p in plans
                for t in range(4)
            ]
        )
        goals = Goal.unscoped.bulk_create(
            [
                Goal(swv=t.swv, plan=t.plan, theme=t, code=f"{t.code}.{g + 1}", title=f"Doel {t.code}.{g + 1}")
                for t in themes
                for g in range(2)
            ]
        )
        indicators = []
        for n, goal in enumerate(goals):
            for k in range(2):
                code, params, unit = BINDINGS[(n * 2 + k) % len(BINDINGS)]
                indicators.append(
                    Indicator(
                        swv=goal.swv,
                        plan=goal.plan,
                        theme=goal.theme,
                        goal=goal,
                        code=f"I{goal.code}.{k + 1}",
                        title=f"Indicator {goal.code}.{k + 1} ({code or 'handmatig'})",
                        unit=unit,
                        measure_code=code,
                        measure_params=params,
                    )
                )
        Indicator.unscoped.bulk_create(indicators, batch_size=2000)
        year_plans = YearPlan.unscoped.bulk_create(
            [YearPlan(swv=p.swv, plan=p, school_year=year, title=f"Jaarplan {year}-{year + 1}") for p in plans]
        )
        actors = Actor.unscoped.bulk_create(
            [Actor(swv=swv, name=f"Eigenaar {a + 1} {marker(index_of[swv.code])}") for swv in swvs for a in range(4)]
        )
        activities = []
        for n, yp in enumerate(year_plans):
            i = index_of[yp.swv.code]
            plan_goals = goals[8 * n : 8 * n + 8]
            for a in range(activities_per_swv):
                goal = plan_goals[a % 8]
                text = starts[a % len(starts)]
                moment = start_moments[text]
                activities.append(
                    Activity(
                        swv=yp.swv,
                        year_plan=yp,
                        theme=goal.theme,
                        goal=goal,
                        code=f"{goal.code}.{a + 1}",
                        description=f"Activiteit {a + 1} van {marker(i)}",
                        start_text=text,
                        start_date=moment.date,
                        start_tertiaal=moment.tertiaal.key if moment.tertiaal else "",
                        owner=actors[4 * n + a % 4],
                        order=a,
                    )
                )
        Activity.unscoped.bulk_create(activities, batch_size=2000)

        rng = random.Random(2026)
        tlvs, arrangements, verzuim, terug = [], [], [], []
        for swv in swvs:
            i = index_of[swv.code]
            brins = _brins(i, 20)
            pool = [pseudonym(f"{100000000 + i * 10000 + p}") for p in range(max(1, rows_per_swv // 3))]

            def day():
                return first + timedelta(days=rng.randrange(days))  # noqa: B023

            for k in range(int(rows_per_swv * 0.35)):
                o = day()
                b = o + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.9 else None
                so = rng.random() < 0.45
                tlvs.append(
                    Tlv(
                        swv=swv,
                        dossiernummer=f"S{i}-D{k}",
                        pupil=rng.choice(pool),
                        aanvraagsoort="TLV SO" if so else "TLV SBO",
                        brin6=rng.choice(brins),
                        ontvangstdatum=o,
                        datum_compleet=o + timedelta(days=rng.randint(0, 30)),
                        besluitdatum=b,
                        besluit=(rng.choice(["afgegeven"] * 9 + ["afgewezen"]) if b else ""),
                        voorziening="SO" if so else "SBO",
                        bekostigingscategorie=rng.choice("LMH") if so else "",
                    )
                )
            for k in range(int(rows_per_swv * 0.30)):
                s = day()
                arrangements.append(
                    Arrangement(
                        swv=swv,
                        number=f"S{i}-A{k}",
                        kind=rng.choice(["onderwijsarrangement", "zorgarrangement", "ambulante begeleiding"]),
                        brin6=rng.choice(brins),
                        pupil=rng.choice(pool),
                        start=s,
                        end=s + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.85 else None,
                        cost=rng.randrange(500, 25_000),
                        funding_line="ondersteuningsmiddelen",
                    )
                )
            for k in range(int(rows_per_swv * 0.30)):
                s = day()
                verzuim.append(
                    VerzuimMelding(
                        swv=swv,
                        meldingnummer=f"S{i}-V{k}",
                        pupil=rng.choice(pool),
                        soort=rng.choice(["absoluut", "relatief", "relatief", "vrijstelling"]),
                        since=s,
                        end=s + timedelta(days=rng.randint(5, 300)) if rng.random() < 0.8 else None,
                        thuiszitter=rng.random() < 0.05,
                        brin6=rng.choice(brins),
                    )
                )
            for k in range(int(rows_per_swv * 0.05)):
                terug.append(
                    Terugplaatsing(
                        swv=swv,
                        number=f"S{i}-T{k}",
                        pupil=rng.choice(pool),
                        from_type=rng.choice(["SBO", "SO"]),
                        to_brin6=rng.choice(brins),
                        date=day(),
                    )
                )
        for model, rows in (
            (Tlv, tlvs),
            (Arrangement, arrangements),
            (VerzuimMelding, verzuim),
            (Terugplaatsing, terug),
        ):
            model.unscoped.bulk_create(rows, batch_size=5000)
    seconds = time.perf_counter() - started
    if stdout:
        n_rows = len(tlvs) + len(arrangements) + len(verzuim) + len(terug)
        stdout.write(
            f"{len(swvs)} synthetische SWV's gemaakt ({len(activities)} activiteiten, {len(indicators)} indicatoren, "
            f"{n_rows} registerregels, {len(counts)} leerlingtellingen) in {seconds:.1f} s."
        )
    return seconds


def active_indices(n_swvs: int, n_active: int) -> list[int]:
    """``n_active`` SWV's spread evenly over ``0 .. n_swvs-1``."""
    n_active = max(1, min(n_active, n_swvs))
    return sorted({(k * n_swvs) // n_active for k in range(n_active)})


def worlds(indices: list[int]) -> list[World]:
    from koers.organisations.models import Swv
    from koers.plans.models import Activity, Indicator, YearPlan

    out = []
    for i in indices:
        swv = Swv.objects.get(code=swv_code(i))
        year_plan = YearPlan.objects.for_swv(swv).order_by("-school_year", "pk").first()
        activities = list(Activity.objects.for_swv(swv).filter(year_plan=year_plan).order_by("pk"))
        owned = {}
        for a in activities:
            owned.setdefault(a.owner_id, []).append(a.pk)
        out.append(
            World(
                index=i,
                swv_id=swv.pk,
                marker=marker(i),
                plan_urls=[f"/plannen/jaarplan/{year_plan.pk}/", f"/plannen/{year_plan.plan_id}/"],
                activity_ids=[a.pk for a in activities],
                indicator_ids=list(Indicator.objects.for_swv(swv).order_by("pk").values_list("pk", flat=True)),
                owned=owned,
            )
        )
    return out


def make_users(world_list: list[World], n_users: int, password: str) -> list[SimUser]:
    """``n_users`` users over the worlds: user j belongs to world j mod W; the roles follow ROLE_PATTERN so that
    every prefix of the list (the steps 50, 100, 200) has about the same mix. Existing users are reused."""
    from django.contrib.auth.hashers import make_password

    from koers.accounts.models import Membership, Role, User
    from koers.organisations.models import Actor

    roles = {r.code: r for r in Role.objects.filter(code__in=set(ROLE_PATTERN))}
    hashed = make_password(password)
    specs = []
    for j in range(n_users):
        world = world_list[j % len(world_list)]
        k = j // len(world_list)
        role = ROLE_PATTERN[(world.index + k) % len(ROLE_PATTERN)]
        specs.append((f"{USER_PREFIX}{j:04d}", role, world, k))
    with transaction.atomic():
        known = set(User.objects.filter(username__in=[s[0] for s in specs]).values_list("username", flat=True))
        User.objects.bulk_create([User(username=name, password=hashed) for name, *_r in specs if name not in known])
        users = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])}
        members = set(Membership.unscoped.filter(user__in=users.values()).values_list("user__username", flat=True))
        Membership.unscoped.bulk_create(
            [
                Membership(user=users[name], swv_id=world.swv_id, role=roles[role])
                for name, role, world, _k in specs
                if name not in members
            ]
        )
        through = Actor.users.through
        links, out = [], []
        for name, role, world, k in specs:
            if role == "eigenaar":
                actor_ids = sorted(world.owned)
                actor_id = actor_ids[k % len(actor_ids)]
                links.append(through(actor_id=actor_id, user_id=users[name].pk))
                mine = world.owned[actor_id]
            else:
                mine = world.activity_ids
            out.append(SimUser(name, role, world, mine, may_update=role in {"bureau", "eigenaar"}))
        through.objects.bulk_create(links, ignore_conflicts=True)
    return out
