from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.core.query import MAX_ID
from zhenggai.workbench.services import BULK_LIMIT


class BulkForm(forms.Form):
    """The queue's bulk decision: a move, the ticked measures (``measure``, repeated), an opinion."""

    move = forms.ChoiceField(
        label=_("操作"),
        choices=[("confirm", _("审核通过")), ("approve", _("批准销号"))],
        error_messages={"invalid_choice": _("只能批量审核通过或批准销号。"), "required": _("请选择操作。")},
    )
    opinion = forms.CharField(label=_("意见(可选)"), required=False, max_length=1000, strip=True)

    def clean(self):
        cleaned = super().clean()
        raw = self.data.getlist("measure") if hasattr(self.data, "getlist") else []
        ids = [int(v) for v in raw if v.isdigit() and 0 < int(v) <= MAX_ID]
        if len(ids) != len(raw):
            raise forms.ValidationError(_("所选措施编号无效。"))
        if not ids:
            raise forms.ValidationError(_("请至少勾选一项。"))
        if len(ids) > BULK_LIMIT:
            raise forms.ValidationError(_("一次最多处理%(n)s项。") % {"n": BULK_LIMIT})
        cleaned["measure"] = ids
        return cleaned
