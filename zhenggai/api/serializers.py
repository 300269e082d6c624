"""What the API reads and writes. Output serializers are read-only views of the models; input
serializers only parse and type-check (rules live in the services, which answer in Chinese)."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from zhenggai.accounts.models import Unit
from zhenggai.api.fields import Amount, Day, Flag, Text
from zhenggai.api.models import ApiToken
from zhenggai.core.query import MAX_ID
from zhenggai.core.text import xml_safe_data
from zhenggai.ledger.lights import LIGHT_LABELS, LIGHTS
from zhenggai.ledger.models import (
    DatePrecision,
    Evidence,
    LookBackReview,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    Problem,
    ProgressEntry,
    ProgressFigure,
)
from zhenggai.ledger.workflow import MOVES

# Small pieces -----------------------------------------------------------------------------------


class DisplayField(serializers.CharField):
    """``CharField(source="get_foo_display")``, read by calling the method directly: DRF checks for
    every value whether its source is a simple callable (``inspect.signature``), which was a tenth
    of the time of a unit's ledger through the API."""

    def get_attribute(self, instance):
        return getattr(instance, self.source)()


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.first_name or user.username


class CountsSerializer(serializers.Serializer):
    """The notice's counts: 巡察反馈问题 total 项,已整改完成 completed 项,需长期坚持 long_term 项."""

    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    long_term = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    open = serializers.IntegerField()
    not_completed = serializers.IntegerField()


# Inspections ------------------------------------------------------------------------------------


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


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


LIGHT_CHOICES = [(light, LIGHT_LABELS[light]) for light in LIGHTS]
LIGHT_HELP = _("红灯 red:逾期(或长期措施超期未报);黄灯 yellow:临期;绿灯 green:正常;grey:已销号")


# Measures ---------------------------------------------------------------------------------------


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


# Problems ---------------------------------------------------------------------------------------


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


# Progress ---------------------------------------------------------------------------------------


