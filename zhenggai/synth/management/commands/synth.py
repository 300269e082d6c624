import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhenggai.synth.generate import AlreadyLoaded, synth_load


class Command(BaseCommand):
    help = "生成省级规模的合成数据(压力测试用):zhenggai synth --scale 1.0 [--seed N]。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="规模系数:1.0 = 5000 个单位、约 160 万条进展"
        )
        parser.add_argument("--seed", type=int, default=1, help="随机种子(同一种子、同一日期生成相同数据)")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="以此日期为“今天”(默认:今天)")

    def handle(self, *args, scale, seed, today, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0。")
        try:
            summary = synth_load(scale=scale, seed=seed, today=today, log=self.stdout.write)
        except AlreadyLoaded as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成合成数据,用时 {summary.seconds:.1f} 秒。省级巡视办用户:{summary.province_supervisor};"
                f"示例单位联络员:{summary.showcase_liaison}(巡察 ID {summary.showcase_inspection});"
                "密码均为 zhenggai-synth。合成数据不写审计日志。"
            )
        )
