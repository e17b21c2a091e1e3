from mcelink.core.permissions import Viewer, is_manager, is_signed_in


def can_view_taxonomy(user: Viewer) -> bool:
    return is_signed_in(user)


def can_import_taxonomy(user: Viewer) -> bool:
    return is_manager(user)
