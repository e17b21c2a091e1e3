"""Background jobs: one mechanism for long work.

A service calls ``job_enqueue(kind=..., actor=..., params=...)``; a worker (``mcelink db_worker`` in
production and in the demo, run in-process in tests) runs the handler registered for that kind with a
``JobProgress`` it can report through. The Job row is what pages and the API show.

A running job saves a heartbeat (``Job.heartbeat_at``) from a thread beside its handler; a worker that dies
(``kill -9``, out of memory, a lost machine) stops the beats, and the reaper (``core.job_maintenance``) ends the
job or queues it again. Every handler is all-or-nothing (it checks first, then writes in one transaction or swaps
in a finished file), so a job that lost its worker kept nothing.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record
from mcelink.core.errors import ServiceError
from mcelink.core.files import atomic_with_files, upload_display_name, upload_store
from mcelink.core.models import Job
from mcelink.core.permissions import can_retry_job, require

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "JobProgress"], dict[str, Any]]
_HANDLERS: dict[str, JobHandler] = {}
_LABELS: dict[str, StrOrPromise] = {}
_REQUEUE: set[str] = set()

MSG_UNEXPECTED = _(
    "The job stopped on an unexpected error, which was recorded for the administrators; nothing it did was kept."
)
MSG_WORKER_LOST = _("The worker stopped while this job ran; nothing it did was kept.")
MSG_WRITTEN_WORKER_LOST = _(
    "The work of this job was saved, but the worker stopped before it could write the job's report."
)
MSG_REQUEUED = _("The worker stopped while this job ran; nothing it did was kept. The job was queued again.")
ERR_RETRY_INPUT_GONE = _("The uploaded file of this job is no longer kept: upload it again.")


class JobError(ServiceError):
    """A failure a handler explains to the user. Its message (translated, free of internals) is what the job
    shows; any other exception shows ``MSG_UNEXPECTED`` and goes to the server log with its traceback."""

    def __init__(self, message: str, *, code: str = "job_failed") -> None:
        super().__init__(message, code=code)


class WorkerLost(Exception):  # noqa: N818 - the name the task rows show (exception_class_path)
    """Recorded on a task row whose worker died while running it (never raised)."""


def register_job(kind: str, *, label: StrOrPromise = "", requeue: bool = False) -> Callable[[JobHandler], JobHandler]:
    """Register the function that runs jobs of ``kind``. It returns the report (a JSON-ready dict).

    ``label`` (translatable) is what pages show for the kind, never the code itself. ``requeue``: the handler
    is all-or-nothing and may run again from the start, so a job whose worker died is queued again (once,
    JOB_MAX_ATTEMPTS) instead of failing."""

    def decorator(handler: JobHandler) -> JobHandler:
        _HANDLERS[kind] = handler
        if label:
            _LABELS[kind] = label
        if requeue:
            _REQUEUE.add(kind)
        else:
            _REQUEUE.discard(kind)
        return handler

    return decorator


def job_kind_label(kind: str) -> str:
    return str(_LABELS.get(kind, kind))


def job_kinds() -> dict[str, bool]:
    """Every registered kind, with whether it is requeued after a lost worker."""
    return {kind: kind in _REQUEUE for kind in _HANDLERS}


def job_may_requeue(job: Job) -> bool:
    return job.kind in _REQUEUE and job.attempts < settings.JOB_MAX_ATTEMPTS


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

    def written(self) -> None:
        """Call as the last step inside the handler's write transaction: the job row then says, in the same
        commit as the data, that the work is saved. A worker that dies after that commit and before the job's
        report is saved leaves a job the reaper marks succeeded (MSG_WRITTEN_WORKER_LOST), never run again."""
        self.job.written_at = timezone.now()
        self.job.save(update_fields=["written_at", "updated_at"])


def job_enqueue(
    *, kind: str, actor: User | None, params: dict[str, Any] | None = None, input_file: File | None = None
) -> Job:
    """Create a queued job and hand it to the task backend once the transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No job handler registered for {kind!r}")

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
        _dispatch_on_commit(job)
    return job


def _dispatch_on_commit(job: Job) -> None:
    from mcelink.core.tasks import run_job

    job_id = job.pk
    transaction.on_commit(lambda: run_job.enqueue(job_id))


