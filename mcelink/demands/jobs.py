from typing import Any

from django.utils.translation import gettext_lazy as _

from mcelink.core.jobs import JobProgress, register_job
from mcelink.core.models import Job
from mcelink.demands.models import Demand


# All-or-nothing and idempotent: the ranking is written in one transaction and computed again on a rerun.
@register_job("demands.candidates", label=_("Ranking candidates for a demand"), requeue=True)
def candidates(job: Job, progress: JobProgress) -> dict[str, Any]:
    from mcelink.demands.candidates import candidates_rank
    from mcelink.matchmaking.selectors import matcher_current
    from mcelink.matchmaking.services import matching_index_build

    demand = Demand.objects.select_related("hs_code", "strategic_technology").filter(pk=job.params["demand_id"]).first()
    if demand is None:
        return {"ranked": 0}
    if matcher_current() is None:
        matching_index_build()  # a worker may take the time a page may not
    return {"ranked": candidates_rank(demand=demand, actor=job.created_by)}
