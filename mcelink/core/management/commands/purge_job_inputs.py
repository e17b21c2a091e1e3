from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mcelink.core.files import job_inputs_purge


class Command(BaseCommand):
    help = (
        "Delete the uploaded input files of imports finished more than IMPORT_INPUT_RETENTION_DAYS ago "
        "(run it daily, e.g. from cron or the worker's maintenance loop)."
    )

    def handle(self, *args, **options):
        purged = job_inputs_purge()
        days = settings.IMPORT_INPUT_RETENTION_DAYS
        self.stdout.write(
            _("%(count)s import input file(s) older than %(days)s days deleted.") % {"count": purged, "days": days}
        )
