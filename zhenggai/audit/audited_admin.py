"""Admin writes go to the audit trail like every other write."""

from django.contrib import admin

from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot


def _fields(obj) -> list[str]:
    return [f.attname for f in obj._meta.concrete_fields]


class AuditedAdmin(admin.ModelAdmin):
    """Records create/update/delete made through the admin, with the changed fields."""

    def unit_path_of(self, obj) -> str:
        return ""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), _fields(obj)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            unit_path=self.unit_path_of(obj),
            changes=diff(before, snapshot(obj, _fields(obj))),
            reason="admin",
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=AuditAction.DELETE,
            obj=obj,
            unit_path=self.unit_path_of(obj),
            changes=diff(snapshot(obj, _fields(obj)), {}),
            reason="admin",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
