"""What the public may read, and nothing else.

Only notices with ``state == published`` *and* a frozen ``published_document`` exist here; the
pages get plain values (``PublicUnit``, ``PublicNotice``, ``PublicContact``) built field by field
from an allow-list, never model instances, so a template cannot reach a responsible person, an
evidence file, a reason, a comment or a user through a relation.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.utils import timezone

from zhenggai.accounts.models import Unit
from zhenggai.core.types import Viewer
from zhenggai.documents.layout import Heading, OfficialDocument, level2_marker
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.models import Problem
from zhenggai.notices.models import NoticeState, ProgressNotice
from zhenggai.notices.snapshot import document_from_json
from zhenggai.public.models import OPEN_STATUSES

# Bump when the public templates change, so cached copies are revalidated.
PAGE_VERSION = "1"


@dataclass(frozen=True)
class PublicContact:
    phone: str
    address: str
    postcode: str
    email: str


@dataclass(frozen=True)
class PublicUnit:
    pk: int
    name: str
    short_name: str
    party_org_name: str
    contact: PublicContact | None = None

    @property
    def display(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class PublicNotice:
    pk: int
    title: str
    unit: PublicUnit
    committee: str
    round: str
    signed_on: dt.date
    published_on: dt.date | None


def published_notices() -> QuerySet[ProgressNotice]:
    return ProgressNotice.objects.filter(state=NoticeState.PUBLISHED, published_document__isnull=False)


def _contact(unit: Unit) -> PublicContact | None:
    contact = getattr(unit, "contact", None)
    if contact is None:
        return None
    return PublicContact(contact.phone, contact.address, contact.postcode, contact.email)


def public_unit(unit: Unit, *, with_contact: bool = False) -> PublicUnit:
    return PublicUnit(
        pk=unit.pk,
        name=unit.name,
        short_name=unit.short_name,
        party_org_name=unit.party_org_name,
        contact=_contact(unit) if with_contact else None,
    )


def _title(lines: Iterable[str] | None) -> str:
    return "".join(lines or ()).replace("\u3000", "")


def _public_notice(
    notice: ProgressNotice, unit: PublicUnit, title_lines: Iterable[str] | None
) -> PublicNotice:
    round_ = notice.inspection.round
    return PublicNotice(
        pk=notice.pk,
        title=_title(title_lines),
        unit=unit,
        committee=round_.committee.name,
        round=round_.name,
        signed_on=notice.signed_on,
        published_on=notice.published_on,
    )


def _version(*parts: object) -> str:
    text = "|".join(str(p) for p in (PAGE_VERSION, *parts))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class Listing:
    notices: list[PublicNotice]
    etag: str
    last_modified: dt.datetime | None


def _listing(qs: QuerySet[ProgressNotice]) -> Listing:
    """Published notices with what the index shows, in one query (the document itself stays behind)."""
    rows = list(
        qs.select_related("inspection__unit", "inspection__round__committee")
        .only(
            "pk",
            "signed_on",
            "published_on",
            "updated_at",
            "inspection__unit__name",
            "inspection__unit__short_name",
            "inspection__unit__party_org_name",
            "inspection__unit__updated_at",
            "inspection__unit__path",
            "inspection__round__name",
            "inspection__round__year",
            "inspection__round__updated_at",
            "inspection__round__committee__name",
            "inspection__round__committee__short_name",
            "inspection__round__committee__path",
            "inspection__round__committee__updated_at",
        )
        .annotate(doc_title=KeyTransform("title", "published_document"))
        .order_by(
            "inspection__round__committee__path",
            "-inspection__round__year",
            "inspection__round_id",
            "inspection__unit__path",
            "-signed_on",
            "-pk",
        )
    )
    notices, stamps, parts = [], [], []
    for row in rows:
        unit = public_unit(row.inspection.unit)
        notices.append(_public_notice(row, unit, row.doc_title))
        stamps += [
            row.updated_at,
            row.inspection.unit.updated_at,
            row.inspection.round.updated_at,
            row.inspection.round.committee.updated_at,
        ]
        parts.append(f"{row.pk}:{row.updated_at.isoformat()}")
    parts += [s.isoformat() for s in stamps]
    return Listing(notices, _version("index", *parts), max(stamps) if stamps else None)


def public_index() -> Listing:
    return _listing(published_notices())


def group_index(notices: list[PublicNotice]) -> list[dict[str, Any]]:
    """committee → round → unit → notices, keeping the query's order."""
    committees: list[dict[str, Any]] = []
    for notice in notices:
        if not committees or committees[-1]["name"] != notice.committee:
            committees.append({"name": notice.committee, "rounds": []})
        rounds = committees[-1]["rounds"]
        if not rounds or rounds[-1]["name"] != notice.round:
            rounds.append({"name": notice.round, "units": []})
        units = rounds[-1]["units"]
        if not units or units[-1]["unit"].pk != notice.unit.pk:
            units.append({"unit": notice.unit, "notices": []})
        units[-1]["notices"].append(notice)
    return committees


