"""What keeps background jobs honest when a worker dies: worker heartbeats, the reaper, the maintenance loop.

Every ``mcelink db_worker`` (core's command, which wraps django-tasks-db's) runs a maintenance thread that saves
its ``WorkerHeartbeat`` every JOB_HEARTBEAT_SECONDS and runs ``MAINTENANCE`` every JOB_REAP_INTERVAL_SECONDS.
``mcelink reap_jobs`` runs the reaper once, from cron or by hand.
"""

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation

from mcelink.core.audit import audit_record
from mcelink.core.files import job_inputs_purge
from mcelink.core.jobs import (
    MSG_REQUEUED,
    MSG_WORKER_LOST,
    MSG_WRITTEN_WORKER_LOST,
    WorkerLost,
    _dispatch_on_commit,
    job_may_requeue,
)
from mcelink.core.models import Job, WorkerHeartbeat

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "mcelink.core.tasks.run_job"
WORKER_ROWS_KEPT = timedelta(days=1)


def _stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.JOB_STALE_SECONDS)


def workers_alive() -> bool:
    """Whether a worker will take queued jobs: one was heard from within JOB_STALE_SECONDS. A backend that runs
    tasks without a worker (the tests' immediate backend) needs none."""
    if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db."):
        return True
    return WorkerHeartbeat.objects.filter(last_seen__gte=_stale_before()).exists()


def worker_beat(*, worker_id: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "last_seen": now},
        create_defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now},
    )


@dataclass
class ReapReport:
    failed: list[int] = field(default_factory=list)
    succeeded: list[int] = field(default_factory=list)  # their work was committed before the worker died
    requeued: list[int] = field(default_factory=list)
    tasks: int = 0

    def __str__(self) -> str:
        return (
            f"failed {self.failed or '-'}, requeued {self.requeued or '-'}, saved {self.succeeded or '-'}, "
            f"task rows ended {self.tasks}"
        )


def jobs_reap() -> ReapReport:
    """End every running job whose heartbeat is older than JOB_STALE_SECONDS, and the task rows left RUNNING by
    dead workers, so nothing stays stuck. A job of a kind registered ``requeue=True`` is queued again once
    (JOB_MAX_ATTEMPTS); the others fail with ``MSG_WORKER_LOST``. Rows locked by a live transaction are skipped."""
    from django_tasks_db.models import DBTaskResult

    report = ReapReport()
    stale_before = _stale_before()
    with transaction.atomic():
        stale = Job.objects.select_for_update(skip_locked=True).filter(
            Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, started_at__lt=stale_before),
            status=Job.Status.RUNNING,
        )
        for job in stale:
            written = job.written_at is not None  # its work committed: never run it again
            requeue = not written and job_may_requeue(job)
            with translation.override(job.params.get("language", "ko")):
                job.message = str(MSG_WRITTEN_WORKER_LOST if written else MSG_REQUEUED if requeue else MSG_WORKER_LOST)
            if written:
                job.status, job.finished_at, job.done = Job.Status.SUCCEEDED, timezone.now(), job.total
                report.succeeded.append(job.pk)
            elif requeue:
                job.status, job.heartbeat_at = Job.Status.QUEUED, None
                report.requeued.append(job.pk)
            else:
                job.status, job.finished_at = Job.Status.FAILED, timezone.now()
                report.failed.append(job.pk)
            job.save(update_fields=["status", "message", "heartbeat_at", "finished_at", "done", "updated_at"])
            audit_record(
                actor=None,
                action="job.requeued" if requeue else "job.worker_lost",
                obj=job,
                changes={"kind": job.kind, "attempts": job.attempts},
            )
            if requeue:
                _dispatch_on_commit(job)

        # Task rows: those of the jobs just ended, and any row whose worker is no longer heard from.
        ended = set(report.failed + report.requeued + report.succeeded)
        live = set(WorkerHeartbeat.objects.filter(last_seen__gte=stale_before).values_list("worker_id", flat=True))
        lost = []
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(status="RUNNING")
        for task in running.only("id", "task_path", "args_kwargs", "worker_ids", "started_at"):
            args = (task.args_kwargs or {}).get("args") or [None]
            of_ended_job = task.task_path == RUN_JOB_TASK and args[0] in ended
            worker_dead = bool(task.started_at and task.started_at < stale_before) and (
                not task.worker_ids or task.worker_ids[-1] not in live
            )
            if of_ended_job or worker_dead:
                lost.append(task.pk)
        if lost:
            report.tasks = DBTaskResult.objects.filter(pk__in=lost, status="RUNNING").update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=str(MSG_WORKER_LOST),
                return_value=None,
            )
        WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - WORKER_ROWS_KEPT).delete()
    if report.failed or report.requeued or report.succeeded or report.tasks:
        logger.warning("reaper: %s", report)
    return report


# The maintenance loop of every worker runs these, in order, every JOB_REAP_INTERVAL_SECONDS: the reaper, then
# the deletion of import inputs past IMPORT_INPUT_RETENTION_DAYS (a cheap query when there is nothing to do).
MAINTENANCE: list[Callable[[], object]] = [jobs_reap, job_inputs_purge]


class WorkerMaintenance(threading.Thread):
    """The worker's own heartbeat and the periodic maintenance, in a thread beside the task loop (which may be
    inside a long job). Own database connection; one failure is logged, never fatal."""

    def __init__(self, *, worker_id: str) -> None:
        super().__init__(name="worker-maintenance", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        last_maintenance = 0.0
        try:
            while True:
                close_old_connections()
                try:
                    worker_beat(worker_id=self.worker_id)
                except Exception:  # noqa: BLE001 - the database may be away for a moment; beat again later
                    logger.warning("worker %s: heartbeat failed", self.worker_id, exc_info=True)
                clock = timezone.now().timestamp()
                if clock - last_maintenance >= settings.JOB_REAP_INTERVAL_SECONDS:
                    last_maintenance = clock
                    for job in MAINTENANCE:
                        try:
                            job()
                        except Exception:  # noqa: BLE001 - one failing chore must not stop the others
                            logger.exception("worker maintenance %s failed", getattr(job, "__name__", job))
                if self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                    break
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self) -> None:
        """Called when the worker stops cleanly: its row goes, so pages know at once that it is gone."""
        self.stopped.set()
        self.join(timeout=30)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:  # noqa: BLE001 - best effort; the row ages out otherwise
            logger.warning("worker %s: could not remove its heartbeat", self.worker_id, exc_info=True)
