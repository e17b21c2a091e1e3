"""Background job: the strategic technology import, run by a worker with progress."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from mcelink.core.jobs import JobProgress, register_job
from mcelink.core.models import Job
from mcelink.taxonomy.services import strategic_technology_import


# All-or-nothing: rows are checked first, then written in one transaction; a rerun starts from the file.
@register_job("taxonomy.import_strategic_tech", label=_("Strategic technology import"), requeue=True)
def run_strategic_import(job: Job, progress: JobProgress) -> dict[str, Any]:
    with job.input_file.open("rb") as f:
        return strategic_technology_import(
            source=f,
            name=job.params.get("file_name", job.input_file.name),
            actor=job.created_by,
            batch=job.params.get("batch", ""),
            year=job.params.get("year"),
            progress=progress,
        )
