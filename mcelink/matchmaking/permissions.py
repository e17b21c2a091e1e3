from mcelink.core.permissions import Decision, Viewer, is_signed_in, managers_only


def can_search_suppliers(user: Viewer) -> bool:
    """Finding suppliers is open to every signed-in user, as the registry is."""
    return is_signed_in(user)


def can_rebuild_index(user: Viewer) -> Decision:
    return managers_only(user)
