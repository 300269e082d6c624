"""One problem and one measure of a draft, their formsets and empty rows."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from zhenggai.core.forms import XmlSafeForm
from zhenggai.intake_ui.forms.upload import DateInput
from zhenggai.intake_ui.services import parse_figures, parse_iso
from zhenggai.ledger.models import DatePrecision, MeasureKind

PROBLEM_STATUS_CHOICES = [
    ("", _("未说明")),
    ("completed", _("已完成整改")),
    ("phased_longterm", _("阶段性成效/长期坚持")),
    ("in_progress", _("正在整改")),
]


class ProblemForm(XmlSafeForm):
    title = forms.CharField(label=_("反馈问题"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("原文所述状态"), choices=PROBLEM_STATUS_CHOICES, required=False)


class MeasureForm(XmlSafeForm):
    content = forms.CharField(
        label=_("整改措施(台账)"),
        required=False,
        max_length=2000,
        help_text=_("留空则取措施原文的首句"),
    )
    text = forms.CharField(
        label=_("措施原文(导入为进展情况)"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("整改类型"), choices=MeasureKind.choices, initial=MeasureKind.DEADLINE)
    deadline = forms.DateField(
        label=_("整改时限"), required=False, widget=DateInput(), help_text=_("长期坚持可不填")
    )
    progress_date = forms.DateField(label=_("进展日期"), required=False, widget=DateInput())
    precision = forms.ChoiceField(
        label=_("日期精度"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    leader = forms.CharField(label=_("责任领导"), required=False, max_length=100)
    office = forms.CharField(
        label=_("责任单位(股室)"), required=False, max_length=100, help_text=_("本单位没有的股室导入时新建")
    )
    person = forms.CharField(label=_("责任人"), required=False, max_length=100)
    figures = forms.CharField(
        label=_("数量"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个,如“40家”或“储备企业:40家”"),
    )

    def clean_figures(self):
        value = self.cleaned_data.get("figures", "")
        try:
            parse_figures(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return value


ProblemFormSet = formset_factory(ProblemForm, extra=0, can_delete=True)


MeasureFormSet = formset_factory(MeasureForm, extra=0, can_delete=True)


def _date_initial(value) -> dt.date | None:
    return parse_iso(value)[0]


EMPTY_PROBLEM = {
    "title": "",
    "group": None,
    "measures": [],
    "span": None,
    "status": None,
    "status_span": None,
}


EMPTY_MEASURE = {"text": "", "dates": [], "figures": [], "organisations": [], "span": None, "date_spans": []}
