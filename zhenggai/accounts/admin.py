from django.contrib import admin

from zhenggai.accounts.models import ContactChannel, Membership, SupervisionPolicy, Unit
from zhenggai.audit.audited_admin import AuditedAdmin


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "kind", "path")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "party_org_name")
    readonly_fields = ("path", "depth")

    def unit_path_of(self, obj):
        return obj.path

    def save_model(self, request, obj, form, change):
        # The path follows the parent; a unit is never moved under its own subtree.
        super().save_model(request, obj, form, change)
        prefix = obj.parent.path if obj.parent else "/"
        path, depth = f"{prefix}{obj.pk}/", (obj.parent.depth + 1) if obj.parent else 0
        if (obj.path, obj.depth) != (path, depth):
            Unit.objects.filter(pk=obj.pk).update(path=path, depth=depth)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "unit", "role", "title", "is_first_responsible")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("unit",)

    def unit_path_of(self, obj):
        return obj.unit.path


@admin.register(ContactChannel)
class ContactChannelAdmin(AuditedAdmin):
    list_display = ("unit", "phone", "email")

    def unit_path_of(self, obj):
        return obj.unit.path


@admin.register(SupervisionPolicy)
class SupervisionPolicyAdmin(AuditedAdmin):
    list_display = ("committee", "long_term_report_months", "look_back_months", "warning_days")

    def unit_path_of(self, obj):
        return obj.committee.path
