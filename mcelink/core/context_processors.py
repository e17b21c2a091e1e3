from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mcelink.core.permissions import can_list_jobs
from mcelink.core.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu; pages check permissions themselves, the menu only leaves out what a role never uses."""
    if not request.user.is_authenticated:
        return {"nav_items": []}
    items = [
        (reverse("dashboard:home"), _("Dashboard")),
        (reverse("demands:list"), _("Demands")),
        (reverse("matchmaking:search"), _("Find suppliers")),
        (reverse("companies:list"), _("Organizations")),
        (reverse("taxonomy:home"), _("Taxonomies")),
        (reverse("programs:list"), _("Programs")),
    ]
    if can_list_jobs(request.user):
        items.append((reverse("core:job_list"), _("Jobs")))
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "active": path.startswith(url) and (url != "/" or path == "/")}
            for url, label in items
        ]
    }


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count beside the bell in the header: one query per page."""
    return {"unread_notifications": unread_count(user=request.user)}
