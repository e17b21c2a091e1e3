"""The role checks every app shares, written once, and the shape of a refusal a page can explain.

An app's own rules live in its ``permissions.py`` and build on these. A rule the UI shows returns a
:class:`Decision`: true or false like a bool, with the reason a refused user reads.
"""

from dataclasses import dataclass
from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import Role, User
from mcelink.core.korean import resolve_particles
from mcelink.core.models import Job

# Whoever is looking: a signed-in user, or nobody (a page behind login still types its user so).
Viewer = User | AnonymousUser


@dataclass(frozen=True)
class Decision:
    """``allowed``, or refused with ``reason`` (shown to the user). Truthy exactly when allowed."""

    allowed: bool
    reason: Promise | str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def message(self) -> str:
        return resolve_particles(str(self.reason))


ALLOWED = Decision(True)


def deny(reason: Promise | str) -> Decision:
    return Decision(False, reason)


def require(decision: Decision | bool) -> None:
    """What a service does with a rule: go on, or refuse with the rule's reason."""
    if not decision:
        raise PermissionDenied(decision.message if isinstance(decision, Decision) else "")


def is_signed_in(user: Viewer) -> TypeGuard[User]:
    return bool(user.is_authenticated and user.is_active)


def is_staff(user: Viewer) -> TypeGuard[User]:
    """Staff: the Django flag or the staff role (a superuser holds it too)."""
    return is_signed_in(user) and bool(user.is_staff or user.has_role(Role.STAFF))


def is_manager(user: Viewer) -> TypeGuard[User]:
    """A program manager or staff: the people who run the programs and see across firms."""
    return is_staff(user) or (is_signed_in(user) and user.has_role(Role.PROGRAM_MANAGER))


def has_role(user: Viewer, *roles: str) -> TypeGuard[User]:
    return is_signed_in(user) and user.has_role(*roles)


ERR_MANAGERS_ONLY = _("Only program managers and staff may do this.")
ERR_STAFF_ONLY = _("Only staff may do this.")


def managers_only(user: Viewer) -> Decision:
    """A rule open to program managers and staff, refused with the reason that says so."""
    return ALLOWED if is_manager(user) else deny(ERR_MANAGERS_ONLY)


def staff_only(user: Viewer) -> Decision:
    return ALLOWED if is_staff(user) else deny(ERR_STAFF_ONLY)


def can_view_job(user: Viewer, job: Job) -> bool:
    return is_staff(user) or (is_signed_in(user) and job.created_by_id == user.pk)


ERR_RETRY_NOT_FAILED = _("Only a failed job can be run again.")
ERR_RETRY_NOT_YOURS = _("Only the person who started this job, or staff, may run it again.")


def can_retry_job(user: Viewer, job: Job) -> Decision:
    """The creator of a failed job, or staff, may run it again (the Retry button, POST /api/v1/jobs/{id}/retry)."""
    if not can_view_job(user, job):
        return deny(ERR_RETRY_NOT_YOURS)
    if job.status != Job.Status.FAILED:
        return deny(ERR_RETRY_NOT_FAILED)
    return ALLOWED


def can_list_jobs(user: Viewer) -> bool:
    """Whether the Jobs menu is offered: to those who start long work themselves (imports, index rebuilds).
    Other roles' jobs run as side effects (a demand's candidates, a profile's index entry) and show on the
    pages they serve; the list stays reachable by its address and shows one's own jobs."""
    return is_manager(user)


def can_view_audit_log(user: Viewer) -> bool:
    return is_staff(user)
