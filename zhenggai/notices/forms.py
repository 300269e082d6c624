from django import forms
from django.utils.translation import gettext
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
        label=_("整改实效（组织落实情况之三）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outlook_intro = forms.CharField(
        label=_("今后整改工作打算（导语）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing = forms.CharField(label=_("结束语"), widget=forms.Textarea(attrs={"rows": 2}))
    # the version the form was opened at: a save from an older one is refused (lost updates)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

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

    def __init__(self, *args, refused_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_files = list(refused_files)

    def full_clean(self):
        super().full_clean()
        if self.refused_files and self.is_bound:
            # The upload handler dropped a file past the limit while it streamed in: say so,
            # rather than "该字段是必填项。" for a field the person did fill in.
            self.errors.pop("file", None)
            self.add_error("file", upload_too_large_message(self.refused_files[0]))


def upload_too_large_message(name: str) -> str:
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    from zhenggai.documents.xlsx.reader import MAX_BYTES

    return gettext("文件“%(name)s”超过上传上限%(limit)s,未上传。请拆分后分批导入。") % {
        "name": name.rsplit("/", 1)[-1],
        "limit": filesizeformat(min(settings.EVIDENCE_MAX_BYTES, MAX_BYTES)),
    }
