"""Uploaded files: one private storage for every upload, random stored names, the uploader's name kept for display,
writes that leave no half-stored file behind, and the retention of import inputs.

- ``private_storage()`` is rooted at ``settings.PRIVATE_FILES_ROOT`` (outside ``MEDIA_ROOT``) and has no URL:
  a file is served only by a view that checks the permission rules and answers 404 otherwise.
- ``PrivateUploadTo("jobs")`` names a stored file ``jobs/<year>/<month>/<uuid4 hex><.ext>``: nothing of the
  uploader's name reaches the disk, so a name can neither be guessed nor traverse a path.
- ``OriginalNameUploadHandler`` keeps the name the browser sent (``사양서 <b>bold</b>.pdf``), which Django's
  multipart parser cuts at the last ``/`` (to ``b>.pdf``); ``upload_display_name(upload)`` reads it. Templates
  escape it like any other text; downloads send it in ``Content-Disposition`` (RFC 6266 encoding).
- ``upload_store(field_file, upload)`` saves a file; inside ``atomic_with_files()`` the files stored are deleted
  again if the transaction rolls back, so a row never points at a missing file and no file outlives its row.
  A full disk is a ``ServiceError`` (``storage_full``) with a message for the user, and no partial file stays.
"""

import contextlib
import errno
import functools
import html
import logging
import os
import re
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http.multipartparser import MultiPartParser
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from mcelink.core.errors import ServiceError

logger = logging.getLogger(__name__)

ERR_STORAGE_FULL = _(
    "The file %(name)s could not be stored: the server's file storage is full. Nothing was saved; "
    "try again later or tell the administrator."
)
# Disk full or over quota: the user is told; any other OSError is a server error (logged, generic page).
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
DISPLAY_NAME_MAX = 200
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_FILES_ROOT``, read when used (tests and deployments may move it)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view that checks permissions.")

    def _save(self, name: str, content: File) -> str:
        """Django's save, and on a failed write (a full disk) the partial file it left is removed."""
        target = self.path(name)
        existed = os.path.lexists(target)
        try:
            return super()._save(name, content)  # type: ignore[misc]  # Django's, not in the stubs
        except OSError:
            if not existed:  # stored names are random: a file at this path is the one this write began
                with contextlib.suppress(OSError):
                    os.remove(target)
            raise


_storage = PrivateStorage()


def private_storage() -> Storage:
    """The storage of every uploaded file (a callable, so migrations name it rather than a path)."""
    return _storage


def safe_suffix(name: str) -> str:
    """The name's extension, lower-cased, if it is a plain one (``.pdf``); else none."""
    suffix = Path(name).suffix.lower()
    return suffix if _SAFE_SUFFIX.fullmatch(suffix) else ""


