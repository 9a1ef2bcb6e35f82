"""koers bench: synthetic data, import throughput, measure timings, an independent reference and report timings."""

import os
import random
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from koers.core.audience import Audience
from koers.core.management.options import option
from koers.monitoring import bench, bench_definitions, bench_flows
from koers.monitoring.measures import KINDS, REGISTRY, breakdown, compute_all
from koers.monitoring.measures.base import raw_value
from koers.monitoring.measures.library import national

ON = date(2025, 3, 1)
BREAKDOWNS = ("bestuur", "werkgebied", "school")
IMPORT_TARGET = 20_000
MEASURE_TARGET = 1.0
NATIONAL_TARGET = 30.0
PARTS = {
    "maten": "alle maten x perioden x uitsplitsingen en de referentie (groot SWV)",
    "stromen": "grensverkeer, DUO-lijst en de vergelijking met het TLV-register (groot SWV)",
    "verzuim": "verzuimredenen en het kwartaaloverzicht voor de Inspectie (groot SWV)",
    "definities": "stroom- en definitiematen met geheugengebruik (groot SWV)",
    "grenzen": "weigeren van vijandige bestanden en het grootste toegestane bestand",
    "landelijk": "veel SWV's (alleen met --swvs)",
    "rapportages": "PDF-tertiaalrapportage en dashboard (met de demo)",
}
LARGE_PARTS = ("maten", "stromen", "verzuim", "definities")


