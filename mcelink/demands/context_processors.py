from typing import Any

from django.http import HttpRequest

from mcelink.demands.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count beside the bell in the header: one query per page."""
    return {"unread_notifications": unread_count(user=request.user)}
