"""Integer inputs of the API, bounded to what the database can hold.

An unbounded ``int`` lets a client send 2**63 or more, which PostgreSQL refuses ("bigint out of range") and
SQLite's driver cannot even bind (OverflowError): a 500 instead of a 422. Every integer the API reads from a
query string or a body is one of these, so the schema states the bound and validation enforces it before any
query. Path ids stay plain ``int``: a lookup by an id no row can have is answered 404 by Django on both databases.
"""

from typing import Annotated, Any

from pydantic import Field

INT64_MAX = 2**63 - 1  # BigIntegerField, BigAutoField
INT32_MAX = 2**31 - 1  # IntegerField, PositiveIntegerField

Id = Annotated[int, Field(ge=1, le=INT64_MAX, description="a row id")]
Int64 = Annotated[int, Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
NonNegativeInt64 = Annotated[int, Field(ge=0, le=INT64_MAX)]
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
NonNegativeInt32 = Annotated[int, Field(ge=0, le=INT32_MAX)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unset(**constraints: Any) -> Any:
    """A field of a partial update (PATCH): optional, left out of ``dict(exclude_unset=True)`` when not sent, and
    not nullable unless its type says so; the schema shows no default (there is none to apply)."""
    return Field(None, json_schema_extra=_no_default, **constraints)
