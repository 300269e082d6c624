import json
import sys

from django.core.management.base import BaseCommand, CommandError

from zhenggai.accounts.models import Unit
from zhenggai.core.errors import ServiceError
from zhenggai.documents.xlsx import LedgerImportError, read_ledger_xlsx_bounded
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.export import ledger_export
from zhenggai.ledger.models import Measure
from zhenggai.notices.ledger_xlsx import ledger_export as xlsx_export
from zhenggai.notices.ledger_xlsx import ledger_import_apply


class Command(BaseCommand):
    help = "整改台账:导出(export,JSON 或 Excel)与导入(import,Excel)。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出整改台账")
        export.add_argument("--format", choices=["json", "xlsx"], default="json")
        export.add_argument("--inspection", type=int, help="只导出这一次巡察(ID)")
        export.add_argument("--unit", type=int, help="只导出这个单位(ID,含下级)")
        export.add_argument("--round", type=int, help="只导出这一轮巡察(ID)")
        export.add_argument("--output", help="写入文件(JSON 默认输出到屏幕;Excel 必填)")
        imp = sub.add_parser("import", help="从 Excel 导入整改台账到一次巡察")
        imp.add_argument("file")
        imp.add_argument("--inspection", type=int, required=True)
        imp.add_argument("--dry-run", action="store_true", help="只预览,不写入")

    def handle(self, *args, action: str, **options):
        if action == "export":
            self._export(**options)
        else:
            self._import(**options)

    def _inspections(self, inspection=None, unit=None, round=None):
        qs = Inspection.objects.all()
        if inspection is not None:
            qs = qs.filter(pk=inspection)
        if unit is not None:
            root = Unit.objects.filter(pk=unit).first()
            if root is None:
                raise CommandError(f"找不到单位 ID {unit}。")
            qs = qs.filter(unit__path__startswith=root.path)
        if round is not None:
            qs = qs.filter(round_id=round)
        if not qs.exists():
            raise CommandError(
                "找不到符合条件的巡察。" if (unit or round) else f"找不到巡察 ID {inspection}。"
            )
        return qs

    def _export(self, *, format="json", inspection=None, unit=None, round=None, output=None, **_):
        inspections = self._inspections(inspection, unit, round)
        if format == "xlsx":
            if not output:
                raise CommandError("导出 Excel 请用 --output 指定文件。")
            measures = Measure.objects.live().filter(
                problem__inspection__in=inspections, problem__deleted_at__isnull=True
            )
            count = xlsx_export(measures, output, title="整改台账")
            self.stdout.write(self.style.SUCCESS(f"已导出 {count} 条措施到 {output}"))
            return
        text = json.dumps(ledger_export(inspections), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")

    def _import(self, *, file, inspection, dry_run=False, **_):
        target = self._inspections(inspection).get()
        try:
            preview = read_ledger_xlsx_bounded(file)
        except LedgerImportError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"将导入 {preview.problem_count} 个问题、{len(preview.items)} 条措施。")
        for issue in preview.errors:
            self.stdout.write(self.style.WARNING(f"  无法读取:{issue}"))
        for issue in preview.notes:
            self.stdout.write(f"  提示:{issue}")
        for column in preview.ignored_columns:
            self.stdout.write(f"  未导入:{column}(未识别的列)")
        for issue in preview.untaken:
            self.stdout.write(f"  未导入:{issue}")
        if dry_run:
            return
        try:
            created = ledger_import_apply(inspection=target, preview=preview, actor=None)
        except ServiceError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                "已导入:问题{problems}项,措施{measures}条,进展{progress}条。".format(**created)
            )
        )
