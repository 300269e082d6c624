"""A real `zhenggai serve` (gunicorn, production settings) on a free port of 127.0.0.1, for the tests."""

import http.client
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.supervision.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
ZHENGGAI = str(Path(sys.executable).with_name("zhenggai"))


def production_env(var_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "ZHENGGAI_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="zhenggai.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ZHENGGAI_AUDIT_KEY=secrets.token_hex(32),
        ZHENGGAI_REQUIRE_TLS="false",  # plain HTTP on 127.0.0.1
        ZHENGGAI_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'zhenggai.sqlite3'}",
        PROMETHEUS_MULTIPROC_DIR=str(var_dir / "prometheus"),
        ZHENGGAI_AUDIT_ANCHOR_DIR=str(var_dir / "anchors"),
    )
    env.update(extra)
    return env


def run(env: dict, *args: str) -> None:
    subprocess.run([ZHENGGAI, *args], env=env, check=True, cwd=ROOT, capture_output=True, timeout=120)


@dataclass
class Served:
    port: int
    process: subprocess.Popen
    var_dir: Path
    env: dict
    stderr_path: Path
    started: float = field(default_factory=time.monotonic)

    def get(
        self, path: str, *, source: str = "127.0.0.1", headers: dict | None = None, method="GET", body=None
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def logs(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def serve(var_dir: Path, env: dict, *args: str, wait_for: str = "/healthz") -> Served:
    port = free_port()
    stderr_path = var_dir / f"serve-{port}.log"
    process = subprocess.Popen(
        [ZHENGGAI, "serve", "--bind", f"127.0.0.1:{port}", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr_path.open("wb"),
    )
    served = Served(port, process, var_dir, env, stderr_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"zhenggai serve exited {process.returncode}:\n{served.logs()}")
        try:
            served.get(wait_for)
            return served
        except OSError:
            time.sleep(0.2)
    served.stop()
    raise RuntimeError(f"zhenggai serve did not answer:\n{served.logs()}")
