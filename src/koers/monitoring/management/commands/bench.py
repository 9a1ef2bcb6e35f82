"""koers bench: synthetic data, import throughput, measure timings, and an independent pure-Python reference."""

import csv
import io
import random
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from koers.monitoring.importing import import_file
from koers.monitoring.measures import KINDS, REGISTRY, breakdown
from koers.monitoring.models import PupilCount
from koers.organisations.models import School, Schoolbestuur, Swv

START = date(2015, 8, 1)


def make_files(rng, n_rows, brins):
    """CSV bytes for TLV and verzuim registers (Dutch dates, semicolons, BSN column)."""
    tlv, verzuim = io.StringIO(), io.StringIO()
    w = csv.writer(tlv, delimiter=";")
    w.writerow(
        [
            "Dossiernummer",
            "BSN",
            "Aanvraagsoort",
            "BRIN6",
            "Ontvangstdatum",
            "Datum compleet",
            "Besluitdatum",
            "Besluit",
        ]
    )
    v = csv.writer(verzuim, delimiter=";")
    v.writerow(["Meldingnummer", "BSN", "Soort", "Verzuim sinds", "Einde verzuim", "BRIN6"])
    for i in range(n_rows // 2):
        o = START + timedelta(days=rng.randrange(3650))
        b = o + timedelta(days=rng.randint(7, 90))
        decided = rng.random() < 0.9
        w.writerow(
            [
                f"D{i}",
                f"{rng.randrange(10**9):09d}",
                rng.choice(["TLV SBO", "TLV SO"]),
                rng.choice(brins),
                o.strftime("%d-%m-%Y"),
                "",
                b.strftime("%d-%m-%Y") if decided else "",
                rng.choice(["afgegeven"] * 9 + ["afgewezen"]) if decided else "",
            ]
        )
        s = START + timedelta(days=rng.randrange(3650))
        e = s + timedelta(days=rng.randint(5, 300))
        v.writerow(
            [
                f"V{i}",
                f"{rng.randrange(10**9):09d}",
                rng.choice(["absoluut", "relatief"]),
                s.strftime("%d-%m-%Y"),
                e.strftime("%d-%m-%Y") if rng.random() < 0.8 else "",
                rng.choice(brins),
            ]
        )
    return tlv.getvalue().encode(), verzuim.getvalue().encode()


def reference(tlv_bytes, verzuim_bytes, on):
    """Pure-Python recomputation from the CSV files (no Django, no SQL)."""
    from koers.core.periods import parse_dutch_date, school_year_bounds, school_year_of

    start, end = school_year_bounds(school_year_of(on))
    requested = issued = 0
    for row in csv.DictReader(io.StringIO(tlv_bytes.decode()), delimiter=";"):
        o = parse_dutch_date(row["Ontvangstdatum"])
        b = parse_dutch_date(row["Besluitdatum"])
        requested += start <= o <= min(end, on)
        issued += bool(b and row["Besluit"] == "afgegeven" and start <= b <= min(end, on))
    active = 0
    for row in csv.DictReader(io.StringIO(verzuim_bytes.decode()), delimiter=";"):
        s, e = parse_dutch_date(row["Verzuim sinds"]), parse_dutch_date(row["Einde verzuim"])
        if s <= on and (e is None or e > on):
            active += row["Soort"] == "absoluut" or s <= on - timedelta(weeks=4)
    return {"tlv_aangevraagd": requested, "tlv_afgegeven": issued, "thuiszitters": active}


class Command(BaseCommand):
    help = "Meet importsnelheid en rekentijd van de maten op synthetische gegevens en vergelijkt met een referentie."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fractie van de volle omvang (1 = 120.000 regels)")
        parser.add_argument(
            "--swvs", type=int, default=0, help="Aantal SWV's voor de landelijke meting (0 = overslaan)"
        )

    def line(self, what, value, target=""):
        self.stdout.write(f"{what:<60} {value:>14} {target}")

    def handle(self, scale=1.0, swvs=0, **options):
        rng = random.Random(42)
        n_rows = int(120_000 * scale)
        with transaction.atomic():
            swv = Swv.objects.create(code="PO9998", name="Benchmark (synthetisch)", short_name="Bench")
            besturen = [
                Schoolbestuur.objects.create(swv=swv, name=f"Bestuur {i}", bevoegd_gezag=f"{90000 + i}")
                for i in range(10)
            ]
            brins = [f"{10 + i // 100:02d}B{chr(65 + i % 26)}{i % 100:02d}" for i in range(200)]
            School.objects.bulk_create(
                [School(swv=swv, brin6=b, name=f"School {b}", bestuur=besturen[i % 10]) for i, b in enumerate(brins)]
            )
            PupilCount.objects.bulk_create(
                [
                    PupilCount(swv=swv, peiljaar=y, peildatum=date(y, 10, 1), school_type=t, count=n, source="bench")
                    for y in range(2015, 2026)
                    for t, n in (("BO", 38000), ("SBO", 1100), ("SO", 900))
                ]
            )
            tlv_bytes, verzuim_bytes = make_files(rng, n_rows, brins)
            self.stdout.write(f"Benchmark, {n_rows:,} registerregels".replace(",", "."))
            t0 = time.perf_counter()
            r1 = import_file(swv, "tlv", "tlv.csv", tlv_bytes)
            r2 = import_file(swv, "verzuim", "verzuim.csv", verzuim_bytes)
            took = time.perf_counter() - t0
            assert r1.status == r2.status == "done", (r1.problems[:3], r2.problems[:3])
            self.line(
                "Import incl. validatie en pseudonimisering (regels/s)", f"{n_rows / took:,.0f}", "(doel >= 20.000)"
            )
            on = date(2025, 3, 1)
            worst, total, n, slowest = 0.0, 0.0, 0, ""
            for m in REGISTRY.values():
                for kind in KINDS:
                    t = time.perf_counter()
                    m.value(swv, on, period=kind)
                    breakdown(m, swv, on, "bestuur", period=kind)
                    d = time.perf_counter() - t
                    if d > worst:
                        slowest = f"{m.code} ({kind})"
                    worst, total, n = max(worst, d), total + d, n + 1
            self.line(
                f"Maten x perioden, met uitsplitsing per bestuur ({n} stuks), traagste (s)",
                f"{worst:.3f}",
                "(doel < 1 s)",
            )
            self.line("Traagste maat", slowest)
            self.line("Idem, totaal (s)", f"{total:.1f}")
            t = time.perf_counter()
            ref = reference(tlv_bytes, verzuim_bytes, on)
            ref_time = time.perf_counter() - t
            t = time.perf_counter()
            ours = {k: REGISTRY[k].value(swv, on).value for k in ref}
            koers_time = time.perf_counter() - t
            for k in ref:
                self.line(
                    f"  {k}: Koers / referentie", f"{ours[k]} / {ref[k]}", "gelijk" if ours[k] == ref[k] else "VERSCHIL"
                )
            self.line("Rekentijd Koers / referentie (verhouding)", f"{koers_time / ref_time:.3f}")
            transaction.set_rollback(True)
