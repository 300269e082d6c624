"""Read-only admin: the trail can be browsed, never added to, changed or deleted from here."""

from django.contrib import admin

from zhenggai.audit.models import AuditEvent, ChainHead


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_repr", "unit_path"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "reason", "object_id"]
    ordering = ["-seq"]
    readonly_fields = [
        "seq",
        "at",
        "actor",
        "actor_pk",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "unit_path",
        "problem_id",
        "changes",
        "reason",
        "prev_hash",
        "hash",
    ]
    fields = readonly_fields
    show_full_result_count = False  # no COUNT(*) over the whole trail on every page


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ["id", "last_seq", "last_hash"]
