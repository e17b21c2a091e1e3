from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mcelink.core.selectors import job_get_for_user

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
    created_at: datetime
    finished_at: datetime | None


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