def _n(value) -> str:
    return f"{value:,.0f}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Meet importsnelheid en rekentijd van de maten op synthetische gegevens (groot SWV, optioneel landelijk), "
        "vergelijkt met een onafhankelijke referentieberekening en meet de rapportages."
    )

    def add_arguments(self, parser):
        option(
            parser,
            "--schaal",
            old="--scale",
            dest="scale",
            type=float,
            default=1.0,
            help="Fractie van de volle omvang (1 = 120.000 regels per groot SWV)",
        )
        parser.add_argument(
            "--swvs", type=int, default=0, help="Aantal SWV's voor de landelijke meting, bijv. 150 (0 = overslaan)"
        )
        parser.add_argument(
            "--landelijke-schaal",
            type=float,
            default=None,
            help="Schaal van de landelijke meting (1 = 20.000 regels per SWV, 150 SWV's = 3 miljoen); standaard --schaal",
        )
        option(
            parser,
            "--bewaar",
            old="--keep",
            dest="keep",
            action="store_true",
            help="Benchmarkgegevens na afloop laten staan",
        )
        parser.add_argument("--zonder-rapportages", action="store_true", help="Rapportagetijden overslaan")
        parser.add_argument(
            "--alleen",
            default="",
            metavar="ONDERDELEN",
            help="Alleen deze onderdelen, met komma's gescheiden: "
            + "; ".join(f"{name} ({what})" for name, what in PARTS.items()),
        )

    def line(self, what, value, target="", ok=None):
        verdict = "" if ok is None else ("gehaald" if ok else "NIET GEHAALD")
        self.stdout.write(f"{what:<68} {value:>12}  {target:<14} {verdict}")

    def handle(self, *args, scale=1.0, swvs=0, keep=False, zonder_rapportages=False, **options):
        national_scale = options.get("landelijke_schaal") or scale
        if scale <= 0:
            raise CommandError("--scale moet groter zijn dan 0.")
        if swvs > 200:
            raise CommandError("--swvs mag hoogstens 200 zijn.")
        parts = self.parts(options.get("alleen") or "", zonder_rapportages)
        codes = bench.bench_codes(swvs)
        from koers.organisations.models import Swv

        taken = Swv.objects.filter(code__in=codes).exclude(name=bench.BENCH_NAME).values_list("code", flat=True)
        if taken:
            raise CommandError(f"SWV-code(s) {', '.join(taken)} bestaan al en zijn geen benchmarkdata.")
        bench.cleanup(codes)
        with override_settings(DEBUG=False, KOERS_MEASURE_CACHE_SECONDS=0):  # as in production, no query log; no cache
            try:
                self.stdout.write(
                    f"Koers-benchmark op {connection.vendor}, schaal {scale:g} "
                    f"(tijden in seconden; machine-afhankelijk en gevoelig voor andere belasting)"
                )
                load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
                self.stdout.write(
                    f"Systeembelasting bij de start (load average, 1 min): {load:.1f} op {os.cpu_count()} kernen"
                )
                self.line("Meting", "waarde", "doel")
                self.stdout.write("-" * 110)
                if parts & set(LARGE_PARTS):
                    self.large(scale, parts)
                if "grenzen" in parts:
                    self.limits(scale)
                if swvs and "landelijk" in parts:
                    self.national(swvs, national_scale)
                if "rapportages" in parts:
                    self.reports()
            finally:
                if keep:
                    self.stdout.write("Benchmarkgegevens blijven staan (--keep).")
                else:
                    bench.cleanup(codes)

    @staticmethod
    def parts(text: str, without_reports: bool) -> set[str]:
        """The parts to run: all (less the reports with --zonder-rapportages), or the ones named in --alleen."""
        if not text.strip():
            return set(PARTS) - ({"rapportages"} if without_reports else set())
        named = {p.strip().lower() for p in text.split(",") if p.strip()}
        unknown = sorted(named - set(PARTS))
        if unknown:
            raise CommandError(f"Onbekend onderdeel bij --alleen: {', '.join(unknown)}. Kies uit: {', '.join(PARTS)}.")
        return named

    # -- import limits ---------------------------------------------------------------------------------------
    def limits(self, scale):
        """Refusing each hostile file, and reading the largest accepted one (scaled: ``scale`` × the row limit)."""
        from koers.core.importing import Limits, ReadError, check_size, read_table
        from koers.monitoring.importing.mapping import mapping_from_file
        from koers_dev.testing import bombs

        limits = Limits.current()

        def row(what, fn, refused=True):
            result, seconds, peak, rss = bombs.measure(fn)
            ok = isinstance(result, ReadError | Exception) if refused else not isinstance(result, Exception)
            self.line(f"{what}: s / piek MB (Python) / max RSS MB", f"{seconds:.3f} / {peak / 2**20:.0f}",
                      f"RSS {rss / 1024:.0f}", ok)  # fmt: skip

        row("Weigeren YAML-aliasbom (378 bytes)", lambda: mapping_from_file("bom.yaml", bombs.YAML_ALIAS_BOMB))
        wide = bombs.wide_csv(1_000_000)
        row(f"Weigeren CSV met 1 miljoen kolommen ({len(wide) / 2**20:.0f} MB)", lambda: read_table("w.csv", wide))
        bomb = bombs.zip_bomb_xlsx(limits.max_unzipped + 1024 * 1024)
        row(f"Weigeren zipbom-xlsx ({len(bomb) // 1024} kB, uitgepakt {limits.max_unzipped // 2**20 + 1} MB)",
            lambda: read_table("bom.xlsx", bomb))  # fmt: skip
        row("Weigeren te groot bestand (alleen de grootte)", lambda: check_size(limits.max_bytes + 1, limits))

        import io

        from koers.core.importing import read_limited

        stream = io.BytesIO(b"x" * (limits.max_bytes + 1024 * 1024))  # made before the measurement

        def oversize_stream():  # an upload whose size is not known beforehand: read until one byte over the limit
            return read_limited(stream, limits)

        row(f"Weigeren te grote stroom ({limits.max_bytes // 2**20 + 1} MB, leest grens + 1 byte)", oversize_stream)
        from koers.plans.io.importer import parse_plan

        row("Weigeren planbestand met YAML-aliasbom", lambda: parse_plan(bombs.YAML_ALIAS_BOMB, fmt="yaml"))
        rows = max(100, int(limits.max_rows * scale))
        line = "D{n};{n:09d};TLV SBO;11AA00;01-09-2024;15-09-2024;13-10-2024;afgegeven;SBO;L\n"
        text = "Dossiernummer;BSN;Aanvraagsoort;BRIN6;Ontvangstdatum;Datum compleet;Besluitdatum;Besluit;" \
            "Voorziening;Bekostigingscategorie\n" + "".join(line.format(n=n) for n in range(rows))  # fmt: skip
        data = text.encode()
        del text
        row(f"Lezen grootste toegestane CSV, geschaald ({_n(rows)} rijen, {len(data) / 2**20:.0f} MB)",
            lambda: read_table("groot.csv", data), refused=False)  # fmt: skip

    # -- one large SWV ---------------------------------------------------------------------------------------
    def large(self, scale, parts):
        rng = random.Random(42)
        brins = bench.brins_for(200)
        swv = bench.create_swv(bench.LARGE_CODE, bench.BENCH_NAME, brins, int(40_000 * max(scale, 0.01)))
        files = bench.make_files(rng, int(120_000 * scale), brins)
        n_rows = bench.rows_in(files)
        seconds = bench.import_files(swv, files)
        self.stdout.write(f"Groot SWV: {_n(n_rows)} registerregels, 200 scholen, 10 besturen, 4 werkgebieden")
        rate = n_rows / seconds
        self.line("Import incl. validatie en pseudonimisering (regels/s)", _n(rate), f">= {_n(IMPORT_TARGET)}",
                  rate >= IMPORT_TARGET)  # fmt: skip
        audience = Audience.system(swv, reason="benchmark")
        if "maten" in parts:
            self.measures(swv, files, audience)
        if "stromen" in parts:
            bench_flows.bench(self, swv, files, brins, ON, MEASURE_TARGET)  # grensverkeer, DUO-lijst, match
        if "verzuim" in parts:
            self.absence(swv, audience)
        if "definities" in parts:
            bench_definitions.bench(self, swv, files, brins, ON, MEASURE_TARGET)  # flow and definition measures

    def measures(self, swv, files, audience):
        """Every measure for every kind of period, whole SWV and per breakdown; the reference over the CSV files."""
        worst = {}
        total, count = 0.0, 0
        for by in (None, *BREAKDOWNS):
            slowest, name = 0.0, ""
            for m in REGISTRY.values():
                for kind in KINDS:
                    t = time.perf_counter()
                    if by is None:
                        m.value(audience, ON, period=kind)
                    else:
                        breakdown(m, audience, ON, by, period=kind)
                    d = time.perf_counter() - t
                    total, count = total + d, count + 1
                    if d > slowest:
                        slowest, name = d, f"{m.code}, {kind}"
            worst[by] = (slowest, name)
        n_measures = len(REGISTRY)
        for by, (slowest, name) in worst.items():
            label = "heel het SWV" if by is None else f"uitgesplitst per {by}"
            self.line(f"Maat x periode, {label}: traagste (s)", f"{slowest:.3f}", f"< {MEASURE_TARGET:g} s",
                      slowest < MEASURE_TARGET)  # fmt: skip
            self.line(f"  ({name})", "")
        self.line(
            f"Alle {n_measures} maten x {len(KINDS)} perioden x 4 uitsplitsingen ({count} stuks), totaal (s)",
            f"{total:.1f}",
        )

        t = time.perf_counter()
        ref = bench.reference_sql(files, ON)
        ref_time = time.perf_counter() - t
        t = time.perf_counter()
        ours = {k: raw_value(REGISTRY[k].compute(swv, ON, period=bench.REFERENCE_PERIOD.get(k))) for k in ref}
        koers_time = time.perf_counter() - t
        agree = all(ours[k] == ref[k] for k in ref)
        for k in ref:
            self.line(f"  Referentie {k}: Koers / referentie", f"{ours[k]} / {ref[k]}", "gelijk", ours[k] == ref[k])
        self.line(f"Referentie ({bench.reference_engine()} over de CSV-bestanden) komt overeen",
                  "ja" if agree else "NEE", "ja", agree)  # fmt: skip
        self.line("Rekentijd Koers / referentie (verhouding)", f"{koers_time / ref_time:.3f}")

    def absence(self, swv, audience):
        """The absence outputs that are not a single measure: top reasons and the Inspectie's quarterly overview."""
        from koers.core.periods import period_of
        from koers.monitoring import inspectie
        from koers.monitoring.measures.absence import top_reasons

        t = time.perf_counter()
        top_reasons(audience, ON, period_of("schooljaar", ON))
        d = time.perf_counter() - t
        self.line("Verzuimredenen (top 5), schooljaar (s)", f"{d:.3f}", f"< {MEASURE_TARGET:g} s", d < MEASURE_TARGET)
        t = time.perf_counter()
        inspectie.workbook(audience, inspectie.quarter_of(ON), today=ON)
        d = time.perf_counter() - t
        self.line("Kwartaaloverzicht thuiszitters Inspectie, Excel (s)", f"{d:.3f}", f"< {MEASURE_TARGET:g} s",
                  d < MEASURE_TARGET)  # fmt: skip

    # -- national: many SWV's --------------------------------------------------------------------------------
    def national(self, n_swvs, scale):
        from koers.monitoring.importing import import_file

        rng = random.Random(7)
        codes = bench.bench_codes(n_swvs)[1:]
        per_swv = int(20_000 * scale)
        n_rows, seconds, swvs = 0, 0.0, []
        for i, code in enumerate(codes):
            brins = bench.brins_for(30, offset=1000 + 30 * i)
            swv = bench.create_swv(code, bench.BENCH_NAME, brins, 20_000)
            files = bench.make_files(rng, per_swv, brins, pupils=20_000)
            n_rows += bench.rows_in(files)
            seconds += bench.import_files(swv, files)
            swvs.append(swv)
        year = ON.year - 1 if ON.month < 10 else ON.year
        run = import_file(swvs[0], "duo-swv", "swv_totaal.csv", bench.national_file(codes, rng, year))
        if run.status != "done":
            raise CommandError(f"DUO-bestand niet geïmporteerd: {run.problems[:3]}")
        self.stdout.write(f"Landelijk: {len(codes)} SWV's, {_n(n_rows)} registerregels")
        rate = n_rows / seconds
        self.line("Landelijk: import incl. validatie en pseudonimisering (regels/s)", _n(rate),
                  f">= {_n(IMPORT_TARGET)}", rate >= IMPORT_TARGET)  # fmt: skip
        t = time.perf_counter()
        for swv in swvs:
            compute_all(Audience.system(swv, reason="benchmark"), ON)
        d = time.perf_counter() - t
        self.line("Landelijk: alle maten van elk SWV op één peildatum (s)", f"{d:.1f}", f"< {NATIONAL_TARGET:g} s",
                  d < NATIONAL_TARGET)  # fmt: skip
        t = time.perf_counter()
        results = [national(swv, ON, code) for swv in swvs for code in ("deelname_sbo", "deelname_so")]
        d = time.perf_counter() - t
        self.line("Landelijke vergelijking: deelname SBO en SO, rang en landelijk cijfer voor elk SWV (s)",
                  f"{d:.2f}", f"< {NATIONAL_TARGET:g} s", d < NATIONAL_TARGET)  # fmt: skip
        first = results[0]
        if first:
            self.line(
                f"  {swvs[0].code}: SBO-deelname, rang en landelijk cijfer",
                f"{first['own']:.2f}% #{first['rank']}/{first['of']} ({first['national']:.2f}%)",
            )

    # -- reports -----------------------------------------------------------------------------------------------
    def reports(self):
        from koers.demo import setup

        if not setup.is_loaded():
            self.line("Rapportages (PDF tertiaalrapportage, dashboard)", "overgeslagen: geen demo")
            return
        from koers.reports.bench import bench_rows

        for name, seconds, target in bench_rows():
            self.line(name[:68], f"{seconds:.3f}", f"< {target:g} s", seconds < target)
