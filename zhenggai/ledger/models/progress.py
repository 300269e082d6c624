"""Progress entries, their figures and evidence, and measures' status transitions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.core.fields import ChineseTextField
from zhenggai.core.models import SoftDeleteModel, TimeStampedModel
from zhenggai.ledger.models.choices import DatePrecision, MeasureStatus
from zhenggai.ledger.models.problems import Measure


class ProgressEntry(SoftDeleteModel, TimeStampedModel):
    """One dated step of a measure, as the ledger and the progress notice report it."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="progress", verbose_name=_("整改措施")
    )
    happened_on = models.DateField(_("日期"))
    date_precision = models.CharField(
        _("日期精度"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = ChineseTextField(_("进展情况"))
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
    reason = ChineseTextField(_("说明"), blank=True)
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