@dataclass(frozen=True)
class NoticePage:
    notice: PublicNotice
    document: OfficialDocument
    problems: list[str]
    etag: str
    last_modified: dt.datetime
    inspection_id: int


def problem_headings(document: OfficialDocument) -> list[str]:
    """The problems as the notice printed them: its second-level headings, （一）关于…问题."""
    return [block.text for block in document.blocks if isinstance(block, Heading) and block.level == 2]


def notice_page(pk: int | str) -> NoticePage:
    try:
        notice = (
            published_notices()
            .select_related("inspection__unit__contact", "inspection__round__committee")
            .get(pk=pk)
        )
    except (ProgressNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    unit_model = notice.inspection.unit
    unit = public_unit(unit_model, with_contact=True)
    document = document_from_json(cast(dict[str, Any], notice.published_document))
    contact = getattr(unit_model, "contact", None)
    stamps = [notice.updated_at, unit_model.updated_at] + ([contact.updated_at] if contact else [])
    return NoticePage(
        notice=_public_notice(notice, unit, document.title_lines),
        document=document,
        problems=problem_headings(document),
        etag=_version("notice", notice.pk, *(s.isoformat() for s in stamps)),
        last_modified=max(stamps),
        inspection_id=notice.inspection_id,
    )


@dataclass(frozen=True)
class UnitPage:
    unit: PublicUnit
    notices: list[PublicNotice]
    etag: str
    last_modified: dt.datetime


def unit_page(pk: int | str) -> UnitPage:
    """A unit exists publicly only once it has published a notice."""
    try:
        unit_model = (
            Unit.objects.select_related("contact")
            .filter(Exists(published_notices().filter(inspection__unit=OuterRef("pk"))))
            .get(pk=pk)
        )
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    listing = _listing(published_notices().filter(inspection__unit=unit_model))
    unit = public_unit(unit_model, with_contact=True)
    contact = getattr(unit_model, "contact", None)
    stamps = [unit_model.updated_at] + ([contact.updated_at] if contact else [])
    last = max([*stamps, *([listing.last_modified] if listing.last_modified else [])])
    return UnitPage(
        unit=unit,
        notices=[PublicNotice(**{**n.__dict__, "unit": unit}) for n in listing.notices],
        etag=_version("unit", unit.pk, listing.etag, *(s.isoformat() for s in stamps)),
        last_modified=last,
    )


def latest_notice_of(unit_pk: int) -> ProgressNotice | None:
    return published_notices().filter(inspection__unit_id=unit_pk).order_by("-published_on", "-pk").first()


def notice_problems(notice: ProgressNotice | None) -> list[str]:
    if notice is None:
        return []
    return problem_headings(document_from_json(cast(dict[str, Any], notice.published_document)))


def resolve_problem(notice: ProgressNotice | None, label: str) -> Problem | None:
    """The ledger problem behind a published heading (same number and title), if it still exists."""
    if notice is None or not label:
        return None
    for problem in Problem.objects.live().filter(inspection_id=notice.inspection_id):
        if f"{level2_marker(problem.number)}{problem.title}" == label:
            return problem
    return None


# Inside: counts for the dashboards --------------------------------------------------------------


def feedback_counts(
    user: Viewer, dash_scope: Scope | None = None, *, today: dt.date | None = None
) -> dict[str, int]:
    """Open and overdue feedback in the user's scope, in one aggregate query."""
    from zhenggai.public.permissions import visible_feedback

    qs = visible_feedback(user)
    if dash_scope is not None:
        if dash_scope.unit_id:
            qs = qs.filter(unit_id=dash_scope.unit_id)
        if dash_scope.round_id or dash_scope.group_id:
            inspections = Inspection.objects.all()
            if dash_scope.round_id:
                inspections = inspections.filter(round_id=dash_scope.round_id)
            if dash_scope.group_id:
                inspections = inspections.filter(group_id=dash_scope.group_id)
            qs = qs.filter(unit_id__in=inspections.values("unit_id"))
    cutoff = overdue_cutoff(today)
    open_q = Q(status__in=OPEN_STATUSES)
    return qs.aggregate(
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(created_at__lt=cutoff)),
        total=Count("pk"),
    ) | {"days": settings.ZHENGGAI_PUBLIC_ANSWER_DAYS}


def overdue_cutoff(today: dt.date | None = None) -> dt.datetime:
    """Feedback received before this moment and still open is overdue (N days, setting)."""
    now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    return now - dt.timedelta(days=settings.ZHENGGAI_PUBLIC_ANSWER_DAYS)
