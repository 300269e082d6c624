import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhenggai.supervision.services import reminders_preview, reminders_run


class Command(BaseCommand):
    help = "发送当天的整改提醒(临期、逾期、退回、回头看、督办;逾期升级抄送)。同一天重复运行不会重复发送,适合放在 cron 中每天运行。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天计算(YYYY-MM-DD),默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只显示将要发送的提醒,不发送、不记录")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD:{date}") from None
        if dry_run:
            for _user_id, (title, body) in sorted(reminders_preview(today).items()):
                self.stdout.write(f"{title}\n{body}\n{'-' * 40}")
            return
        report = reminders_run(today)
        self.stdout.write(report.summary())
        for error in report.errors:
            self.stderr.write(error)
        from zhenggai.notices.import_previews import import_previews_expire  # the daily housekeeping

        self.stdout.write(f"已删除过期的导入预览 {import_previews_expire()} 个。")
