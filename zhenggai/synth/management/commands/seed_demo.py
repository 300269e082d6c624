from django.core.management.base import BaseCommand

from zhenggai.demo.loader import load_seed, seed_loaded
from zhenggai.demo.zhanhua_seed import DEMO_PASSWORD, DEMO_USERS
from zhenggai.synth.district import load_district
from zhenggai.synth.generate import PASSWORD as SYNTH_PASSWORD


class Command(BaseCommand):
    help = "把奠基通报(沾化区科技局二届区委第二轮巡察)录入当前数据库,作为演示数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--district",
            action="store_true",
            help="另生成同一区委下的十几个被巡察单位(合成数据,固定种子),供巡察办看督办、排名和队列",
        )

    def handle(self, *args, district: bool = False, **options):
        already = seed_loaded() is not None
        inspection = load_seed()
        verb = "已存在" if already else "已录入"
        self.stdout.write(self.style.SUCCESS(f"演示数据{verb}:{inspection}(巡察 ID {inspection.pk})"))
        if district:
            added = load_district()
            self.stdout.write(
                f"区内其他被巡察单位:新生成 {added} 个" if added else "区内其他被巡察单位:已存在"
            )
            self.stdout.write(f"  其账号如 syn-zh01-leader、syn-zh01-liaison(密码均为 {SYNTH_PASSWORD})")
        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<10} {user.display}")
