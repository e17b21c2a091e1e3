"""`mcelink backup` and `mcelink restore`, run as an operator runs them: separate processes, each with its own
DATABASE_URL and var directory (files under ``var/private`` and ``var/media``).

The source is this test's database, filled with the apps' factories and committed (a transactional test); the
restore goes into a database made for the test (SQLite: a new file; PostgreSQL: ``<test database>_restore``) and a
fresh var directory.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.tests.factories import BuyerFactory, SupplierFactory
from mcelink.core.tests.processes import database_url
from mcelink.demands.models import DemandFile
from mcelink.demands.tests.factories import DemandFactory, InvitationFactory
from mcelink.programs.tests.factories import ProgramFactory
from mcelink.taxonomy.tests.factories import StrategicTechnologyFactory

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]

POSTGRES = connection.vendor == "postgresql"


class Site:
    """One installation: a database and a var directory (whose private/ and media/ are the file roots)."""

    def __init__(self, url: str, var: Path) -> None:
        self.url, self.var = url, var

    def env(self, path: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PRIVATE_FILES_ROOT", "MCELINK_TESTING")}
        env.update(DATABASE_URL=self.url, MCELINK_VAR_DIR=str(self.var))
        if path is not None:
            env["PATH"] = path
        return env

    def run(self, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "mcelink.cli", *args],
            env=self.env(path),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "mcelink.cli", *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def files(self) -> dict[str, str]:
        """``{"private/…": sha256}`` of every file under the two roots."""
        out = {}
        for root in ("private", "media"):
            base = self.var / root
            for path in sorted(base.rglob("*")) if base.exists() else []:
                if path.is_file():
                    out[f"{root}/{path.relative_to(base).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
        return out


def row_counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def source(tmp_path):
    """The registry, programs and demands with their confidential files, committed, as the site would hold them."""
    var = tmp_path / "source-var"
    tech = StrategicTechnologyFactory()
    buyer, supplier = BuyerFactory(), SupplierFactory(strategic_technologies=[tech])
    UserFactory(role=Role.DEMAND_FIRM, organization=buyer)
    UserFactory(role=Role.SUPPLY_FIRM, organization=supplier)
    UserFactory(role=Role.PROGRAM_MANAGER)
    ProgramFactory()
    demand = DemandFactory(buyer=buyer, title="HBM용 멀티소켓 자동정렬 시스템")
    invitation = InvitationFactory(demand=demand, supplier=supplier)
    uploads = {
        "demands/2026/12/사양서.pdf": b"%PDF-1.7 confidential specification\n" * 200,
        "demands/2026/12/proposal.xlsx": os.urandom(50_000),
    }
    for name, content in uploads.items():
        path = var / "private" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        kind = DemandFile.Kind.PROPOSAL if "proposal" in name else DemandFile.Kind.SPECIFICATION
        DemandFile.objects.create(
            demand=demand, invitation=invitation if "proposal" in name else None, kind=kind, file=name,
            name=Path(name).name, size=len(content),
        )  # fmt: skip
    (var / "media" / "logos").mkdir(parents=True)
    (var / "media" / "logos" / "kitech.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(1000))
    return Site(database_url(connection.settings_dict), var)


@pytest.fixture
def target(tmp_path):
    """An empty database and an empty var directory to restore into."""
    if not POSTGRES:
        yield Site(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "target-var")
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield Site(database_url({**connection.settings_dict, "NAME": name}), tmp_path / "target-var")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def target_counts(site: Site) -> dict[str, int]:
    """Row counts per table of the target database, read without Django."""
    db: Any
    if site.url.startswith("sqlite:"):
        db = sqlite3.connect(site.url.removeprefix("sqlite:///"))
        tables = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
    else:
        import psycopg

        db = psycopg.connect(site.url)
        tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    try:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()


def test_round_trip_restores_every_row_and_file_into_a_fresh_database(source, target, tmp_path):
    counts = row_counts_here()
    files = source.files()
    assert len(files) == 3 and counts["demands_demandfile"] == 2

    made = source.run("backup", str(tmp_path / "backup"), "--language", "en")
    assert made.returncode == 0, made.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] == counts
    assert manifest["database"]["engine"] == ("postgresql" if POSTGRES else "sqlite")
    assert manifest["migrations"]["demands"].startswith("0")
    assert {f"{f['root']}/{f['path']}": f["sha256"] for f in manifest["files"]} == files

    restored = target.run("restore", str(tmp_path / "backup"), "--language", "en")
    assert restored.returncode == 0, restored.stderr
    assert f"{len(counts)} tables and {sum(counts.values())} rows checked" in restored.stdout
    after = target_counts(target)
    # The same rows, plus the restore's own audit row.
    assert after == {**counts, "core_auditlog": counts["core_auditlog"] + 1}
    assert target.files() == files

    again = target.run("restore", str(tmp_path / "backup"))  # Korean by default
    assert again.returncode == 1
    assert "비어 있지 않습니다" in again.stderr and "--force" in again.stderr and "Traceback" not in again.stderr

    forced = target.run("restore", str(tmp_path / "backup"), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target_counts(target) == after and target.files() == files


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damaged", ["files/private/demands/2026/12/사양서.pdf", "database"])
def test_a_damaged_backup_is_refused_and_nothing_changes(source, target, tmp_path, damaged):
    assert source.run("backup", str(tmp_path / "backup")).returncode == 0
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    name = manifest["database"]["file"] if damaged == "database" else damaged
    _flip_a_byte(tmp_path / "backup" / name)

    refused = target.run("restore", str(tmp_path / "backup"), "--language", "en")
    assert refused.returncode == 1
    assert "The backup is damaged and was not restored; nothing was changed." in refused.stderr
    assert f"{name} does not match its checksum" in refused.stderr and "Traceback" not in refused.stderr
    assert target_counts(target) == {}
    assert target.files() == {}


def test_a_backup_from_newer_code_is_refused(source, target, tmp_path):
    assert source.run("backup", str(tmp_path / "backup")).returncode == 0
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["demands"] = "0099_from_a_later_release"
    path.write_text(json.dumps(manifest))

    refused = target.run("restore", str(tmp_path / "backup"), "--language", "en")
    assert refused.returncode == 1
    assert "newer version of mcelink" in refused.stderr and "demands.0099_from_a_later_release" in refused.stderr
    assert target_counts(target) == {} and target.files() == {}


def test_backup_refuses_a_directory_that_is_not_empty(source, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("keep me")
    refused = source.run("backup", str(tmp_path / "backup"), "--language", "en")
    assert refused.returncode == 1 and "already exists and is not empty" in refused.stderr
    assert [p.name for p in (tmp_path / "backup").iterdir()] == ["notes.txt"]


@pytest.mark.skipif(not POSTGRES, reason="pg_dump is for PostgreSQL")
def test_backup_without_pg_dump_names_the_package_and_writes_nothing(source, tmp_path):
    refused = source.run("backup", str(tmp_path / "backup"), "--language", "en", path=str(Path(sys.executable).parent))
    assert refused.returncode == 1
    assert "pg_dump was not found on PATH" in refused.stderr and "postgresql-client" in refused.stderr
    assert not (tmp_path / "backup").exists() and [p.name for p in tmp_path.iterdir()] == ["source-var"]


def test_backup_runs_beside_an_open_write_and_keeps_only_committed_rows(source, tmp_path):
    """The site keeps writing while a backup runs: a writer holding an open transaction neither blocks the dump
    (SQLite in WAL mode, PostgreSQL's snapshot) nor gets its uncommitted row into it."""
    sessions = row_counts_here()["django_session"]
    if POSTGRES:
        import psycopg

        writer: Any = psycopg.connect(source.url)
    else:
        writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held while the database is dumped
    writer.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('open', 'x', '2030-01-01')"
    )
    backup = source.start("backup", str(tmp_path / "backup"), "--language", "en")
    try:
        # The files are copied once the database is dumped; then the writer may finish (on SQLite, the backup's
        # audit row waits for the write lock as any writer does).
        while backup.poll() is None and not (
            any(tmp_path.glob(".backup.partial-*/files")) or (tmp_path / "backup").exists()
        ):
            time.sleep(0.05)
    finally:
        writer.rollback() if POSTGRES else writer.execute("ROLLBACK")
        writer.close()
    out, err = backup.communicate(timeout=600)
    assert backup.returncode == 0, err
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["django_session"] == sessions
