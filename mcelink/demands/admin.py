from typing import Any

from django.contrib import admin

from mcelink.demands.models import Demand, NdaTerms


@admin.register(NdaTerms)
class NdaTermsAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "created_at"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    """Read-only: demands change only through the workflow services, which check permissions and audit."""

    list_display = ["id", "title", "buyer", "status", "visibility", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["title"]
    fields = ["buyer", "title", "status", "visibility", "created_at"]
    readonly_fields = ["buyer", "title", "status", "visibility", "created_at"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
