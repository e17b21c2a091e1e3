from django.db.models import QuerySet

from mcelink.core.errors import NotFound
from mcelink.core.models import AuditLog, Job, Notification
from mcelink.core.permissions import Viewer, can_view_audit_log, can_view_job, is_staff


def job_get_for_user(*, user: Viewer, job_id: int) -> Job:
    job = Job.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None or not can_view_job(user, job):
        raise NotFound
    return job


def job_list_for_user(*, user: Viewer) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if is_staff(user):
        return jobs
    return jobs.filter(created_by_id=user.pk) if user.is_authenticated else jobs.none()


def audit_log_list(*, user: Viewer, object_type: str = "", object_id: str = "") -> QuerySet[AuditLog]:
    if not can_view_audit_log(user):
        return AuditLog.objects.none()
    entries = AuditLog.objects.all()
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries


def notifications_for(*, user: Viewer) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user) if user.is_authenticated else Notification.objects.none()


def unread_count(*, user: Viewer) -> int:
    return notifications_for(user=user).filter(read_at=None).count()
