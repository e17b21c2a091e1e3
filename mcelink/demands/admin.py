"""The admin shows staff no more of the demand board than docs/demands.md's disclosure table gives them: the summary
and buyer of non-draft demands. Drafts are the buyer's alone, also here; the specification, volumes, prices,
proposals and messages are not shown, and the audit log names the fields a demand-board write changed, never
their values."""

from typing import Any

from django.contrib import admin
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mcelink.core.admin import AuditLogAdmin
from mcelink.core.models import AuditLog
from mcelink.demands.models import Demand, NdaTerms, Status

# The audit rows of the demand board: their ``changes`` may hold what staff may not read.
DEMAND_BOARD_TYPES = ("demands.demand", "demands.invitation", "demands.candidate")


@admin.register(NdaTerms)
class NdaTermsAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "created_at"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    """Read-only: demands change only through the workflow services, which check permissions and audit. Only the
    summary level of non-draft demands (the disclosure table's row for staff)."""

    list_display = ["id", "title", "buyer", "status", "visibility", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["title"]
    fields = ["buyer", "title", "summary", "status", "visibility", "created_at"]
    readonly_fields = ["buyer", "title", "summary", "status", "visibility", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Demand]:
        return super().get_queryset(request).exclude(status=Status.DRAFT)

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


def draft_demand_ids() -> QuerySet[Any]:
    """The ids of draft demands as text, the type of ``AuditLog.object_id``."""
    as_text = Cast("pk", output_field=CharField(max_length=64))
    return Demand.objects.filter(status=Status.DRAFT).annotate(text_id=as_text).values("text_id")


class DemandBoardAuditLogAdmin(AuditLogAdmin):
    """Core's audit log, without the rows about draft demands, and with only the names of the fields a
    demand-board write changed (the values may be the specification, a price or a message)."""

    fields = ("at", "actor_label", "action", "object_type", "object_id", "object_repr", "changed")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditLog]:
        # Invitations and candidates exist only for demands past the draft: their rows stay (names only).
        return super().get_queryset(request).exclude(object_type="demands.demand", object_id__in=draft_demand_ids())

    @admin.display(description=_("changes"))
    def changed(self, obj: AuditLog) -> Any:
        if obj.object_type in DEMAND_BOARD_TYPES:
            return ", ".join(sorted(obj.changes)) if isinstance(obj.changes, dict) else ""
        return obj.changes


admin.site.unregister(AuditLog)
admin.site.register(AuditLog, DemandBoardAuditLogAdmin)
