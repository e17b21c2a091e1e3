"""Engine speed and memory on gen-synthetic's suppliers and demands, next to rank-bm25, bm25s and tantivy on the
same corpus and queries, in the same run. Each system runs in its own process, so each peak RSS is its own.

    .venv/bin/mcelink gen-synthetic --companies 100000 --seed 1 --demands 10000 --output var/synthetic
    .venv/bin/python bench/match_speed.py var/synthetic

Latency is measured on the first 1,000 demands (top-20; the engine also builds its explanations); the batch is
all demands in the file. rank-bm25 scores every document in Python for every query, so it runs on 100 demands
and its batch time is extrapolated (marked ~). Issue 3 targets: build ≤ 60 s over 100k, p95 ≤ 30 ms, batch of
10k demands ≤ 60 s, peak RSS ≤ 2 GB.
"""

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SYSTEMS = ["mcelink", "bm25s", "tantivy", "rank-bm25"]
LATENCY_QUERIES = 1000
RANK_BM25_QUERIES = 100


def run_system(system: str, directory: Path) -> dict[str, float]:
    from mcelink.matching.index import profile_fields
    from mcelink.matching.jsonl import read_queries, read_suppliers

    suppliers = list(read_suppliers(directory / "suppliers.jsonl"))
    queries = [text for _q, text in read_queries(directory / "demands.jsonl")]
    texts = [" ".join(profile_fields(s)) for s in suppliers]
    started = time.perf_counter()
    search = _build(system, suppliers, texts)
    build = time.perf_counter() - started
    sample = queries[: RANK_BM25_QUERIES if system == "rank-bm25" else LATENCY_QUERIES]
    latencies = []
    for text in sample:
        t = time.perf_counter()
        search(text)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    if system == "rank-bm25":
        batch = sum(latencies) / 1000 * len(queries) / len(sample)
    else:
        t = time.perf_counter()
        for text in queries:
            search(text)
        batch = time.perf_counter() - t
    return {
        "build_s": build,
        "p50_ms": latencies[len(latencies) // 2],
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "qps": len(sample) / (sum(latencies) / 1000),
        "batch_s": batch,
        "batch_queries": len(queries),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _build(system, suppliers, texts):  # type: ignore[no-untyped-def]
    if system == "mcelink":
        from mcelink.matching import Matcher

        matcher = Matcher.build(suppliers)
        return lambda q: matcher.match(q, top=20)
    if system == "bm25s":
        import bm25s

        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, show_progress=False), show_progress=False)
        return lambda q: retriever.retrieve(bm25s.tokenize([q], show_progress=False), k=20, show_progress=False)
    if system == "rank-bm25":
        from rank_bm25 import BM25Okapi

        bm25 = BM25Okapi([t.lower().split() for t in texts])
        return lambda q: bm25.get_top_n(q.lower().split(), texts, n=20)
    if system == "tantivy":
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body")
        builder.add_integer_field("doc", stored=True)
        index = tantivy.Index(builder.build())
        writer = index.writer()
        for i, text in enumerate(texts):
            writer.add_document(tantivy.Document(body=text, doc=i))
        writer.commit()
        index.reload()
        searcher = index.searcher()

        def search(q: str) -> list:  # type: ignore[type-arg]
            words = " ".join(w for w in q.replace('"', " ").split() if w.isalnum())
            if not words:
                return []
            query = index.parse_query(words, ["body"])
            return searcher.search(query, 20).hits

        return search
    raise ValueError(system)


def main(directory: Path) -> None:
    print(f"corpus: {directory}")
    print("system\tbuild s\tp50 ms\tp95 ms\tqueries/s\tbatch s (queries)\tpeak RSS MB")
    for system in SYSTEMS:
        out = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--one", system, str(directory)], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(f"{system}\tfailed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}")
            continue
        r = json.loads(out.stdout)
        approx = "~" if system == "rank-bm25" else ""
        print(
            f"{system}\t{r['build_s']:.1f}\t{r['p50_ms']:.1f}\t{r['p95_ms']:.1f}\t{r['qps']:.0f}"
            f"\t{approx}{r['batch_s']:.1f} ({r['batch_queries']})\t{r['rss_mb']:.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_system(sys.argv[2], Path(sys.argv[3]))))
    else:
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/synthetic"))
