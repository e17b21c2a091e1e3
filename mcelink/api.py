"""The REST API under /api/v1/: one NinjaAPI, each app contributes a router; errors have one shape.

Error body, for every failure: {"error": {"code": str, "message": str, "fields": {field: [messages]}}}
"""

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from mcelink.accounts.lockout import LockedOut, token_allowed, token_failed
from mcelink.accounts.selectors import user_for_api_token
from mcelink.core.api_schema import document_errors
from mcelink.core.errors import NotFound, ServiceError
from mcelink.core.middleware import activate_language
from mcelink.core.views import ERROR_MESSAGES

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # An address that failed too often is refused before the lookup, even with a right token (django-axes).
        token_allowed(request)
        user = user_for_api_token(token=token)
        if user is None:
            token_failed(request)
            return None
        request.user = user
        activate_language(request, user)
        return user


class Api(NinjaAPI):
    """The schema documents the error answers too (``core.api_schema``): it is the truth a client is built from."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = Api(
    title="mcelink API",
    version="1",
    description="Registry, taxonomies, programs and the demand board of mcelink."
    " Authenticate with `Authorization: Bearer <token>`"
    " (`mcelink token USERNAME` prints one).",
    auth=BearerToken(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", str(ERROR_MESSAGES[401]))


@api.exception_handler(LockedOut)
def _locked_out(request: HttpRequest, exc: LockedOut) -> HttpResponse:
    response = error_response(request, 429, "too_many_attempts", exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or str(ERROR_MESSAGES[403]))


@api.exception_handler(NotFound)
@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", str(ERROR_MESSAGES[404]))


# Refusals that come from the state of the object rather than from the request: 409, so that a client can tell
# "change your request" (400) from "the object has moved on" (409). Workflow guards are ``guard_<target>``.
CONFLICT_CODES = frozenset(
    {"illegal_transition", "already_invited", "already_interested", "already_decided", "no_validation",
     "terms_changed", "no_terms", "no_index", "already_participates", "track_full"}
)  # fmt: skip


def service_error_status(code: str) -> int:
    return 409 if code in CONFLICT_CODES or code.startswith("guard_") else 400


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    fields = {exc.field: [exc.message]} if exc.field else {}
    return error_response(request, service_error_status(exc.code), exc.code, exc.message, fields)


@api.exception_handler(ValidationError)
def _model_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    return error_response(request, 400, "invalid", "; ".join(exc.messages), fields)


LOCATIONS = frozenset({"query", "body", "path", "form", "payload"})
# Pydantic names the member of a union it tried (``str-enum[MceCategory]``, ``literal['']``, ``constrained-int``):
# not a field of the request, so not part of the field's name in ``fields``.
UNION_MEMBER = re.compile(r"^[a-z][a-z-]*\[.*\]$|^(constrained-)?(int|str|float|bool|none|date|datetime)$")


@api.exception_handler(NinjaValidationError)
def _request_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in LOCATIONS and not UNION_MEMBER.match(str(p))]
        messages = fields.setdefault(".".join(loc) or "__all__", [])
        if err.get("msg", "invalid") not in messages:
            messages.append(err.get("msg", "invalid"))
    return error_response(request, 422, "invalid_request", str(ERROR_MESSAGES[422]), fields)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else: logged with its traceback, answered in the same shape (never a debug page or HTML)."""
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(request, 500, "server_error", str(ERROR_MESSAGES[500]))


def _mount_routers() -> None:
    from mcelink.companies.api import router as companies_router
    from mcelink.core.api import router as core_router
    from mcelink.demands.api import router as demands_router
    from mcelink.programs.api import router as programs_router
    from mcelink.taxonomy.api import router as taxonomy_router

    api.add_router("/", core_router)
    api.add_router("/", companies_router)
    api.add_router("/taxonomy/", taxonomy_router)
    api.add_router("/", programs_router)
    api.add_router("/", demands_router)


_mount_routers()
