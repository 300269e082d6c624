"""The unit tree (committees, inspection offices, inspected units, their offices) and who belongs where.

Scoping is done in SQL on ``Unit.path``: a materialised path of ids such as ``/1/4/9/``. Every
descendant's path starts with its ancestor's path, so "this unit and everything under it" is one
indexed prefix filter, joined in the same query as the rows it guards.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("党委(巡察主体)")
    INSPECTION_OFFICE = "inspection_office", _("巡察工作领导小组办公室")
    UNIT = "unit", _("被巡察单位")
    OFFICE = "office", _("内设股室")


class Unit(TimeStampedModel):
    name = models.CharField(_("全称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    party_org_name = models.CharField(
        _("党组织名称"), max_length=200, blank=True, help_text=_("如:中共滨州市沾化区科学技术局党组")
    )
    party_org_short = models.CharField(_("党组织简称"), max_length=60, blank=True, help_text=_("如:局党组"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_party_org(self) -> str:
        return self.party_org_name or self.name


class ContactChannel(TimeStampedModel):
    """The public supervision channel a unit prints under its notices."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="contact", verbose_name=_("单位")
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("邮寄地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=6, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("监督渠道")
        verbose_name_plural = _("监督渠道")

    def __str__(self) -> str:
        return f"{self.unit}: {self.phone}"


class Role(models.TextChoices):
    INSPECTION_OFFICE = "inspection_office", _("巡察办")
    INSPECTION_GROUP = "inspection_group", _("巡察组")
    UNIT_LEADER = "unit_leader", _("单位领导")
    UNIT_LIAISON = "unit_liaison", _("整改联络员")
    OFFICE_CLERK = "office_clerk", _("股室经办人")


# The kind of unit each role is held at: one place for the rule (set-up pages, directory sign-in).
ROLE_UNIT_KIND = {
    Role.INSPECTION_OFFICE: UnitKind.INSPECTION_OFFICE,
    Role.INSPECTION_GROUP: UnitKind.INSPECTION_OFFICE,
    Role.UNIT_LEADER: UnitKind.UNIT,
    Role.UNIT_LIAISON: UnitKind.UNIT,
    Role.OFFICE_CLERK: UnitKind.OFFICE,
}


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("单位")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    title = models.CharField(_("职务"), max_length=100, blank=True, help_text=_("如:党组书记、局长"))
    is_first_responsible = models.BooleanField(_("第一责任人"), default=False)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"


class SupervisionPolicy(TimeStampedModel):
    """Time rules a committee sets for the units it inspects (defaults from settings)."""

    committee = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="policy", verbose_name=_("巡察主体")
    )
    long_term_report_months = models.PositiveSmallIntegerField(
        _("长期整改事项报告周期(月)"), default=3, help_text=_("长期坚持的措施每个周期至少填报一次进展")
    )
    look_back_months = models.PositiveSmallIntegerField(
        _("回头看间隔(月)"), default=6, help_text=_("问题整改完成后多久开展回头看")
    )
    warning_days = models.PositiveSmallIntegerField(_("临期预警天数"), default=7)

    class Meta:
        verbose_name = _("督办规则")
        verbose_name_plural = _("督办规则")

    def __str__(self) -> str:
        return f"{self.committee}"