@deconstructible
class PrivateUploadTo:
    """``upload_to`` of private files: ``<prefix>/<year>/<month>/<uuid4 hex><ext>``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{safe_suffix(filename)}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


# --- the uploader's file name ---------------------------------------------------------------------------------


def clean_display_name(name: str) -> str:
    """A name fit to show: printable characters only, surrounding spaces stripped, at most 200 characters with
    the extension kept. It is text, never a path: stored names are random."""
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > DISPLAY_NAME_MAX:
        suffix = safe_suffix(name)
        name = name[: DISPLAY_NAME_MAX - len(suffix)] + suffix
    return name


class _OriginalNameParser(MultiPartParser):
    """Django's parser, which also remembers each file's name as sent, before it is cut at path separators."""

    _pending_name: str | None = None

    def sanitize_file_name(self, file_name: str) -> str | None:
        sanitized = super().sanitize_file_name(file_name)
        # Django unescapes HTML entities (some browsers send non-ASCII names so) and then keeps only what follows
        # the last / or \. The display name keeps the whole name; an old browser's full Windows path still
        # loses its folders.
        original = clean_display_name(html.unescape(file_name).rsplit("\\")[-1])
        self._pending_name = original if sanitized and original else None
        return sanitized

    def handle_file_complete(self, old_field_name: str, counters: list[int]) -> None:
        files = getattr(self, "_files", None)
        before = len(files.getlist(old_field_name)) if files is not None else 0
        super().handle_file_complete(old_field_name, counters)
        if files is None or self._pending_name is None:
            return
        added = files.getlist(old_field_name)
        if len(added) > before:
            added[-1].original_name = self._pending_name


class OriginalNameUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: parses the request with ``_OriginalNameParser`` and the other handlers
    (Django's hook for taking over the parsing), so that every upload carries ``original_name``."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: str, encoding: str | None = None
    ) -> tuple[Any, Any] | None:
        assert self.request is not None  # noqa: S101 - Django always gives the handler its request
        others = [h for h in self.request.upload_handlers if h is not self]
        return _OriginalNameParser(META, input_data, others, encoding).parse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:  # pragma: no cover - never a file handler
        return raw_data

    def file_complete(self, file_size: int) -> None:  # pragma: no cover - never a file handler
        return None


def upload_display_name(upload: File) -> str:
    """The name the uploader gave the file (whole, as sent), for pages and downloads."""
    original = getattr(upload, "original_name", None)
    return clean_display_name(original or Path(upload.name or "").name) or "file"


# --- storing, all or nothing ----------------------------------------------------------------------------------

_stored: ContextVar[list[FieldFile] | None] = ContextVar("mcelink_stored_files", default=None)


@contextlib.contextmanager
def atomic_with_files() -> Iterator[None]:
    """``transaction.atomic()`` that also deletes the files ``upload_store`` saved inside it if it rolls back
    (Django has no rollback hook; the files are on disk before their rows, so this is the other half)."""
    outer = _stored.get()
    mine: list[FieldFile] = []
    token = _stored.set(mine)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for field_file in mine:
            _delete_quietly(field_file)
        raise
    finally:
        _stored.reset(token)
    if outer is not None:  # the enclosing block may still roll back: it owns the files now
        outer.extend(mine)


def upload_store(field_file: FieldFile, upload: File) -> None:
    """Save ``upload`` into ``field_file`` (the row is saved by the caller). A full disk raises a ServiceError
    with the user's message and leaves no file; the file is deleted again if the enclosing
    ``atomic_with_files()`` rolls back."""
    try:
        field_file.save(upload.name or "upload", upload, save=False)
    except OSError as exc:
        if exc.errno not in FULL_ERRNOS:
            raise
        logger.error("Upload storage full (%s): %s", settings.PRIVATE_FILES_ROOT, exc)
        name = upload_display_name(upload)
        raise ServiceError(str(ERR_STORAGE_FULL % {"name": name}), code="storage_full", field="file") from exc
    pending = _stored.get()
    if pending is not None:
        pending.append(field_file)


def _delete_quietly(field_file: FieldFile) -> None:
    name = field_file.name
    try:
        if name:
            field_file.storage.delete(name)
    except OSError:
        logger.exception("Could not delete the stored file %s after a rollback", name)


# --- retention of import inputs -------------------------------------------------------------------------------


def job_inputs_purge(*, now: datetime | None = None) -> int:
    """Delete the input files of jobs finished more than ``IMPORT_INPUT_RETENTION_DAYS`` ago: the file goes, the
    field is cleared (the report and the name stay), and an audit row says so. Returns how many were purged.
    Queued and running jobs keep their input whatever its age."""
    from mcelink.core.audit import audit_record  # core.models imports this module: import the models late
    from mcelink.core.models import Job

    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_INPUT_RETENTION_DAYS)
    finished = [Job.Status.SUCCEEDED, Job.Status.FAILED]
    old = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, updated_at__lt=cutoff)
    jobs = Job.objects.filter(old, status__in=finished).exclude(input_file="").order_by("pk")
    purged = 0
    for job in jobs.iterator():
        name = job.input_file.name
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(input_file="")
            audit_record(
                actor=None, action="job.input_purge", obj=job,
                changes={"file": job.input_name or name, "finished_at": str(job.finished_at or "")},
            )  # fmt: skip
            transaction.on_commit(functools.partial(_storage_delete, name))
        purged += 1
    return purged


def _storage_delete(name: str) -> None:
    try:
        private_storage().delete(name)
    except OSError:
        logger.exception("Could not delete the import input %s", name)
