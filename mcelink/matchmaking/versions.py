"""Publishing the matching index as numbered versions in the database, and each machine's copy of them.

- A worker that changed the index (a build, or a registry change applied to the current version) publishes the
  directory as version N+1: one archive, its SHA-256, its bytes in chunks (``MatchingIndexVersion``). Publishers
  take one lock (a PostgreSQL advisory lock; on SQLite, which is one machine, a file lock) from reading the
  current version to committing the new one, so two workers never both build on version N and lose a change.
- A web process asks which version is current at most every ``MATCHING_INDEX_CHECK_SECONDS`` (one indexed row),
  unpacks a version it does not have into ``MATCHING_INDEX_DIR/v<number>-<checksum>`` after checking its
  checksum, and swaps to it. The processes of a machine share that directory, so its memory-mapped files are in
  memory once per machine.
- Only the newest ``MATCHING_INDEX_KEEP`` versions are kept, in the database and in each local directory.
"""

import contextlib
import fcntl
import logging
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction

from mcelink.matching.bundle import chunks, install, pack, unpack
from mcelink.matchmaking.models import MatchingIndexChunk, MatchingIndexVersion

logger = logging.getLogger(__name__)

LOCK_KEY = zlib.crc32(b"mcelink.matching-index.publish")  # one advisory lock key for the whole site
VERSION_DIR = re.compile(r"^v(\d+)-([0-9a-f]{64})$")


class Current(NamedTuple):
    number: int
    checksum: str


def local_root() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def local_dir(version: Current) -> Path:
    return local_root() / f"v{version.number}-{version.checksum}"


def version_current() -> Current | None:
    """The newest published version (one row by a unique index): what every web process should serve."""
    row = MatchingIndexVersion.objects.order_by("-number").values_list("number", "checksum").first()
    return Current(*row) if row else None


@contextlib.contextmanager
def publish_lock() -> Iterator[None]:
    """Held from reading the current version to committing the next one: publishers take turns, on every
    machine (PostgreSQL) or on the one machine SQLite allows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    local_root().mkdir(parents=True, exist_ok=True)
    with open(local_root() / ".publish.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def staging_dir() -> Path:
    """An empty directory beside the local versions to build the next one in (renamed into place on publish)."""
    local_root().mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=local_root(), prefix=".staging-"))


def version_publish(
    *, staging: Path, reason: str, report: dict[str, Any], expected: Current | None
) -> MatchingIndexVersion:
    """Publish the directory ``staging`` as the next version; call it under ``publish_lock`` with the version the
    directory was made from (``expected``, None for a build from nothing). The directory becomes this machine's
    copy of the new version."""
    if version_current() != expected:  # a publisher outside the lock: refuse rather than drop its change
        raise RuntimeError("the current matching index version changed while this one was being made")
    number = (expected.number if expected else 0) + 1
    with tempfile.TemporaryDirectory(dir=local_root(), prefix=".archive-") as work:
        archive = Path(work) / "index.tar.gz"
        checksum = pack(staging, archive)
        with transaction.atomic():
            version = MatchingIndexVersion.objects.create(
                number=number, checksum=checksum, size=archive.stat().st_size, reason=reason, report=report
            )
            for i, piece in enumerate(chunks(archive)):
                MatchingIndexChunk.objects.create(version=version, number=i, data=piece)
    install(staging, local_dir(Current(number, checksum)))
    versions_prune()
    return version


def version_local(version: Current) -> Path:
    """This machine's copy of a version, unpacked from the database if it has none (checksum checked:
    ``ChecksumMismatch`` when the stored bytes are not the published ones)."""
    target = local_dir(version)
    if target.is_dir():
        return target
    row = MatchingIndexVersion.objects.get(number=version.number, checksum=version.checksum)
    pieces = row.chunks.order_by("number").values_list("data", flat=True).iterator(chunk_size=1)
    unpack((bytes(p) for p in pieces), version.checksum, target)
    local_prune(keep_also=target)
    return target


def versions_prune(*, keep: int | None = None) -> int:
    """Delete all but the newest ``keep`` (``MATCHING_INDEX_KEEP``) versions and their chunks; returns how many."""
    keep = settings.MATCHING_INDEX_KEEP if keep is None else keep
    kept = list(MatchingIndexVersion.objects.order_by("-number").values_list("pk", flat=True)[: max(keep, 1)])
    deleted, _per_model = MatchingIndexVersion.objects.exclude(pk__in=kept).delete()
    local_prune()
    return deleted


def local_prune(*, keep_also: Path | None = None) -> None:
    """Remove this machine's copies of all but its newest ``MATCHING_INDEX_KEEP`` versions. A process still
    serving a removed one keeps reading it (its mapped files stay until it swaps), and swaps at its next check."""
    root = local_root()
    if not root.is_dir():
        return
    found = sorted(
        ((int(m.group(1)), path) for path in root.iterdir() if (m := VERSION_DIR.match(path.name))), reverse=True
    )
    for _number, path in found[max(settings.MATCHING_INDEX_KEEP, 1) :]:
        if path != keep_also:
            shutil.rmtree(path, ignore_errors=True)


def copy_part(source: Path, target: Path) -> None:
    """A part of the current version that a new one keeps unchanged (hard links: files are never rewritten in
    place, so both versions can share them)."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        Path(target).hardlink_to(source)
    except OSError:
        shutil.copy2(source, target)
