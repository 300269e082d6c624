"""The close-out flow of a measure, read from its transitions: one round per 申请销号, each with its
申请 → 审核 → 审批 steps (who, when, the opinion, and for 申请 the 完成情况说明 and the evidence as
it was). A 退回 ends a round; the next 申请销号 starts the next one, so every round stays visible."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from zhenggai.ledger.models import MeasureTransition

APPLY, REVIEW, APPROVE, REOPEN = "apply", "review", "approve", "reopen"

# move → (step, whether it passed)
STEP_OF = {
    "submit": (APPLY, True),
    "confirm": (REVIEW, True),
    "return_by_leader": (REVIEW, False),
    "approve": (APPROVE, True),
    "return_by_office": (APPROVE, False),
    "reopen": (REOPEN, False),
}
STEP_LABELS = {
    APPLY: _("申请"),
    REVIEW: _("审核"),
    APPROVE: _("审批"),
    REOPEN: _("重新打开"),
}


@dataclass
class Step:
    step: str
    transition: MeasureTransition
    passed: bool

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.step])

    @property
    def actor_name(self) -> str:
        actor = self.transition.actor
        return (actor.first_name or actor.username) if actor is not None else ""

    @property
    def outcome(self) -> str:
        if self.step == APPLY:
            return str(_("申请销号"))
        if self.step == REOPEN:
            return str(_("重新打开(撤销销号)"))
        if not self.passed:
            return str(_("退回"))
        return str(_("审核通过")) if self.step == REVIEW else str(_("批准销号"))

    @property
    def opinion_label(self) -> str:
        if self.step == APPLY:
            return str(_("完成情况说明"))
        if self.step == REOPEN:
            return str(_("重新打开理由"))
        return str(_("审批意见")) if self.passed else str(_("退回理由"))

    @property
    def evidence(self) -> list[dict]:
        return (self.transition.evidence or []) if self.step == APPLY else []


@dataclass
class Round:
    number: int
    steps: list[Step] = field(default_factory=list)

    @property
    def application(self) -> Step:
        return self.steps[0]


def flow_rounds(transitions) -> list[Round]:
    """The rounds of the flow, oldest first, from the measure's transitions in time order."""
    rounds: list[Round] = []
    for transition in transitions:
        step, passed = STEP_OF.get(transition.move, (None, False))
        if step is None:
            continue
        if step == APPLY:
            rounds.append(Round(number=len(rounds) + 1))
        if not rounds:  # a decision without an application (data from before the table): skip
            continue
        rounds[-1].steps.append(Step(step=step, transition=transition, passed=passed))
    return rounds


def latest_application(transitions) -> MeasureTransition | None:
    submits = [t for t in transitions if t.move == "submit"]
    return submits[-1] if submits else None


def with_transitions(measures):
    """Measures with their transitions (and actors) in one more query: ``measure.flow_transitions``."""
    return measures.prefetch_related(
        Prefetch(
            "transitions",
            queryset=MeasureTransition.objects.select_related("actor").order_by("at", "pk"),
            to_attr="flow_transitions",
        )
    )


def flow_of(measure) -> dict:
    """What a page or the API shows of the measure's flow (transitions prefetched or read)."""
    transitions = getattr(measure, "flow_transitions", None)
    if transitions is None:
        transitions = list(measure.transitions.select_related("actor").order_by("at", "pk"))
    latest = latest_application(transitions)
    # allowed_moves' separation of duties reads the applicant from here rather than a query.
    measure.applicant_id_cache = latest.actor_id if latest else None
    return {"rounds": flow_rounds(transitions), "completion_note": latest.reason if latest else ""}
