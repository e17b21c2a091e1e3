"""Hand-labelled buyer demands on the default data: the engine next to a plain baseline (bm25s with its default
tokenizer), same suppliers, same run.

    .venv/bin/python bench/eval_default_demands.py [--per-query]

bench/data/default_demands.jsonl holds demands written as a buyer would (paraphrases, Korean and English,
abbreviations) with graded relevance per vocabulary item (2 = the item asked for, 1 = a closely related item);
five demands have no relevant supplier. Labels name item keys, not organizations, so they survive a
regeneration: a supplier is relevant with the best grade of the items it makes. A product's item is the
vocabulary item whose Korean name its Korean name contains (generated products are "<item name> <model>",
Magtron's and Pavonine's add a prefix); its strategic technology is checked against the item's.

The default data is loaded into a fresh SQLite database in a temporary directory (MCELINK_VAR_DIR), never the
developer's. Rows: bm25s; the engine on the text; the engine on the text plus the HS codes and strategic
technology of the demanded (grade 2) items, as a buyer who picked the right classification would give them.
"""

import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402

from mcelink.matching import Demand, Matcher, SupplierProfile  # noqa: E402
from mcelink.matching.evaluation import evaluate  # noqa: E402
from mcelink.matching.index import profile_fields  # noqa: E402
from mcelink.matching.types import WEAK_COVERAGE  # noqa: E402
from mcelink.seed.vocabulary import ITEMS, Item  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "default_demands.jsonl"
TOP = 50
ITEM = {item.key: item for item in ITEMS}

Ranked = list[tuple[str, float]]  # (supplier id, score), best first


def require(ok: bool, message: str) -> None:
    if not ok:
        raise SystemExit(message)


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    language: str
    relevant: dict[str, int]  # item key → grade


