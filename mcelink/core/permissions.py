from typing import Any

from mcelink.core.models import Job


def can_view_job(user: Any, job: Job) -> bool:
    return bool(user.is_authenticated and (user.is_staff or job.created_by_id == user.pk))


def can_view_audit_log(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def can_list_jobs(user: Any) -> bool:
    """Whether the Jobs menu is offered: to those who start long work themselves (imports, index rebuilds).
    Other roles' jobs run as side effects (a demand's candidates, a profile's index entry) and show on the
    pages they serve; the list stays reachable by its address and shows one's own jobs."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_staff or user.has_role("program_manager", "staff"))
    )
