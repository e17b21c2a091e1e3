from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from mcelink.accounts.models import User
from mcelink.core.errors import NotFound

T = TypeVar("T")


def or_404(selector: Callable[..., T], **kwargs: Any) -> T:
    """Call a ``*_get_for_user`` selector from a view: hidden or missing objects both become a 404."""
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def actor(request: HttpRequest) -> User:
    """The signed-in user making a request, typed for the services (views sit behind ``login_required``, the API
    behind its authentication; an anonymous request that reaches a service is refused)."""
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise PermissionDenied
    return request.user
