from typing import Any

from mcelink.accounts.models import Role


def can_search_suppliers(user: Any) -> bool:
    """Finding suppliers is open to every signed-in user, as the registry is."""
    return bool(user.is_authenticated and user.is_active)


def can_rebuild_index(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.has_role(Role.PROGRAM_MANAGER)))
