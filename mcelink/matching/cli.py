"""The engine's file commands, runnable with no database and no Django settings.

mcelink match-file --suppliers S.jsonl --queries Q.jsonl --top K --output RUN.tsv
mcelink eval-match --qrels QRELS.tsv --run RUN.tsv
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from mcelink.matching.engine import Matcher
from mcelink.matching.evaluation import evaluate, read_qrels, read_run
from mcelink.matching.jsonl import InputError, read_queries, read_suppliers


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
