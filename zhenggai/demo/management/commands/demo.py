from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhenggai.supervision.scheduler import reminder_time, start_daily_thread


class Command(BaseCommand):
    help = "演示:迁移数据库、录入奠基通报、收集静态文件并在 127.0.0.1 上启动服务。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据,不启动服务")
        parser.add_argument(
            "--district",
            action="store_true",
            help="另载入同一区委下的十几个单位(合成数据),让巡察办的督办、排名、队列和搜索有内容",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="不在服务中每天自动发送整改提醒(见 docs/supervision.md)",
        )

    def handle(
        self, *args, port: int, no_serve: bool, no_scheduler: bool = False, district: bool = False, **options
    ):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", district=district)
        if no_serve:
            return
        if not no_scheduler:
            start_daily_thread()
            self.stdout.write(f"每日整改提醒:每天 {reminder_time():%H:%M} 自动发送(--no-scheduler 关闭)")
        self.stdout.write(self.style.SUCCESS(f"打开 http://127.0.0.1:{port}/ (Ctrl+C 停止)"))
        self.stdout.flush()
        serve_demo(port)


def serve_demo(port: int) -> None:
    """The demo serves as production does (gunicorn, static files through WhiteNoise; docs/deploy.md),
    with the demo's settings (no secret key to set), while this process keeps the reminder thread."""
    import os
    import signal
    import subprocess

    from zhenggai.ops.serving import gunicorn_argv, prepare_metrics_dir, worker_count

    prepare_metrics_dir()
    argv = gunicorn_argv(bind=f"127.0.0.1:{port}", workers=worker_count())
    server = subprocess.Popen(argv, env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE})
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())  # stopping the demo stops gunicorn
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)
