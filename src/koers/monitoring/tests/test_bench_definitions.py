"""The ``koers bench`` rows of the flow and definition measures at a small scale: every measure gets its row with
time and peak memory, and the definition measures agree with DuckDB over the same rows (no timings asserted)."""

import random
from datetime import date

from koers.monitoring import bench, bench_definitions, bench_flows

ON = date(2025, 3, 1)


class Lines:
    def __init__(self):
        self.rows = []

    def line(self, what, value, target="", ok=None):
        self.rows.append((what, value, target, ok))


def test_bench_rows_and_the_duckdb_reference_of_the_definitions(db):
    rng = random.Random(11)
    brins = bench.brins_for(12)
    swv = bench.create_swv(bench.LARGE_CODE, bench.BENCH_NAME, brins, 3000)
    files = bench.make_files(rng, 1500, brins)
    bench.import_files(swv, files)
    flows = {
        "tlv": bench_flows.with_beschikkingen(files["tlv"]),
        **bench_flows.flow_files(rng, files["tlv"], swv.code, brins, date(2025, 2, 1)),
    }
    bench.import_files(swv, flows)
    out = Lines()
    bench_definitions.bench(out, swv, files, brins, ON, 60.0)
    names = [what for what, *_rest in out.rows]
    for code, _params in bench_definitions.MEASURES:
        row = next(r for r in out.rows if r[0].strip().startswith(code))
        seconds, peak = row[1].split(" / ")
        assert float(seconds) >= 0 and float(peak) >= 0, row
    assert any(n.startswith("Verzuimredenen met duur per reden") for n in names)
    references = [r for r in out.rows if r[0].strip().startswith("Referentie ")]
    assert len(references) == len(bench_definitions.REFERENCE_PARAMS)
    assert all(r[3] for r in references), [r for r in references if not r[3]]
    assert out.rows[-1][1] == "ja"
    wrong = bench_definitions.reference(files["tlv"], [(date(2025, 2, 1), "SO", 1)], ON)
    assert wrong["leerlingen_so"] == 1  # the reference reads the rows it is given, not Koers' tables
