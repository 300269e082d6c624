from django.core.management.base import BaseCommand

from zhenggai.notices.import_previews import import_previews_expire


class Command(BaseCommand):
    help = "删除超过 ZHENGGAI_IMPORT_PREVIEW_HOURS 仍未确认的台账导入预览文件(每日的 remind 也会删除)。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除过期的导入预览 {import_previews_expire()} 个。")
