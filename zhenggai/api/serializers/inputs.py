"""What the API accepts: problems, measures, moves, progress (form and JSON), review outcomes, and the list filters."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from zhenggai.accounts.models import Unit
from zhenggai.api.fields import Amount, Day, Flag, Text
from zhenggai.core.query import MAX_ID
from zhenggai.core.text import xml_safe_data
from zhenggai.ledger.models import (
    DatePrecision,
    MeasureKind,
    MeasureStatus,
)
from zhenggai.ledger.workflow import MOVES


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
    remarks = Text(required=False, allow_blank=True, max_length=2000, help_text=_("备注（台账“备注”列）"))


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
