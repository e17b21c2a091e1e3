from mcelink.core.permissions import Viewer, is_manager, is_signed_in


def can_search_suppliers(user: Viewer) -> bool:
    """Finding suppliers is open to every signed-in user, as the registry is."""
    return is_signed_in(user)


def can_rebuild_index(user: Viewer) -> bool:
    return is_manager(user)
