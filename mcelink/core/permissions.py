from typing import Any

from mcelink.core.models import Job


def can_view_job(user: Any, job: Job) -> bool:
    return bool(user.is_authenticated and (user.is_staff or job.created_by_id == user.pk))


def can_view_audit_log(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff)
