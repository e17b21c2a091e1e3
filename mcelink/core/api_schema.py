"""What the OpenAPI schema says beyond each operation's own success answer: the one error shape and where it applies.

Every failure of the API answers ``{"error": {"code", "message", "fields"}}`` (``mcelink.api``'s handlers and
``core.guards``). The schema documents it once, as the component ``Error``, and lists on each operation the statuses
it can answer, by rules that follow from where each status comes from:

- 401 ``unauthenticated`` and 429 ``too_many_attempts`` (with ``Retry-After``): every operation needs a token, and
  an address locked out by django-axes is refused before the token is looked up;
- 422 ``invalid_request``: any operation, since a NUL character in any query parameter is refused, and parameters
  and bodies are validated against this schema;
- 404 ``not_found``: operations with a path parameter (an object that does not exist or that the caller may not
  see), and writes, which look up the rows their body names;
- 400 (business rule or model validation, with ``fields``), 403 ``forbidden`` and 409 (the object's state refuses
  the action, e.g. ``illegal_transition``): writes, and the reads named in ``FORBIDDEN_READS``.

Strings the API reads carry the pattern ``NO_NUL`` unless they already have a pattern, a format or an enum, and
objects it reads carry it on their keys (``propertyNames``), so the schema states what
``core.guards.NulCharactersMiddleware`` refuses.
"""

from typing import Any

from ninja import Schema

ERROR_COMPONENT = "Error"
NO_NUL = "^[^\\u0000]*$"
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
# Reads that refuse a caller who may see the object but not this part of it (403 rather than 404).
FORBIDDEN_READS = frozenset({"candidate_list"})

DESCRIPTIONS = {
    400: "The request breaks a business rule or a model check; `fields` names the fields.",
    401: "No token, or a token that is unknown, revoked or of an inactive user (`unauthenticated`).",
    403: "The caller may see the object but not do this (`forbidden`).",
    404: "No such object, or one the caller may not see (`not_found`).",
    409: "The object's current state does not allow this (`illegal_transition`, `already_invited`, ...).",
    422: "A parameter or the body does not match this schema, or holds a NUL character (`invalid_request`).",
    429: "Too many failed attempts from this address (`too_many_attempts`); retry after `Retry-After` seconds.",
}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The body of every error answer of the API."""

    error: ErrorDetail


def error_statuses(method: str, path: str, operation_id: str) -> list[int]:
    statuses = {401, 422, 429}
    write = method in WRITE_METHODS
    if "{" in path or write:
        statuses.add(404)
    if write:
        statuses |= {400, 403, 409}
    if operation_id in FORBIDDEN_READS:
        statuses.add(403)
    return sorted(statuses)


def _error_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}},
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 0}}
        }
    return response


def _refuse_nul(schema: Any, components: dict[str, Any], seen: set[str]) -> None:
    """Add ``NO_NUL`` to every free-text string of an input schema, following references once."""
    if isinstance(schema, list):
        for item in schema:
            _refuse_nul(item, components, seen)
        return
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            seen.add(name)
            _refuse_nul(components.get(name), components, seen)
        return
    if schema.get("type") == "string" and not {"pattern", "format", "enum", "const"} & schema.keys():
        schema["pattern"] = NO_NUL
    if schema.get("type") == "object":
        # Keys are read too: a NUL in a key, also in one the API ignores, is refused like one in a value.
        schema.setdefault("propertyNames", {"pattern": NO_NUL})
    for key in ("properties", "$defs"):
        for sub in (schema.get(key) or {}).values():
            _refuse_nul(sub, components, seen)
    for key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "schema"):
        if key in schema:
            _refuse_nul(schema[key], components, seen)


def document_errors(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the error component, each operation's error answers, and the NUL pattern of inputs; returns ``openapi``."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_COMPONENT] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(components[ERROR_COMPONENT].pop("$defs", {}))
    inputs_seen: set[str] = set()
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, path, operation.get("operationId", "")):
                responses.setdefault(status, _error_response(status))
            for parameter in operation.get("parameters", []):
                _refuse_nul(parameter.get("schema"), components, inputs_seen)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                _refuse_nul(content.get("schema"), components, inputs_seen)
    return openapi
