"""Inspections as the API shows them: the list, the detail with plan, leading group, meetings, contacts and notices."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.api.serializers.common import (
    CountsSerializer,
    DisplayField,
    NamedSerializer,
    UnitBriefSerializer,
)


class InspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    round = NamedSerializer()
    group = NamedSerializer()
    unit = UnitBriefSerializer()
    party_org = serializers.CharField(source="unit.display_party_org")
    onsite_start = serializers.DateField(allow_null=True)
    onsite_end = serializers.DateField(allow_null=True)
    feedback_date = serializers.DateField(allow_null=True)
    feedback_document = serializers.CharField()
    counts = CountsSerializer(source="api_counts", help_text=_("您可见的反馈问题的计数"))


class PlanSerializer(serializers.Serializer):
    title = serializers.CharField()
    doc_number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    mechanism = serializers.CharField()
    requirements = serializers.CharField()


class LeadingGroupMemberSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = DisplayField(source="get_role_display")
    person_name = serializers.CharField()
    position = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    kind = serializers.CharField()
    kind_display = DisplayField(source="get_kind_display")
    title = serializers.CharField()
    decisions = serializers.CharField()
    adopted_plan = serializers.BooleanField()


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    email = serializers.CharField()


class NoticeBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    state = serializers.CharField()
    state_display = DisplayField(source="get_state_display")
    cutoff_date = serializers.DateField()
    signed_on = serializers.DateField()
    published_on = serializers.DateField(allow_null=True)


class InspectionPermissionsSerializer(serializers.Serializer):
    can_edit_plan = serializers.BooleanField(help_text=_("可添加、修改、删除问题和措施"))
    can_export = serializers.BooleanField(help_text=_("可导出整本台账(能看到其中全部问题和措施)"))


class InspectionDetailSerializer(InspectionSerializer):
    plan = PlanSerializer(source="api_plan", allow_null=True)
    leading_group = LeadingGroupMemberSerializer(source="api_leading_group", many=True)
    meetings = MeetingSerializer(source="api_meetings", many=True)
    contact = ContactSerializer(source="api_contact", allow_null=True)
    latest_notice = NoticeBriefSerializer(source="api_notice", allow_null=True)
    permissions = InspectionPermissionsSerializer(source="api_permissions")
