"""The database half of a backup, for each engine: a consistent copy, its emptiness, its restore.

SQLite: sqlite3's online backup API copies every page in one step, inside one read transaction,
so the copy is the database as of one moment while writers go on (WAL lets them). Restoring runs
the same API the other way, into the configured file: SQLite itself writes the pages and deals
with the target's journal/WAL, which a plain file copy over a live ``-wal`` file would not.

PostgreSQL: ``pg_dump -Fc`` (custom format) of the configured database, taken inside a snapshot
this process exports (REPEATABLE READ): the chain head and migration state written to the
manifest are read in the very snapshot pg_dump dumps. Restore is ``pg_restore --clean --if-exists
--single-transaction`` into the configured database, which must hold no rows (it may be freshly
created, or have had ``zhenggai migrate`` run on it): either the whole dump is restored or nothing.
"""

import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from zhenggai.audit.selectors import audit_head
from zhenggai.backup.archive import BackupError

# Tables ``zhenggai migrate`` fills by itself: rows there do not make a database "in use".
MIGRATE_FILLS = {"django_migrations", "django_content_type", "auth_permission"}
CHAIN_HEAD_TABLE = "audit_chainhead"
_LIBPQ_OPTIONS = {  # DATABASES OPTIONS → the libpq environment pg_dump and pg_restore read
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


@dataclass(frozen=True)
class Snapshot:
    engine: str
    server_version: str
    dump_tool: str
    audit_head: tuple[int, str]
    migrations: dict[str, list[str]]


def database_engine() -> str:
    vendor = connection.vendor
    if vendor == "mysql":
        raise BackupError(
            _(
                "zhenggai backup 暂不支持 MySQL/MariaDB:请用数据库自带的工具备份"
                "(mariadb-dump --single-transaction --routines --triggers),"
                "并另行备份附件目录;见 docs/databases.md。"
            )
        )
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("不支持备份 %(vendor)s 数据库(只支持 SQLite 与 PostgreSQL)。") % {"vendor": vendor}
        )
    return vendor


def _migrations_by_app(rows) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


# SQLite ---------------------------------------------------------------------------------------


def sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError(_("SQLite 数据库在内存中,无法备份或恢复;请配置数据库文件(DATABASE_URL)。"))
    return Path(name)


def _sqlite_snapshot(destination: Path) -> Snapshot:
    source_path = sqlite_path()
    if not source_path.is_file():
        raise BackupError(_("找不到 SQLite 数据库文件“%(path)s”。") % {"path": source_path})
    source = sqlite3.connect(source_path, timeout=20)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)  # pages=-1: one step, one read transaction, one moment
        target.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
        head = target.execute(f"SELECT last_seq, last_hash FROM {CHAIN_HEAD_TABLE} WHERE id = 1").fetchone()
        migrations = target.execute("SELECT app, name FROM django_migrations").fetchall()
    except sqlite3.Error as error:
        raise BackupError(_("SQLite 在线备份失败:%(error)s") % {"error": error}) from error
    finally:
        target.close()
        source.close()
    return Snapshot(
        engine="sqlite",
        server_version=sqlite3.sqlite_version,
        dump_tool=f"sqlite3 backup API (SQLite {sqlite3.sqlite_version})",
        audit_head=(int(head[0]), str(head[1])) if head else audit_head_empty(),
        migrations=_migrations_by_app(migrations),
    )


def audit_head_empty() -> tuple[int, str]:
    from zhenggai.audit.models import GENESIS_HASH

    return (0, GENESIS_HASH)


def _sqlite_restore(database_file: Path) -> None:
    target_path = sqlite_path()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    source = sqlite3.connect(database_file)
    target = sqlite3.connect(target_path, timeout=20)
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(_("SQLite 恢复失败:%(error)s") % {"error": error}) from error
    finally:
        target.close()
        source.close()


