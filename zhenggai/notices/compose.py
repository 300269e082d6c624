"""Assembling the progress notice (整改进展情况通报) and the report to the committee from the ledger.

Everything factual comes from ledger records at the cut-off date; only the unit's own narrative
(the effectiveness paragraph, 三、今后整改工作打算, the closing words) comes from editable text.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from zhenggai.core.chinese import cn_date, starts_with_date
from zhenggai.core.localized import in_chinese
from zhenggai.documents.layout import Heading, OfficialDocument, Paragraph, Table, join_yishi, level2_marker
from zhenggai.inspections.models import Inspection, LeadingGroupRole, MeetingKind
from zhenggai.ledger.models import (
    DatePrecision,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    Problem,
    ProblemStatus,
    ProgressEntry,
)
from zhenggai.notices.history import measure_status_on, problem_status_on
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.outlook import DEFAULT_OUTLOOK


@dataclass
class NoticeCounts:
    total: int
    completed: int
    long_term: int
    in_progress: int

    def sentence(self) -> str:
        text = (
            f"巡察反馈问题{self.total}项，截至目前，已整改完成{self.completed}项，"
            f"已取得阶段性成效需长期坚持整改{self.long_term}项"
        )
        if self.in_progress:
            text += f"，正在整改{self.in_progress}项"
        return text + "。"


def problems_with_history(inspection: Inspection) -> list[Problem]:
    progress = (
        ProgressEntry.objects.live().prefetch_related("figures", "evidence").order_by("happened_on", "pk")
    )
    measures = (
        Measure.objects.live()
        .select_related("responsible_office")
        .prefetch_related(
            Prefetch("progress", queryset=progress),
            Prefetch(
                "transitions",
                queryset=MeasureTransition.objects.select_related("actor").order_by(
                    "effective_on", "at", "pk"
                ),
            ),
        )
        .order_by("number")
    )
    return list(
        inspection.problems.live()
        .prefetch_related(Prefetch("measures", queryset=measures))
        .order_by("number")
    )


def counts_on(problems: list[Problem], day: dt.date) -> NoticeCounts:
    statuses = [problem_status_on(p.measures.all(), day) for p in problems]
    return NoticeCounts(
        total=len(problems),
        completed=statuses.count(ProblemStatus.COMPLETED),
        long_term=statuses.count(ProblemStatus.LONG_TERM),
        in_progress=statuses.count(ProblemStatus.IN_PROGRESS) + statuses.count(ProblemStatus.OPEN),
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "；", "！", "？", ";", "!", "?")) else text + "。"


def _progress_sentence(entry: ProgressEntry, cutoff: dt.date) -> str:
    text = entry.text.strip().rstrip("。")
    if entry.date_precision == DatePrecision.AS_OF:
        if text.startswith(("整改期间", "截至", "截止")):
            return _sentence(text)
        when = "截至目前" if entry.happened_on == cutoff else f"截至{cn_date(entry.happened_on)}"
        return _sentence(f"{when}，{text}")
    if starts_with_date(text, entry.happened_on):
        return _sentence(text)
    return _sentence(f"{cn_date(entry.happened_on, entry.date_precision)}，{text}")


def measure_item(measure: Measure, cutoff: dt.date) -> str:
    """One 一是/二是 item: the measure, then its dated progress up to the cut-off."""
    parts = [_sentence(measure.content)]
    parts += [_progress_sentence(e, cutoff) for e in measure.progress.all() if e.happened_on <= cutoff]
    return "".join(parts)


def _leading_group_sentence(inspection: Inspection, unit_name: str) -> str:
    plan = getattr(inspection, "plan", None)
    seats = {role: [] for role in LeadingGroupRole.values}
    for seat in plan.leading_group.all() if plan else []:
        seats[seat.role].append(f"{seat.person_name}{seat.position}")
    leader = "、".join(seats["leader"]) or "主要负责人"
    text = f"{inspection.group.name}反馈巡察意见后，{unit_name}立即成立了以{leader}为组长"
    if seats["deputy"]:
        text += f"、{'、'.join(seats['deputy'])}任副组长"
    if seats["member"]:
        text += f"、{'、'.join(seats['member'])}为成员"
    text += "的整改工作领导小组"
    if seats["office_director"]:
        text += "，下设领导小组办公室"
    text += "，切实加强对巡察整改工作的组织领导。"
    if plan and plan.mechanism:
        text += f"实行“{plan.mechanism}”的巡察整改工作机制。"
    return text


def _responsibility_sentence(inspection: Inspection) -> str:
    plan = getattr(inspection, "plan", None)
    if plan is None:
        return "严格落实整改工作责任制，分解整改任务，建立整改清单。"
    adopting = next((m for m in inspection.meetings.all() if m.adopted_plan), None)
    text = "严格落实整改工作责任制，"
    if adopting:
        text += f"{cn_date(adopting.held_on)}组织召开{adopting.title}，研究制定出台了"
    else:
        text += f"{cn_date(plan.issued_on)}印发了" if plan.issued_on else "制定了"
    text += f"《{plan.title}》"
    if plan.doc_number:
        text += f"（{plan.doc_number}）"
    text += "，分解整改任务，建立整改清单，明确整改责任人、责任股室、整改时限"
    if plan.requirements:
        text += f"，要求{plan.requirements}"
    text += "，建立整改台账。"
    return text


def _meeting_sentences(inspection: Inspection, cutoff: dt.date) -> str:
    out = []
    for meeting in inspection.meetings.all():
        if (
            meeting.held_on > cutoff
            or meeting.adopted_plan
            or meeting.kind
            not in (
                MeetingKind.DEMOCRATIC_LIFE,
                MeetingKind.ORG_LIFE,
            )
        ):
            continue
        text = f"{cn_date(meeting.held_on)}，召开{meeting.title}"
        out.append(_sentence(f"{text}，{meeting.decisions}" if meeting.decisions else text))
    return "".join(out)


@in_chinese
def notice_compose(notice: ProgressNotice) -> OfficialDocument:
    inspection = notice.inspection
    unit = inspection.unit
    cutoff = notice.cutoff_date
    problems = problems_with_history(inspection)
    org = unit.display_party_org
    ours = f"我{unit.party_org_short}" if unit.party_org_short else org
    committee = inspection.round.committee
    group = inspection.group.name

    opening = f"根据{committee.short_name or committee.name}统一部署，"
    if inspection.onsite_start and inspection.onsite_end:
        opening += f"{cn_date(inspection.onsite_start)}至{cn_date(inspection.onsite_end)}，"
    opening += f"{group}对{ours}开展了巡察。"
    if inspection.feedback_date:
        opening += f"{cn_date(inspection.feedback_date)}，{group}反馈了巡察意见。"
    opening += "按照巡察工作有关要求，现将巡察整改进展情况予以公布。"

    unit_name = joined_name(unit.short_name or unit.name, unit.party_org_short)
    organisation = join_yishi(
        [
            "加强组织领导。" + _leading_group_sentence(inspection, unit_name),
            "强化责任落实。" + _responsibility_sentence(inspection),
            "提升整改实效。" + (notice.effectiveness or "") + _meeting_sentences(inspection, cutoff),
        ]
    )
    blocks = [
        Paragraph(opening),
        Heading(1, "一、整改工作开展情况"),
        Paragraph(organisation, lead="（一）组织落实整改情况。"),
        Paragraph(counts_on(problems, cutoff).sentence(), lead="（二）整改事项完成情况。"),
        Heading(1, "二、反馈意见整改进展情况"),
    ]
    for problem in problems:
        blocks.append(Heading(2, f"{level2_marker(problem.number)}{problem.title}"))
        items = [measure_item(m, cutoff) for m in problem.measures.all()]
        blocks.append(
            Paragraph(join_yishi(items) if items else "正在研究制定整改措施。", lead="整改进展情况：")
        )
    blocks.append(Heading(1, "三、今后整改工作打算"))
    if notice.outlook_intro:
        blocks.append(Paragraph(notice.outlook_intro))
    for number, heading, body in _outlook(notice):
        blocks.append(Paragraph(body, lead=f"{level2_marker(number)}{heading}"))
    blocks.append(Paragraph(notice.closing + _contact_sentence(inspection)))
    return OfficialDocument(
        title=(org, f"关于{inspection.round.name}整改进展情况的", "通　报"),
        blocks=tuple(blocks),
        signature=org,
        date_text=cn_date(notice.signed_on),
    )


def _outlook(notice: ProgressNotice) -> list[tuple[int, str, str]]:
    """The notice's own items; an unsaved notice (e.g. from the command line) gets the defaults."""
    if notice.pk:
        return [(i.number, i.heading, i.body) for i in notice.outlook_items.all()]
    return [(i, heading, body) for i, (heading, body) in enumerate(DEFAULT_OUTLOOK, 1)]


