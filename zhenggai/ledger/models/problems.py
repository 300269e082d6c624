"""Problems (and their groups) and measures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.fields import ChineseCharField, ChineseTextField
from zhenggai.core.models import SoftDeleteModel, TimeStampedModel
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models.choices import MeasureKind, MeasureStatus, ProblemStatus, label


class ProblemGroup(models.Model):
    """方面/类: a heading some notices put above their problems (e.g. "4个方面12类问题")."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="problem_groups", verbose_name=_("巡察")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = ChineseCharField(_("方面"), max_length=300)

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
    title = ChineseCharField(_("反馈问题"), max_length=500, help_text=_("按反馈意见原文"))
    description = ChineseTextField(_("具体表现"), blank=True)
    root_cause = ChineseTextField(_("原因分析"), blank=True)
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
    content = ChineseTextField(_("整改措施"))
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
    completion_standard = ChineseCharField(_("完成标准"), max_length=300, blank=True)
    # The ledger's 备注 column. Empty is "" (the services write it); NULL only on rows older than
    # the column: a nullable column is added in place, where SQLite would rebuild a NOT NULL one's
    # table and drop the triggers that keep the ledger's counts and history.
    remarks = ChineseTextField(_("备注"), blank=True, null=True, max_length=2000)
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
