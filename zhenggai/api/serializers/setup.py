"""The set-up routes' shapes: rounds, groups, inspections, units, people and their roles.

Inputs only parse and type-check; ids are plain integers resolved by the view through
``setup.permissions`` (an id outside the user's set-up scope is 422, like an id of nothing)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.accounts.models import Role, UnitKind
from zhenggai.api.fields import Day, Flag, Text
from zhenggai.api.serializers.common import UnitBriefSerializer
from zhenggai.core.query import MAX_ID
from zhenggai.inspections.models import InspectionKind


def _id(help_text, **kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text, **kwargs)


def _partial(serializer):
    """A PATCH: every field optional."""
    for field in serializer.fields.values():
        field.required = False


# Output --------------------------------------------------------------------------------------


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    committee = UnitBriefSerializer()
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    term = serializers.IntegerField(allow_null=True)
    number = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    topic = serializers.CharField()


class GroupMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.first_name")
    is_leader = serializers.BooleanField()


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    round = serializers.IntegerField(source="round_id")
    name = serializers.CharField()
    number = serializers.IntegerField(allow_null=True)
    leader_name = serializers.CharField()
    members = GroupMemberSerializer(many=True, source="members.all")


class SetupInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    round = serializers.IntegerField(source="round_id")
    group = serializers.IntegerField(source="group_id")
    unit = UnitBriefSerializer()
    onsite_start = serializers.DateField(allow_null=True)
    onsite_end = serializers.DateField(allow_null=True)
    feedback_date = serializers.DateField(allow_null=True)
    feedback_document = serializers.CharField()
    ledger_opened_at = serializers.DateTimeField(allow_null=True)
    group_confirmed = serializers.BooleanField(
        help_text="巡察组成员能否查看本单位台账：单位导入的巡察须经本级巡察办确认（group-confirm）"
    )


class SetupUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    name = serializers.CharField()
    short_name = serializers.CharField()
    party_org_name = serializers.CharField()
    party_org_short = serializers.CharField()


class RoleHeldSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    user = serializers.IntegerField(source="user_id")
    unit = UnitBriefSerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    title = serializers.CharField()
    is_first_responsible = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.CharField(source="first_name")
    email = serializers.CharField()
    is_active = serializers.BooleanField()
    roles = RoleHeldSerializer(many=True, source="api_roles")


class PersonCreatedSerializer(PersonSerializer):
    one_time_password = serializers.CharField(
        source="api_one_time_password", help_text=_("一次性密码：只在这次返回，本人首次登录时须修改")
    )


class OpenedSerializer(serializers.Serializer):
    notified = serializers.IntegerField(help_text=_("通知的人数"))


class FeedbackAddedSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text=_("新问题的 id"))


# Input ---------------------------------------------------------------------------------------


class RoundInputSerializer(serializers.Serializer):
    committee = _id(_("巡察主体（党委）的 id"))
    name = Text(max_length=120)
    year = serializers.IntegerField(min_value=1949, max_value=2100, required=False, allow_null=True)
    term = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)
    number = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=InspectionKind.choices, required=False)
    topic = Text(max_length=200, required=False, allow_blank=True)


class RoundUpdateSerializer(RoundInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["committee"]
        _partial(self)


class GroupInputSerializer(serializers.Serializer):
    name = Text(max_length=60)
    number = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)
    leader = _id(_("组长（本级巡察办人员）的用户 id"), required=False, allow_null=True)
    members = serializers.ListField(
        child=_id(_("用户 id")), required=False, max_length=100, help_text=_("成员的用户 id（替换现有成员）")
    )


class GroupUpdateSerializer(GroupInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _partial(self)


class InspectionInputSerializer(serializers.Serializer):
    round = _id(_("巡察轮次的 id"))
    group = _id(_("本轮巡察组的 id"))
    unit = _id(_("被巡察单位的 id"))
    onsite_start = Day(required=False, allow_null=True)
    onsite_end = Day(required=False, allow_null=True)
    feedback_date = Day(required=False, allow_null=True)
    feedback_document = Text(max_length=200, required=False, allow_blank=True)


class InspectionUpdateSerializer(InspectionInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["round"]
        _partial(self)


class FeedbackProblemSerializer(serializers.Serializer):
    title = Text(max_length=500)
    description = Text(required=False, allow_blank=True, max_length=20_000)
    group = Text(required=False, allow_blank=True, max_length=300, help_text=_("方面（可空）"))


class FeedbackInputSerializer(serializers.Serializer):
    problems = FeedbackProblemSerializer(many=True, help_text=_("反馈问题，按顺序编号"))

    def validate_problems(self, value):
        if not value:
            raise serializers.ValidationError(_("至少一个问题。"))
        if len(value) > 500:
            raise serializers.ValidationError(_("一次最多500个问题。"))
        return value


class UnitInputSerializer(serializers.Serializer):
    parent = _id(_("上级的 id：党委（添加被巡察单位）或被巡察单位（添加股室）"))
    name = Text(max_length=200)
    short_name = Text(max_length=100, required=False, allow_blank=True)
    party_org_name = Text(max_length=200, required=False, allow_blank=True)
    party_org_short = Text(max_length=60, required=False, allow_blank=True)


class UnitUpdateSerializer(UnitInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["parent"]
        _partial(self)


class RoleInputSerializer(serializers.Serializer):
    unit = _id(_("单位或股室的 id"))
    role = serializers.ChoiceField(choices=Role.choices)
    title = Text(max_length=100, required=False, allow_blank=True)
    is_first_responsible = Flag(required=False)


class MembershipInputSerializer(RoleInputSerializer):
    user = _id(_("用户 id"))


class MembershipUpdateSerializer(serializers.Serializer):
    title = Text(max_length=100, required=False, allow_blank=True)
    is_first_responsible = Flag(required=False)


class PersonInputSerializer(RoleInputSerializer):
    username = serializers.RegexField(r"^[\w.@+-]{1,150}$", help_text=_("登录用户名"))
    name = Text(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)


class PersonUpdateSerializer(serializers.Serializer):
    name = Text(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    is_active = Flag(required=False, help_text=_("false：停用（结束其登录，记录保留）；true：重新启用"))


class PersonUpdatedSerializer(PersonSerializer):
    one_time_password = serializers.CharField(
        source="api_one_time_password",
        allow_null=True,
        help_text=_("重新启用（is_active 由 false 改为 true）时生成的一次性密码；其他情况为 null"),
    )


class PasswordResetSerializer(serializers.Serializer):
    one_time_password = serializers.CharField(help_text=_("新的一次性密码；该账号已有的登录已结束"))
