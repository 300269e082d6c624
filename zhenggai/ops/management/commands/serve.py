import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhenggai.ops.serving import gunicorn_argv, prepare_metrics_dir, worker_count


class Command(BaseCommand):
    help = "生产服务:收集静态文件,再以 gunicorn 启动(工作进程数按 CPU 核数;见 docs/deploy.md)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("ZHENGGAI_BIND", "127.0.0.1:8000"),
            help="监听地址(默认 ZHENGGAI_BIND 或 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="工作进程数(默认 ZHENGGAI_WORKERS 或 2×核数+1)"
        )
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="不收集静态文件(已在部署时运行 collectstatic)"
        )

    def handle(self, *args, bind: str, workers: int | None, no_collectstatic: bool, **options):
        # Production's settings refuse the development key before this runs (settings/production.py).
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        prepare_metrics_dir()
        argv = gunicorn_argv(bind=bind, workers=workers or worker_count())
        self.stdout.write(f"gunicorn:{bind},{argv[argv.index('--workers') + 1]} 个工作进程")
        self.stdout.flush()
        os.execv(argv[0], argv)  # gunicorn takes this process's place (systemd sees it directly)
