from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.backup.archive import BackupError
from zhenggai.backup.services import backup_summary_text, backup_write


class Command(BaseCommand):
    help = (
        "备份:把数据库(SQLite 在线备份;PostgreSQL 用 pg_dump -Fc)、媒体目录(佐证材料)和清单"
        "(每个文件的 SHA-256、审计链头)写入一个 tar 文件(仅属主可读)。运行中的写入不受影响。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径,例如 /var/backups/zhenggai/zhenggai-20260101.tar")

    def handle(self, *args, file: str, **options):
        try:
            summary = backup_write(Path(file))
        except BackupError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(backup_summary_text(summary)))
