"""A saved index directory as one archive with a checksum: what is published so that machines with no shared
disk serve the same index.

``pack`` writes a directory into a gzip-compressed tar (level 1: the arrays and JSON lines are written fast and
still shrink) and returns its SHA-256; ``unpack`` takes the archive's bytes in pieces, checks them against the
checksum before anything is extracted, and renames the extracted directory into place, so a reader finds either
no directory or a whole one. Two processes of one machine that unpack the same archive at once both succeed: the
second one's copy is dropped.
"""

import hashlib
import shutil
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

CHUNK_BYTES = 4 * 1024 * 1024  # a database row each: small enough to hold in memory, large enough to be few


class ChecksumMismatch(ValueError):
    """The bytes received are not the archive that was published (truncated, corrupted, or a chunk missing)."""


def pack(directory: Path, archive: Path) -> str:
    """Write ``directory``'s files into ``archive``; returns the archive's SHA-256 (hex)."""
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(directory).as_posix(), recursive=False)
    return file_checksum(archive)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def chunks(archive: Path, size: int | None = None) -> Iterator[bytes]:
    size = size or CHUNK_BYTES
    with open(archive, "rb") as f:
        while block := f.read(size):
            yield block


def unpack(pieces: Iterable[bytes], checksum: str, target: Path) -> Path:
    """Extract the archive made of ``pieces`` into ``target`` once its SHA-256 is ``checksum``; returns
    ``target``. Raises ``ChecksumMismatch`` (and leaves nothing behind) when it is not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as work:
        archive = Path(work) / "archive.tar.gz"
        digest = hashlib.sha256()
        with open(archive, "wb") as f:
            for piece in pieces:
                digest.update(piece)
                f.write(piece)
        if digest.hexdigest() != checksum:
            raise ChecksumMismatch(f"archive checksum {digest.hexdigest()} is not the published {checksum}")
        staging = Path(work) / "directory"
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")  # no absolute paths, links out or devices
        install(staging, target)
    return target


def install(staging: Path, target: Path) -> None:
    """Rename a complete directory to ``target``; if another process installed it first, keep theirs."""
    try:
        staging.rename(target)
    except OSError:
        if not target.is_dir():
            raise
        shutil.rmtree(staging, ignore_errors=True)