class FigureSerializer(serializers.ModelSerializer):
    value = serializers.CharField(source="display_value", help_text=_("数值(十进制字符串,如 “40”)"))

    class Meta:
        model = ProgressFigure
        fields = ["label", "value", "unit"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "content_type", "sha256", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        from django.urls import reverse

        return reverse("api:evidence-download", args=[evidence.pk])


class ProgressSerializer(serializers.ModelSerializer):
    measure_number = serializers.IntegerField(source="measure.number")
    date_precision_display = DisplayField(source="get_date_precision_display")
    reporter = UserBriefSerializer(allow_null=True)
    figures = FigureSerializer(many=True)
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = ProgressEntry
        fields = [
            "id",
            "measure",
            "measure_number",
            "happened_on",
            "date_precision",
            "date_precision_display",
            "text",
            "reporter",
            "figures",
            "evidence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# Reviews ----------------------------------------------------------------------------------------


class ReviewSerializer(serializers.ModelSerializer):
    inspection = serializers.IntegerField(source="problem.inspection_id")
    problem_number = serializers.IntegerField(source="problem.number")
    problem_title = serializers.CharField(source="problem.title")
    outcome_display = DisplayField(source="get_outcome_display")
    reviewer = UserBriefSerializer(allow_null=True)

    class Meta:
        model = LookBackReview
        fields = [
            "id",
            "inspection",
            "problem",
            "problem_number",
            "problem_title",
            "due_on",
            "outcome",
            "outcome_display",
            "reviewed_on",
            "reviewer",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class ReviewDetailSerializer(ReviewSerializer):
    can_record = serializers.BooleanField(source="api_can_record", help_text=_("当前用户可记录结论"))

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "can_record"]
        read_only_fields = fields


# Tokens and the signed-in user ------------------------------------------------------------------


class TokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = fields


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(
        source="api_secret", help_text=_("令牌本身。只在创建时返回这一次,服务器不保存,请妥善保管。")
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class TokenInputSerializer(serializers.Serializer):
    name = Text(max_length=100, help_text=_("用途,如:统计报表脚本"))


class MembershipSerializer(serializers.Serializer):
    unit = UnitBriefSerializer()
    role = serializers.CharField()
    role_display = DisplayField(source="get_role_display")
    title = serializers.CharField()
    is_first_responsible = serializers.BooleanField()


class MeSerializer(UserBriefSerializer):
    memberships = MembershipSerializer(many=True, source="api_memberships")


# Input ------------------------------------------------------------------------------------------


class ProblemInputSerializer(serializers.Serializer):
    title = Text(max_length=500, help_text=_("反馈问题,按反馈意见原文"))
    description = Text(required=False, allow_blank=True, help_text=_("具体表现"))
    category = Text(required=False, allow_blank=True, max_length=60)
    lead_leader = Text(required=False, allow_blank=True, max_length=100)


class ProblemUpdateSerializer(ProblemInputSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("读取问题时得到的 version;若他人已保存新版本,返回 409")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


@extend_schema_field(OpenApiTypes.INT)
class OfficeField(serializers.PrimaryKeyRelatedField):
    """An office (内设股室) of the inspected unit, by id; the view passes the unit's offices."""

    def get_queryset(self):
        return self.context.get("offices", Unit.objects.none())


@extend_schema_field(OpenApiTypes.INT)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A user of the measure's unit, by id, from the list the view passes (``context[list_name]``).
    An id outside the list gets the same answer as an id that does not exist."""

    def __init__(self, *, list_name: str, message, **kwargs):
        self.list_name = list_name
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].update(
            {"does_not_exist": message, "incorrect_type": _("应为用户 id(整数)。")}
        )
        super().__init__(**kwargs)

    def get_queryset(self):
        from django.contrib.auth import get_user_model

        return self.context.get(self.list_name, get_user_model().objects.none())


class MeasureInputSerializer(serializers.Serializer):
    content = Text(help_text=_("整改措施"))
    kind = serializers.ChoiceField(choices=MeasureKind.choices, help_text=_("整改类型"))
    deadline = Day(required=False, allow_null=True, help_text=_("整改时限;立行立改、限期整改必填"))
    leader_user = MemberField(
        list_name="leaders",
        message=_("用户“{pk_value}”不存在或不是本单位领导班子成员。"),
        required=False,
        allow_null=True,
        help_text=_("责任领导:本单位领导班子成员的用户 id;其姓名自动填入 responsible_leader"),
    )
    responsible_leader = Text(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("责任领导姓名;没有账号的责任领导只填此项"),
    )
    responsible_office = OfficeField(required=False, allow_null=True, help_text=_("本单位内设股室的 id"))
    person_user = MemberField(
        list_name="people",
        message=_("用户“{pk_value}”不存在或不是本单位人员。"),
        required=False,
        allow_null=True,
        help_text=_("责任人:本单位或其股室人员的用户 id;其姓名自动填入 responsible_person"),
    )
    responsible_person = Text(
        required=False, allow_blank=True, max_length=100, help_text=_("责任人姓名;没有账号的责任人只填此项")
    )
    completion_standard = Text(required=False, allow_blank=True, max_length=300)


class MeasureUpdateSerializer(MeasureInputSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("读取措施时得到的 version;若他人已保存新版本,返回 409")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class MoveInputSerializer(serializers.Serializer):
    move = serializers.ChoiceField(choices=[(m.name, m.label) for m in MOVES], help_text=_("操作"))
    reason = Text(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "完成情况说明(申请销号必填)、退回理由或重新打开理由(必填)、审批意见(审核通过、批准销号选填)"
        ),
    )


class FigureInputSerializer(serializers.Serializer):
    label = Text(max_length=100, help_text=_("指标,如:储备库企业"))
    value = Amount(help_text=_("数值"))
    unit = Text(max_length=20, required=False, allow_blank=True, default="")


class FiguresField(serializers.ListField):
    """A list of figures; in a multipart form, the same list as one JSON text field."""

    default_error_messages = {
        "invalid_json": _(
            'figures 须为 JSON 数组,如 [{{"label": "储备库企业", "value": 40, "unit": "家"}}]。'
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(child=FigureInputSerializer(), **kwargs)

    def get_value(self, dictionary):
        if html.is_html_input(dictionary):
            if self.field_name not in dictionary:
                return empty
            raw = dictionary.get(self.field_name)
            if not raw:
                return []
            try:
                return xml_safe_data(json.loads(raw))
            except (TypeError, ValueError, RecursionError):
                return _InvalidJson()
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, _InvalidJson):
            self.fail("invalid_json")
        return super().to_internal_value(data)


class _InvalidJson:
    pass


class ProgressInputSerializer(serializers.Serializer):
    happened_on = Day(help_text=_("进展日期,不能晚于今天"))
    precision = serializers.ChoiceField(
        choices=DatePrecision.choices, required=False, default=DatePrecision.DAY, help_text=_("日期精度")
    )
    text = Text(help_text=_("进展情况"))
    figures = FiguresField(required=False, default=list, help_text=_("进展数据"))
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=_("佐证材料(multipart/form-data,可多个 files 字段)"),
    )
    submission_key = Text(
        required=False,
        allow_blank=True,
        max_length=100,
        default="",
        help_text=_("防重复提交的编号:同一编号重复提交只保存一次(返回 200 和已保存的进展)"),
    )


class ProgressUpdateSerializer(serializers.Serializer):
    happened_on = Day(required=False)
    precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    text = Text(required=False)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=_("追加的佐证材料")
    )
    version = serializers.IntegerField(
        min_value=1, help_text=_("读取进展时得到的 version;若他人已保存新版本,返回 409")
    )


class ProgressJsonInputSerializer(ProgressInputSerializer):
    """The JSON body of a new progress entry: files come only in a multipart form."""

    files = None


class ProgressJsonUpdateSerializer(ProgressUpdateSerializer):
    """The JSON body of a progress correction: files come only in a multipart form."""

    files = None


class ReviewOutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("holds", _("巩固")), ("relapsed", _("反弹"))])
    notes = Text(help_text=_("检查情况"))


class MeasureFilterSerializer(serializers.Serializer):
    inspection = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    problem = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=MeasureStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    office = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    overdue = Flag(required=False, default=False)


class ReviewFilterSerializer(serializers.Serializer):
    inspection = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    outcome = serializers.ChoiceField(
        choices=[("pending", _("待回头看")), ("holds", _("巩固")), ("relapsed", _("反弹"))], required=False
    )


# Errors -----------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("给人看的说明(中文)"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("按字段列出的错误;与字段无关时为空对象"),
    )
