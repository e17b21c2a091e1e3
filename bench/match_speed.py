"""Engine speed and memory on gen-synthetic's suppliers and demands (issue 3 targets: build ≤ 60 s over 100k,
p95 ≤ 30 ms per demand for top-20 with explanations, peak RSS ≤ 2 GB).

    .venv/bin/mcelink gen-synthetic --companies 100000 --seed 1 --demands 1000 --output var/synthetic
    .venv/bin/python bench/match_speed.py var/synthetic

Peers (rank-bm25, bm25s, tantivy) are not in this script yet.
"""

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mcelink.matching import Matcher, default_bridge  # noqa: E402
from mcelink.matching.jsonl import read_queries, read_suppliers  # noqa: E402


def main(directory: Path) -> None:
    suppliers = list(read_suppliers(directory / "suppliers.jsonl"))
    queries = [text for _q, text in read_queries(directory / "demands.jsonl")]
    started = time.perf_counter()
    bridge = default_bridge()
    bridge_seconds = time.perf_counter() - started
    started = time.perf_counter()
    matcher = Matcher.build(suppliers, bridge)
    build_seconds = time.perf_counter() - started
    latencies = []
    for text in queries:
        t = time.perf_counter()
        matcher.match(text, top=20)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"suppliers {len(suppliers)}, demands {len(queries)}")
    print(f"bridge {bridge_seconds:.1f} s, index build {build_seconds:.1f} s")
    print(f"latency top-20 with explanations: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    print(f"queries/s in one process: {len(queries) / (sum(latencies) / 1000):.0f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/synthetic"))
