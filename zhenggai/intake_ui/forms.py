"""Forms of the intake pages: the upload, and the review editor (draft fields, problems, measures)."""

from __future__ import annotations

import copy
import datetime as dt

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.forms import XmlSafeForm
from zhenggai.intake_ui.access import importable_units
from zhenggai.intake_ui.markup import FIELD_LABELS, span_text
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.people import FIELDS as PEOPLE_FIELDS
from zhenggai.intake_ui.services import Issue, figures_text, parse_figures, parse_iso
from zhenggai.intake_ui.uploads import (
    MAX_PASTE_CHARS,
    MAX_UPLOAD_BYTES,
    UploadRefused,
    read_pasted,
    read_uploaded,
    too_large_message,
)
from zhenggai.ledger.models import DatePrecision, MeasureKind


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
    office = forms.CharField(label=_("责任单位(股室)"), required=False, max_length=100,
                             help_text=_("本单位没有的股室导入时新建"))  # fmt: skip
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


class DraftEditor:
    """The review page's form: draft fields, the problems formset, and a measures formset per problem.

    ``add`` asks for one blank row: "problem" (a new problem with one blank measure) or "m<i>" (a
    measure under problem i). Formset prefixes: ``p`` for problems, ``p<i>m`` for problem i's measures.
    """

    def __init__(self, draft: IntakeDraft, user, data=None, add: str | None = None):
        self.draft = draft
        parsed = draft.parsed or {}
        self.text = draft.text
        self.parsed = parsed
        self.problems_data = list(parsed.get("problems") or [])
        initial = {name: parsed.get(name) for name in DraftForm.base_fields if name != "unit"}
        for name in DraftForm.DATE_FIELDS:
            initial[name] = _date_initial(parsed.get(name))
        initial["unit"] = draft.unit_id
        self.form = DraftForm(data, initial=initial, user=user)
        problem_initial = [
            {"title": p.get("title") or "", "status": p.get("status") or ""} for p in self.problems_data
        ]
        if add == "problem" and data is None:
            self.problems = formset_factory(ProblemForm, extra=1, can_delete=True)(
                initial=problem_initial, prefix="p"
            )
        else:
            self.problems = ProblemFormSet(data, initial=problem_initial, prefix="p")
        self.measures = []
        for i, _form in enumerate(self.problems.forms):
            measures = self.problems_data[i]["measures"] if i < len(self.problems_data) else []
            m_initial = [self._measure_initial(m) for m in measures]
            extra = 1 if data is None and (add == f"m{i}" or i >= len(self.problems_data)) else 0
            factory = (
                MeasureFormSet if extra == 0 else formset_factory(MeasureForm, extra=extra, can_delete=True)
            )
            self.measures.append(factory(data, initial=m_initial, prefix=f"p{i}m"))
        self._decorate()

    @staticmethod
    def _measure_initial(m: dict) -> dict:
        return {
            "content": m.get("content") or "",
            "text": m.get("text") or "",
            "kind": m.get("kind") or MeasureKind.DEADLINE,
            "deadline": _date_initial(m.get("deadline")),
            "progress_date": _date_initial(m.get("progress_date")),
            "precision": m.get("precision") or DatePrecision.DAY,
            "figures": figures_text(m.get("figures") or []),
            **{name: m.get(name) or "" for name in PEOPLE_FIELDS},
        }

    # ---------------------------------------------------------------- rendering

    def _quote(self, span) -> str:
        return span_text(self.text, span)

    def _decorate(self) -> None:
        """data-span attributes (for the highlight) and the quoted source text of every field."""
        spans = self.parsed.get("spans") or {}
        self.sections = []
        for title, names in DraftForm.SECTIONS:
            rows = []
            for name in names:
                bound = self.form[name]
                span = spans.get(name) if name != "unit" else spans.get("issuer")
                key = name if name != "unit" else "issuer"
                quote = self._quote(span)
                if quote:
                    self.form.fields[name].widget.attrs["data-span"] = key
                note = ""
                value = self.parsed.get(name)
                if name in DraftForm.DATE_FIELDS and isinstance(value, str) and value.count("-") == 1:
                    note = _("原文只写到月(%(value)s),已按该月1日填入,请核对。") % {"value": value}
                rows.append(
                    {
                        "field": bound,
                        "quote": quote,
                        "span": key if quote else "",
                        "label": FIELD_LABELS.get(key, ""),
                        "note": note,
                    }
                )
            self.sections.append({"title": title, "rows": rows})

        today = timezone.localdate()
        start = parse_iso(self.parsed.get("period_start"))[0]
        self.problem_rows = []
        for i, pform in enumerate(self.problems.forms):
            pdata = self.problems_data[i] if i < len(self.problems_data) else EMPTY_PROBLEM
            title_quote = self._quote(pdata.get("span"))
            if title_quote:
                pform.fields["title"].widget.attrs["data-span"] = f"p{i}"
            if self._quote(pdata.get("status_span")):
                pform.fields["status"].widget.attrs["data-span"] = f"p{i}-status"
            measure_rows = []
            for j, mform in enumerate(self.measures[i].forms):
                mdata = pdata["measures"][j] if j < len(pdata.get("measures") or []) else EMPTY_MEASURE
                key = f"p{i}m{j}"
                row = {"form": mform, "key": key, "number": j + 1, "warnings": []}
                if self._quote(mdata.get("span")):
                    for name in ("text", "content", "kind", "deadline"):
                        mform.fields[name].widget.attrs["data-span"] = key
                # the progress date's source: the first date of the measure, or the signature date
                date_key, date_quote = self._date_source(mdata, key)
                row["date_quote"] = date_quote
                row["date_span"] = date_key
                if date_key:
                    mform.fields["progress_date"].widget.attrs["data-span"] = date_key
                    mform.fields["precision"].widget.attrs["data-span"] = date_key
                figure_keys = [
                    f"{key}-f{k}"
                    for k, f in enumerate(mdata.get("figures") or [])
                    if self._quote(f.get("span"))
                ]
                if figure_keys:
                    mform.fields["figures"].widget.attrs["data-span"] = " ".join(figure_keys)
                row["figure_quote"] = "、".join(
                    self._quote(f.get("span"))
                    for f in mdata.get("figures") or []
                    if self._quote(f.get("span"))
                )
                row["dates_quote"] = "、".join(
                    t for t in (self._quote(s) for s in mdata.get("date_spans") or []) if t
                )
                if mdata.get("date_note"):
                    row["warnings"].append(mdata["date_note"])
                day = parse_iso(mdata.get("progress_date"))[0]
                if day and not mdata.get("date_note"):
                    if start and day < start:
                        row["warnings"].append(_("进展日期早于巡察进驻日期,导入时会被拒绝,请修改。"))
                    elif day > today:
                        row["warnings"].append(_("进展日期晚于今天,导入时会被拒绝,请修改。"))
                measure_rows.append(row)
            self.problem_rows.append(
                {
                    "form": pform,
                    "index": i,
                    "number": i + 1,
                    "key": f"p{i}",
                    "quote": title_quote,
                    "group": pdata.get("group") or "",
                    "status_quote": self._quote(pdata.get("status_span")),
                    "measures": self.measures[i],
                    "measure_rows": measure_rows,
                }
            )

    def _date_source(self, mdata: dict, key: str) -> tuple[str, str]:
        progress = mdata.get("progress_date")
        if not progress:
            return "", ""
        date_spans = mdata.get("date_spans") or []
        for k, value in enumerate(mdata.get("dates") or []):
            day = parse_iso(value)[0]
            if (
                day
                and k < len(date_spans)
                and (value == progress or day.isoformat() == progress or progress[:7] == value)
            ):
                return f"{key}-d{k}", self._quote(date_spans[k])
        if progress == self.parsed.get("signature_date"):
            quote = self._quote((self.parsed.get("spans") or {}).get("signature_date"))
            return ("signature_date", quote) if quote else ("", "")
        return "", ""

    # ---------------------------------------------------------------- validation and saving

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.problems.is_valid()]
        for i, formset in enumerate(self.measures):
            pform = self.problems.forms[i]
            if pform.is_valid() and self.problems._should_delete_form(pform):
                continue  # a problem being removed: its measures do not matter
            results.append(formset.is_valid())
        return all(results)

    def _keep(self, formset, index: int, form) -> bool:
        if formset.can_delete and formset._should_delete_form(form):
            return False
        return index < formset.initial_form_count() or form.has_changed()

    def cleaned(self) -> tuple[dict, Unit | None]:
        """The corrected draft JSON and the chosen unit (call after is_valid())."""
        data = copy.deepcopy(self.parsed)
        cd = self.form.cleaned_data
        for name in DraftForm.base_fields:
            if name == "unit":
                continue
            value = cd.get(name)
            if name in DraftForm.DATE_FIELDS:
                old = self.parsed.get(name)
                old_day = parse_iso(old)[0]
                data[name] = old if (value and old_day == value) else (value.isoformat() if value else None)
            elif name in DraftForm.INT_FIELDS:
                data[name] = value
            else:
                data[name] = (value or "").strip() or None
        problems = []
        for i, pform in enumerate(self.problems.forms):
            if not self._keep(self.problems, i, pform):
                continue
            mforms = self.measures[i]
            kept_measures = [(j, f) for j, f in enumerate(mforms.forms) if self._keep(mforms, j, f)]
            base = (
                copy.deepcopy(self.problems_data[i])
                if i < len(self.problems_data)
                else copy.deepcopy(EMPTY_PROBLEM)
            )
            base["title"] = pform.cleaned_data.get("title", "").strip()
            base["status"] = pform.cleaned_data.get("status") or None
            old_measures = base.get("measures") or []
            measures = []
            for j, mform in kept_measures:
                m = copy.deepcopy(old_measures[j]) if j < len(old_measures) else copy.deepcopy(EMPTY_MEASURE)
                mcd = mform.cleaned_data
                progress = mcd.get("progress_date")
                old_progress = parse_iso(m.get("progress_date"))[0]
                if progress != old_progress:
                    m["date_note"] = ""
                m.update(
                    {
                        "text": mcd.get("text", "").strip(),
                        "content": (mcd.get("content") or "").strip(),
                        "kind": mcd.get("kind") or MeasureKind.DEADLINE,
                        "deadline": mcd["deadline"].isoformat() if mcd.get("deadline") else None,
                        "progress_date": progress.isoformat() if progress else None,
                        "precision": mcd.get("precision") or DatePrecision.DAY,
                        "figures": parse_figures(mcd.get("figures") or "", m.get("figures")),
                        **{name: (mcd.get(name) or "").strip() for name in PEOPLE_FIELDS},
                    }
                )
                measures.append(m)
            base["measures"] = measures
            problems.append(base)
        data["problems"] = problems
        data["problem_titles"] = [p["title"] for p in problems]
        return data, cd.get("unit")

    # ---------------------------------------------------------------- import refusals

    def add_issues(self, issues: list[Issue]) -> None:
        """Put the import's refusals on the fields they concern (by original problem/measure index)."""
        kept_problems = [i for i, f in enumerate(self.problems.forms) if self._keep(self.problems, i, f)]
        for issue in issues:
            form, name = self.form, issue.field
            if issue.problem is not None and issue.problem < len(kept_problems):
                i = kept_problems[issue.problem]
                form = self.problems.forms[i]
                if issue.measure is not None:
                    mforms = self.measures[i]
                    kept = [j for j, f in enumerate(mforms.forms) if self._keep(mforms, j, f)]
                    if issue.measure < len(kept):
                        form = mforms.forms[kept[issue.measure]]
            if name not in form.fields:
                name = None
            if name is None and form is not self.form:
                # no field of its own: say it on the draft form, naming the problem/measure
                where = _("第%(p)s个问题") % {"p": (issue.problem or 0) + 1}
                if issue.measure is not None:
                    where += _("第%(m)s项措施") % {"m": issue.measure + 1}
                self.form.add_error(None, f"{where}:{issue.message}")
            else:
                form.add_error(name, issue.message)

    @property
    def too_many_fields(self) -> bool:
        """True when the page would post more fields than Django accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if not limit:
            return False
        count = len(self.form.fields) + 5  # the draft's fields, the token, the problems' management form
        for formset in self.measures:
            count += 2 + 4 + len(formset.forms) * len(MeasureForm.base_fields)
        return count > limit

    @property
    def error_count(self) -> int:
        n = len(self.form.errors) + len(self.problems.non_form_errors())
        n += sum(len(f.errors) for f in self.problems.forms)
        for formset in self.measures:
            n += len(formset.non_form_errors()) + sum(len(f.errors) for f in formset.forms)
        return n
