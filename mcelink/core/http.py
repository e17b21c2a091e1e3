from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404

from mcelink.core.errors import NotFound

T = TypeVar("T")


def or_404(selector: Callable[..., T], **kwargs: Any) -> T:
    """Call a ``*_get_for_user`` selector from a view: hidden or missing objects both become a 404."""
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404 from exc
