"""The engine's file commands, runnable with no database and no Django settings.

mcelink match-file --suppliers S.jsonl --queries Q.jsonl --top K --output RUN.tsv
mcelink eval-match --qrels QRELS.tsv --run RUN.tsv
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from mcelink.matching.engine import Matcher
from mcelink.matching.evaluation import classification_accuracy, evaluate, read_gold, read_qrels, read_run
from mcelink.matching.jsonl import InputError, read_jsonl, read_queries, read_suppliers


def _write_atomically(path: Path, lines: list[str]) -> None:
    """Write to a temporary file beside the target and rename it: a failure leaves nothing half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def match_file(args: argparse.Namespace) -> int:
    suppliers = list(read_suppliers(args.suppliers))
    queries = list(read_queries(args.queries))
    matcher = Matcher.build(suppliers)
    lines = []
    for qid, text in queries:
        for rank, match in enumerate(matcher.match(text, top=args.top), start=1):
            lines.append(f"{qid}\tQ0\t{match.supplier_id}\t{rank}\t{match.score:.6f}\t{args.tag}\n")
    _write_atomically(Path(args.output), lines)
    print(f"{len(queries)} queries over {len(suppliers)} suppliers → {args.output}")  # noqa: T201
    return 0


def eval_match(args: argparse.Namespace) -> int:
    metrics = evaluate(read_qrels(args.qrels), read_run(args.run))
    queries = int(metrics.pop("queries"))
    for name, value in metrics.items():
        print(f"{name}\t{value:.4f}")  # noqa: T201
    print(f"queries\t{queries}")  # noqa: T201
    return 0


def classify_file(args: argparse.Namespace) -> int:
    from mcelink.matching.classify import default_classifier

    items = list(read_queries(args.input))
    classifier = default_classifier()
    lines = []
    for item_id, text in items:
        codes = [c.code for c in classifier.classify(text, top=args.top).codes]
        lines.append(json.dumps({"id": item_id, "codes": codes}, ensure_ascii=False) + "\n")
    _write_atomically(Path(args.output), lines)
    print(f"{len(items)} items classified → {args.output}")  # noqa: T201
    return 0


def eval_classify(args: argparse.Namespace) -> int:
    gold = read_gold(args.gold)
    predictions = dict(_predictions(args.preds))
    for name, value in classification_accuracy(gold, predictions).items():
        print(f"{name}\t{value:.4f}")  # noqa: T201
    print(f"items\t{len(gold)}")  # noqa: T201
    return 0


def _predictions(path: str) -> list[tuple[str, list[str]]]:
    out = []
    for number, data in read_jsonl(path):
        codes = data.get("codes")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise InputError(f"{path}:{number}: 'codes' must be a list of strings")
        out.append((str(data.get("id", "")), codes))
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mcelink")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("match-file", help="rank suppliers for each query; write a TREC run")
    m.add_argument("--suppliers", required=True)
    m.add_argument("--queries", required=True)
    m.add_argument("--top", type=int, default=100)
    m.add_argument("--output", required=True)
    m.add_argument("--tag", default="mcelink")
    m.set_defaults(handler=match_file)
    e = sub.add_parser("eval-match", help="nDCG@10, Recall@50 and MRR@10 of a TREC run")
    e.add_argument("--qrels", required=True)
    e.add_argument("--run", required=True)
    e.set_defaults(handler=eval_match)
    c = sub.add_parser("classify-file", help="rank HSK codes for each item; write JSONL predictions")
    c.add_argument("--input", required=True)
    c.add_argument("--top", type=int, default=10)
    c.add_argument("--output", required=True)
    c.set_defaults(handler=classify_file)
    g = sub.add_parser("eval-classify", help="top-1/top-5 accuracy at 4, 6 and 10 digits")
    g.add_argument("--gold", required=True)
    g.add_argument("--preds", required=True)
    g.set_defaults(handler=eval_classify)
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "top", 1) < 1:
        print("mcelink: --top must be at least 1", file=sys.stderr)  # noqa: T201
        return 2
    try:
        return int(args.handler(args))
    except (InputError, FileNotFoundError, UnicodeDecodeError) as exc:
        print(f"mcelink: {exc}", file=sys.stderr)  # noqa: T201
        return 2
