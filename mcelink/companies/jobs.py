"""Background job: the registry import, run by a worker with progress."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from mcelink.companies.imports import registry_import
from mcelink.core.jobs import JobProgress, register_job
from mcelink.core.models import Job


# All-or-nothing: rows are checked first, then written in one transaction; a rerun starts from the file.
@register_job("companies.import", label=_("Registry import"), requeue=True)
def run_registry_import(job: Job, progress: JobProgress) -> dict[str, Any]:
    with job.input_file.open("rb") as f:
        return registry_import(
            kind=job.params["kind"],
            source=f,
            name=job.params.get("file_name", job.input_file.name),
            actor=job.created_by,
            progress=progress,
        )