def notice_for_date(inspection: Inspection, day: dt.date) -> ProgressNotice:
    """The unit's notice signed on ``day`` if there is one, else an unsaved one with default wording."""
    saved = inspection.notices.filter(signed_on=day).order_by("-pk").first()
    return saved or ProgressNotice(inspection=inspection, cutoff_date=day, signed_on=day)


def joined_name(unit_name: str, org_short: str) -> str:
    """区科技局 + 局党组 → 区科技局党组: the shared characters are written once."""
    for k in range(min(len(unit_name), len(org_short)), 0, -1):
        if unit_name.endswith(org_short[:k]):
            return unit_name + org_short[k:]
    return unit_name + org_short


def _contact_sentence(inspection: Inspection) -> str:
    contact = getattr(inspection.unit, "contact", None)
    if contact is None:
        return ""
    parts = [
        ("联系电话", contact.phone),
        ("邮寄地址", contact.address),
        ("邮编", contact.postcode),
        ("电子邮箱", contact.email),
    ]
    return "；".join(f"{label}：{value}" for label, value in parts if value) + "。"


@in_chinese
def report_compose(inspection: Inspection, *, cutoff: dt.date, signed_on: dt.date) -> OfficialDocument:
    """整改情况报告: the unit's formal report to the inspecting committee, problem by problem."""
    unit = inspection.unit
    org = unit.display_party_org
    problems = problems_with_history(inspection)
    counts = counts_on(problems, cutoff)
    committee = inspection.round.committee
    blocks: list = [
        Paragraph(f"{committee.short_name or committee.name}巡察工作领导小组："),
        Paragraph(
            f"{inspection.group.name}于{cn_date(inspection.feedback_date) if inspection.feedback_date else ''}"
            f"向{org}反馈了{inspection.round.name}意见。现将整改情况报告如下。"
        ),
        Heading(1, "一、总体情况"),
        Paragraph(counts.sentence()),
        Heading(1, "二、问题整改情况"),
    ]
    for problem in problems:
        blocks.append(Heading(2, f"{level2_marker(problem.number)}{problem.title}"))
        rows = []
        for m in problem.measures.all():
            state = measure_status_on(m, cutoff)
            ongoing = m.kind == MeasureKind.LONG_TERM and state == MeasureStatus.IN_PROGRESS
            status = "长期坚持、持续推进" if ongoing else MeasureStatus(state).label
            evidence = "、".join(
                ev.original_name
                for e in m.progress.all()
                if e.happened_on <= cutoff
                for ev in e.evidence.all()
            )
            rows.append(
                (
                    str(m.number),
                    m.content,
                    m.responsible_leader or "—",
                    m.responsible_office.name if m.responsible_office else "—",
                    cn_date(m.deadline) if m.deadline else "长期坚持",
                    str(status),
                    evidence or "—",
                )
            )
        blocks.append(
            Table(
                header=("序号", "整改措施", "责任领导", "责任股室", "整改时限", "完成情况", "佐证材料"),
                rows=tuple(rows) or (("—", "尚未制定整改措施", "—", "—", "—", "—", "—"),),
                col_widths=(0.6, 4, 1.4, 1.2, 1.4, 1.1, 2),
            )
        )
    return OfficialDocument(
        title=f"{org}\n关于{inspection.round.name}整改情况的报告",
        blocks=tuple(blocks),
        signature=org,
        date_text=cn_date(signed_on),
    )
