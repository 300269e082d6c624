import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.inspections.models import Inspection
from zhenggai.notices.compose import notice_compose, notice_for_date, report_compose
from zhenggai.notices.render import FORMATS, render_document


class Command(BaseCommand):
    help = "生成整改进展情况通报(或 --report 整改情况报告),输出 docx、pdf 或 html。"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", type=int, required=True, help="巡察 ID")
        parser.add_argument("--date", required=True, help="截至/成文日期,如 2023-03-29")
        parser.add_argument("--format", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--output", required=True, help="输出文件")
        parser.add_argument("--report", action="store_true", help="生成整改情况报告而不是通报")

    def handle(self, *args, inspection, date, format, output, report, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"日期“{date}”格式不对,应为 YYYY-MM-DD。") from None
        found = (
            Inspection.objects.select_related("unit", "round__committee", "group")
            .filter(pk=inspection)
            .first()
        )
        if found is None:
            raise CommandError(f"找不到巡察 ID {inspection}。")
        if report:
            doc = report_compose(found, cutoff=day, signed_on=day)
        else:
            doc = notice_compose(notice_for_date(found, day))
        rendered = render_document(doc, format, stem="notice")
        Path(output).write_bytes(rendered.content)
        self.stdout.write(self.style.SUCCESS(f"已生成 {output}({len(rendered.content)} 字节)"))
