from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def activate_language(request: HttpRequest, user: Any) -> str:
    """The language of this request, activated: the switch's cookie, else the user's preference, else Korean.

    The API calls it again once a bearer token has said who the user is, so messages raised by services (which
    are translated where they are raised) reach an API client in that user's language too."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language not in SUPPORTED:
        preferred = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        language = preferred if preferred in SUPPORTED else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


class LanguageMiddleware:
    """Korean unless the person chose otherwise: the language switch's cookie, else the user's preference.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product is Korean first,
    so an English-configured browser still starts in Korean and switches with one click.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate_language(request, getattr(request, "user", None))
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
