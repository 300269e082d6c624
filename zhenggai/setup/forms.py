"""Forms of the set-up pages: they only parse input; the rules live in ``setup.services``."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Role, Unit, UnitKind
from zhenggai.core.forms import XmlSafeForm
from zhenggai.inspections.models import InspectionGroup, InspectionKind
from zhenggai.setup import permissions
from zhenggai.setup.services.cycle import group_candidates

_DATE = forms.DateInput(attrs={"type": "date"})


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}({obj.username})"


class PeopleChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}({obj.username})"


class RoundForm(XmlSafeForm):
    committee = forms.ModelChoiceField(label=_("巡察主体"), queryset=Unit.objects.none(), empty_label=None)
    name = forms.CharField(label=_("轮次名称"), max_length=120, help_text=_("如：二届区委第二轮巡察"))
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100, required=False)
    term = forms.IntegerField(label=_("届次"), min_value=1, max_value=99, required=False)
    number = forms.IntegerField(label=_("轮次"), min_value=1, max_value=99, required=False)
    kind = forms.ChoiceField(
        label=_("巡察类型"), choices=InspectionKind.choices, initial=InspectionKind.REGULAR
    )
    topic = forms.CharField(label=_("专项主题"), max_length=200, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = permissions.administered_committees(user)
        if editing:
            del self.fields["committee"]


class GroupForm(XmlSafeForm):
    name = forms.CharField(label=_("巡察组"), max_length=60, help_text=_("如：区委第三巡察组"))
    number = forms.IntegerField(label=_("组号"), min_value=1, max_value=99, required=False)
    leader = PersonChoice(label=_("组长"), queryset=get_user_model().objects.none(), required=False)
    members = PeopleChoice(label=_("成员"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        people = group_candidates(committee)
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].help_text = _("本级巡察办的人员；编入后可查看本组巡察单位的台账。")


class InspectionForm(XmlSafeForm):
    group = forms.ModelChoiceField(label=_("巡察组"), queryset=InspectionGroup.objects.none())
    unit = forms.ModelChoiceField(label=_("被巡察单位"), queryset=Unit.objects.none())
    onsite_start = forms.DateField(label=_("进驻开始"), required=False, widget=_DATE)
    onsite_end = forms.DateField(label=_("进驻结束"), required=False, widget=_DATE)
    feedback_date = forms.DateField(label=_("反馈日期"), required=False, widget=_DATE)
    feedback_document = forms.CharField(label=_("反馈意见文件"), max_length=200, required=False)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = round.groups.all()
        self.fields["unit"].queryset = Unit.objects.filter(
            kind=UnitKind.UNIT, path__startswith=round.committee.path
        ).order_by("sort_order", "name")


class FeedbackForm(XmlSafeForm):
    text = forms.CharField(
        label=_("反馈问题"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "每行一个问题，或粘贴反馈意见中的问题清单：“一、……方面”为方面标题，其下“1.”“（一）”等编号为问题，"
            "未编号的行接在上一个问题后作为具体表现。"
        ),
    )
    file = forms.FileField(
        label=_("或从表格导入"),
        required=False,
        help_text=_("巡察办已有的问题清单（.xlsx）：有“反馈问题”（或“问题”“存在问题”）一列即可。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class UnitForm(XmlSafeForm):
    name = forms.CharField(label=_("全称"), max_length=200)
    short_name = forms.CharField(label=_("简称"), max_length=100, required=False)
    party_org_name = forms.CharField(label=_("党组织名称"), max_length=200, required=False)
    party_org_short = forms.CharField(label=_("党组织简称"), max_length=60, required=False)

    def __init__(self, *args, office=False, **kwargs):
        super().__init__(*args, **kwargs)
        if office:  # a 股室 has no party organisation of its own here
            del self.fields["party_org_name"]
            del self.fields["party_org_short"]


class RoleFields(XmlSafeForm):
    unit = forms.ModelChoiceField(label=_("单位或股室"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    title = forms.CharField(
        label=_("职务"), max_length=100, required=False, help_text=_("如：党组书记、局长")
    )
    first_responsible = forms.BooleanField(
        label=_("第一责任人"), required=False, help_text=_("单位主要负责人（党组书记）")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = permissions.granting_units(user)

    def clean(self):
        data = super().clean()
        unit, role = data.get("unit"), data.get("role")
        if unit is not None and role and role not in self._grantable(unit):
            self.add_error("role", _("该单位（股室）不能授予这个角色。"))
        return data

    def _grantable(self, unit):
        return {r for r, kind in permissions.ROLE_UNIT_KIND.items() if kind == unit.kind}


class PersonForm(RoleFields):
    username = forms.CharField(
        label=_("用户名"), max_length=150, help_text=_("登录用，字母、数字和 @ . + - _，创建后不能修改")
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("用于找回密码和接收提醒"))

    field_order = ["username", "full_name", "email", "unit", "role", "title", "first_responsible"]

    def clean_username(self):
        from django.contrib.auth.validators import UnicodeUsernameValidator

        username = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(username)
        return username


class PersonEditForm(XmlSafeForm):
    first_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
