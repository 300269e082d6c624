"""Rounds, groups, inspections, and what the inspected unit sets up in answer: plan, leading group, meetings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit
from zhenggai.core.fields import ChineseCharField, ChineseTextField
from zhenggai.core.models import TimeStampedModel


class InspectionKind(models.TextChoices):
    REGULAR = "regular", _("常规巡察")
    SPECIAL = "special", _("专项巡察")
    MOBILE = "mobile", _("机动巡察")
    CROSS = "cross", _("提级交叉巡察")
    LINKED = "linked", _("上下联动巡察")
    LOOK_BACK = "look_back", _("巡察“回头看”")
    AUDIT = "audit", _("审计")


class Round(TimeStampedModel):
    """An inspection round of a committee, named as the committee names it (二届区委第二轮巡察)."""

    committee = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("巡察主体")
    )
    name = models.CharField(_("轮次名称"), max_length=120, help_text=_("如:二届区委第二轮巡察"))
    term = models.PositiveSmallIntegerField(_("届次"), null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("轮次"), null=True, blank=True)
    kind = models.CharField(
        _("巡察类型"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.REGULAR
    )
    topic = models.CharField(_("专项主题"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("巡察轮次")
        verbose_name_plural = _("巡察轮次")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class InspectionGroup(TimeStampedModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups", verbose_name=_("轮次"))
    name = models.CharField(_("巡察组"), max_length=60, help_text=_("如:区委第三巡察组"))
    number = models.PositiveSmallIntegerField(_("组号"), null=True, blank=True)
    leader_name = models.CharField(_("组长"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("巡察组")
        verbose_name_plural = _("巡察组")
        ordering = ["round", "number", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="group_unique_name_in_round")]

    def __str__(self) -> str:
        return self.name


class Inspection(TimeStampedModel):
    """A group inspecting one unit in one round: on-site period, feedback, and the problems fed back."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("轮次")
    )
    group = models.ForeignKey(
        InspectionGroup, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("巡察组")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("被巡察单位")
    )
    onsite_start = models.DateField(_("进驻开始"), null=True, blank=True)
    onsite_end = models.DateField(_("进驻结束"), null=True, blank=True)
    feedback_date = models.DateField(_("反馈日期"), null=True, blank=True)
    feedback_document = models.CharField(_("反馈意见文件"), max_length=200, blank=True)
    feedback_file = models.FileField(_("反馈意见原件"), upload_to="feedback/%Y/", blank=True)
    # When the inspection office told the unit its feedback was entered (setup.services.ledger_open).
    ledger_opened_at = models.DateTimeField(_("通知单位整改时间"), null=True, blank=True, editable=False)
    # Whether the group's members see this ledger through the group. An import by the unit that
    # joins a group already holding members waits for the inspection office's say (docs/intake.md).
    group_confirmed = models.BooleanField(_("巡察组已确认"), default=True)

    class Meta:
        verbose_name = _("巡察")
        verbose_name_plural = _("巡察")
        ordering = ["-feedback_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="inspection_unique_unit_in_round")
        ]
        # The default order, walked from its head by the lists that show the newest inspections
        # (the workbench's 我的整改台账: 20 of a province's 5,000 without sorting them all).
        indexes = [models.Index(fields=["-feedback_date", "id"], name="inspection_newest_first")]

    def __str__(self) -> str:
        return f"{self.round} · {self.group} → {self.unit}"

    def clean(self) -> None:
        if self.onsite_start and self.onsite_end and self.onsite_start > self.onsite_end:
            raise ValidationError({"onsite_end": _("进驻结束日期不能早于开始日期。")})
        if self.onsite_end and self.feedback_date and self.feedback_date < self.onsite_end:
            raise ValidationError({"feedback_date": _("反馈日期不能早于进驻结束日期。")})


class RectificationPlan(TimeStampedModel):
    """整改方案: the formal document that breaks the feedback into measures."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="plan", verbose_name=_("巡察")
    )
    title = ChineseCharField(_("方案标题"), max_length=300)
    doc_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("如:沾科党字〔2022〕22号")
    )
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    mechanism = models.CharField(
        _("责任机制"),
        max_length=300,
        blank=True,
        help_text=_("如:党组书记第一责任、班子成员分工负责、责任股室具体落实"),
    )
    requirements = models.CharField(
        _("整改要求"), max_length=300, blank=True, help_text=_("如:立行立改、限期整改")
    )

    class Meta:
        verbose_name = _("整改方案")
        verbose_name_plural = _("整改方案")

    def __str__(self) -> str:
        return f"《{self.title}》({self.doc_number})" if self.doc_number else f"《{self.title}》"


class LeadingGroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")


class LeadingGroupMember(models.Model):
    """A seat in the unit's 整改工作领导小组. A seat may be held by a named person or described by post."""

    plan = models.ForeignKey(
        RectificationPlan, on_delete=models.CASCADE, related_name="leading_group", verbose_name=_("整改方案")
    )
    role = models.CharField(_("组内职务"), max_length=20, choices=LeadingGroupRole.choices)
    person_name = models.CharField(_("姓名"), max_length=60, blank=True)
    position = models.CharField(
        _("职务"), max_length=100, help_text=_("如:党组书记、局长;党组成员;责任股室负责人")
    )
    office = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("所在股室")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}:{self.person_name or ''}{self.position}"


class MeetingKind(models.TextChoices):
    SPECIAL = "special", _("整改专题会议")
    DEMOCRATIC_LIFE = "democratic_life", _("专题民主生活会")
    ORG_LIFE = "org_life", _("专题组织生活会")
    PARTY_GROUP = "party_group", _("党组会议")
    STUDY = "study", _("理论学习中心组学习")
    LEADING_GROUP = "leading_group", _("领导小组会议")
    OTHER = "other", _("其他会议")


class Meeting(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("巡察")
    )
    held_on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=MeetingKind.choices)
    title = ChineseCharField(_("会议名称"), max_length=200)
    decisions = ChineseTextField(_("研究部署/成效"), blank=True)
    adopted_plan = models.BooleanField(_("审议通过整改方案"), default=False)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class InspectionGroupMember(models.Model):
    """A user serving on an inspection group: sees the inspections that group carried out."""

    group = models.ForeignKey(
        InspectionGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("巡察组")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inspection_groups",
        verbose_name=_("用户"),
    )
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("巡察组成员")
        verbose_name_plural = _("巡察组成员")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_member_unique")]

    def __str__(self) -> str:
        return f"{self.group}: {self.user}"
