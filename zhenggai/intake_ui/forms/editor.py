"""The draft editor: the draft's fields and its problems with their measures, bound and checked together."""

from __future__ import annotations

import copy

from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.intake_ui.forms.rows import (
    EMPTY_MEASURE,
    EMPTY_PROBLEM,
    MeasureForm,
    MeasureFormSet,
    ProblemForm,
    ProblemFormSet,
    _date_initial,
)
from zhenggai.intake_ui.forms.upload import DraftForm
from zhenggai.intake_ui.markup import FIELD_LABELS, span_text
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.people import FIELDS as PEOPLE_FIELDS
from zhenggai.intake_ui.services import Issue, figures_text, parse_figures, parse_iso
from zhenggai.ledger.models import DatePrecision, MeasureKind


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