def read_queries(path: Path) -> list[Query]:
    queries = [Query(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = {key for q in queries for key in q.relevant} - ITEM.keys()
    require(not unknown, f"unknown item keys in {path}: {sorted(unknown)}")
    require(len({q.id for q in queries}) == len(queries), f"duplicate ids in {path}")
    return queries


def item_of(name_ko: str) -> Item:
    """The vocabulary item a product belongs to: the longest item name its Korean name contains."""
    found = sorted((i for i in ITEMS if i.name_ko in name_ko), key=lambda i: len(i.name_ko), reverse=True)
    require(bool(found), f"product {name_ko!r} matches no vocabulary item")
    return found[0]


def default_registry() -> tuple[list[SupplierProfile], dict[str, set[str]]]:
    """Load the default data into a temporary database; return the supplier profiles and item key → supplier ids."""
    var_dir = Path(tempfile.mkdtemp(prefix="mcelink-eval-"))
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ["MCELINK_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'mcelink.sqlite3'}"
    os.environ["MATCHING_INDEX_DIR"] = str(var_dir / "matching-index")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from mcelink.seed.default_data import load_default_data

    call_command("migrate", verbosity=0)
    load_default_data()
    return registry_profiles()


def registry_profiles() -> tuple[list[SupplierProfile], dict[str, set[str]]]:
    """The supply firms of the database Django is set up with, and item key → the ids of those that make it."""
    from mcelink.matchmaking.profiles import supply_firms, to_profile

    profiles: list[SupplierProfile] = []
    makers: dict[str, set[str]] = {key: set() for key in ITEM}
    for org in supply_firms():
        profiles.append(to_profile(org))
        for product in org.products.all():
            item = item_of(product.name_ko)
            techs = {t.code for t in product.strategic_technologies.all()}
            require(techs == {item.tech}, f"{product.name_ko!r}: technologies {techs} != item's {item.tech}")
            makers[item.key].add(str(org.pk))
    return profiles, makers


def qrels_for(queries: list[Query], makers: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for q in queries:
        judged: dict[str, int] = {}
        for key, grade in q.relevant.items():
            require(bool(makers[key]), f"{q.id}: no supplier makes {key}")
            for supplier in makers[key]:
                judged[supplier] = max(grade, judged.get(supplier, 0))
        qrels[q.id] = judged
    return qrels


def bm25s_runs(profiles: list[SupplierProfile], queries: list[Query]) -> dict[str, Ranked]:
    ids = [p.id for p in profiles]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([" ".join(profile_fields(p)) for p in profiles], show_progress=False), show_progress=False
    )
    hits, scores = retriever.retrieve(
        bm25s.tokenize([q.text for q in queries], show_progress=False), k=TOP, show_progress=False
    )
    return {
        q.id: [(ids[d], float(s)) for d, s in zip(row, row_scores, strict=True) if s > 0]
        for q, row, row_scores in zip(queries, hits, scores, strict=True)
    }


def concepts(q: Query) -> Demand:
    asked = [ITEM[key] for key, grade in q.relevant.items() if grade == 2]
    hs = tuple(dict.fromkeys(code for item in asked for code in item.hs))
    return Demand(text=q.text, id=q.id, hs_codes=hs, strategic_technologies=tuple({i.tech for i in asked}))


def engine_runs(matcher: Matcher, queries: list[Query], demand: Callable[[Query], Demand]) -> dict[str, Ranked]:
    return {q.id: [(m.supplier_id, m.score) for m in matcher.match(demand(q), top=TOP)] for q in queries}


def no_answer_check(runs: dict[str, Ranked], queries: list[Query]) -> str:
    """How many unanswerable demands get a top-1 score above the median top-1 score of the answerable ones."""
    top1 = {q.id: runs[q.id][0][1] if runs[q.id] else 0.0 for q in queries}
    median = statistics.median(top1[q.id] for q in queries if q.relevant)
    unanswerable = [q for q in queries if not q.relevant]
    above = [q.id for q in unanswerable if top1[q.id] > median]
    scores = ", ".join(f"{q.id} {top1[q.id]:.2f}" for q in unanswerable)
    return f"{len(above)} of {len(unanswerable)} above the median {median:.2f} ({scores})"


def coverage_check(matcher: Matcher, queries: list[Query]) -> str:
    """The engine's word coverage (IDF-weighted share of the request's words matched) of each demand's top
    result: does it tell the unanswerable demands apart, where raw scores cannot?"""
    top1: dict[str, float] = {}
    for q in queries:
        found = matcher.match(q.text, top=1)
        top1[q.id] = (found[0].explanation.coverage or 0.0) if found else 0.0
    answerable = sorted(top1[q.id] for q in queries if q.relevant)
    unanswerable = ", ".join(f"{q.id} {top1[q.id]:.2f}" for q in queries if not q.relevant)
    below = sum(c < WEAK_COVERAGE for c in answerable)
    return (
        f"answerable median {statistics.median(answerable):.2f}, lowest {answerable[0]:.2f}, {below} of "
        f"{len(answerable)} below {WEAK_COVERAGE}; unanswerable {unanswerable}"
    )


def default_demand_coverage(matcher: Matcher) -> str:
    """Word coverage of the top result for the default data's own demands, as the product ranks them (title,
    summary and specification): why the demand page does not label weak matches."""
    from mcelink.demands.candidates import engine_demand
    from mcelink.demands.models import Demand as DemandRecord

    values = []
    for record in DemandRecord.objects.select_related("hs_code", "strategic_technology").order_by("pk"):
        found = matcher.match(
            replace(engine_demand(record, with_feedback=False), hs_codes=(), strategic_technologies=()), top=1
        )
        values.append(found[0].explanation.coverage or 0.0 if found else 0.0)
    below = sum(v < WEAK_COVERAGE for v in values)
    return f"{', '.join(f'{v:.2f}' for v in values)} ({below} of {len(values)} below {WEAK_COVERAGE})"


def print_per_query(
    queries: list[Query], qrels: dict[str, dict[str, int]], systems: dict[str, dict[str, Ranked]]
) -> None:
    print("\nper query: nDCG@10 and the grades of the top 10 (bm25s | mcelink text | + HS/tech)")
    for q in queries:
        row = []
        for runs in systems.values():
            order = [s for s, _score in runs[q.id]]
            top10 = "".join(str(qrels[q.id].get(s, 0)) for s in order[:10])
            ndcg = evaluate({q.id: qrels[q.id]}, {q.id: order})["nDCG@10"] if q.relevant else 0.0
            row.append(f"{ndcg:.2f} {top10:<10}")
        print(f"{q.id}\t" + "\t".join(row) + f"\t{q.text}")


def main(per_query: bool = False) -> None:
    queries = read_queries(DATA)
    started = time.perf_counter()
    profiles, makers = default_registry()
    qrels = qrels_for(queries, makers)
    print(f"default data loaded in {time.perf_counter() - started:.1f} s: {len(profiles)} suppliers")
    answerable = [q for q in queries if q.relevant]
    asked = {key for q in queries for key, grade in q.relevant.items() if grade == 2}
    ceiling = statistics.mean(min(1.0, TOP / sum(g > 0 for g in qrels[q.id].values())) for q in answerable)
    print(f"{len(queries)} demands ({len(answerable)} answerable, {len(asked)} items asked for);")
    print(f"relevant suppliers per demand {statistics.median(len(qrels[q.id]) for q in answerable)} (median),")
    print(f"best possible Recall@50 {ceiling:.4f}")

    systems: dict[str, dict[str, Ranked]] = {}
    started = time.perf_counter()
    systems["bm25s 0.3.16, default tokenizer"] = bm25s_runs(profiles, queries)
    seconds = {"bm25s 0.3.16, default tokenizer": time.perf_counter() - started}
    started = time.perf_counter()
    matcher = Matcher.build(profiles)
    systems["mcelink, text"] = engine_runs(matcher, queries, lambda q: Demand(text=q.text, id=q.id))
    seconds["mcelink, text"] = time.perf_counter() - started
    started = time.perf_counter()
    systems["mcelink, text + item HS/tech"] = engine_runs(matcher, queries, concepts)
    seconds["mcelink, text + item HS/tech"] = time.perf_counter() - started

    print("| system | queries | nDCG@10 | Recall@50 | MRR@10 |\n|---|---|---|---|---|")
    for name, runs in systems.items():
        ranked = {qid: [s for s, _score in r] for qid, r in runs.items()}
        for label, subset in (
            ("all", answerable),
            ("Korean", [q for q in answerable if q.language == "ko"]),
            ("English", [q for q in answerable if q.language == "en"]),
        ):
            m = evaluate({q.id: qrels[q.id] for q in subset}, ranked)
            cells = " | ".join(f"{m[k]:.4f}" for k in ("nDCG@10", "Recall@50", "MRR@10"))
            print(f"| {name} | {label} ({len(subset)}) | {cells} |")
    print("\nno-answer check (top-1 score of the 5 unanswerable demands vs. answerable ones):")
    for name, runs in systems.items():
        print(f"  {name}: {no_answer_check(runs, queries)}; {seconds[name]:.1f} s")
    print(f"  mcelink, text, by word coverage of the top result: {coverage_check(matcher, queries)}")
    print(f"  the default data's demands, full text with specification: {default_demand_coverage(matcher)}")

    print("\nthe program's two real firms, rank among suppliers (bm25s | mcelink text | + HS/tech):")
    for name, key in (("Magtron", "magnet_collet"), ("Pavonine", "ring_frame")):
        firm = next(p.id for p in profiles if p.name_en == name)
        for q in (q for q in answerable if q.relevant.get(key) == 2):
            ranks = [next((i + 1 for i, (s, _) in enumerate(r[q.id]) if s == firm), "-") for r in systems.values()]
            print(f"  {name}, {q.id}: " + " | ".join(map(str, ranks)) + f" of {len(makers[key])} makers")

    if per_query:
        print_per_query(queries, qrels, systems)


if __name__ == "__main__":
    main(per_query="--per-query" in sys.argv[1:])
