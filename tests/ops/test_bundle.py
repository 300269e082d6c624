"""`bash scripts/bundle` builds the offline installer; installed into a fresh folder inside a network
namespace with no network at all (`unshare -n`: only a loopback), its `zhenggai demo` serves the seed
case, fetched from inside the namespace. The Debian packages are in the archive; the install skips
those already installed (all of them on this machine), as it would on a prepared server."""

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.supervision.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.standalone

INSIDE = r"""
set -euo pipefail
ip link set lo up
if python3 -c 'import socket; socket.create_connection(("151.101.0.223", 443), timeout=2)' 2>/dev/null; then
  echo "NETWORK REACHABLE"; exit 3
fi
mkdir -p "$WORK/unpacked"
tar -xzf "$ARCHIVE" -C "$WORK/unpacked"
"$WORK/unpacked/zhenggai-bundle/install" "$WORK/target"
ZHENGGAI_WORKERS=2 "$WORK/target/bin/zhenggai" demo --port "$PORT" --no-scheduler > "$WORK/demo.log" 2>&1 &
demo=$!
trap 'kill $demo; wait $demo || true' EXIT
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/login/" && break
  kill -0 $demo || { cat "$WORK/demo.log"; exit 4; }
  sleep 0.5
done
curl -sfL "http://127.0.0.1:$PORT/" -o "$WORK/home.html"
curl -sf "http://127.0.0.1:$PORT/public/" -o "$WORK/public.html"
"""


def test_the_bundle_installs_and_serves_with_no_network(tmp_path):
    assert os.geteuid() == 0 and shutil.which("unshare"), "unshare -n needs root (CI runs as root)"
    archive = tmp_path / "zhenggai-bundle.tar.gz"
    built = subprocess.run(
        ["bash", "scripts/bundle", str(archive)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "字节" in built.stdout  # the size is printed
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    wheels = [n for n in names if n.startswith("zhenggai-bundle/wheels/") and n.endswith(".whl")]
    debs = {Path(n).name.split("_")[0] for n in names if n.endswith(".deb")}
    assert any(Path(n).name.startswith("zhenggai-0.1.0-py3-none-any") for n in wheels)
    assert {"django", "gunicorn", "weasyprint", "psycopg_binary", "prometheus_client"} <= {
        Path(n).name.split("-")[0].lower() for n in wheels
    }
    assert {"fonts-noto-cjk", "fonts-arphic-ukai", "libpango-1.0-0", "libpangoft2-1.0-0"} <= debs
    assert "zhenggai-bundle/install" in names

    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(tmp_path),
        "PYTHON": os.path.realpath(sys.executable),  # the Python the bundle was built for
        "WORK": str(tmp_path),
        "ARCHIVE": str(archive),
        "PORT": str(free_port()),
    }
    inside = subprocess.run(
        ["unshare", "-n", "bash", "-c", INSIDE], env=env, capture_output=True, text=True, timeout=400
    )
    assert inside.returncode == 0, inside.stdout + inside.stderr + _read(tmp_path / "demo.log")
    home = (tmp_path / "home.html").read_text(encoding="utf-8")
    assert "登录" in home and 'name="password"' in home
    public = (tmp_path / "public.html").read_text(encoding="utf-8")
    assert "滨州市沾化区科学技术局" in public or "沾化区" in public
    log = _read(tmp_path / "demo.log")
    assert "development server" not in log and "Booting worker" in log  # gunicorn, not runserver


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
