# Sourced by scripts/demo and scripts/test: installs what Zhenggai needs on a fresh machine
# (Python 3 with pip is the only assumption). Safe to run again: it installs only what is missing.

export UV_PYTHON_DOWNLOADS=never   # use this machine's Python; never fetch one
export PIP_EXTRA_INDEX_URL="${PIP_EXTRA_INDEX_URL-}"
export PATH="$HOME/.local/bin:$PATH"

say() { printf '\033[1;34m[zhenggai]\033[0m %s\n' "$*"; }

ensure_uv() {
  if ! command -v uv >/dev/null 2>&1; then
    say "安装 uv (pip install uv)…"
    python3 -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
      || python3 -m pip install --quiet --user --disable-pip-version-check uv
  fi
}

# Debian packages: fonts for Chinese PDFs and Pango for WeasyPrint (runtime); Chromium and
# poppler for the tests; Redis for the Celery tests; gettext for makemessages (the English catalogue);
# wrk drives the benchmark's mixed load; clamav-daemon (clamd) for the antivirus hook's tests.
# Installed only where missing, and only where we can (root + apt-get).
RUNTIME_DEBS="fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
TEST_DEBS="chromium poppler-utils redis-server gettext wrk clamav-daemon"

ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "安装系统软件包:${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "缺少系统软件包:${missing[*]}(请用 apt-get install 安装,需要 root 权限)"
    return 1
  fi
}

sync_python() {
  ensure_uv
  say "同步 Python 依赖(uv sync)…"
  uv sync --frozen "$@"
}
