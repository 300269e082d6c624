"""Forms of the ledger pages. They only parse input; rules live in the services."""

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.forms import XmlSafeForm
from zhenggai.ledger.filters import LedgerFilterForm, measure_choices, offices_of  # noqa: F401 (web's forms)
from zhenggai.ledger.models import DatePrecision, MeasureKind, MeasureStatus
from zhenggai.ledger.people import display_name, unit_leaders, unit_people

FIGURE_ROWS = 4


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# Image types the evidence rules allow (ledger/evidence.py): a phone offers its camera for these.
_IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "tif", "tiff"}


def evidence_accept() -> str:
    """The file inputs' ``accept``: what the evidence rules allow (EVIDENCE_ALLOWED_EXTENSIONS), as
    ``image/*`` and ``application/pdf`` (a phone then offers its camera and its files) plus every
    allowed extension (.docx, .xlsx, …, which a phone's picker would otherwise grey out)."""
    allowed = [e.strip().lower() for e in settings.EVIDENCE_ALLOWED_EXTENSIONS if e.strip()]
    types = []
    if _IMAGE_EXTENSIONS & set(allowed):
        types.append("image/*")
    if "pdf" in allowed:
        types.append("application/pdf")
    return ",".join(types + [f".{e}" for e in allowed])


def evidence_camera_allowed() -> bool:
    allowed = {e.strip().lower() for e in settings.EVIDENCE_ALLOWED_EXTENSIONS}
    return bool(_IMAGE_EXTENSIONS & allowed)


class EvidenceFilesMixin:
    """The evidence inputs of a progress form: ``files`` (any allowed type, from the phone's files
    or camera) and ``photos`` (``capture``: straight to the camera), both cleaned into ``files``."""

    def _evidence_inputs(self):
        self.fields["files"].widget.attrs["accept"] = evidence_accept()
        if evidence_camera_allowed():
            self.fields["photos"] = MultipleFileField(
                label=_("拍照上传"),
                required=False,
                widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
                help_text=_("用手机摄像头直接拍摄佐证材料"),
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["files"] = list(cleaned.get("files") or []) + list(cleaned.pop("photos", None) or [])
        return cleaned


class PersonChoiceField(forms.ModelChoiceField):
    """A member of the unit, by display name; a choice from outside the list reads as unknown."""

    default_error_messages = {"invalid_choice": _("所选人员不存在或不是本单位人员,请重新选择。")}

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class MeasureForm(XmlSafeForm):
    content = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("整改类型"), choices=MeasureKind.choices)
    deadline = forms.DateField(
        label=_("整改时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("立行立改、限期整改必填;长期坚持可不填"),
    )
    leader_user = PersonChoiceField(
        label=_("责任领导"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("(无账号,在下栏填写姓名)"),
        help_text=_("从本单位领导班子中选择;选中后,其本人可看到并督促这条措施"),
    )
    responsible_leader = forms.CharField(
        label=_("责任领导姓名(无账号)"),
        required=False,
        max_length=100,
        help_text=_("仅在责任领导没有账号时填写"),
    )
    responsible_office = forms.ModelChoiceField(
        label=_("责任股室"), required=False, queryset=Unit.objects.none()
    )
    person_user = PersonChoiceField(
        label=_("责任人"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("(无账号,在下栏填写姓名)"),
        help_text=_("从本单位及其股室人员中选择"),
    )
    responsible_person = forms.CharField(
        label=_("责任人姓名(无账号)"),
        required=False,
        max_length=100,
        help_text=_("仅在责任人没有账号时填写"),
    )
    completion_standard = forms.CharField(label=_("完成标准"), required=False, max_length=300)
    remarks = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_office"].queryset = offices_of(unit)
        self.fields["leader_user"].queryset = unit_leaders(unit)
        self.fields["person_user"].queryset = unit_people(unit)

    def clean(self):
        data = super().clean()
        # A chosen account wins over a typed name: the name field is for someone with no account.
        for account, text in (("leader_user", "responsible_leader"), ("person_user", "responsible_person")):
            if data.get(account) is not None:
                data[text] = ""
        return data


class ProgressForm(EvidenceFilesMixin, XmlSafeForm):
    happened_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    precision = forms.ChoiceField(
        label=_("日期精度"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("佐证材料"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._evidence_inputs()
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
        for i in range(FIGURE_ROWS):
            self.fields[f"figure_{i}_label"] = forms.CharField(
                label=_("指标"), required=False, max_length=100
            )
            self.fields[f"figure_{i}_value"] = forms.CharField(label=_("数值"), required=False, max_length=20)
            self.fields[f"figure_{i}_unit"] = forms.CharField(label=_("单位"), required=False, max_length=20)

    def figure_rows(self):
        return [
            (self[f"figure_{i}_label"], self[f"figure_{i}_value"], self[f"figure_{i}_unit"])
            for i in range(FIGURE_ROWS)
        ]

    def figures(self):
        from zhenggai.ledger.services import FigureInput

        rows = []
        for i in range(FIGURE_ROWS):
            label = self.cleaned_data.get(f"figure_{i}_label", "")
            value = self.cleaned_data.get(f"figure_{i}_value", "")
            if label or value:
                rows.append(
                    FigureInput(label=label, value=value, unit=self.cleaned_data.get(f"figure_{i}_unit", ""))
                )
        return rows


class ProgressEditForm(EvidenceFilesMixin, XmlSafeForm):
    happened_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    precision = forms.ChoiceField(label=_("日期精度"), choices=DatePrecision.choices)
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("追加佐证材料"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._evidence_inputs()


class MoveForm(XmlSafeForm):
    move = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


MEASURE_STATUS_CSS = {
    MeasureStatus.NOT_STARTED: "grey",
    MeasureStatus.IN_PROGRESS: "blue",
    MeasureStatus.SUBMITTED: "amber",
    MeasureStatus.CONFIRMED: "amber",
    MeasureStatus.CLOSED: "green",
}


class ProblemForm(XmlSafeForm):
    title = forms.CharField(label=_("反馈问题"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("具体表现"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.CharField(label=_("问题类别"), required=False, max_length=60)
    lead_leader = forms.CharField(label=_("牵头领导"), required=False, max_length=100)


class ReviewForm(XmlSafeForm):
    outcome = forms.ChoiceField(
        label=_("结论"), choices=[("holds", _("巩固")), ("relapsed", _("反弹"))], widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("检查情况"), widget=forms.Textarea(attrs={"rows": 3}))
