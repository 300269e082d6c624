from django.contrib import admin

from zhenggai.audit.audited_admin import AuditedAdmin
from zhenggai.inspections.models import (
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    LeadingGroupMember,
    Meeting,
    RectificationPlan,
    Round,
)


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ("name", "committee", "kind", "year")
    list_filter = ("kind", "year")
    search_fields = ("name",)

    def unit_path_of(self, obj):
        return obj.committee.path


@admin.register(InspectionGroup)
class InspectionGroupAdmin(AuditedAdmin):
    list_display = ("name", "round", "leader_name")

    def unit_path_of(self, obj):
        return obj.round.committee.path


@admin.register(InspectionGroupMember)
class InspectionGroupMemberAdmin(AuditedAdmin):
    list_display = ("group", "user", "is_leader")

    def unit_path_of(self, obj):
        return obj.group.round.committee.path


@admin.register(Inspection)
class InspectionAdmin(AuditedAdmin):
    list_display = ("unit", "round", "group", "onsite_start", "onsite_end", "feedback_date")
    list_filter = ("round",)

    def unit_path_of(self, obj):
        return obj.unit.path


class LeadingGroupInline(admin.TabularInline):
    model = LeadingGroupMember
    extra = 0


@admin.register(RectificationPlan)
class RectificationPlanAdmin(AuditedAdmin):
    list_display = ("title", "doc_number", "issued_on")
    inlines = [LeadingGroupInline]

    def unit_path_of(self, obj):
        return obj.inspection.unit.path


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("held_on", "title", "kind", "inspection")
    list_filter = ("kind",)

    def unit_path_of(self, obj):
        return obj.inspection.unit.path
