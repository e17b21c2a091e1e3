"""Ranking metrics over TREC files: nDCG@10, Recall@50, MRR@10."""

import math
from collections import defaultdict
from pathlib import Path

from mcelink.matching.hscode import hs_digits
from mcelink.matching.jsonl import InputError


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """TREC qrels: ``qid 0 doc_id relevance`` (tabs or spaces)."""
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4 or not parts[3].lstrip("-").isdigit():
                raise InputError(f"{path}:{number}: expected 'qid 0 doc_id relevance', got {line.strip()[:80]!r}")
            qrels[parts[0]][parts[2]] = int(parts[3])
    return qrels


def read_run(path: str | Path) -> dict[str, list[str]]:
    """TREC run: ``qid Q0 doc_id rank score tag``; documents ordered by rank."""
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 6 or not parts[3].isdigit():
                raise InputError(f"{path}:{number}: expected 'qid Q0 doc_id rank score tag', got {line.strip()[:80]!r}")
            ranked[parts[0]].append((int(parts[3]), parts[2]))
    return {q: [d for _r, d in sorted(docs)] for q, docs in ranked.items()}


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, list[str]]) -> dict[str, float]:
    """Means over the queries that have at least one relevant document; a query missing from the run scores 0."""
    queries = [q for q, judged in qrels.items() if any(r > 0 for r in judged.values())]
    totals = {"nDCG@10": 0.0, "Recall@50": 0.0, "MRR@10": 0.0}
    for q in queries:
        judged, ranking = qrels[q], run.get(q, [])
        gains = [judged.get(d, 0) for d in ranking[:10]]
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sorted((r for r in judged.values() if r > 0), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        totals["nDCG@10"] += dcg / idcg if idcg else 0.0
        relevant = {d for d, r in judged.items() if r > 0}
        totals["Recall@50"] += len(relevant & set(ranking[:50])) / len(relevant)
        first = next((i for i, d in enumerate(ranking[:10]) if judged.get(d, 0) > 0), None)
        totals["MRR@10"] += 1 / (first + 1) if first is not None else 0.0
    return {k: (v / len(queries) if queries else 0.0) for k, v in totals.items()} | {"queries": float(len(queries))}


def read_gold(path: str | Path) -> dict[str, str]:
    """Gold codes: ``id<TAB>code`` per line (dots and dashes in the code are ignored)."""
    gold = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            code = hs_digits(parts[1]) if len(parts) == 2 else ""
            if len(parts) != 2 or not code:
                raise InputError(f"{path}:{number}: expected 'id<TAB>code', got {line.strip()[:80]!r}")
            gold[parts[0]] = code
    return gold


def classification_accuracy(gold: dict[str, str], predictions: dict[str, list[str]]) -> dict[str, float]:
    """Top-1 and top-5 accuracy at 4, 6 and 10 digits; an item without predictions counts as wrong."""
    out = {}
    for digits in (4, 6, 10):
        for k in (1, 5):
            hits = 0
            for item, code in gold.items():
                wanted = code[:digits]
                seen = list(dict.fromkeys(c[:digits] for c in predictions.get(item, [])))[:k]
                hits += len(code) >= digits and wanted in seen
            out[f"top-{k}@{digits}"] = hits / len(gold) if gold else 0.0
    return out