def job_retry(*, job: Job, actor: User) -> Job:
    """Queue a failed job again, from the start, with a new task."""
    require(can_retry_job(actor, job))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        require(can_retry_job(actor, job))  # checked again under the lock: two clicks queue one run
        if job.input_file and not job.input_file.storage.exists(job.input_file.name):
            raise ServiceError(str(ERR_RETRY_INPUT_GONE), code="input_gone")
        job.status, job.done, job.total, job.message, job.report = Job.Status.QUEUED, 0, 0, "", {}
        job.started_at = job.finished_at = job.heartbeat_at = job.written_at = None
        job.attempts = 0  # a person asked: the automatic requeue is allowed again
        job.save()
        audit_record(actor=actor, action="job.retry", obj=job, changes={"kind": job.kind})
        _dispatch_on_commit(job)
    return job


class _Heartbeat(threading.Thread):
    """Saves ``heartbeat_at`` every JOB_HEARTBEAT_SECONDS while the handler runs.

    A thread, not beats from ``JobProgress``: several handlers report no progress at all (the index refresh, the
    candidates), and those that do may spend minutes inside one call (reading a workbook, building the index, a
    long write transaction); their silence must not read as a dead worker. The thread has its own database
    connection (Django's are per thread), closed when it ends, and never waits for the handler's row lock."""

    def __init__(self, job_id: int, attempt: int) -> None:
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.attempt = job_id, attempt
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connections.close_all()  # this thread's connections only

    def beat(self) -> None:
        try:
            with transaction.atomic():
                # NOWAIT: if the handler's transaction holds the row (PostgreSQL), its connection is alive; skip
                # this beat rather than queue behind it (the reaper skips locked rows for the same reason).
                mine = Job.objects.select_for_update(nowait=True).filter(
                    pk=self.job_id, status=Job.Status.RUNNING, attempts=self.attempt
                )
                if list(mine.values_list("pk", flat=True)):
                    mine.update(heartbeat_at=timezone.now())
        except DatabaseError:  # locked (SQLite: the handler is writing) or the database is away: beat again later
            logger.info("job %s: heartbeat skipped", self.job_id, exc_info=True)


def _test_query_delay(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Test hook (JOB_TEST_QUERY_DELAY_SECONDS): sleep before each query the handler makes, so that the fault
    tests can kill a worker in the middle of any kind of job, inside its write transaction too."""
    time.sleep(settings.JOB_TEST_QUERY_DELAY_SECONDS)
    return execute(sql, params, many, context)


def job_run(job_id: int) -> Job:
    """Run one job to the end. Called by the worker; a failure is recorded on the job, not raised.

    Only a queued job runs: a task for a job that already ran (a requeued job another worker finished, a
    duplicate task) does nothing. The user reads a clear message; a traceback goes to the server log only."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return job or Job(pk=job_id, status=Job.Status.FAILED)
        now = timezone.now()
        job.status, job.started_at, job.heartbeat_at, job.written_at = Job.Status.RUNNING, now, now, None
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "written_at", "attempts", "updated_at"])
    handler = _HANDLERS[job.kind]
    heartbeat = _Heartbeat(job.pk, job.attempts)
    heartbeat.start()
    delay = settings.JOB_TEST_QUERY_DELAY_SECONDS
    try:
        with translation.override(job.params.get("language", "ko")):
            if delay:
                with connection.execute_wrapper(_test_query_delay):
                    report = handler(job, JobProgress(job))
            else:
                report = handler(job, JobProgress(job))
    except ServiceError as exc:  # a handler's own message for the user (JobError, a service's refusal)
        logger.info("job %s failed: %s", job.pk, exc.code)
        status, message, report = Job.Status.FAILED, exc.message[:300], job.report
    except Exception:  # noqa: BLE001 - a job records any failure for the user instead of dying
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.params.get("language", "ko")):
            status, message, report = Job.Status.FAILED, str(MSG_UNEXPECTED), job.report
    else:
        status = Job.Status.SUCCEEDED if not report.get("failed") else Job.Status.FAILED
        message = "" if status == Job.Status.SUCCEEDED else job.message  # the report says what was done
        if status == Job.Status.SUCCEEDED:
            job.done = job.total
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=30)
    report = {k: v for k, v in report.items() if k != "traceback"}
    now = timezone.now()
    fields = {"status": status, "message": message, "report": report, "done": job.done, "finished_at": now}
    # Only this attempt's row: if the reaper took the job for dead meanwhile and a new attempt started, that
    # attempt owns it. If the reaper only marked it (failed or queued), the finished work is the truth.
    Job.objects.filter(pk=job.pk, attempts=job.attempts).update(**fields, heartbeat_at=now, updated_at=now)
    for name, value in fields.items():
        setattr(job, name, value)
    return job
