"""The one pagination of the API: ?page=N&page_size=M, answered with items, count, page and pages."""

import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, description="1-based page number; past the last page, items is empty")
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="items per page")

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int
        page_size: int

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        start = (pagination.page - 1) * pagination.page_size
        # A page past the last one is empty, answered without a query: its OFFSET could be beyond what the
        # database takes (PostgreSQL's bigint, SQLite's 64-bit integer) and fail as a server error.
        items = list(queryset[start : start + pagination.page_size]) if start < count else []
        return {
            "items": items,
            "count": count,
            "page": pagination.page,
            "pages": max(1, math.ceil(count / pagination.page_size)),
            "page_size": pagination.page_size,
        }
