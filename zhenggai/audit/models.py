"""The audit trail (审计留痕): one row per write, chained by a keyed hash so edits and deletions show.

Rows are appended only by ``audit.services.audit_record``, which numbers them under a lock on the
single ``ChainHead`` row. The ORM refuses to change or delete an event: ``save()`` of an existing
row, ``delete()``, and the queryset's ``update()``, ``delete()``, ``bulk_create()`` and
``bulk_update()`` all raise ``AppendOnlyError``. Raw SQL can still do anything; that is what
``audit.verify.audit_verify`` (``zhenggai verify``) is for.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Someone tried to change or delete an audit event through the ORM."""


class AuditAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    TRANSITION = "transition", _("状态变更")
    UPLOAD = "upload", _("上传")
    DELETE = "delete", _("删除")
    RESTORE = "restore", _("恢复")
    DELETE_ATTEMPT = "delete_attempt", _("试图删除")
    REVIEW = "review", _("回头看")
    PUBLISH = "publish", _("公开")
    EXPORT = "export", _("下载/导出")
    OTHER = "other", _("其他")


def _refuse(*args, **kwargs):
    raise AppendOnlyError("审计记录只能追加,不能修改或删除。")


class AuditEventQuerySet(models.QuerySet):
    """Reads only. Bulk writes would bypass the numbering and the hash: they are refused."""

    update = _refuse
    delete = _refuse
    bulk_create = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    # The actor's id as recorded. ``actor`` becomes NULL if the user is deleted; this copy does not,
    # so the hash (which covers it) stays valid.
    actor_pk = models.BigIntegerField(_("操作人ID"), null=True, blank=True, editable=False)
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True, editable=False)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices, editable=False)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, editable=False)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True, editable=False)
    unit_path = models.CharField(_("单位路径"), max_length=255, blank=True, db_index=True, editable=False)
    problem_id = models.BigIntegerField(_("所属问题ID"), null=True, blank=True, editable=False)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True, editable=False)
    reason = models.TextField(_("说明"), blank=True, editable=False)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, editable=False)
    # How ``hash`` was made (audit.hashing): canonical form 1 is plain SHA-256 (rows written before
    # the chain was keyed), 2 an HMAC under the key named by ``key_id``.
    canon = models.PositiveSmallIntegerField(_("格式版本"), default=1, editable=False)
    algorithm = models.CharField(_("算法"), max_length=16, default="sha256", editable=False)
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["problem_id", "seq"], name="audit_event_problem_seq"),
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_event_object_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse()


class ChainHead(models.Model):
    """The one row that says where the chain ends. ``audit_record`` locks it to number each event.

    ``mac`` signs (last seq, last hash, legacy_until, key id) under the audit key, so the head cannot
    be moved back or forward without the key. ``legacy_until``: the last seq written in the unkeyed
    canonical form 1 (set when the chain was keyed; 0 for chains keyed from the start).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.PositiveBigIntegerField(_("最后序号"), default=0)
    last_hash = models.CharField(_("最后哈希"), max_length=64, default=GENESIS_HASH)
    legacy_until = models.PositiveBigIntegerField(_("旧格式记录截至"), default=0)
    algorithm = models.CharField(_("算法"), max_length=16, blank=True, default="")
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, default="")
    mac = models.CharField(_("链头签名"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single_row")]

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}…"
