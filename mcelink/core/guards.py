"""Two guards around every request, so that no view has to repeat them.

- ``NulCharactersMiddleware``: a NUL character (U+0000) in the path, a query parameter, a form field or a JSON
  string is refused before any view runs. PostgreSQL cannot store or even compare it in a text value (the query
  fails with "text fields cannot contain NUL"), so without this every search box and every API body was a 500
  there. Pages answer the styled 400 page; the API answers 422 in its error shape, naming the field.
- ``ApiJsonErrorsMiddleware``: an /api/ path never answers HTML. Whatever answered an error outside the API's
  own handlers (Django's 405 for a wrong method, a debug page when DEBUG is on, a middleware's refusal) is
  replaced by the JSON error shape with the same status, keeping the headers a client needs (Allow, Retry-After).

Multipart bodies are not read here: reading them would fix the upload handlers before a view could choose its
own, and their text fields go through Django forms, whose CharField already refuses NUL.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from mcelink.core.views import api_error, error_page, is_api_path

NUL = "\x00"
ERR_NUL = _("This value contains a NUL character (\\0), which cannot be stored: remove it and send the request again.")
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _nul_paths(value: Any, prefix: str) -> Iterator[str]:
    """The dotted paths (``summary``, ``items.0.note``) of the JSON strings, keys included, that hold a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield prefix or "__all__"
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if NUL in str(key):
                yield path.replace(NUL, "\\0")
            else:
                yield from _nul_paths(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{prefix}.{index}" if prefix else str(index))


def nul_fields(request: HttpRequest) -> list[str]:
    """The names of the inputs of this request that hold a NUL character; empty when there are none."""
    fields = ["path"] if NUL in request.path else []
    sources = [request.GET]
    if request.method != "GET" and request.content_type == "application/x-www-form-urlencoded":
        sources.append(request.POST)
    for params in sources:
        for key, values in params.lists():
            if NUL in key or any(NUL in v for v in values):
                fields.append(key.replace(NUL, "\\0"))
    if request.method != "GET" and request.content_type in ("application/json", "application/merge-patch+json"):
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            body = None  # not JSON: the API's own parser answers that, with its message
        fields.extend(_nul_paths(body, ""))
    return fields


class NulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = nul_fields(request)
        if not fields:
            return self.get_response(request)
        message = str(ERR_NUL)
        if is_api_path(request.path_info):
            return api_error(422, code="invalid_request", fields={f: [message] for f in fields})
        return error_page(request, 400, reason=message)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiJsonErrorsMiddleware:
    """Outermost, so that it sees every response, also those that Django made from an exception."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_path(request.path_info) or _is_json(response):
            return response
        replacement = api_error(response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
