"""Trigram indexes for the registry search, on PostgreSQL only.

The organization and product searches ask, for each word, whether it is inside a name or a description
(``icontains``: ``UPPER(col::text) LIKE UPPER('%word%')``). A B-tree cannot answer a pattern that starts with a
wildcard, so over 100k organizations and 200k products every search read both tables whole. A GIN index over
the trigrams of the same expression can; ``pg_trgm`` ships with PostgreSQL (contrib). SQLite keeps scanning,
which is fine at its sizes. Words shorter than three characters give no trigram, so PostgreSQL scans for those.
"""

from django.db import migrations

TABLES = {"companies_organization": "org", "companies_product": "product"}
FIELDS = ["name_ko", "name_en", "description_ko", "description_en"]


def _indexes() -> list[tuple[str, str, str]]:
    return [(f"companies_{short}_{field}_trgm", table, field) for table, short in TABLES.items() for field in FIELDS]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, field in _indexes():
        # The expression is the one Django writes for ``field__icontains``, so the planner can use the index.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _field in _indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
