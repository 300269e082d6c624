"""Problems as the API shows them: in the ledger, alone, in detail."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.api.serializers.common import DisplayField
from zhenggai.api.serializers.measures import LIGHT_CHOICES, LedgerMeasureSerializer, MeasureSerializer
from zhenggai.ledger.models import (
    Problem,
)


class ProblemSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.title", allow_null=True, default=None)
    status_display = DisplayField(source="get_status_display")

    class Meta:
        model = Problem
        fields = [
            "id",
            "inspection",
            "number",
            "group",
            "title",
            "description",
            "root_cause",
            "category",
            "lead_leader",
            "status",
            "status_display",
            "completed_on",
            "awaiting_new_measure",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LedgerProblemSerializer(ProblemSerializer):
    light = serializers.ChoiceField(choices=LIGHT_CHOICES, help_text=_("问题的灯色:其全部措施中最差的一个"))
    measures = LedgerMeasureSerializer(source="ledger_measures", many=True, help_text=_("您可见的措施"))

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "light", "measures"]
        read_only_fields = fields


class ProblemPermissionsSerializer(serializers.Serializer):
    can_edit_plan = serializers.BooleanField(help_text=_("可修改、删除该问题,添加措施"))
    can_review = serializers.BooleanField(help_text=_("可记录回头看结论"))


class ProblemDetailSerializer(ProblemSerializer):
    measures = MeasureSerializer(source="api_measures", many=True, help_text=_("您可见的措施"))
    permissions = ProblemPermissionsSerializer(source="api_permissions")

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "measures", "permissions"]
        read_only_fields = fields
