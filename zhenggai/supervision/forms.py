"""Forms of the supervision pages. They only parse input; rules live in the services."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.core.forms import XmlSafeForm
from zhenggai.supervision.models import DigestChoice

DEFAULT_ANSWER_DAYS = 15


class NoticeForm(XmlSafeForm):
    content = forms.CharField(
        label=_("督办事项"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明督办的问题、要求和需要答复的内容"),
    )
    answer_due = forms.DateField(
        label=_("答复期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "answer_due", timezone.localdate() + dt.timedelta(days=DEFAULT_ANSWER_DAYS)
            )


class AnswerForm(XmlSafeForm):
    answer = forms.CharField(
        label=_("答复"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("说明整改措施、进展和结果;佐证材料请在相应措施的进展中上传"),
    )


class PreferenceForm(XmlSafeForm):
    digest = forms.ChoiceField(
        label=_("审批流转邮件"),
        choices=DigestChoice.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "销号申请、审核、审批、退回时发给您的邮件:立即发送,或并入每日提醒汇总一次。站内通知总是立即送达。"
        ),
    )
