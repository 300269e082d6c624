"""Writing the structure and the progress entries (with figures and evidence) in bulk."""

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zhenggai.accounts.models import ContactChannel, Membership, SupervisionPolicy, Unit
from zhenggai.inspections.models import (
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    LeadingGroupMember,
    Meeting,
    RectificationPlan,
    Round,
)
from zhenggai.ledger.models import (
    DatePrecision,
    Evidence,
    ProgressEntry,
    ProgressFigure,
)
from zhenggai.synth import phrases as ph
from zhenggai.synth import text
from zhenggai.synth.generate.base import EVIDENCE_BODY, EVIDENCE_FILE, PROGRESS_PER_MEASURE, UTC


class _WritingMixin:
    """Part of ``_Generator`` (``generator``)."""

    def _write_structure(self) -> None:
        w, rng = self.writer, self.rng
        now = self.now
        w.write(
            Unit,
            (
                "id",
                "name",
                "short_name",
                "kind",
                "parent_id",
                "path",
                "depth",
                "party_org_name",
                "party_org_short",
                "sort_order",
                "created_at",
                "updated_at",
            ),
            self.unit_rows,
        )
        w.write(
            ContactChannel,
            ("id", "unit_id", "phone", "address", "postcode", "email", "created_at", "updated_at"),
            (
                (
                    self.ids(ContactChannel),
                    u.pk,
                    f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}",
                    f"{u.name[:6]}某路{rng.randint(1, 300)}号",
                    f"{rng.randint(100000, 999999)}",
                    f"xuncha{u.pk}@units.example",
                    now,
                    now,
                )
                for u in self.units
            ),
        )
        w.write(
            SupervisionPolicy,
            (
                "id",
                "committee_id",
                "long_term_report_months",
                "look_back_months",
                "warning_days",
                "created_at",
                "updated_at",
            ),
            [(self.ids(SupervisionPolicy), self.province, 3, 6, 7, now, now)] if self.write_policy else [],
        )
        w.write(
            get_user_model(),
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ),
            self.user_rows,
        )
        w.write(
            Membership,
            ("id", "user_id", "unit_id", "role", "title", "is_first_responsible", "created_at", "updated_at"),
            self.member_rows,
        )
        w.write(
            Round,
            (
                "id",
                "committee_id",
                "name",
                "term",
                "number",
                "kind",
                "topic",
                "year",
                "created_at",
                "updated_at",
            ),
            self.round_rows,
        )
        w.write(
            InspectionGroup,
            ("id", "round_id", "name", "number", "leader_name", "created_at", "updated_at"),
            self.group_rows,
        )
        w.write(InspectionGroupMember, ("id", "group_id", "user_id", "is_leader"), self.gm_rows)
        w.write(
            Inspection,
            (
                "id",
                "round_id",
                "group_id",
                "unit_id",
                "onsite_start",
                "onsite_end",
                "feedback_date",
                "feedback_document",
                "feedback_file",
                "created_at",
                "updated_at",
            ),
            self.inspection_rows,
        )
        w.write(
            RectificationPlan,
            (
                "id",
                "inspection_id",
                "title",
                "doc_number",
                "issued_on",
                "mechanism",
                "requirements",
                "created_at",
                "updated_at",
            ),
            self.plan_rows,
        )
        w.write(
            LeadingGroupMember,
            ("id", "plan_id", "role", "person_name", "position", "office_id", "sort_order"),
            self.lg_rows,
        )
        w.write(
            Meeting,
            (
                "id",
                "inspection_id",
                "held_on",
                "kind",
                "title",
                "decisions",
                "adopted_plan",
                "created_at",
                "updated_at",
            ),
            self.meeting_rows,
        )

    def _progress(self, n_measures: int) -> None:
        """Progress entries streamed into the table; figures and evidence follow."""
        plans = self.progress_plans
        weights = [1 + (last - start) / 25 for _pk, start, last, *_ in plans]
        factor = PROGRESS_PER_MEASURE * n_measures / (sum(weights) or 1)
        figures: list[tuple] = []
        evidence: list[tuple] = []
        if not default_storage.exists(EVIDENCE_FILE):
            default_storage.save(EVIDENCE_FILE, ContentFile(EVIDENCE_BODY))
        digest = hashlib.sha256(EVIDENCE_BODY).hexdigest()
        ids = self.ids
        day_precision, month_precision, as_of = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.AS_OF
        fromordinal = dt.date.fromordinal
        progress_text, figure = text.progress_text, text.figure

        def rows():
            for (measure, start, last, seed, clerk, liaison, has_evidence), weight in zip(
                plans, weights, strict=True
            ):
                rng = random.Random(seed)
                n = max(1, round(weight * factor * rng.uniform(0.7, 1.3)))
                days = sorted(rng.randint(start, last) for _ in range(n - 1))
                days.append(last)
                entry = 0
                for day in days:
                    entry = ids(ProgressEntry)
                    on = fromordinal(day)
                    roll = rng.random()
                    precision = day_precision if roll < 0.82 else (month_precision if roll < 0.92 else as_of)
                    created = dt.datetime(on.year, on.month, on.day, rng.randint(1, 10), tzinfo=UTC)
                    yield (
                        entry,
                        measure,
                        on,
                        precision,
                        progress_text(rng),
                        clerk if roll < 0.6 else liaison,
                        "",
                        None,
                        created,
                        created,
                    )
                    if rng.random() < 0.08:
                        label, value, unit = figure(rng)
                        figures.append((ids(ProgressFigure), entry, label, Decimal(value), unit, 0))
                if has_evidence:
                    name = f"{rng.choice(ph.EVIDENCE_NAMES)}-{measure}.txt"
                    evidence.append(
                        (
                            ids(Evidence),
                            entry,
                            EVIDENCE_FILE,
                            name,
                            len(EVIDENCE_BODY),
                            "text/plain",
                            digest,
                            liaison,
                            created,
                            created,
                        )
                    )

        w = self.writer
        w.write(
            ProgressEntry,
            (
                "id",
                "measure_id",
                "happened_on",
                "date_precision",
                "text",
                "reporter_id",
                "submission_key",
                "deleted_at",
                "created_at",
                "updated_at",
            ),
            rows(),
        )
        w.write(ProgressFigure, ("id", "entry_id", "label", "value", "unit", "sort_order"), figures)
        w.write(
            Evidence,
            (
                "id",
                "entry_id",
                "file",
                "original_name",
                "size",
                "content_type",
                "sha256",
                "uploaded_by_id",
                "created_at",
                "updated_at",
            ),
            evidence,
        )
