"""A progress notice (整改进展情况通报) of an inspection at a cut-off date.

Everything a notice states about the work is assembled from the ledger at the cut-off date; only
the narrative parts a unit writes for itself are kept here as editable text blocks.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.core.fields import ChineseCharField, ChineseTextField
from zhenggai.core.models import TimeStampedModel
from zhenggai.inspections.models import Inspection


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")


class ProgressNotice(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="notices", verbose_name=_("巡察")
    )
    cutoff_date = models.DateField(_("截至日期"))
    signed_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=NoticeState.choices, default=NoticeState.DRAFT)
    effectiveness = ChineseTextField(
        _("整改实效（组织落实情况之三）"), blank=True, help_text=_("“三是提升整改实效”一段，单位自述")
    )
    outlook_intro = ChineseTextField(_("今后整改工作打算（导语）"), blank=True)
    closing = ChineseTextField(
        _("结束语"),
        # Stored with full-width punctuation (ChineseTextField); written as first published, for migrations.
        default="欢迎广大干部群众对巡察整改进展情况进行监督。如有意见建议,请及时向我们反映。",
    )
    # Frozen at publication: the public sees exactly what the leader approved, whatever the
    # ledger says later.
    published_document = models.JSONField(_("公开文本"), null=True, blank=True, editable=False)
    # Counts the saves of the draft: a save made from an older version is refused (lost updates).
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("整改进展情况通报")
        verbose_name_plural = _("整改进展情况通报")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.signed_on}"

    @property
    def is_public(self) -> bool:
        """Published with its frozen text: what anyone may read, whatever the ledger says now."""
        return self.state == NoticeState.PUBLISHED and self.published_document is not None


class OutlookItem(models.Model):
    """One numbered item of 三、今后整改工作打算: a heading and its paragraph."""

    notice = models.ForeignKey(ProgressNotice, on_delete=models.CASCADE, related_name="outlook_items")
    number = models.PositiveSmallIntegerField(_("序号"))
    heading = ChineseCharField(_("标题"), max_length=200)
    body = ChineseTextField(_("内容"))

    class Meta:
        verbose_name = _("今后打算")
        verbose_name_plural = _("今后打算")
        ordering = ["notice", "number"]

    def __str__(self) -> str:
        return self.heading
