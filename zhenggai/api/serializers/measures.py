"""Measures as the API shows them: in the ledger, alone, in detail with their flow, and their moves."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhenggai.api.serializers.common import DisplayField, UnitBriefSerializer, UserBriefSerializer
from zhenggai.ledger.lights import LIGHT_LABELS, LIGHTS
from zhenggai.ledger.models import (
    Measure,
    MeasureStatus,
    MeasureTransition,
)
from zhenggai.ledger.workflow import MOVES

LIGHT_CHOICES = [(light, LIGHT_LABELS[light]) for light in LIGHTS]


LIGHT_HELP = _("红灯 red:逾期(或长期措施超期未报);黄灯 yellow:临期;绿灯 green:正常;grey:已销号")


class LatestProgressSerializer(serializers.Serializer):
    happened_on = serializers.DateField()
    date_precision = serializers.CharField()
    text = serializers.CharField()


class MeasureBaseSerializer(serializers.ModelSerializer):
    kind_display = DisplayField(source="get_kind_display")
    status_display = DisplayField(source="get_status_display")
    responsible_office = UnitBriefSerializer(allow_null=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "problem",
            "number",
            "content",
            "kind",
            "kind_display",
            "deadline",
            "responsible_leader",
            "responsible_office",
            "responsible_person",
            "completion_standard",
            "remarks",
            "status",
            "status_display",
            "completed_on",
            "version",
        ]
        read_only_fields = fields


class LedgerMeasureSerializer(MeasureBaseSerializer):
    """A measure as the ledger page's row shows it: with its latest progress."""

    latest_progress = serializers.SerializerMethodField()
    progress_count = serializers.IntegerField()
    light = serializers.ChoiceField(choices=LIGHT_CHOICES, help_text=LIGHT_HELP)

    class Meta(MeasureBaseSerializer.Meta):
        fields = [*MeasureBaseSerializer.Meta.fields, "latest_progress", "progress_count", "light"]
        read_only_fields = fields

    @staticmethod
    def _latest(measure):
        if measure.latest_progress_on is None:
            return None
        return {
            "happened_on": measure.latest_progress_on,
            "date_precision": measure.latest_progress_precision,
            "text": measure.latest_progress_text,
        }

    @extend_schema_field(LatestProgressSerializer(allow_null=True))
    def get_latest_progress(self, measure):
        """What ``LatestProgressSerializer(latest).data`` gives, written directly: a serializer made
        for each of a ledger's 200 measures copied its fields 200 times (most of the request)."""
        latest = self._latest(measure)
        if latest is None:
            return None
        return {
            "happened_on": latest["happened_on"].isoformat(),
            "date_precision": str(latest["date_precision"]),
            "text": str(latest["text"]),
        }


class MeasureSerializer(MeasureBaseSerializer):
    problem_number = serializers.IntegerField(source="problem.number")
    last_progress_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(source="api_overdue", help_text=_("已过整改时限且未销号"))
    long_term_label = serializers.CharField(
        source="api_long_term_label",
        help_text=_("长期坚持的措施:按期报告为“阶段性成效”,超过报告周期未报为“逾期未报”;其他措施为空"),
    )

    class Meta(MeasureBaseSerializer.Meta):
        fields = [
            *MeasureBaseSerializer.Meta.fields,
            "problem_number",
            "last_progress_on",
            "overdue",
            "long_term_label",
        ]
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    target_display = serializers.SerializerMethodField()
    needs_reason = serializers.BooleanField()
    needs_evidence = serializers.BooleanField()
    opinion_label = serializers.CharField(
        help_text=_("说明框的名称:完成情况说明、审批意见、退回理由;空则无说明")
    )

    def get_target_display(self, move) -> str:
        return str(MeasureStatus(move.target).label)


class MeasurePermissionsSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField(help_text=_("可修改、删除该措施"))
    can_report = serializers.BooleanField(help_text=_("可填报、修改、删除进展"))


class FlowEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class FlowStepSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("apply 申请、review 审核、approve 审批、reopen 重新打开"))
    step_display = serializers.CharField(source="label")
    move = serializers.CharField(source="transition.move")
    outcome = serializers.CharField(help_text=_("申请销号、审核通过、批准销号、退回、重新打开"))
    passed = serializers.BooleanField()
    actor = UserBriefSerializer(source="transition.actor", allow_null=True)
    at = serializers.DateTimeField(source="transition.at")
    opinion_label = serializers.CharField(help_text=_("完成情况说明、审批意见、退回理由或重新打开理由"))
    opinion = serializers.CharField(source="transition.reason")
    evidence = FlowEvidenceSerializer(many=True, help_text=_("申请时的佐证材料(仅“申请”一步)"))


class FlowRoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    steps = FlowStepSerializer(many=True)


class MeasureDetailSerializer(MeasureSerializer):
    leader_user = UserBriefSerializer(allow_null=True)
    person_user = UserBriefSerializer(allow_null=True)
    frozen = serializers.BooleanField(
        source="api_frozen",
        help_text=_("已申请销号或已销号:措施及其进展、佐证材料不能修改、删除或追加,须先退回或重新打开"),
    )
    allowed_moves = MoveSerializer(source="api_moves", many=True, help_text=_("当前用户可办理的状态操作"))
    permissions = MeasurePermissionsSerializer(source="api_permissions")
    completion_note = serializers.CharField(
        source="api_flow.completion_note", help_text=_("最近一次申请销号的完成情况说明")
    )
    flow = FlowRoundSerializer(
        source="api_flow.rounds",
        many=True,
        help_text=_("销号流程:每次申请销号一轮,含申请、审核、审批各步的办理人、时间、意见和申请时的佐证材料"),
    )

    class Meta(MeasureSerializer.Meta):
        fields = [
            *MeasureSerializer.Meta.fields,
            "leader_user",
            "person_user",
            "created_at",
            "updated_at",
            "frozen",
            "allowed_moves",
            "permissions",
            "completion_note",
            "flow",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    move_label = serializers.SerializerMethodField()
    source_display = DisplayField(source="get_source_display")
    target_display = DisplayField(source="get_target_display")
    actor = UserBriefSerializer(allow_null=True)

    class Meta:
        model = MeasureTransition
        fields = [
            "id",
            "measure",
            "move",
            "move_label",
            "source",
            "source_display",
            "target",
            "target_display",
            "actor",
            "at",
            "effective_on",
            "reason",
            "evidence",
        ]
        read_only_fields = fields

    def get_move_label(self, transition) -> str:
        move = next((m for m in MOVES if m.name == transition.move), None)
        return str(move.label) if move else transition.move


class MeasureMovesSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_display = serializers.CharField()
    version = serializers.IntegerField()
    allowed = MoveSerializer(many=True, help_text=_("当前用户现在可办理的操作"))
    history = TransitionSerializer(many=True, help_text=_("状态变更记录,按时间先后"))


class MoveResultSerializer(TransitionSerializer):
    measure = MeasureBaseSerializer(source="api_measure")

    class Meta(TransitionSerializer.Meta):
        fields = TransitionSerializer.Meta.fields
