"""The example deployment in deploy/: systemd units that parse and start what exists, and an nginx
site that `nginx -t` accepts, proxies to gunicorn, carries X-Request-ID and restricts /metrics."""

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ["zhenggai-web.service", "zhenggai-worker.service", "zhenggai-beat.service"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)  # systemd repeats keys
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_parses_with_its_three_sections(name):
    parsed = unit(name)
    assert parsed.sections() == ["Unit", "Service", "Install"]
    service = parsed["Service"]
    assert service["User"] == "zhenggai" and service["EnvironmentFile"] == "/srv/zhenggai/.env"
    assert "DJANGO_SETTINGS_MODULE=zhenggai.settings.production" in (DEPLOY / name).read_text()
    assert parsed["Install"]["WantedBy"] == "multi-user.target"


def test_the_units_run_serve_the_worker_and_beat():
    web = shlex.split(unit("zhenggai-web.service")["Service"]["ExecStart"])
    worker = shlex.split(unit("zhenggai-worker.service")["Service"]["ExecStart"])
    beat = shlex.split(unit("zhenggai-beat.service")["Service"]["ExecStart"])
    assert web == ["/srv/zhenggai/bin/zhenggai", "serve"]  # the bundle's launcher (scripts/bundle)
    assert worker[1:4] == ["-A", "zhenggai", "worker"] and beat[1:4] == ["-A", "zhenggai", "beat"]
    # the commands they name exist: `serve` is a zhenggai command, celery finds the zhenggai app
    from django.core.management import get_commands

    assert "serve" in get_commands()
    assert Path(worker[0]).name == "celery" == Path(beat[0]).name


def _site() -> str:
    return (DEPLOY / "nginx-zhenggai.conf").read_text(encoding="utf-8")


def test_the_site_allows_an_evidence_file_and_restricts_metrics():
    site = _site()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site)[1]) * 1024 * 1024
    assert settings.EVIDENCE_MAX_BYTES < limit <= settings.EVIDENCE_MAX_BYTES + 2 * 1024 * 1024
    metrics = re.search(r"location = /metrics \{(.*?)\}", site, re.S)[1]
    assert "deny all;" in metrics and "allow 127.0.0.1;" in metrics
    assert "proxy_set_header X-Request-ID" in site and "proxy_pass http://zhenggai;" in site
    assert "server 127.0.0.1:8000;" in site


def test_nginx_accepts_the_site(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is in scripts/bootstrap.sh TEST_DEBS (nginx-light)"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=zhenggai.test",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        _site()
        .replace("/etc/ssl/zhenggai/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/ssl/zhenggai/privkey.pem", str(tmp_path / "key.pem"))
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
