"""`mcelink db_worker`: django-tasks-db's worker, with a heartbeat and the periodic reaper beside it.

mcelink.core comes before django_tasks_db in INSTALLED_APPS, so this command replaces theirs; every option is
theirs (``--queue-name``, ``--interval``, ``--batch``, ``--worker-id``...)."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from mcelink.core.job_maintenance import WorkerMaintenance, worker_beat


class Command(DatabaseWorkerCommand):
    help = "Run a background worker, with its heartbeat and the reaper of jobs whose worker died."

    def handle(self, *args, worker_id: str, reload: bool, **options):
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only watches files; the child it starts is the worker that beats.
            return super().handle(*args, worker_id=worker_id, reload=reload, **options)
        worker_beat(worker_id=worker_id)  # seen alive before it claims its first task
        maintenance = WorkerMaintenance(worker_id=worker_id)
        maintenance.start()
        self.stdout.write(f"Worker {worker_id} (pid {os.getpid()}) started.")
        try:
            return super().handle(*args, worker_id=worker_id, reload=reload, **options)
        finally:
            maintenance.stop()
