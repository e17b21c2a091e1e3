"""`mcelink backup DIR` and `mcelink restore DIR`: the database and the files, with a manifest that says what is in
the backup and lets a restore check it before it changes anything.

The order of the work is the safety argument:
- backup: the database first, then the files. A file is written before the row that names it commits, so every
  file the dumped rows name is already on disk; a file added while the backup runs is at worst an extra one. The
  backup is written beside DIR and renamed into place when complete: DIR is a whole backup or absent.
- restore: every check first (manifest, checksums, migrations, engine, client tools, an empty target), then the
  files are staged and checked, then the database is restored in one transaction, then the staged files are
  swapped in. A failure before the swap leaves the database and the files as they were.
"""

import shutil
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record
from mcelink.ops import database
from mcelink.ops.files import StagedFiles, files_backup, roots_with_files
from mcelink.ops.manifest import FORMAT_VERSION, BackupError, read_manifest, sha256_of, verify_files, write_manifest

SHOWN_PROBLEMS = 10


def mcelink_version() -> str:
    try:
        return version("mcelink")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def backup_create(*, directory: Path, actor: User | None = None) -> dict[str, Any]:
    """Back up the database and the files into ``directory`` (absent or empty); return the manifest and timings."""
    started = time.monotonic()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(_("%(path)s already exists and is not empty; give a new directory.") % {"path": directory})
    directory.parent.mkdir(parents=True, exist_ok=True)
    db = database.for_connection()
    # mkdtemp makes it readable by its owner only (0700): the backup holds confidential files.
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.partial-", dir=directory.parent))
    try:
        state = db.dump(staging / db.file_name)
        dumped = staging / db.file_name
        state["database"].update(size=dumped.stat().st_size, sha256=sha256_of(dumped))
        files = files_backup(staging)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "mcelink_version": mcelink_version(),
            **state,
            "files": files,
        }
        if problems := verify_files(staging, manifest):
            raise BackupError(
                _("The backup could not be checked after writing it: %(problems)s") % {"problems": " ".join(problems)}
            )
        write_manifest(staging, manifest)
        if directory.exists():
            directory.rmdir()
        staging.rename(directory)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            _("The backup could not be written to %(path)s: %(reason)s") % {"path": directory, "reason": exc}
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary = _summary(manifest, directory, started)
    _audit(actor=actor, action="backup.created", summary=summary)
    return summary


def backup_restore(*, directory: Path, force: bool = False, actor: User | None = None) -> dict[str, Any]:
    """Restore the backup in ``directory`` into the configured database and file roots; return a summary.

    Refuses, changing nothing, when the backup is damaged, was made by newer code or another database engine, or
    when the database has tables or the roots have files (unless ``force``: their content is then replaced)."""
    started = time.monotonic()
    manifest = read_manifest(directory)
    db = database.for_connection()
    if manifest["database"]["engine"] != db.engine:
        raise BackupError(
            _("This is a %(backup)s backup and DATABASE_URL names a %(target)s database; restore it into %(backup)s.")
            % {"backup": manifest["database"]["engine"], "target": db.engine}
        )
    if problems := verify_files(directory, manifest):
        shown = " ".join(problems[:SHOWN_PROBLEMS]) + (" …" if len(problems) > SHOWN_PROBLEMS else "")
        raise BackupError(
            _("The backup is damaged and was not restored; nothing was changed. %(count)s problem(s): %(problems)s")
            % {"count": len(problems), "problems": shown}
        )
    if unknown := database.migrations_unknown_to_code(manifest["migrations"]):
        raise BackupError(
            _(
                "This backup was made by a newer version of mcelink (migrations this code does not have: "
                "%(migrations)s). Install that version, or a newer one, to restore it; nothing was changed."
            )
            % {"migrations": ", ".join(unknown)}
        )
    source = directory / manifest["database"]["file"]
    db.check_restore(source, manifest)
    existing = database.tables_now()
    if existing and not force:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(count)s tables). Restore into an empty database, or add "
                "--force to replace its content with the backup's; nothing was changed."
            )
            % {"name": connection.settings_dict["NAME"], "count": len(existing)}
        )
    if (busy := roots_with_files()) and not force:
        raise BackupError(
            _(
                "The file directories are not empty (%(roots)s). Restore into empty ones, or add --force to "
                "replace their content with the backup's; nothing was changed."
            )
            % {"roots": ", ".join(f"{root}: {n}" for root, n in busy.items())}
        )
    staged = StagedFiles(directory, manifest)
    try:
        staged.stage()
        db.restore(source, manifest, replace_tables=existing)
    except OSError as exc:
        staged.discard()
        raise BackupError(
            _("The backup's files could not be copied (%(reason)s); nothing was changed.") % {"reason": exc}
        ) from None
    except BaseException:
        staged.discard()
        raise
    try:
        staged.swap()
    except OSError as exc:
        staged.discard()
        raise BackupError(
            _(
                "The database was restored, but the files could not be put in place (%(reason)s); the old files "
                "are unchanged. Fix the cause and run the restore again with --force."
            )
            % {"reason": exc}
        ) from None
    ContentType.objects.clear_cache()
    summary = _summary(manifest, directory, started)
    # A backup older than the code is brought up to it, as a deployment would be; the audit row needs the tables.
    summary["migrations_applied"] = pending = database.migrations_pending()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    _audit(actor=actor, action="backup.restored", summary={**summary, "forced": force})
    summary["seconds"] = round(time.monotonic() - started, 1)
    return summary


def _summary(manifest: dict[str, Any], directory: Path, started: float) -> dict[str, Any]:
    return {
        "directory": str(directory),
        "created_at": manifest["created_at"],
        "engine": manifest["database"]["engine"],
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
        "bytes": manifest["database"]["size"] + sum(f["size"] for f in manifest["files"]),
        "seconds": round(time.monotonic() - started, 1),
    }


def _audit(*, actor: User | None, action: str, summary: dict[str, Any]) -> None:
    """The audit row, once the work is done (a backup's row is not in the backup it records)."""
    try:
        with transaction.atomic():
            audit_record(actor=actor, action=action, changes={k: v for k, v in summary.items() if k != "seconds"})
    except DatabaseError as exc:
        raise BackupError(
            _("The work is done (%(directory)s) but it could not be recorded in the audit log: %(reason)s")
            % {"directory": summary["directory"], "reason": exc}
        ) from None
