"""Cross-lingual retrieval on the HSK nomenclature: a Korean name must find the entry whose name is only in English.

    .venv/bin/python bench/eval_crosslingual.py

The bridge is learned from 80% of the 10-digit entries (by code hash) and evaluated on the other 20%, so the
test pairs are never seen. Entries whose English name is generic ("Other", repeated) are left out. The
baseline is bm25s with its default tokenizer on the same corpus and queries (it has no bridge, so it can only
match shared Latin tokens).
"""

import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402

from mcelink.data import hsk_entries  # noqa: E402
from mcelink.matching import Bridge, Matcher, SupplierProfile  # noqa: E402
from mcelink.matching.bridge import technology_pairs  # noqa: E402
from mcelink.matching.evaluation import evaluate  # noqa: E402
from mcelink.matching.glossary import GLOSSARY  # noqa: E402


def main() -> None:
    entries = [e for e in hsk_entries() if len(e.code) == 10 and e.name_ko and e.name_en]
    counts = Counter(e.name_en.lower() for e in entries)
    entries = [e for e in entries if counts[e.name_en.lower()] == 1 and len(e.name_en) >= 15]
    test = [e for e in entries if int(hashlib.sha256(e.code.encode()).hexdigest(), 16) % 5 == 0]
    train = [e for e in hsk_entries() if e not in test and e.name_ko and e.name_en]
    started = time.perf_counter()
    # As the product's bridge is learned: names (here the training 80% of HSK), the technology list, the glossary.
    bridge = Bridge.learn([*((e.name_ko, e.name_en) for e in train), *technology_pairs()], GLOSSARY)
    learn_seconds = time.perf_counter() - started
    qrels = {e.code: {e.code: 1} for e in test}

    corpus = [e.name_en for e in test]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, show_progress=False), show_progress=False)
    hits, _s = retriever.retrieve(
        bm25s.tokenize([e.name_ko for e in test], show_progress=False), k=50, show_progress=False
    )
    baseline = {e.code: [test[i].code for i in row] for e, row in zip(test, hits, strict=True)}

    matcher = Matcher.build([SupplierProfile(id=e.code, name=e.name_en) for e in test], bridge)
    engine = {e.code: [m.supplier_id for m in matcher.match(e.name_ko, top=50)] for e in test}

    print(f"{len(test)} test pairs, bridge learned from {len(train)} pairs in {learn_seconds:.1f} s")
    print("system\tnDCG@10\tRecall@50\tMRR@10")
    for name, run in (("bm25s (default tokenizer)", baseline), ("mcelink", engine)):
        m = evaluate(qrels, run)
        print(f"{name}\t{m['nDCG@10']:.4f}\t{m['Recall@50']:.4f}\t{m['MRR@10']:.4f}")


if __name__ == "__main__":
    main()
