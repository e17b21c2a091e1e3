from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mcelink.core.jobs import job_retry
from mcelink.core.selectors import job_get_for_user, job_notice

router = Router()


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    report: dict[str, Any]
    attempts: int
    created_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None
    notice: str
    "What the user should know beyond the status, e.g. that no background worker is running; empty otherwise."

    @staticmethod
    def resolve_report(job: Any) -> dict[str, Any]:
        # Tracebacks belong in the server log; a report never carries one (issue 14, item 7).
        return {k: v for k, v in (job.report or {}).items() if k != "traceback"}

    @staticmethod
    def resolve_notice(job: Any) -> str:
        return job_notice(job=job)


class MeOut(Schema):
    username: str
    role: str
    organization_id: int | None


@router.get("/me", response=MeOut, operation_id="account_me", tags=["accounts"])
def me(request: HttpRequest) -> Any:
    return request.user


@router.get("/jobs/{job_id}", response=JobOut, operation_id="job_get", tags=["jobs"])
def job_detail(request: HttpRequest, job_id: int) -> Any:
    return job_get_for_user(user=request.user, job_id=job_id)


@router.post("/jobs/{job_id}/retry", response=JobOut, operation_id="job_retry", tags=["jobs"])
def job_retry_view(request: HttpRequest, job_id: int) -> Any:
    """Run a failed job again (its creator or staff); a new task is queued."""
    job = job_get_for_user(user=request.user, job_id=job_id)
    return job_retry(job=job, actor=request.user)  # type: ignore[arg-type]
