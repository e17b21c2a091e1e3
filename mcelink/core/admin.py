from django.contrib import admin

from mcelink.core.models import AuditLog, Job


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_repr", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "done", "total", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    # The input file is private (core.files): no link to it here; its name is shown.
    exclude = ("input_file",)
    readonly_fields = ("report", "input_name")
