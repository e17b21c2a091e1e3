from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import Role
from mcelink.core.permissions import ALLOWED, Decision, Viewer, deny, has_role, is_signed_in, is_staff
from mcelink.programs.models import Program


def can_view_program(user: Viewer, program: Program | None = None) -> bool:
    """Programs and their results are public within the platform."""
    return is_signed_in(user)


ERR_NOT_MANAGER = _("Only program managers of the program's operator or funders, and staff, may manage it.")


def can_manage_program(user: Viewer, program: Program) -> Decision:
    """Staff, and program managers of the operator or of a funder."""
    if is_staff(user):
        return ALLOWED
    if not has_role(user, Role.PROGRAM_MANAGER) or not user.organization_id:
        return deny(ERR_NOT_MANAGER)
    own = program.operator_id == user.organization_id or program.funders.filter(pk=user.organization_id).exists()
    return ALLOWED if own else deny(ERR_NOT_MANAGER)
