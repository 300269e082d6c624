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
# wrk drives the benchmark's mixed load; clamav-daemon (clamd) for the antivirus hook's tests;
# nginx-light checks deploy/nginx-zhenggai.conf (nginx -t); mariadb-server for the third run of the
# suite (docs/databases.md); slapd and ldap-utils for the LDAP sign-in tests (a real OpenLDAP server).
# BUILD_DEBS build the MySQL/MariaDB driver (mysqlclient, dev group and the `mysql` extra) and
# python-ldap (under django-auth-ldap, LDAP sign-in): PyPI has no Linux wheel of either. At run time
# python-ldap needs OpenLDAP's library, whose package is named after its version (Debian 12: 2.5).
# Installed only where missing, and only where we can (root + apt-get).
case "$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-}")" in
  11) LDAP_LIB_DEB=libldap-2.4-2 ;;
  12) LDAP_LIB_DEB=libldap-2.5-0 ;;
  *) LDAP_LIB_DEB=libldap2 ;;  # Debian 13 on
esac
RUNTIME_DEBS="fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 $LDAP_LIB_DEB"
TEST_DEBS="chromium poppler-utils libreoffice-writer-nogui redis-server gettext wrk clamav-daemon nginx-light mariadb-server slapd ldap-utils openssl"
BUILD_DEBS="default-libmysqlclient-dev pkg-config gcc libldap-dev libsasl2-dev"

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

# pg_dump and pg_restore, for `zhenggai backup` / `zhenggai restore` on PostgreSQL and their tests.
# Their major version must not be below the server's (pg_dump refuses a newer server). Debian's
# postgresql-client follows the release's server (15 on bookworm); for another server version the
# package is postgresql-client-N (from apt.postgresql.org when Debian lacks it).
ensure_pg_client() {
  local url="$1" server client pkg
  server="$(uv run --no-sync python -c "import psycopg,sys; print(psycopg.connect(sys.argv[1], connect_timeout=3).info.server_version // 10000)" "$url" 2>/dev/null)" || return 0
  client="$(pg_dump --version 2>/dev/null | sed -n 's/.*(PostgreSQL) \([0-9]*\).*/\1/p')"
  if [ -n "$client" ] && [ "$client" -ge "$server" ]; then return 0; fi
  pkg="postgresql-client"
  if apt-cache show "postgresql-client-$server" >/dev/null 2>&1; then pkg="postgresql-client-$server"; fi
  say "pg_dump ${client:-缺失},服务器为 PostgreSQL $server:安装 $pkg"
  ensure_debs "$pkg"
}
