from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.core.forms import XmlSafeForm

OUTLOOK_ROWS = 5


class NoticeNewForm(XmlSafeForm):
    cutoff_date = forms.DateField(
        label=_("截至日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signed_on = forms.DateField(
        label=_("成文日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class NoticeEditForm(NoticeNewForm):
    effectiveness = forms.CharField(
        label=_("整改实效(组织落实情况之三)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outlook_intro = forms.CharField(
        label=_("今后整改工作打算(导语)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing = forms.CharField(label=_("结束语"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(OUTLOOK_ROWS):
            self.fields[f"outlook_{i}_heading"] = forms.CharField(
                label=_("标题"), required=False, max_length=200
            )
            self.fields[f"outlook_{i}_body"] = forms.CharField(
                label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def outlook_rows(self):
        return [(self[f"outlook_{i}_heading"], self[f"outlook_{i}_body"]) for i in range(OUTLOOK_ROWS)]

    def outlook(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"outlook_{i}_heading"], self.cleaned_data[f"outlook_{i}_body"])
            for i in range(OUTLOOK_ROWS)
        ]


class LedgerImportForm(XmlSafeForm):
    file = forms.FileField(label=_("整改台账(.xlsx)"))
