"""The database half of a backup, one class per engine: PostgreSQL through pg_dump and pg_restore, SQLite through
its online backup API. Each dump comes with the row counts and migration state of the very snapshot it holds.

What is atomic (docs/operations.md, "Backup and restore"):
- PostgreSQL: pg_restore writes SQL that psql runs in one transaction (``--single-transaction``, stopping at the
  first error), ending with a check of every table's row count against the manifest; any failure rolls it all
  back, so the database is either the backup or what it was.
- SQLite: the backup API copies the whole file into the target in one write transaction.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from mcelink.ops.manifest import BackupError

COUNT_MISMATCH = "mcelink-row-count-mismatch"


def latest_migrations(rows: list[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration per app, from ``django_migrations`` rows in the order they were applied."""
    return dict(rows)


def migrations_unknown_to_code(migrations: dict[str, str]) -> list[str]:
    """The backup's latest migrations that this code does not have: the backup was made by a newer mcelink."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [f"{app}.{name}" for app, name in sorted(migrations.items()) if (app, name) not in loader.disk_migrations]


def migrations_pending() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def tables_now() -> list[str]:
    """The tables of the database mcelink is configured for (DATABASE_URL), as Django sees them."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def engine_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


class Database:
    """What one engine must do; ``for_connection()`` picks the implementation for DATABASE_URL."""

    engine = ""
    file_name = ""

    def dump(self, target: Path) -> dict[str, Any]:
        """Write the database to ``target``; return the manifest's ``database`` entry (without size and checksum),
        ``migrations`` and ``tables`` as ``{"database": …, "migrations": …, "tables": …}``."""
        raise NotImplementedError

    def check_restore(self, source: Path, manifest: dict[str, Any]) -> None:
        """Every check that can be made before anything changes; raises BackupError."""
        raise NotImplementedError

    def restore(self, source: Path, manifest: dict[str, Any], *, replace_tables: list[str]) -> None:
        """Load ``source`` into the configured database, all or nothing; ``replace_tables`` are dropped first in
        the same transaction (``--force``)."""
        raise NotImplementedError


def for_connection() -> Database:
    if connection.vendor == "postgresql":
        return Postgres()
    if connection.vendor == "sqlite":
        return Sqlite()
    raise BackupError(
        _("mcelink backs up PostgreSQL and SQLite databases, not %(vendor)s.") % {"vendor": connection.vendor}
    )


# PostgreSQL ------------------------------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s was not found on PATH. Install the PostgreSQL client tools (Debian and Ubuntu: "
                "`apt-get install postgresql-client`), of the server's major version or newer."
            )
            % {"tool": name}
        )
    return path


def tool_major(path: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 15.20 (Debian …)`` → 15)."""
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"\)\s*(\d+)", out)
    if not match:
        raise BackupError(_("Could not read the version of %(tool)s: %(out)s") % {"tool": path, "out": out.strip()})
    return int(match.group(1))


def check_dump_version(*, client: int, server: int) -> None:
    """pg_dump reads servers of its own major version and older, never newer."""
    if client < server:
        raise BackupError(
            _(
                "pg_dump %(client)s cannot dump a PostgreSQL %(server)s server. Install the client tools of "
                "version %(server)s or newer (Debian: `apt-get install postgresql-client-%(server)s` from the "
                "PostgreSQL apt repository)."
            )
            % {"client": client, "server": server}
        )


def check_restore_version(*, client: int, archive: int) -> None:
    """pg_restore reads archives written by pg_dump of its own major version and older."""
    if client < archive:
        raise BackupError(
            _(
                "This backup was written by pg_dump %(archive)s and pg_restore %(client)s cannot read it. Install "
                "the client tools of version %(archive)s or newer (Debian: postgresql-client-%(archive)s)."
            )
            % {"client": client, "archive": archive}
        )


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the configured database: the password never appears on a command line."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def tool_failure(tool: str, stderr: str) -> str:
    """The lines of a tool's error output that say what went wrong (no Python traceback ever reaches the user)."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "FATAL" in line or "error" in line]
    return f"{tool}: " + " / ".join((errors or lines)[:3])[:600]


