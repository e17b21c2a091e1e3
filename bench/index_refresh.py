"""Incremental refresh of N profiles vs a full rebuild of the supplier index: where an import should stop
refreshing and rebuild (settings.MATCHING_REFRESH_MAX).

    # the default data (in the database DATABASE_URL names, e.g. after `mcelink demo`)
    .venv/bin/python bench/index_refresh.py
    # 20k synthetic organizations, imported into a fresh SQLite file first
    .venv/bin/mcelink gen-synthetic --companies 20000 --seed 1 --output /tmp/syn20k
    .venv/bin/python bench/index_refresh.py --organizations /tmp/syn20k/organizations.csv \
        --products /tmp/syn20k/products.csv

Both sides are timed as their jobs run them: `matching_index_build` (analysis of every profile, save, the
technology classifier) and `matching_profiles_refresh` (load the saved index, upsert N profiles, save).
The index is written to a temporary directory, never the developer's.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", help="gen-synthetic's organizations.csv: import into a fresh SQLite")
    parser.add_argument("--products")
    parser.add_argument("--sizes", default="1,10,50,100,200,500,1000,2000")
    args = parser.parse_args()
    if args.organizations and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["MATCHING_INDEX_DIR"] = str(Path(tempfile.mkdtemp()) / "matching-index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from mcelink.companies.imports import registry_import
    from mcelink.companies.models import Organization
    from mcelink.matchmaking.services import matching_index_build, matching_profiles_refresh
    from mcelink.taxonomy.services import taxonomies_load

    if args.organizations:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        taxonomies_load()
        for kind, path in (("organizations", args.organizations), ("products", args.products)):
            if path:
                registry_import(kind=kind, source=Path(path), name=path, actor=None)
    ids = list(Organization.objects.filter(is_supply_firm=True).order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    matching_index_build()
    full = time.perf_counter() - started
    print(f"profiles {len(ids)}\tfull rebuild {full:.1f} s")
    for size in (int(s) for s in args.sizes.split(",")):
        if size > len(ids):
            break
        started = time.perf_counter()
        matching_profiles_refresh(organization_ids=ids[:size])
        seconds = time.perf_counter() - started
        print(f"refresh {size}\t{seconds:.1f} s\t{'faster' if seconds < full else 'slower'} than a rebuild")


if __name__ == "__main__":
    main()
