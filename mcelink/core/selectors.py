from typing import Any

from django.db.models import QuerySet

from mcelink.core.errors import NotFound
from mcelink.core.models import AuditLog, Job
from mcelink.core.permissions import can_view_audit_log, can_view_job


def job_get_for_user(*, user: Any, job_id: int) -> Job:
    job = Job.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None or not can_view_job(user, job):
        raise NotFound
    return job


def job_list_for_user(*, user: Any) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if user.is_staff:
        return jobs
    return jobs.filter(created_by=user)


def audit_log_list(*, user: Any, object_type: str = "", object_id: str = "") -> QuerySet[AuditLog]:
    if not can_view_audit_log(user):
        return AuditLog.objects.none()
    entries = AuditLog.objects.all()
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries
