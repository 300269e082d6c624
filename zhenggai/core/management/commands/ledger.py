import json
import sys

from django.core.management.base import BaseCommand, CommandError

from zhenggai.inspections.models import Inspection
from zhenggai.ledger.export import ledger_export


class Command(BaseCommand):
    help = "整改台账:导出(export)。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出整改台账")
        export.add_argument("--format", choices=["json"], default="json")
        export.add_argument("--inspection", type=int, help="只导出这一次巡察(ID)")
        export.add_argument("--output", help="写入文件(默认输出到屏幕)")

    def handle(self, *args, action: str, **options):
        if action == "export":
            self._export(**options)

    def _export(self, *, inspection=None, output=None, **_):
        inspections = Inspection.objects.all()
        if inspection is not None:
            inspections = inspections.filter(pk=inspection)
            if not inspections.exists():
                raise CommandError(f"找不到巡察 ID {inspection}。")
        text = json.dumps(ledger_export(inspections), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")
