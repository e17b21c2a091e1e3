"""The backup directory's ``manifest.json``: what a backup holds, and the checks a restore makes on it.

A backup directory::

    manifest.json            this file's content (below)
    database.dump            PostgreSQL: pg_dump's custom format   | database.sqlite3: SQLite's online backup
    files/private/...        everything under PRIVATE_FILES_ROOT
    files/media/...          everything under MEDIA_ROOT

The manifest is JSON (``FORMAT_VERSION`` 1)::

    {"format": 1, "created_at": "2026-12-02T08:00:00+00:00", "mcelink_version": "0.1.0",
     "database": {"engine": "postgresql", "name": "mcelink", "file": "database.dump", "size": 123,
                  "sha256": "…", "server_version": 15, "tool_version": 15},
     "migrations": {"core": "0007_…", …},          # the latest applied migration per app
     "tables": {"core_auditlog": 12, …},           # rows per table, from the same snapshot as the dump
     "files": [{"root": "private", "path": "demands/2026/12/a.pdf", "size": 10, "sha256": "…"}, …]}
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure the operator reads: the message is translated and says what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_with_sha256(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to ``target`` (a new file) and return the size and sha256 of the bytes written."""
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(CHUNK):
            dst.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not directory.is_dir():
        raise BackupError(_("No backup directory at %(path)s.") % {"path": directory})
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            _("%(path)s has no manifest.json: it is not an mcelink backup.") % {"path": directory}
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(
            _("The manifest %(path)s cannot be read (%(reason)s).") % {"path": path, "reason": exc}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(
            _("The backup's format is %(found)s; this version of mcelink reads format %(expected)s.")
            % {"found": found, "expected": FORMAT_VERSION}
        )
    for key in ("database", "migrations", "tables", "files"):
        if key not in manifest:
            raise BackupError(_("The manifest %(path)s has no %(key)s entry.") % {"path": path, "key": key})
    for entry in manifest["files"]:
        safe_relative(entry["path"])
    return manifest


def safe_relative(path: str) -> PurePosixPath:
    """A manifest path as a relative path that stays inside its root: an edited manifest cannot make a restore
    write elsewhere (``../../etc/x``, ``/etc/x``)."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or any(part in ("", ".", "..") for part in relative.parts):
        raise BackupError(_("The manifest lists an unsafe file path: %(path)s.") % {"path": path})
    return relative


def backup_file_path(directory: Path, entry: dict[str, Any]) -> Path:
    return directory / FILES_DIR / entry["root"] / safe_relative(entry["path"])


def verify_files(directory: Path, manifest: dict[str, Any]) -> list[str]:
    """Every file the backup lists, with its size and checksum: the problems found, as sentences (empty if none)."""
    database = manifest["database"]
    checks: Iterable[tuple[Path, int, str]] = [
        (directory / database["file"], database["size"], database["sha256"]),
        *((backup_file_path(directory, e), e["size"], e["sha256"]) for e in manifest["files"]),
    ]
    problems = []
    for path, size, sha256 in checks:
        name = path.relative_to(directory)
        if not path.is_file():
            problems.append(_("%(name)s is missing.") % {"name": name})
        elif path.stat().st_size != size or sha256_of(path) != sha256:
            problems.append(_("%(name)s does not match its checksum (damaged or changed).") % {"name": name})
    return problems
