"""Who may see and change what in the registry."""

from typing import Any

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _manager(user: Any) -> bool:
    return _active(user) and (user.is_staff or user.has_role(Role.PROGRAM_MANAGER, Role.STAFF))


def _member(user: Any, org: Organization) -> bool:
    return _active(user) and user.organization_id == org.pk


def can_view_organization(user: Any, org: Organization | None = None) -> bool:
    """The registry is open to every signed-in user: buyers must be able to find suppliers."""
    return _active(user)


def can_view_contacts(user: Any, org: Organization) -> bool:
    """Contact people (names, e-mails, phones) are personal data: managers and the organization's own users."""
    return _manager(user) or _member(user, org)


def can_create_organization(user: Any) -> bool:
    return _manager(user)


def can_edit_organization(user: Any, org: Organization) -> bool:
    return _manager(user) or (_member(user, org) and user.has_role(Role.DEMAND_FIRM, Role.SUPPLY_FIRM))


def can_delete_organization(user: Any, org: Organization) -> bool:
    return _active(user) and bool(user.is_staff)


def can_import_registry(user: Any) -> bool:
    return _manager(user)
