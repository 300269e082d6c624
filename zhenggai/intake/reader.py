"""read_notice(): a published rectification notice → a ParsedNotice draft with source spans."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, overload

from zhenggai.core.bounded import FileRefused, run_bounded

from .contacts import find_contacts
from .counts import find_counts
from .headings import FoundProblem, Heading, find_problem_headings
from .measures import heading_status, split_measures
from .model import ParsedNotice, Problem
from .parties import ORG_SUFFIX_RE, find_parties
from .plan import find_plan
from .responsible import assign_responsible, find_labels
from .single import find_single_tasks
from .sources import Source, docx_to_source, html_to_source, load_file, strip_corpus_header
from .text import line_spans, normalise
from .timeline import find_timeline

T = TypeVar("T")

_OPENING_RE = re.compile(
    r"(?:根据|按照|遵照|依据)[^。\n]{0,30}?(?:部署|安排)|受[^。\n]{0,12}?委托|(?:巡察|巡视)组[^。\n]{0,30}?对"
)


def _body_start(text: str, lines: list[tuple[int, int]]) -> int:
    m = _OPENING_RE.search(text, 0, min(len(text), 3000))
    if m:
        return m.start()
    for s, e in lines:
        if e - s > 80 and "。" in text[s:e]:
            return s
    return 0


def read_source(source: Source) -> ParsedNotice:
    """Read a loaded Source (plain text, HTML page text or DOCX paragraphs)."""
    text = normalise(source.text)
    emphasised = frozenset(normalise(x) for x in source.emphasised)
    notice = ParsedNotice(text=text, source_kind=source.kind)
    if not text:
        notice.notes.append("空文本")
        return notice
    lines = line_spans(text)
    body_start = _body_start(text, lines)

    @overload
    def guard(what: str, fn: Callable[[], T]) -> T | None: ...
    @overload
    def guard(what: str, fn: Callable[[], T], default: T) -> T: ...
    def guard(what: str, fn: Callable[[], T], default: T | None = None) -> T | None:
        try:
            return fn()
        except Exception as exc:  # degrade: one failing part must not lose the rest
            notice.notes.append(f"{what}: {type(exc).__name__}: {exc}")
            notice.notes.append(traceback.format_exc(limit=3))
            return default

    tl = guard("timeline", lambda: find_timeline(text, lines, body_start))
    if tl is not None:
        notice.dates = tl.refs
        for name, ref in (
            ("period_start", tl.period_start),
            ("period_end", tl.period_end),
            ("feedback_date", tl.feedback),
            ("publication_date", tl.publication),
            ("signature_date", tl.signature),
        ):
            if ref is not None and ref.value:
                setattr(notice, name, ref.value)
                notice.spans[name] = ref.span
        if tl.report is not None and tl.report.value:
            notice.other["report_date"] = tl.report.value
            notice.spans["report_date"] = tl.report.span
    refs = tl.refs if tl is not None else []

    plan = guard("plan", lambda: find_plan(text, refs))
    if plan is not None:
        if plan.title:
            notice.plan_title = plan.title
            notice.spans["plan_title"] = plan.title_span
        if plan.doc_number:
            notice.plan_doc_number = plan.doc_number
            notice.spans["plan_doc_number"] = plan.doc_number_span
        if plan.date is not None:
            notice.plan_date = plan.date.value
            notice.spans["plan_date"] = plan.date.span

    signature_line = None
    if tl is not None and tl.signature is not None:
        idx = next((i for i, (s, e) in enumerate(lines) if s <= tl.signature.span[0] < e + 1), None)
        if idx:
            s, e = lines[idx - 1]
            line = text[s:e]
            if len(line) <= 40 and ORG_SUFFIX_RE.search(line) and not re.search(r"[,。;:]", line):
                signature_line = (line, s)
                if idx >= 2:  # a long name broken over two lines: …督察反馈意见 / 整改工作领导小组办公室
                    ps, pe = lines[idx - 2]
                    above = text[ps:pe]
                    if re.fullmatch(r"[\u4e00-\u9fff]{4,30}", above) and not ORG_SUFFIX_RE.search(above):
                        signature_line = (above + line, ps)

    plan_arg = (notice.plan_title, notice.spans["plan_title"][0]) if notice.plan_title else None
    parties = guard(
        "parties",
        lambda: find_parties(text, lines, body_start, plan_title=plan_arg, signature_line=signature_line),
    )
    if parties is not None:
        if parties.issuer:
            notice.issuer = parties.issuer
            notice.spans["issuer"] = parties.issuer_span
        notice.issuer_aliases = [a for a, _ in parties.aliases]
        notice.spans["issuer_aliases"] = [s for _, s in parties.aliases]
        if parties.round:
            notice.round = parties.round
            notice.spans["round"] = parties.round_span
        if parties.group:
            notice.group = parties.group
            notice.spans["group"] = parties.group_span

    nothing_found: tuple[list[FoundProblem], list[Heading], int | None] = ([], [], None)
    found = guard("headings", lambda: find_problem_headings(text, lines, emphasised), nothing_found)
    found_problems, groups, section_start = found
    notice.problem_groups = [g.title for g in groups]
    notice.spans["problem_groups"] = [g.title_span for g in groups]
    for fp in found_problems:
        h = fp.heading
        problem = Problem(
            title=h.title,
            span=h.title_span,
            group=fp.group.title if fp.group else None,
            group_span=fp.group.title_span if fp.group else None,
            body_span=fp.body,
            marker=h.marker,
            status=heading_status(h.title),
        )
        result = guard("measures", partial(split_measures, text, fp.body[0], fp.body[1], refs))
        if result is not None:
            problem.measures, status, status_span = result
            if problem.status is None and status:
                problem.status, problem.status_span = status, status_span
        labels = guard("responsible", partial(find_labels, text, fp.body[0], fp.body[1]))
        if labels:
            assign_responsible(problem, labels)
        notice.problems.append(problem)

    limit = section_start if section_start is not None else None
    counts = guard("counts", lambda: find_counts(text, limit))
    if counts is not None:
        for name, value in counts.values.items():
            setattr(notice, name, value)
            notice.spans[name] = counts.spans[name]
        notice.other.update(counts.other)
        notice.spans.update(counts.other_spans)
        if counts.sentence:
            notice.spans["count_sentence"] = counts.sentence

    single = guard("single", lambda: find_single_tasks(text, lines, body_start))
    # (not where the counts say otherwise: a 整改完成情况的公示 of several problems, some still open)
    agrees = notice.problems_total in (None, len(single.titles) if single else 0) and not (
        notice.phased_longterm or notice.in_progress
    )
    if single is not None and single.titles and agrees and (single.labelled or not notice.problems):
        # a close-out 公示: the tasks it lists are done, and they are all there are; where they are
        # labelled (整改任务:, 一、整改任务), its other sections are fields of the task, not problems,
        # and a 第43项 in it is the task's number, not a count
        notice.problems = [
            Problem(title=title, span=span, status="completed", status_span=span)
            for title, span in single.titles
        ]
        notice.phased_longterm = notice.in_progress = None
        notice.problems_total = notice.completed = len(single.titles)
        notice.spans["problems_total"] = notice.spans["completed"] = single.titles[0][1]
        notice.problem_groups = []

    contacts = guard("contacts", lambda: find_contacts(text, lines))
    if contacts is not None:
        for name, attr in (
            ("contact_phone", "phone"),
            ("contact_email", "email"),
            ("contact_address", "address"),
            ("contact_postcode", "postcode"),
        ):
            value = getattr(contacts, attr)
            if value:
                setattr(notice, name, value)
                notice.spans[name] = getattr(contacts, attr + "_span")
        if len(contacts.phones) > 1:
            notice.other["contact_phones"] = contacts.phones
    return notice


def read_notice(
    text: str | bytes | Path, *, source_kind: str = "text", emphasised: frozenset[str] | None = None
) -> ParsedNotice:
    """Read one notice.

    source_kind: "text" (plain text; a corpus header up to `---` is stripped), "html" (a saved web
    page's markup) or "docx" (bytes or a path of a .docx). Never raises on odd input: what cannot be
    read stays None, and `notes` says why. A file it refuses to open (a zip bomb, a DTD, too many
    paragraphs) raises ``zhenggai.core.bounded.FileRefused``; run it through ``read_notice_bounded``
    to bound its time and memory as well.
    """
    if source_kind == "html":
        source = html_to_source(text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text))
    elif source_kind == "docx":
        try:
            source = docx_to_source(text if isinstance(text, bytes | Path) else Path(text))
        except (FileRefused, MemoryError):  # a bomb, too many paragraphs, or past the child's memory:
            raise  # refused (``run_bounded`` says so), not read as an empty notice
        except Exception:  # noqa: BLE001 - a damaged or foreign file reads as an empty notice, never a crash
            parsed = read_source(Source(text="", kind="docx"))
            parsed.notes.append("无法读取该 Word 文件:文件已损坏或不是 .docx 格式。")
            return parsed
    else:
        raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        source = Source(text=strip_corpus_header(raw), kind="text", emphasised=emphasised or frozenset())
    return read_source(source)


def read_file(path: str | Path) -> ParsedNotice:
    """Read a .txt (corpus header stripped), .html or .docx file."""
    return read_source(load_file(path))


def read_notice_bounded(*args: Any, **kwargs: Any) -> ParsedNotice:
    """``read_notice`` in a child process bounded in time and memory (``zhenggai.core.bounded``);
    raises FileRefused (Chinese message) when stopped."""
    return run_bounded(read_notice, *args, **kwargs)


def read_file_bounded(path: str | Path) -> ParsedNotice:
    """``read_file`` in a child process bounded in time and memory."""
    return run_bounded(read_file, path)
