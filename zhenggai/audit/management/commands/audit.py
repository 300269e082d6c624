from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhenggai.audit.models import AuditAction, ChainHead
from zhenggai.audit.services import audit_record


class Command(BaseCommand):
    help = (
        "审计链的维护:anchor FILE 把当前链头写入签名的锚点文件(存放到数据库之外);"
        "seal 用当前密钥签名审计链头(升级前的旧记录从此只认到当前序号),并记入审计。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        anchor = sub.add_parser("anchor", help="把当前链头写入签名的锚点文件")
        anchor.add_argument("file")
        sub.add_parser("seal", help="用当前密钥签名链头,并记一条审计记录")

    def handle(self, *args, action: str, **options):
        if action == "anchor":
            from zhenggai.audit.anchor import anchor_write

            written = anchor_write(options["file"])
            self.stdout.write(f"已写入锚点:第 {written['seq']} 条,{options['file']}")
            return
        with transaction.atomic():
            head = ChainHead.objects.filter(pk=1).first()
            if head is None:
                raise CommandError("审计链为空,无需签名:第一条审计记录会用当前密钥签名。")
            event = audit_record(
                actor=None,
                action=AuditAction.OTHER,
                object_type="audit.chainhead",
                object_id="1",
                object_repr="审计链头",
                reason=f"用密钥签名审计链头;第 {head.legacy_until} 条及以前为旧格式记录",
            )
        self.stdout.write(f"已签名审计链头:第 {event.seq} 条,密钥编号 {event.key_id}")
