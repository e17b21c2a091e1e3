from typing import Any

from django.utils.translation import gettext_lazy as _

from mcelink.core.jobs import JobProgress, register_job
from mcelink.core.models import Job
from mcelink.matchmaking.services import (
    hs_classifier_build,
    hs_classifier_missing,
    matching_index_build,
    matching_profiles_refresh,
)


# All-or-nothing: the index is written beside the saved one and swapped in by a rename (services._replace_dir).
@register_job("matchmaking.build", label=_("Building the supplier index"), requeue=True)
def build(job: Job, progress: JobProgress) -> dict[str, Any]:
    report = matching_index_build(progress=progress)
    if hs_classifier_missing():
        report |= hs_classifier_build()
    return report


@register_job("matchmaking.refresh", label=_("Refreshing the supplier index"), requeue=True)  # as build
def refresh(job: Job, progress: JobProgress) -> dict[str, Any]:
    return matching_profiles_refresh(organization_ids=[int(i) for i in job.params["organization_ids"]])
