"""Registry import speed: organizations (and optionally products) from gen-synthetic's CSV into a fresh database.

    .venv/bin/mcelink gen-synthetic --companies 100000 --seed 1 --output var/synthetic
    .venv/bin/python bench/import_registry.py --csv var/synthetic/organizations.csv \
        [--products var/synthetic/products.csv]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/import_registry.py ...

SQLite runs in a temporary file; PostgreSQL in the database DATABASE_URL names (emptied first by migrate + flush).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--products")
    parser.add_argument(
        "--again", action="store_true", help="import the organizations file a second time (all updates)"
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mcelink.companies.imports import registry_import
    from mcelink.taxonomy.services import taxonomies_load

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    taxonomies_load()
    runs = [("organizations", args.csv), ("products", args.products)]
    if args.again:
        runs.append(("organizations", args.csv))
    for kind, path in runs:
        if not path:
            continue
        started = time.perf_counter()
        report = registry_import(kind=kind, source=Path(path), name=path, actor=None)
        seconds = time.perf_counter() - started
        rows = report.get("created", 0) + report.get("updated", 0)
        print(
            f"{connection.vendor}\t{kind}\t{rows} rows\t{seconds:.1f} s\t{rows / seconds:,.0f} rows/s"
            f"\terrors {report['error_count']}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
