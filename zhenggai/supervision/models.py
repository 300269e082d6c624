"""Supervision (督办): the daily reminders, what they were, where they went, and formal 督办 notices.

- ``ReminderRun``: one row per day the job ran; it serialises concurrent runs of the same day and
  tells the next run since when to look for sent-back measures.
- ``ReminderLog``: one row per (recipient or webhook, kind, item, day). Its unique constraints are
  what make the job idempotent: an item is never sent twice to the same recipient on the same day.
- ``Notification``: the in-app list (with unread counts); a daily digest is one notification, and
  its e-mail is a delivery of that notification (``email_status``).
- ``WebhookEndpoint``: an optional DingTalk / WeCom group robot per unit or committee.
- ``SupervisionNotice``: a formal 督办 the inspection office issues on a problem and the unit answers.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.fields import ChineseTextField
from zhenggai.core.models import TimeStampedModel
from zhenggai.ledger.models import LookBackReview, Measure, Problem


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    SENT_BACK = "sent_back", _("被退回")
    ESCALATE_LEADER = "escalate_leader", _("逾期抄送责任领导")
    ESCALATE_OFFICE = "escalate_office", _("逾期抄送巡察办")
    LOOK_BACK = "look_back", _("回头看即将到期")
    NOTICE_OPEN = "notice_open", _("督办待答复")
    NOTICE_LATE = "notice_late", _("督办逾期未答复")
    # A close-out move told in the daily digest of those who chose it (never a ReminderLog line).
    WORKFLOW = "workflow", _("审批流转")


class ReminderRun(models.Model):
    ran_on = models.DateField(_("提醒日期"), unique=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    report = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("提醒运行记录")
        verbose_name_plural = _("提醒运行记录")
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return str(self.ran_on)


class WebhookKind(models.TextChoices):
    DINGTALK = "dingtalk", _("钉钉群机器人")
    WECOM = "wecom", _("企业微信群机器人")


class WebhookEndpoint(TimeStampedModel):
    """A group robot. On an inspected unit (or one of its offices) it gets that unit's (office's)
    reminders; on a committee or its inspection office it gets what the inspection office gets."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("单位或巡察主体")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=WebhookKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    url = models.URLField(
        _("Webhook 地址"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("机器人的 Webhook 地址,只接受 http/https。钉钉机器人的安全设置可用自定义关键词“整改”。"),
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["unit", "pk"]

    def __str__(self) -> str:
        return self.name or f"{self.unit} · {self.get_kind_display()}"


class ReminderLog(models.Model):
    """One item of one reminder, to one person or one webhook, on one day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_logs",
        verbose_name=_("接收人"),
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="logs",
        verbose_name=_("群机器人"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ReminderKind.choices)
    # "measure:12", "review:3", "notice:5": one key for the unique constraints whatever the item.
    item_key = models.CharField(_("事项"), max_length=40)
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("措施")
    )
    review = models.ForeignKey(
        LookBackReview,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("回头看"),
    )
    notice = models.ForeignKey(
        "SupervisionNotice",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("督办"),
    )
    sent_on = models.DateField(_("提醒日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_on", "pk"]
        indexes = [models.Index(fields=["sent_on", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "item_key", "sent_on"],
                condition=models.Q(recipient__isnull=False),
                name="reminder_once_per_recipient_item_day",
            ),
            models.UniqueConstraint(
                fields=["endpoint", "kind", "item_key", "sent_on"],
                condition=models.Q(endpoint__isnull=False),
                name="reminder_once_per_webhook_item_day",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, endpoint__isnull=True)
                | models.Q(recipient__isnull=True, endpoint__isnull=False),
                name="reminder_to_a_person_or_a_webhook",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.kind} {self.item_key}"


class NotificationKind(models.TextChoices):
    DIGEST = "digest", _("每日提醒")
    NOTICE = "notice", _("督办")
    WORKFLOW = "workflow", _("审批流转")


class EmailStatus(models.TextChoices):
    NONE = "none", _("不发邮件")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    # A close-out move of someone who reads their mail once a day: the next daily digest carries it.
    DAILY = "daily", _("待并入每日提醒")
    DIGESTED = "digested", _("已并入每日提醒")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(
        _("类型"), max_length=10, choices=NotificationKind.choices, default=NotificationKind.DIGEST
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # The measure a close-out move notification is about (the daily digest lists it under it).
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("措施")
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    sent_on = models.DateField(_("提醒日期"), null=True, blank=True)
    email_status = models.CharField(
        _("邮件"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_error = models.CharField(_("邮件错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_status", "sent_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DigestChoice(models.TextChoices):
    IMMEDIATELY = "immediately", _("立即发送")
    DAILY = "daily", _("每日汇总一次")


class NotificationPreference(models.Model):
    """How a person wants the e-mail of a close-out move: at once, or in the next daily digest.
    The in-app notification is always at once; no row means 立即发送."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("用户"),
    )
    digest = models.CharField(
        _("审批流转邮件"), max_length=12, choices=DigestChoice.choices, default=DigestChoice.IMMEDIATELY
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_digest_display()}"


class SupervisionNotice(TimeStampedModel):
    """督办: issued by the inspection office on a problem; the unit must answer by ``answer_due``."""

    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, related_name="supervision_notices", verbose_name=_("反馈问题")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("督办人"),
    )
    issued_on = models.DateField(_("督办日期"))
    content = ChineseTextField(_("督办事项"))
    answer_due = models.DateField(_("答复期限"))
    answer = ChineseTextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["answered_on", "answer_due"])]

    def __str__(self) -> str:
        return f"督办:{self.problem.title[:30]}({self.issued_on})"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None
