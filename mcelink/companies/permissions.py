"""Who may see and change what in the registry.

Products, capabilities, certifications, research equipment and contact people belong to an organization's
profile: whoever may edit the organization may edit them (call ``can_edit_organization(user, item.organization)``).
"""

from typing import Any

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _staff(user: Any) -> bool:
    return _active(user) and bool(user.is_staff or user.has_role(Role.STAFF))


def _manager(user: Any) -> bool:
    return _staff(user) or (_active(user) and user.has_role(Role.PROGRAM_MANAGER))


def _member(user: Any, org: Organization) -> bool:
    return _active(user) and user.organization_id is not None and user.organization_id == org.pk


def can_view_organization(user: Any, org: Organization | None = None) -> bool:
    """The registry is open to every signed-in user: buyers must be able to find suppliers."""
    return _active(user)


def can_view_contacts(user: Any, org: Organization) -> bool:
    """Contact people (names, e-mails, phones) are personal data: managers and the organization's own users."""
    return _manager(user) or _member(user, org)


def can_create_organization(user: Any) -> bool:
    return _manager(user)


def can_edit_organization(user: Any, org: Organization) -> bool:
    """Managers edit any profile; demand and supply firms keep their own organization's profile."""
    return _manager(user) or (_member(user, org) and user.has_role(Role.DEMAND_FIRM, Role.SUPPLY_FIRM))


def can_delete_organization(user: Any, org: Organization) -> bool:
    """Deleting removes a whole profile and its history links: staff only."""
    return _staff(user)


def can_import_registry(user: Any) -> bool:
    return _manager(user)
