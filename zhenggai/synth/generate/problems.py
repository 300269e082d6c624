"""The ledger itself: problems and measures, with their statuses, transitions and look-back reviews."""

import datetime as dt
import time

from django.db import connection

from zhenggai.accounts.policy import add_months
from zhenggai.ledger import counts as measure_counts
from zhenggai.ledger.models import (
    LookBackReview,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    Problem,
    ProblemStatus,
    ReviewOutcome,
)
from zhenggai.ledger.status import derive_problem_status
from zhenggai.ledger.transitions import status_since_rebuild
from zhenggai.synth import phrases as ph
from zhenggai.synth import text
from zhenggai.synth.generate.base import SHOWCASE_MEASURES_EACH, SHOWCASE_PROBLEMS, _at, _clamp


class _LedgerMixin:
    """Part of ``_Generator`` (``generator``)."""

    def _ledger(self) -> None:
        rng, today = self.rng, self.today
        t0 = time.perf_counter()
        problems: list[list] = []
        measures: list[list] = []
        self.progress_plans: list[tuple] = []
        transitions: list[tuple] = []
        reviews: list[tuple] = []
        Status = MeasureStatus

        def add_measure(problem_pk, number, unit, r, fb, kind, *, status_plan=None, created=None):
            if kind == MeasureKind.IMMEDIATE:
                deadline = fb + dt.timedelta(days=rng.randint(15, 45))
            elif kind == MeasureKind.DEADLINE:
                deadline = fb + dt.timedelta(days=rng.randint(60, 270))
            else:
                deadline = None
            status, done, last, submitted = status_plan or self._measure_plan(rng, r, kind, fb, deadline)
            office = rng.choice(unit.offices)
            clerk, clerk_name = unit.clerks[office]
            if unit.deputies and rng.random() < 0.7:
                leader_user, _name, leader_title = rng.choice(unit.deputies)
            else:
                leader_user, leader_title = unit.leader, unit.leader_title
            pk = self.ids(Measure)
            version = 1 + (last is not None)
            moves = []
            if submitted is not None:
                moves.append(
                    (
                        "submit",
                        Status.IN_PROGRESS,
                        Status.SUBMITTED,
                        unit.liaison,
                        submitted,
                        "已按整改方案完成。",
                    )
                )
                if status in (Status.CONFIRMED, Status.CLOSED):
                    confirmed = min(today, submitted + dt.timedelta(days=rng.randint(0, 3)))
                    if done is not None:
                        confirmed = min(confirmed, done)
                    moves.append(("confirm", Status.SUBMITTED, Status.CONFIRMED, unit.leader, confirmed, ""))
                if status == Status.CLOSED:
                    approver = (
                        rng.choice(self.province_office_users)
                        if unit.city < 0
                        else rng.choice(self.city_office_users[unit.city])
                    )
                    moves.append(("approve", Status.CONFIRMED, Status.CLOSED, approver, done, ""))
            for move, source, target, actor, on, reason in moves:
                transitions.append(
                    (self.ids(MeasureTransition), pk, move, source, target, actor, _at(on, 10), on, reason)
                )
            version += len(moves)
            created = created or _at(fb + dt.timedelta(days=7))
            measures.append(
                [
                    pk,
                    problem_pk,
                    number,
                    text.measure_content(rng),
                    kind,
                    leader_title,
                    leader_user,
                    office,
                    clerk_name,
                    clerk,
                    deadline,
                    rng.choice(ph.COMPLETION_STANDARDS),
                    status,
                    done,
                    version,
                    last,
                    None,
                    created,
                    _at(done or last or fb, 11),
                ]
            )
            if last is not None:
                start = min(max(fb + dt.timedelta(days=2), created.date()), last)
                self.progress_plans.append(
                    (
                        pk,
                        start.toordinal(),
                        last.toordinal(),
                        rng.getrandbits(32),
                        clerk,
                        unit.liaison,
                        submitted is not None,
                    )
                )
            return kind, status, done

        for unit, inspection, r, fb, _onsite_start, _round_name in self.inspections:
            showcase = unit.code == "p0001"
            n_problems = SHOWCASE_PROBLEMS if showcase else min(40, 3 + round(rng.expovariate(1 / 5.1)))
            for number in range(1, n_problems + 1):
                ppk = self.ids(Problem)
                n_measures = (
                    SHOWCASE_MEASURES_EACH
                    if showcase
                    else rng.choices((2, 3, 4, 5, 6), (10, 25, 30, 20, 15))[0]
                )
                pairs = []
                # a share of the newest round's problems has nothing started yet (未整改)
                untouched = r == 2 and not showcase and rng.random() < 0.06
                for m in range(1, n_measures + 1):
                    kind = rng.choices(
                        (MeasureKind.IMMEDIATE, MeasureKind.DEADLINE, MeasureKind.LONG_TERM), (20, 55, 25)
                    )[0]
                    plan = (Status.NOT_STARTED, None, None, None) if untouched else None
                    pairs.append(add_measure(ppk, m, unit, r, fb, kind, status_plan=plan))
                status = derive_problem_status([(k, s) for k, s, _ in pairs])
                completed_on = max(d for _, _, d in pairs) if status == ProblemStatus.COMPLETED else None
                awaiting = False
                if completed_on is not None:
                    due = add_months(completed_on, 6)
                    roll = rng.random()
                    if due <= today - dt.timedelta(days=20) and roll < 0.88:
                        reviewed = min(
                            today - dt.timedelta(days=5), due + dt.timedelta(days=rng.randint(0, 20))
                        )
                        reviewer = (
                            rng.choice(self.province_office_users)
                            if unit.city < 0
                            else rng.choice(self.city_office_users[unit.city])
                        )
                        relapsed = roll >= 0.85 and not showcase
                        outcome = ReviewOutcome.RELAPSED if relapsed else ReviewOutcome.HOLDS
                        notes = rng.choice(ph.REVIEW_NOTES_RELAPSED if relapsed else ph.REVIEW_NOTES_HOLDS)
                        reviews.append(
                            (
                                self.ids(LookBackReview),
                                ppk,
                                due,
                                outcome,
                                reviewed,
                                reviewer,
                                notes,
                                _at(completed_on, 12),
                            )
                        )
                        if relapsed:
                            completed_on = None
                            if rng.random() < 0.2:  # 反弹, no new measure yet
                                awaiting = True
                                status = derive_problem_status(
                                    [(k, s) for k, s, _ in pairs], awaiting_new_measure=True
                                )
                            else:
                                last = _clamp(today - dt.timedelta(days=rng.randint(0, 20)), reviewed, today)
                                plan = (Status.IN_PROGRESS, None, last, None)
                                pairs.append(
                                    add_measure(
                                        ppk,
                                        n_measures + 1,
                                        unit,
                                        r,
                                        reviewed,
                                        MeasureKind.DEADLINE,
                                        status_plan=plan,
                                        created=_at(reviewed, 15),
                                    )
                                )
                                status = derive_problem_status([(k, s) for k, s, _ in pairs])
                    else:
                        reviews.append(
                            (
                                self.ids(LookBackReview),
                                ppk,
                                due,
                                ReviewOutcome.PENDING,
                                None,
                                None,
                                "",
                                _at(completed_on, 12),
                            )
                        )
                problems.append(
                    [
                        ppk,
                        inspection,
                        None,
                        number,
                        text.problem_title(rng),
                        text.problem_description(rng),
                        "",
                        rng.choice(ph.CATEGORIES),
                        unit.leader_title,
                        status,
                        completed_on,
                        awaiting,
                        None,
                        _at(fb + dt.timedelta(days=2)),
                        _at(completed_on or fb, 12),
                        # On PostgreSQL the counts are written here and the triggers that keep
                        # them are off during the load; elsewhere the triggers count.
                        *(
                            sum(1 for _k, s, _d in pairs if s == status) if self.writer.copy else 0
                            for status in measure_counts.STATUSES
                        ),
                    ]
                )

        self.log(f"  {'(ledger generated in memory)':<34} {'':>10}       {time.perf_counter() - t0:7.2f} s")
        self._write_structure()
        w = self.writer
        if w.copy:  # the count triggers stand aside: the counts are written here, tallies after
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {measure_counts.BULK_LOAD} = on")
        w.write(
            Problem,
            (
                "id",
                "inspection_id",
                "group_id",
                "number",
                "title",
                "description",
                "root_cause",
                "category",
                "lead_leader",
                "status",
                "completed_on",
                "awaiting_new_measure",
                "deleted_at",
                "created_at",
                "updated_at",
                *measure_counts.FIELDS,
            ),
            map(tuple, problems),
        )
        n_problems = len(problems)
        problems.clear()
        w.write(
            Measure,
            (
                "id",
                "problem_id",
                "number",
                "content",
                "kind",
                "responsible_leader",
                "leader_user_id",
                "responsible_office_id",
                "responsible_person",
                "person_user_id",
                "deadline",
                "completion_standard",
                "status",
                "completed_on",
                "version",
                "last_progress_on",
                "deleted_at",
                "created_at",
                "updated_at",
            ),
            map(tuple, measures),
        )
        n_measures = len(measures)
        measures.clear()
        if w.copy:
            t = time.perf_counter()
            measure_counts.recount(connection, problems=False)  # the inspections' tallies
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {measure_counts.BULK_LOAD} = off")
            self.log(
                f"  {'ledger_inspectiontally':<34} {'(recount)':>10}       {time.perf_counter() - t:7.2f} s"
            )
        self._progress(n_measures)
        w.write(
            MeasureTransition,
            ("id", "measure_id", "move", "source", "target", "actor_id", "at", "effective_on", "reason"),
            transitions,
        )
        status_since_rebuild()  # the measures were written before their transitions
        w.write(
            LookBackReview,
            ("id", "problem_id", "due_on", "outcome", "reviewed_on", "reviewer_id", "notes", "created_at"),
            reviews,
        )
        self.log(f"  ({n_problems:,} problems, {n_measures:,} measures)")