# PostgreSQL -----------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from ZHENGGAI_PG_BIN_DIR when set (e.g. /usr/lib/postgresql/16/bin),
    else from PATH."""
    directory = settings.ZHENGGAI_PG_BIN_DIR
    found = shutil.which(name, path=directory) if directory else shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "找不到 %(tool)s:请安装 PostgreSQL 客户端(Debian 软件包 postgresql-client,"
                "主版本不低于数据库服务器),或用 ZHENGGAI_PG_BIN_DIR 指定其目录。"
            )
            % {"tool": name}
        )
    return found


def _tool_major(tool: str) -> tuple[int, str]:
    completed = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    text = completed.stdout.strip()
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", text)
    if completed.returncode != 0 or match is None:
        raise BackupError(
            _("无法读取 %(tool)s 的版本:%(output)s") % {"tool": tool, "output": text or completed.stderr}
        )
    return int(match.group(1)), text


def _require_client_at_least(tool: str, server_major: int) -> str:
    major, text = _tool_major(tool)
    if major < server_major:
        raise BackupError(
            _(
                "%(tool)s 的主版本(%(major)s)低于数据库服务器(%(server)s):请安装 postgresql-client-%(server)s,"
                "或用 ZHENGGAI_PG_BIN_DIR 指定其目录。"
            )
            % {"tool": Path(tool).name, "major": major, "server": server_major}
        )
    return text


def _libpq_environment() -> dict[str, str]:
    """The connection in libpq's environment variables, so no password shows in a process list."""
    import os

    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run_pg(command: list[str], what: str) -> None:
    completed = subprocess.run(command, env=_libpq_environment(), capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(
            _("%(what)s失败(退出码 %(code)s):%(error)s")
            % {"what": what, "code": completed.returncode, "error": completed.stderr.strip()[-2000:]}
        )


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        return int(cursor.fetchone()[0]) // 10000


def _postgresql_snapshot(destination: Path) -> Snapshot:
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchone()
            server_major = _server_major()
            tool_text = _require_client_at_least(pg_dump, server_major)
            # pg_dump joins this transaction's snapshot: what it dumps is what is read below.
            _run_pg(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot_id}",
                    f"--file={destination}",
                ],
                "pg_dump ",
            )
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = cursor.fetchall()
        head = audit_head()
    return Snapshot(
        engine="postgresql",
        server_version=str(server_version),
        dump_tool=tool_text,
        audit_head=head,
        migrations=_migrations_by_app(migrations),
    )


def _postgresql_restore(database_file: Path, dumped_with: str) -> None:
    pg_restore = _pg_tool("pg_restore")
    needed = re.search(r"\(PostgreSQL\)\s+(\d+)", dumped_with)
    _require_client_at_least(pg_restore, max(_server_major(), int(needed.group(1)) if needed else 0))
    name = str(settings.DATABASES["default"]["NAME"])
    connections.close_all()  # pg_restore replaces the tables this process may have prepared plans on
    _run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={name}",
            str(database_file),
        ],
        "pg_restore ",
    )


# Both -----------------------------------------------------------------------------------------


def database_snapshot(destination: Path) -> Snapshot:
    """A consistent copy of the configured database into ``destination``, with what the manifest
    says of it (read from the same moment)."""
    if database_engine() == "sqlite":
        return _sqlite_snapshot(destination)
    return _postgresql_snapshot(destination)


def database_restore(database_file: Path, *, engine: str, dumped_with: str) -> None:
    if engine != database_engine():
        raise BackupError(
            _("备份来自 %(archive)s 数据库,当前配置的是 %(current)s:请配置同一种数据库后再恢复。")
            % {"archive": engine, "current": database_engine()}
        )
    if engine == "sqlite":
        _sqlite_restore(database_file)
    else:
        _postgresql_restore(database_file, dumped_with)
    connections.close_all()


def database_tables_with_rows() -> list[str]:
    """Every table of the configured database that holds rows, beyond what ``migrate`` writes
    (its bookkeeping, and a chain head still at the start)."""
    if database_engine() == "sqlite" and not sqlite_path().exists():
        return []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        in_use = []
        for table in sorted(tables):
            if table in MIGRATE_FILLS:
                continue
            quoted = connection.ops.quote_name(table)
            where = " WHERE last_seq > 0" if table == CHAIN_HEAD_TABLE else ""
            cursor.execute(f"SELECT 1 FROM {quoted}{where} LIMIT 1")  # noqa: S608 (introspected names)
            if cursor.fetchone() is not None:
                in_use.append(table)
    return in_use


def database_applied_migrations() -> dict[str, list[str]]:
    if database_engine() == "sqlite" and not sqlite_path().exists():
        return {}
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations")
        return _migrations_by_app(cursor.fetchall())
