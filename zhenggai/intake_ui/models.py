"""A notice read by the reader and waiting to be checked by a person before it becomes ledger records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.inspections.models import Inspection


class SourceKind(models.TextChoices):
    TEXT = "text", _("纯文本")
    HTML = "html", _("网页")
    DOCX = "docx", _("Word 文档")


class IntakeDraft(models.Model):
    """One uploaded notice: the normalised text, the reader's draft (edited in place) and its findings.

    ``parsed`` is ``ParsedNotice.to_json(spans=True)`` plus what the import needs per measure
    (``content``, ``kind``, ``deadline``, ``progress_date``, ``precision``), ``date_refs`` (every date
    the reader found, for re-running the consistency check) and ``plan_meeting``. Every span points
    into ``text``. Only its creator (and superusers) may see a draft.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intake_drafts",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    source_name = models.CharField(_("来源"), max_length=255)
    source_kind = models.CharField(_("格式"), max_length=10, choices=SourceKind.choices)
    text = models.TextField(_("通报文字"), help_text=_("阅读器规范化后的文字,各字段的位置均指向它"))
    parsed = models.JSONField(_("识别结果"), default=dict)
    findings = models.JSONField(_("一致性检查"), default=list)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("被巡察单位"),
    )
    imported_inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("已导入的巡察"),
    )
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通报导入草稿")
        verbose_name_plural = _("通报导入草稿")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return self.source_name

    @property
    def title(self) -> str:
        data = self.parsed or {}
        return data.get("issuer") or data.get("round") or self.source_name
