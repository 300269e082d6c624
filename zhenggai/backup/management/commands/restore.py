from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhenggai.backup.archive import BackupError
from zhenggai.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "恢复:核对备份清单中每个文件的 SHA-256,把备份恢复到空数据库和空媒体目录,再检查审计链"
        "并核对链头与清单一致。目标不空、备份损坏或检查不通过时退出码非 0。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="zhenggai backup 写出的备份文件")

    def handle(self, *args, file: str, **options):
        try:
            report = backup_restore(Path(file))
        except BackupError as error:
            raise CommandError(error.message) from None
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(_("恢复后的检查未通过(见上),请勿把这个数据库投入使用。"))
        self.stdout.write(self.style.SUCCESS(_("恢复完成,检查通过。")))
