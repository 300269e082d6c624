"""Public supervision: feedback (意见建议) from the public on published notices, and its rate counters.

- ``Feedback``: one message from the public about a unit (optionally a published notice and one of
  its problems). The person keeps a tracking code; only its SHA-256 digest is stored, so the code
  cannot be read back from the database. Contact details are internal (staff only) and never go
  into the audit trail, which cannot be edited later.
- ``RateCounter``: submissions and look-ups counted per (bucket, hashed client address or
  session, time window), so the limits hold across processes and restarts without an outside
  service.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.models import TimeStampedModel
from zhenggai.ledger.models import Measure, Problem
from zhenggai.notices.models import ProgressNotice


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    TRANSFERRED = "transferred", _("已转办")
    REJECTED = "rejected", _("不予受理")
    ANSWERED = "answered", _("已答复")


# What the person sees when looking up their code: no office names, no internal notes.
PUBLIC_STATUS_TEXT = {
    FeedbackStatus.RECEIVED: _("已收到,等待受理"),
    FeedbackStatus.ACCEPTED: _("已受理,正在办理"),
    FeedbackStatus.TRANSFERRED: _("已转承办股室办理"),
    FeedbackStatus.REJECTED: _("不予受理"),
    FeedbackStatus.ANSWERED: _("已答复"),
}

OPEN_STATUSES = (FeedbackStatus.RECEIVED, FeedbackStatus.ACCEPTED, FeedbackStatus.TRANSFERRED)


class Feedback(TimeStampedModel):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="public_feedback", verbose_name=_("被监督单位")
    )
    notice = models.ForeignKey(
        ProgressNotice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_feedback",
        verbose_name=_("所涉通报"),
    )
    # The problem's heading exactly as the published notice printed it (what the person chose).
    problem_label = models.CharField(_("所涉问题(公开文本)"), max_length=400, blank=True)
    problem = models.ForeignKey(
        Problem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_feedback",
        verbose_name=_("关联问题"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_feedback",
        verbose_name=_("关联措施"),
    )
    message = models.TextField(_("意见建议"))
    # SHA-256 of the message with case, spacing and punctuation taken out (public.spam): the same
    # text sent again within ZHENGGAI_PUBLIC_DUPLICATE_HOURS is refused.
    message_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymous = models.BooleanField(_("匿名"), default=False)
    contact_name = models.CharField(_("姓名"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    transferred_to = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferred_feedback",
        verbose_name=_("承办股室"),
    )
    triaged_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    reject_reason = models.TextField(_("不予受理理由(向提出人公开)"), blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    reply = models.TextField(_("答复(向提出人公开)"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    code_digest = models.CharField(_("查询码摘要"), max_length=64, unique=True, editable=False)
    # The challenge a submission answered: one accepted submission per solved challenge.
    challenge_nonce = models.CharField(max_length=32, unique=True, editable=False)

    class Meta:
        verbose_name = _("群众意见")
        verbose_name_plural = _("群众意见")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="public_feedback_status_created")]

    def __str__(self) -> str:
        # Never the message or the contact: this string goes into the audit trail.
        return f"意见建议 #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def public_status(self) -> str:
        return str(PUBLIC_STATUS_TEXT[FeedbackStatus(self.status)])


class RateCounter(models.Model):
    bucket = models.CharField(max_length=24)
    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("频率计数")
        verbose_name_plural = _("频率计数")
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "key", "window"], name="public_ratecounter_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.key[:8]} {self.window}: {self.count}"
