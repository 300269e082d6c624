"""The public feedback form, the look-up form, and the unit's handling forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.core.forms import XmlSafeForm

HONEYPOT = "website"


class FeedbackForm(XmlSafeForm):
    problem = forms.ChoiceField(label=gettext_lazy("涉及的问题(选填)"), required=False)
    message = forms.CharField(
        label=gettext_lazy("意见建议"),
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "message-help"}),
        error_messages={"required": gettext_lazy("请填写意见建议的内容。")},
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("匿名提交(不留姓名和联系方式,只能凭查询码查看答复)"), required=False
    )
    contact_name = forms.CharField(label=gettext_lazy("姓名(选填)"), max_length=60, required=False)
    contact_phone = forms.CharField(
        label=gettext_lazy("联系电话(选填)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("电子邮箱(选填)"),
        max_length=254,
        required=False,
        error_messages={"invalid": gettext_lazy("电子邮箱格式不正确。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, problems: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [("", _("不针对具体问题"))] + [(p, p) for p in problems]
        if not problems:
            self.fields["problem"].widget = forms.HiddenInput()
        self.fields["message"].widget.attrs["data-max"] = settings.ZHENGGAI_PUBLIC_FEEDBACK_MAX_CHARS

    def clean_message(self):
        text = self.cleaned_data["message"].strip()
        limit = settings.ZHENGGAI_PUBLIC_FEEDBACK_MAX_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                _("意见内容共%(count)d字,超过了%(limit)d字的上限,请精简后再提交(您填写的内容已保留)。")
                % {"count": len(text), "limit": limit},
                code="too_long",
            )
        return text

    def clean(self):
        data = super().clean()
        if data.get("anonymous") and any(
            data.get(f) for f in ("contact_name", "contact_phone", "contact_email")
        ):
            raise forms.ValidationError(
                _("您选择了匿名提交,请清空姓名和联系方式;或取消“匿名提交”以便我们与您联系。"),
                code="anonymous_contact",
            )
        return data


class TrackForm(XmlSafeForm):
    code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=64,
        error_messages={"required": gettext_lazy("请输入查询码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=gettext_lazy("提交意见时页面显示的16位查询码,如 ABCD-EFGH-JKMN-PQRS(不区分大小写)。"),
    )


class MoveForm(XmlSafeForm):
    move = forms.CharField(widget=forms.HiddenInput)
    office = forms.ModelChoiceField(queryset=None, label=gettext_lazy("承办股室"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("不予受理理由(将告知提出人)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reply = forms.CharField(
        label=gettext_lazy("答复内容(将向提出人公开)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )
    note = forms.CharField(
        label=gettext_lazy("内部备注(不公开)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class LinkForm(XmlSafeForm):
    problem = forms.ModelChoiceField(queryset=None, label=gettext_lazy("关联问题"), required=False)
    measure = forms.ModelChoiceField(queryset=None, label=gettext_lazy("或关联措施"), required=False)

    def __init__(self, *args, problems=None, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["problem"].label_from_instance = lambda p: (
            _("问题%(n)s:%(title)s")
            % {
                "n": p.number,
                "title": p.title,
            }
        )
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: (
            _("问题%(n)s·措施%(m)s:%(content)s")
            % {
                "n": m.problem.number,
                "m": m.number,
                "content": m.content[:40],
            }
        )
