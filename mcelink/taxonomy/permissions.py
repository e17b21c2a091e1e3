from typing import Any

from mcelink.accounts.models import Role


def can_view_taxonomy(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_import_taxonomy(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.has_role(Role.PROGRAM_MANAGER, Role.STAFF)))
