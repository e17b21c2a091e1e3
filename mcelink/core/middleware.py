from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class LanguageMiddleware:
    """Korean unless the person chose otherwise: the language switch's cookie, else the user's preference.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product is Korean first,
    so an English-configured browser still starts in Korean and switches with one click.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            preferred = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
            language = preferred if preferred in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
