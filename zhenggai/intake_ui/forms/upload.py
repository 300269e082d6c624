"""The upload of a notice and the draft's own fields."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.forms import XmlSafeForm
from zhenggai.intake_ui.access import importable_units
from zhenggai.intake_ui.uploads import (
    MAX_PASTE_CHARS,
    MAX_UPLOAD_BYTES,
    UploadRefused,
    read_pasted,
    read_uploaded,
    too_large_message,
)


def DateInput():  # noqa: N802 - reads like the widget class it builds
    """A native date picker; its value must be ISO whatever the language (zh-hans formats as 2022/11/04)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(XmlSafeForm):
    text = forms.CharField(
        label=_("粘贴通报文字"),
        required=False,
        max_length=MAX_PASTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": _("把通报全文(或网页源代码)粘贴到这里")}),
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        allow_empty_file=True,  # an empty file is refused by the rules every entry point shares (intake/files.py)
        help_text=_("支持 .txt、.html(.htm,保存的网页)和 .docx,不超过 5 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
    )

    def __init__(self, *args, refused_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_files = list(refused_files)
        self.notice = None
        self.source_kind = ""
        self.source_name = ""

    def clean(self):
        cleaned = super().clean()
        if self.refused_files:
            self.add_error("file", too_large_message())
            return cleaned
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError(_("请粘贴文字或上传文件,二者选一。"))
        if not upload and not text.strip():
            if "text" not in self.errors and "file" not in self.errors:
                raise forms.ValidationError(_("请粘贴通报文字,或选择要上传的文件。"))
            return cleaned
        try:
            if upload:
                if upload.size and upload.size > MAX_UPLOAD_BYTES:
                    raise UploadRefused(too_large_message())
                data = upload.read(MAX_UPLOAD_BYTES + 1)
                self.notice, self.source_kind = read_uploaded(upload.name, data)
                self.source_name = (upload.name or "").rsplit("/", 1)[-1]
            else:
                self.notice, self.source_kind = read_pasted(text)
                self.source_name = ""
        except UploadRefused as refused:
            self.add_error("file" if upload else "text", refused.message)
        return cleaned


class DraftForm(XmlSafeForm):
    """The notice's own facts. Nothing is required to save; the import says what it needs."""

    unit = forms.ModelChoiceField(
        label=_("被巡察单位(导入到)"), queryset=Unit.objects.none(), required=False, empty_label=_("请选择")
    )
    issuer = forms.CharField(label=_("通报单位"), required=False, max_length=200)
    round = forms.CharField(label=_("巡察轮次"), required=False, max_length=120)
    group = forms.CharField(label=_("巡察组"), required=False, max_length=60)
    period_start = forms.DateField(label=_("进驻开始"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("进驻结束"), required=False, widget=DateInput())
    feedback_date = forms.DateField(label=_("反馈日期"), required=False, widget=DateInput())
    plan_title = forms.CharField(label=_("整改方案标题"), required=False, max_length=300)
    plan_doc_number = forms.CharField(label=_("方案文号"), required=False, max_length=60)
    plan_date = forms.DateField(label=_("方案日期"), required=False, widget=DateInput())
    plan_meeting = forms.CharField(
        label=_("审议方案的会议"),
        required=False,
        max_length=200,
        help_text=_("导入为该日期的会议记录;留空则不记"),
    )
    problems_total = forms.IntegerField(label=_("反馈问题(项)"), required=False, min_value=0, max_value=9999)
    completed = forms.IntegerField(label=_("已完成(项)"), required=False, min_value=0, max_value=9999)
    phased_longterm = forms.IntegerField(
        label=_("阶段性成效/长期坚持(项)"), required=False, min_value=0, max_value=9999
    )
    in_progress = forms.IntegerField(label=_("正在整改(项)"), required=False, min_value=0, max_value=9999)
    signature_date = forms.DateField(label=_("落款日期"), required=False, widget=DateInput())
    publication_date = forms.DateField(label=_("发布日期"), required=False, widget=DateInput())
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=40)
    contact_address = forms.CharField(label=_("邮寄地址"), required=False, max_length=200)
    contact_postcode = forms.CharField(
        label=_("邮编"),
        required=False,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("邮编应为6位数字。"))],
    )
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False)

    SECTIONS = (
        (_("巡察"), ("unit", "issuer", "round", "group", "period_start", "period_end", "feedback_date")),
        (_("整改方案"), ("plan_title", "plan_doc_number", "plan_date", "plan_meeting")),
        (
            _("通报所述数量与日期"),
            (
                "problems_total",
                "completed",
                "phased_longterm",
                "in_progress",
                "signature_date",
                "publication_date",
            ),
        ),
        (_("监督渠道"), ("contact_phone", "contact_address", "contact_postcode", "contact_email")),
    )
    DATE_FIELDS = (
        "period_start",
        "period_end",
        "feedback_date",
        "plan_date",
        "signature_date",
        "publication_date",
    )
    INT_FIELDS = ("problems_total", "completed", "phased_longterm", "in_progress")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = importable_units(user)
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "您不能为该单位导入整改台账,请从列表中选择。"
        )
