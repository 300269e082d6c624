from django.core.management.base import BaseCommand, CommandError

from zhenggai.audit.verify import audit_verify


class Command(BaseCommand):
    help = "检查审计链:重新计算每条审计记录的哈希,核对序号与前后衔接。完整时退出码为 0,否则为 1。"

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(result.message)
