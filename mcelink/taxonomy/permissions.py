from mcelink.core.permissions import Decision, Viewer, is_signed_in, managers_only


def can_view_taxonomy(user: Viewer) -> bool:
    return is_signed_in(user)


def can_import_taxonomy(user: Viewer) -> Decision:
    return managers_only(user)
