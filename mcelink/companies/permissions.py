"""Who may see and change what in the registry."""

from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization
from mcelink.core.permissions import (
    ALLOWED,
    Decision,
    Viewer,
    deny,
    has_role,
    is_manager,
    is_signed_in,
    managers_only,
    staff_only,
)

ERR_NOT_OWN_ORGANIZATION = _("Only the organization's own firm users, program managers and staff may change it.")


def _member(user: Viewer, org: Organization) -> bool:
    return is_signed_in(user) and user.organization_id == org.pk


def can_view_organization(user: Viewer, org: Organization | None = None) -> bool:
    """The registry is open to every signed-in user: buyers must be able to find suppliers."""
    return is_signed_in(user)


def can_view_contacts(user: Viewer, org: Organization) -> bool:
    """Contact people (names, e-mails, phones) are personal data: managers and the organization's own users."""
    return is_manager(user) or _member(user, org)


def can_create_organization(user: Viewer) -> Decision:
    return managers_only(user)


def can_edit_organization(user: Viewer, org: Organization) -> Decision:
    own_firm = _member(user, org) and has_role(user, Role.DEMAND_FIRM, Role.SUPPLY_FIRM)
    return ALLOWED if is_manager(user) or own_firm else deny(ERR_NOT_OWN_ORGANIZATION)


def can_delete_organization(user: Viewer, org: Organization) -> Decision:
    return staff_only(user)


def can_import_registry(user: Viewer) -> Decision:
    return managers_only(user)