class Postgres(Database):
    engine = "postgresql"
    file_name = "database.dump"

    def dump(self, target: Path) -> dict[str, Any]:
        pg_dump = pg_tool("pg_dump")
        connection.ensure_connection()
        server = connection.pg_version // 10000  # type: ignore[attr-defined]
        client = tool_major(pg_dump)
        check_dump_version(client=client, server=server)
        # One snapshot for the dump, its row counts and its migration state: the transaction below exports it and
        # pg_dump reads the same one (--snapshot) while the transaction stays open. Writers are not blocked.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(connection.introspection.table_names(cursor))
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = latest_migrations(cursor.fetchall())
            done = subprocess.run(  # noqa: S603 - our arguments, no shell
                [pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"],
                env=pg_environment(connection.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode != 0:
            raise BackupError(_("pg_dump failed: %(reason)s") % {"reason": tool_failure("pg_dump", done.stderr)})
        database = {
            "engine": self.engine,
            "name": connection.settings_dict["NAME"],
            "file": self.file_name,
            "server_version": server,
            "tool_version": client,
        }
        return {"database": database, "migrations": migrations, "tables": counts}

    def check_restore(self, source: Path, manifest: dict[str, Any]) -> None:
        pg_tool("psql")
        check_restore_version(client=tool_major(pg_tool("pg_restore")), archive=manifest["database"]["tool_version"])

    def restore(self, source: Path, manifest: dict[str, Any], *, replace_tables: list[str]) -> None:
        quote = connection.ops.quote_name
        settings_dict = connection.settings_dict
        connection.close()
        commands: list[str] = []
        if replace_tables:
            commands += ["-c", "DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in replace_tables) + " CASCADE"]
        commands += ["-f", "-"]
        # pg_restore's SQL empties search_path; RESET brings back the user's (public first), where the tables were
        # restored and where Django looks for them.
        checks = [_count_check(quote(table), table, int(count)) for table, count in sorted(manifest["tables"].items())]
        commands += ["-c", "RESET search_path", "-c", "DO $$ DECLARE n bigint; BEGIN " + " ".join(checks) + " END $$"]
        env = pg_environment(settings_dict)
        restore = subprocess.Popen(  # noqa: S603
            [pg_tool("pg_restore"), "--no-owner", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        psql = subprocess.run(  # noqa: S603
            [pg_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", *commands],
            stdin=restore.stdout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        assert restore.stdout is not None and restore.stderr is not None  # noqa: S101 - both are pipes
        restore.stdout.close()
        restore_stderr = restore.stderr.read().decode(errors="replace")
        restore.wait()
        psql_stderr = psql.stderr.decode(errors="replace")
        if COUNT_MISMATCH in psql_stderr:
            detail = psql_stderr.split(COUNT_MISMATCH + ":", 1)[1].splitlines()[0].strip()
            raise BackupError(
                _("The restored rows do not match the backup's manifest (%(detail)s); the database is unchanged.")
                % {"detail": detail}
            )
        if restore.returncode != 0 or psql.returncode != 0:
            failed = (
                tool_failure("pg_restore", restore_stderr) if restore.returncode else tool_failure("psql", psql_stderr)
            )
            raise BackupError(_("The restore failed and the database is unchanged: %(reason)s") % {"reason": failed})


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _count_check(quoted: str, table: str, count: int) -> str:
    """PL/pgSQL that aborts the restore's transaction when ``table`` does not hold ``count`` rows."""
    return (
        f"SELECT count(*) INTO n FROM {quoted}; IF n <> {count} THEN RAISE EXCEPTION "  # noqa: S608 - quoted name, int
        f"'{COUNT_MISMATCH}: % has % rows, the backup %', {_sql_literal(table)}, n, {count}; END IF;"
    )


# SQLite ----------------------------------------------------------------------------------------------------------


def sqlite_state(db: sqlite3.Connection) -> tuple[dict[str, int], dict[str, str]]:
    """Row counts per table and the latest migration per app, read through one connection."""
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY name"
        )
    ]
    counts = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
    migrations = latest_migrations(db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall())
    return counts, migrations


class Sqlite(Database):
    engine = "sqlite"
    file_name = "database.sqlite3"

    def dump(self, target: Path) -> dict[str, Any]:
        source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20)
        copy = sqlite3.connect(str(target))
        try:
            # One step (pages=-1): a single read transaction, so the copy is one consistent snapshot; in WAL mode
            # it does not block the site's writers.
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, readable read-only
            counts, migrations = sqlite_state(copy)
        finally:
            copy.close()
            source.close()
        database = {
            "engine": self.engine,
            "name": str(connection.settings_dict["NAME"]),
            "file": self.file_name,
            "server_version": sqlite3.sqlite_version,
            "tool_version": sqlite3.sqlite_version,
        }
        return {"database": database, "migrations": migrations, "tables": counts}

    def _open_backup(self, source: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)

    def check_restore(self, source: Path, manifest: dict[str, Any]) -> None:
        backup = self._open_backup(source)
        try:
            counts, _migrations = sqlite_state(backup)
        except sqlite3.Error as exc:
            raise BackupError(_("The backup's database cannot be read: %(reason)s") % {"reason": exc}) from None
        finally:
            backup.close()
        if counts != manifest["tables"]:
            raise BackupError(_("The backup's database does not hold the rows its manifest lists."))

    def restore(self, source: Path, manifest: dict[str, Any], *, replace_tables: list[str]) -> None:
        # replace_tables needs no work here: the backup API replaces the whole target database.
        name = str(connection.settings_dict["NAME"])
        connection.close()
        backup = self._open_backup(source)
        target = sqlite3.connect(name, timeout=20)
        try:
            backup.backup(target)  # one write transaction on the target: all of it or none
            counts, _migrations = sqlite_state(target)
        except sqlite3.Error as exc:
            raise BackupError(
                _("The restore failed and the database is unchanged: %(reason)s") % {"reason": exc}
            ) from None
        finally:
            target.close()
            backup.close()
        if counts != manifest["tables"]:
            raise BackupError(_("The restored rows do not match the backup's manifest."))
