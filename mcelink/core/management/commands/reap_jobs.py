from django.core.management.base import BaseCommand

from mcelink.core.job_maintenance import jobs_reap


class Command(BaseCommand):
    help = (
        "End the running jobs whose worker stopped (no heartbeat for JOB_STALE_SECONDS): requeue those that may run "
        "again, fail the others, and end their task rows. Every worker also does this every JOB_REAP_INTERVAL_SECONDS."
    )

    def handle(self, *args, **options):
        report = jobs_reap()
        self.stdout.write(f"Reaped: {report}")
