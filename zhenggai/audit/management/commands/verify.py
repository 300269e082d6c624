from django.core.management.base import BaseCommand, CommandError

from zhenggai.audit.verify import audit_verify


class Command(BaseCommand):
    help = (
        "检查审计链:用审计密钥重新计算每条审计记录的哈希,核对序号、前后衔接与链头签名,"
        "并核对台账与审计记录(新建记录、措施状态、销号批准、计数)。完整时退出码为 0,否则为 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE",
            help="同时核对锚点文件(或装有锚点文件的文件夹):审计链须仍含锚点记录的序号与哈希。可重复。",
        )
        parser.add_argument(
            "--write-anchor", metavar="FILE", help="检查通过后,把当前链头写入签名的锚点文件 FILE"
        )
        parser.add_argument(
            "--chain-only", action="store_true", help="只检查审计链,不核对台账(如合成的测试数据)"
        )

    def handle(self, *args, anchor=(), write_anchor=None, chain_only=False, **options):
        result = audit_verify(ledger=not chain_only, anchors=anchor)
        if not result.ok:
            raise CommandError("\n".join([result.message, *result.findings[1:]]))
        self.stdout.write(result.message)
        if write_anchor:
            from zhenggai.audit.anchor import anchor_write

            written = anchor_write(write_anchor)
            self.stdout.write(f"已写入锚点:第 {written['seq']} 条,{write_anchor}")
