"""The rectification ledger (整改台账): problems fed back, their measures, dated progress, evidence."""

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.models import SoftDeleteModel, TimeStampedModel
from zhenggai.inspections.models import Inspection


class ProblemStatus(models.TextChoices):
    """A problem's status is derived from its measures (ledger.status), never typed by hand."""

    OPEN = "open", _("未整改")
    IN_PROGRESS = "in_progress", _("整改中")
    COMPLETED = "completed", _("已完成")
    LONG_TERM = "long_term", _("阶段性成效、需长期坚持")


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("整改中")
    SUBMITTED = "submitted", _("申请销号")
    CONFIRMED = "confirmed", _("单位已审核")
    CLOSED = "closed", _("已销号")


class DatePrecision(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")
    AS_OF = "as_of", _("截至该日累计")


_LABELS: dict[tuple[type, str], dict] = {}


def label(choices: type[models.TextChoices], value) -> str:
    """What ``get_FOO_display()`` returns, without Django's rebuilding of the whole choices dict on
    every call (which translates every label: a ledger page asks this hundreds of times). The
    labels are translated once per language and kept (the catalogues do not change while a
    process runs)."""
    key = (choices, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {member.value: force_str(member.label) for member in choices}
    return labels.get(value, value)


class ProblemGroup(models.Model):
    """方面/类: a heading some notices put above their problems (e.g. "4个方面12类问题")."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="problem_groups", verbose_name=_("巡察")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("方面"), max_length=300)

    class Meta:
        verbose_name = _("问题方面")
        verbose_name_plural = _("问题方面")
        ordering = ["inspection", "number"]

    def __str__(self) -> str:
        return self.title


class Problem(SoftDeleteModel, TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="problems", verbose_name=_("巡察")
    )
    group = models.ForeignKey(
        ProblemGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name=_("方面"),
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("反馈问题"), max_length=500, help_text=_("按反馈意见原文"))
    description = models.TextField(_("具体表现"), blank=True)
    root_cause = models.TextField(_("原因分析"), blank=True)
    category = models.CharField(_("问题类别"), max_length=60, blank=True)
    lead_leader = models.CharField(_("牵头领导"), max_length=100, blank=True)
    status = models.CharField(
        _("整改状态"),
        max_length=20,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
        editable=False,
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    awaiting_new_measure = models.BooleanField(
        _("反弹待补措施"), default=False, editable=False, help_text=_("回头看发现反弹后,须制定新的整改措施")
    )
    # Raised by every edit (problem_update): a save carries the version it read, a stale one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    # Its live measures counted by status, kept by the database itself (triggers on the measure
    # table, migration 0002), whoever writes the measures: a province's dashboard adds up 40,000
    # of these instead of joining 160,000 measures. Never written from Python (see save()).
    measures_not_started = models.PositiveIntegerField(_("未启动措施数"), default=0, editable=False)
    measures_in_progress = models.PositiveIntegerField(_("整改中措施数"), default=0, editable=False)
    measures_submitted = models.PositiveIntegerField(_("申请销号措施数"), default=0, editable=False)
    measures_confirmed = models.PositiveIntegerField(_("单位已审核措施数"), default=0, editable=False)
    measures_closed = models.PositiveIntegerField(_("已销号措施数"), default=0, editable=False)

    class Meta:
        verbose_name = _("反馈问题")
        verbose_name_plural = _("反馈问题")
        ordering = ["inspection", "number"]
        indexes = [models.Index(fields=["inspection", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                condition=models.Q(deleted_at__isnull=True),
                name="problem_unique_number_in_inspection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_status_display(self) -> str:
        return label(ProblemStatus, self.status)

    def save(self, *args, **kwargs):
        """A full save of an existing problem leaves the measure counts to the database (this
        instance's copies may be older than the triggers' last update), and the version to the
        services that raise it (an older copy must not write an older version back)."""
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in MEASURE_COUNT_FIELDS.values() and f.name != "version"
            ]
        super().save(*args, **kwargs)


# Problem's count of its live measures in each status.
MEASURE_COUNT_FIELDS = {status: f"measures_{status}" for status in MeasureStatus.values}


class Measure(SoftDeleteModel, TimeStampedModel):
    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, related_name="measures", verbose_name=_("反馈问题")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    content = models.TextField(_("整改措施"))
    kind = models.CharField(_("整改类型"), max_length=20, choices=MeasureKind.choices)
    responsible_leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_measures",
        verbose_name=_("责任领导账号"),
    )
    responsible_office = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("责任股室"),
    )
    responsible_person = models.CharField(_("责任人"), max_length=100, blank=True)
    # The 责任人's account when they have one; ``responsible_person`` then holds its display name
    # (ledger.people), so documents print the same text either way.
    person_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_measures",
        verbose_name=_("责任人账号"),
    )
    deadline = models.DateField(_("整改时限"), null=True, blank=True)
    completion_standard = models.CharField(_("完成标准"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.NOT_STARTED,
        editable=False,
    )
    completed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    # The date its status last moved (its latest transition's effective date; empty before the
    # first move), kept by ``measure_set_status``: the decision queues are ordered by it through
    # an index instead of a subquery per waiting measure.
    status_since = models.DateField(_("状态变更日期"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    # Kept by the progress services: lights and dashboards compare a column instead of a subquery.
    last_progress_on = models.DateField(_("最近进展日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["problem", "number"]
        indexes = [
            models.Index(fields=["problem", "status"]),
            models.Index(fields=["deadline"]),
            models.Index(fields=["responsible_office"]),
            models.Index(fields=["kind", "status", "last_progress_on"]),
            # The measures that can be lit (red or yellow) today, found by range scans: open
            # one-off measures by deadline, open long-term ones by their last report.
            models.Index(
                fields=["deadline"],
                condition=models.Q(deleted_at__isnull=True)
                & ~models.Q(status=MeasureStatus.CLOSED)
                & ~models.Q(kind=MeasureKind.LONG_TERM),
                name="measure_open_one_off_deadline",
            ),
            models.Index(
                fields=["last_progress_on"],
                condition=models.Q(deleted_at__isnull=True)
                & ~models.Q(status=MeasureStatus.CLOSED)
                & models.Q(kind=MeasureKind.LONG_TERM),
                name="measure_open_long_term_report",
            ),
            # The close-outs waiting for a decision (the workbench's queues): a few among many.
            models.Index(
                fields=["status", "status_since", "id"],
                condition=models.Q(deleted_at__isnull=True)
                & models.Q(status__in=[MeasureStatus.SUBMITTED, MeasureStatus.CONFIRMED]),
                name="measure_awaiting_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem.number}.{self.number} {self.content[:30]}"

    def get_kind_display(self) -> str:
        return label(MeasureKind, self.kind)

    def get_status_display(self) -> str:
        return label(MeasureStatus, self.status)


class ProgressEntry(SoftDeleteModel, TimeStampedModel):
    """One dated step of a measure, as the ledger and the progress notice report it."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="progress", verbose_name=_("整改措施")
    )
    happened_on = models.DateField(_("日期"))
    date_precision = models.CharField(
        _("日期精度"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = models.TextField(_("进展情况"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_entries",
        verbose_name=_("填报人"),
    )
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    # Raised by every edit (progress_update), as a measure's: a stale save is refused.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["measure", "happened_on", "pk"]
        indexes = [models.Index(fields=["measure", "happened_on"])]
        constraints = [
            # A form posted twice (double click, browser retry) carries the same key: one row only.
            models.UniqueConstraint(
                fields=["measure", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="progress_unique_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.text[:30]}"


def figure_text(value) -> str:
    """A figure's value as written: ``Decimal("40.00")`` → ``40``, ``1.50`` → ``1.5``."""
    return format(value.normalize(), "f")


class ProgressFigure(models.Model):
    """A number a progress entry reports, with its unit (40 家, 3 次)."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="figures", verbose_name=_("进展")
    )
    label = models.CharField(_("指标"), max_length=100)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("进展数据")
        verbose_name_plural = _("进展数据")
        ordering = ["entry", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.display_value}{self.unit}"

    @property
    def display_value(self) -> str:
        return figure_text(self.value)


class Evidence(TimeStampedModel):
    """佐证材料 attached to a progress entry, kept with its size, type and SHA-256."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("进展")
    )
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    content_type = models.CharField(_("类型"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.original_name


class MeasureTransition(models.Model):
    """Every status move of a measure: who, when, from, to, and why. Append-only."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("措施")
    )
    move = models.CharField(_("操作"), max_length=32)
    source = models.CharField(_("原状态"), max_length=20, choices=MeasureStatus.choices)
    target = models.CharField(_("新状态"), max_length=20, choices=MeasureStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("操作时间"))
    effective_on = models.DateField(_("生效日期"))
    reason = models.TextField(_("说明"), blank=True)
    # 申请销号: the evidence the application rests on, as it was then ([{id, name, size, sha256}]).
    # The measure is frozen until a decision, so this is also what the leader and the office judged;
    # after a 退回 the unit may change its evidence, and earlier rounds still show theirs.
    evidence = models.JSONField(_("佐证材料"), default=list, blank=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["measure", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.source} → {self.target}"


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("待回头看")
    HOLDS = "holds", _("巩固")
    RELAPSED = "relapsed", _("反弹")


class LookBackReview(models.Model):
    """回头看: a later check of a completed problem. 反弹 reopens the problem; both stay in history."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("反馈问题")
    )
    due_on = models.DateField(_("应开展日期"))
    outcome = models.CharField(
        _("结论"), max_length=10, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    reviewed_on = models.DateField(_("开展日期"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("检查人"),
    )
    notes = models.TextField(_("检查情况"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回头看")
        verbose_name_plural = _("回头看")
        ordering = ["problem", "due_on", "pk"]
        indexes = [models.Index(fields=["outcome", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["problem"],
                condition=models.Q(outcome="pending"),
                name="review_one_pending_per_problem",
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.due_on} {self.get_outcome_display()}"


class InspectionTally(models.Model):
    """An inspection's live problems by status and their live measures by status, kept by the
    database (triggers on the problem table, ``ledger.counts``): a province's dashboard reads one
    row per inspection. Never written from Python."""

    inspection = models.OneToOneField(
        Inspection, primary_key=True, on_delete=models.CASCADE, related_name="tally", editable=False
    )
    problems_open = models.IntegerField(default=0, editable=False)
    problems_in_progress = models.IntegerField(default=0, editable=False)
    problems_completed = models.IntegerField(default=0, editable=False)
    problems_long_term = models.IntegerField(default=0, editable=False)
    measures_not_started = models.IntegerField(default=0, editable=False)
    measures_in_progress = models.IntegerField(default=0, editable=False)
    measures_submitted = models.IntegerField(default=0, editable=False)
    measures_confirmed = models.IntegerField(default=0, editable=False)
    measures_closed = models.IntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("巡察汇总")
        verbose_name_plural = _("巡察汇总")

    def __str__(self) -> str:
        return f"{self.inspection_id}"


class InspectionRevision(models.Model):
    """How many times anything shown on an inspection's pages has changed, kept by the database
    (``ledger.revisions``); row 0 counts changes to what every page shows (names, units, policies).
    Cached responses are keyed by it. Never written from Python."""

    inspection_id = models.BigIntegerField(primary_key=True, editable=False)
    revision = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("台账版本")
        verbose_name_plural = _("台账版本")

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.revision}"
