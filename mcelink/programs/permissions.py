from typing import Any

from mcelink.accounts.models import Role
from mcelink.programs.models import Program


def can_view_program(user: Any, program: Program | None = None) -> bool:
    """Programs and their results are public within the platform."""
    return bool(user.is_authenticated and user.is_active)


def can_manage_program(user: Any, program: Program) -> bool:
    """Staff, and program managers of the operator or of a funder."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.has_role(Role.STAFF):
        return True
    if not user.has_role(Role.PROGRAM_MANAGER) or not user.organization_id:
        return False
    return bool(program.operator_id == user.organization_id or program.funders.filter(pk=user.organization_id).exists())
