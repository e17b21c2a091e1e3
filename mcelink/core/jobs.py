"""Background jobs: one mechanism for long work.

A service calls ``job_enqueue(kind=..., actor=..., params=...)``; a worker (``mcelink db_worker`` in
production and in the demo, run in-process in tests) runs the handler registered for that kind with a
``JobProgress`` it can report through. The Job row is what pages and the API show.
"""

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django_stubs_ext import StrOrPromise

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record
from mcelink.core.files import atomic_with_files, upload_display_name, upload_store
from mcelink.core.models import Job

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "JobProgress"], dict[str, Any]]
_HANDLERS: dict[str, JobHandler] = {}
_LABELS: dict[str, StrOrPromise] = {}


def register_job(kind: str, *, label: StrOrPromise = "") -> Callable[[JobHandler], JobHandler]:
    """Register the function that runs jobs of ``kind``. It returns the report (a JSON-ready dict).

    ``label`` (translatable) is what pages show for the kind, never the code itself."""

    def decorator(handler: JobHandler) -> JobHandler:
        _HANDLERS[kind] = handler
        if label:
            _LABELS[kind] = label
        return handler

    return decorator


def job_kind_label(kind: str) -> str:
    return str(_LABELS.get(kind, kind))


class JobProgress:
    """Saves progress at most every ``every`` steps so that reporting stays cheap."""

    def __init__(self, job: Job, every: int = 1000) -> None:
        self.job = job
        self.every = every

    def start(self, *, total: int, message: str = "") -> None:
        self.job.total, self.job.done, self.job.message = total, 0, message
        self.job.save(update_fields=["total", "done", "message", "updated_at"])

    def advance(self, done: int, *, message: str | None = None, force: bool = False) -> None:
        self.job.done = done
        if message is not None:
            self.job.message = message[:300]
        if force or done % self.every == 0 or done == self.job.total:
            self.job.save(update_fields=["done", "message", "updated_at"])


def job_enqueue(
    *, kind: str, actor: User | None, params: dict[str, Any] | None = None, input_file: File | None = None
) -> Job:
    """Create a queued job and hand it to the task backend once the transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No job handler registered for {kind!r}")
    from mcelink.core.tasks import run_job

    # The input file is stored (privately, under a random name) before the row; if anything after fails, it is
    # deleted again, and a full disk is a ServiceError with the user's message (core.files).
    with atomic_with_files():
        # The worker reports in the language of the person who started the job.
        params = {"language": translation.get_language() or "ko", **(params or {})}
        job = Job(kind=kind, params=params, created_by=actor if actor and actor.is_authenticated else None)
        if input_file is not None:
            job.input_name = upload_display_name(input_file)
            upload_store(job.input_file, input_file)
        job.save()
        audit_record(actor=actor, action="job.enqueue", obj=job, changes={"kind": kind})
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run(job_id: int) -> Job:
    """Run one job to the end. Called by the worker; a failure is recorded on the job, not raised."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    handler = _HANDLERS[job.kind]
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    try:
        with translation.override(job.params.get("language", "ko")):
            report = handler(job, JobProgress(job))
    except Exception as exc:  # noqa: BLE001 - a job records any failure for the user instead of dying
        logger.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.message = str(exc)[:300] or type(exc).__name__
        job.report = {**job.report, "traceback": traceback.format_exc(limit=5)}
    else:
        job.status = Job.Status.SUCCEEDED if not report.get("failed") else Job.Status.FAILED
        job.report = report
        if job.status == Job.Status.SUCCEEDED:
            job.done, job.message = job.total, ""  # the report says what was done
    job.finished_at = timezone.now()
    job.save()
    return job
