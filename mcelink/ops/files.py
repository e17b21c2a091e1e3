"""The files half of a backup: the private files root and the media root, copied with their checksums.

A restore never writes into a live root file by file: it copies the backup into a staging directory inside the
root (same file system, so the moves that follow are renames), checks every copy against the manifest, and only
then swaps: the root's old entries move aside, the staged ones move in, the old ones are deleted. The root itself
is never renamed, so it may be a mount point.
"""

import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from mcelink.ops.manifest import FILES_DIR, BackupError, backup_file_path, copy_with_sha256, sha256_of

STAGING_PREFIX = ".mcelink-restore-"
OLD_PREFIX = ".mcelink-old-"


def file_roots() -> dict[str, Path]:
    """The roots a backup covers, by the name they have in the manifest and the backup directory."""
    roots = {"private": Path(settings.PRIVATE_FILES_ROOT), "media": Path(settings.MEDIA_ROOT)}
    private, media = (p.resolve() for p in roots.values())
    if private == media or private.is_relative_to(media) or media.is_relative_to(private):
        raise BackupError(
            _("PRIVATE_FILES_ROOT (%(private)s) and MEDIA_ROOT (%(media)s) overlap; give them separate directories.")
            % {"private": private, "media": media}
        )
    return roots


def _is_ours(relative: Path) -> bool:
    """A staging or old directory left by an interrupted restore: not part of the data."""
    return relative.parts[0].startswith((STAGING_PREFIX, OLD_PREFIX))


def files_under(root: Path) -> list[Path]:
    """The regular files under ``root``, relative to it, sorted. Symbolic links are not followed: a link could
    point anywhere, and nothing in mcelink makes one."""
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            relative = path.relative_to(root)
            if path.is_file() and not path.is_symlink() and not _is_ours(relative):
                found.append(relative)
    return found


def files_backup(target: Path) -> list[dict[str, Any]]:
    """Copy every file of every root under ``target/files/<root>/`` and return the manifest's file list."""
    entries = []
    for name, root in file_roots().items():
        for relative in files_under(root):
            copy = target / FILES_DIR / name / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            size, sha256 = copy_with_sha256(root / relative, copy)
            entries.append({"root": name, "path": relative.as_posix(), "size": size, "sha256": sha256})
    return entries


def roots_with_files() -> dict[str, int]:
    """The roots that hold files now, with how many: a restore refuses to replace them unless forced."""
    counts = {name: len(files_under(root)) for name, root in file_roots().items()}
    return {name: n for name, n in counts.items() if n}


class StagedFiles:
    """The backup's files copied into a staging directory inside each root, checked, and ready to swap in."""

    def __init__(self, backup: Path, manifest: dict[str, Any]) -> None:
        self.backup, self.manifest = backup, manifest
        self.token = secrets.token_hex(6)
        self.staging: dict[Path, Path] = {}

    def stage(self) -> None:
        for root in file_roots().values():
            root.mkdir(parents=True, exist_ok=True)
            staging = root / f"{STAGING_PREFIX}{self.token}"
            staging.mkdir()
            self.staging[root] = staging
        roots = file_roots()
        for entry in self.manifest["files"]:
            copy = self.staging[roots[entry["root"]]] / entry["path"]
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(backup_file_path(self.backup, entry), copy)
            # Checked again once written: the copy, not only the backup, is what the site will serve.
            if copy.stat().st_size != entry["size"] or sha256_of(copy) != entry["sha256"]:
                raise BackupError(
                    _("The copy of %(path)s does not match its checksum; nothing was changed.")
                    % {"path": entry["path"]}
                )

    def discard(self) -> None:
        for staging in self.staging.values():
            shutil.rmtree(staging, ignore_errors=True)
        self.staging = {}

    def swap(self) -> None:
        """Each root's old entries aside, the staged ones in, the old ones deleted. Renames only, but one per
        top-level entry, so not atomic as a whole: a failure half-way moves back what was moved."""
        for root, staging in self.staging.items():
            old = root / f"{OLD_PREFIX}{self.token}"
            old.mkdir()
            moved_out: list[str] = []
            moved_in: list[str] = []
            try:
                for child in sorted(root.iterdir()):
                    if child not in (staging, old) and not _is_ours(child.relative_to(root)):
                        child.rename(old / child.name)
                        moved_out.append(child.name)
                for child in sorted(staging.iterdir()):
                    child.rename(root / child.name)
                    moved_in.append(child.name)
            except OSError:
                for name in moved_in:
                    (root / name).rename(staging / name)
                for name in moved_out:
                    (old / name).rename(root / name)
                raise
            staging.rmdir()
            shutil.rmtree(old)
        self.staging = {}
