"""Look-back reviews (回头看) of completed problems."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.core.fields import ChineseTextField
from zhenggai.ledger.models.problems import Problem


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
    notes = ChineseTextField(_("检查情况"), blank=True)
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
