"""Ranking quality of the engine next to a plain baseline (bm25s with its default tokenizer), same data, same run.

    .venv/bin/mcelink gen-synthetic --companies 10000 --seed 3 --demands 300 --output var/eval-synthetic
    .venv/bin/python bench/eval_match.py var/eval-synthetic

The directory holds gen-synthetic's suppliers.jsonl, demands.jsonl and qrels.tsv.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402

from mcelink.matching import Matcher  # noqa: E402
from mcelink.matching.evaluation import evaluate, read_qrels  # noqa: E402
from mcelink.matching.index import profile_fields  # noqa: E402
from mcelink.matching.jsonl import read_queries, read_suppliers  # noqa: E402

TOP = 100


def main(directory: Path) -> None:
    suppliers = list(read_suppliers(directory / "suppliers.jsonl"))
    queries = list(read_queries(directory / "demands.jsonl"))
    qrels = read_qrels(directory / "qrels.tsv")
    ids = [s.id for s in suppliers]

    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([" ".join(profile_fields(s)) for s in suppliers], show_progress=False), show_progress=False
    )
    hits, _scores = retriever.retrieve(
        bm25s.tokenize([q for _i, q in queries], show_progress=False), k=TOP, show_progress=False
    )
    baseline = {qid: [ids[d] for d in row] for (qid, _q), row in zip(queries, hits, strict=True)}
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    matcher = Matcher.build(suppliers)
    engine = {qid: [m.supplier_id for m in matcher.match(text, top=TOP)] for qid, text in queries}
    engine_seconds = time.perf_counter() - started

    print(f"{len(suppliers)} suppliers, {len(queries)} queries")
    print("system\tnDCG@10\tRecall@50\tMRR@10\tseconds")
    for name, run, seconds in (
        ("bm25s (default tokenizer)", baseline, baseline_seconds),
        ("mcelink", engine, engine_seconds),
    ):
        m = evaluate(qrels, run)
        print(f"{name}\t{m['nDCG@10']:.4f}\t{m['Recall@50']:.4f}\t{m['MRR@10']:.4f}\t{seconds:.1f}")
    ko = [(q, t) for q, t in queries if any("\uac00" <= ch <= "\ud7a3" for ch in t)]
    for label, subset in (("Korean queries", ko), ("English queries", [q for q in queries if q not in ko])):
        wanted = {q for q, _t in subset}
        for name, run in (("bm25s", baseline), ("mcelink", engine)):
            m = evaluate({q: r for q, r in qrels.items() if q in wanted}, run)
            print(f"  {label}, {name}\tnDCG@10 {m['nDCG@10']:.4f}\tMRR@10 {m['MRR@10']:.4f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/eval-synthetic"))
