"""``backup_write`` and ``backup_restore``: what `zhenggai backup` and `zhenggai restore` run.

The order of a backup is what makes it consistent: the database snapshot first, then the media
folder. An evidence file is written to disk before the row that names it commits, so every file
the snapshot refers to is complete on disk by the time the folder is walked; files added after the
snapshot come along as unreferenced extras, harmless.
"""

import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.audit.selectors import audit_head
from zhenggai.audit.verify import audit_verify
from zhenggai.backup.archive import (
    DATABASE_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_PREFIX,
    ArchiveWriter,
    BackupError,
    archive_unpack,
)
from zhenggai.backup.databases import (
    database_applied_migrations,
    database_engine,
    database_restore,
    database_snapshot,
    database_tables_with_rows,
)

_DATABASE_MEMBER = {"sqlite": "zhenggai.sqlite3", "postgresql": "zhenggai.pgdump"}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT, in a stable order. Symbolic
    links are not followed: what they point to is not ours to copy."""
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def _version() -> str:
    try:
        return importlib.metadata.version("zhenggai")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    files: int
    bytes: int
    audit_head: tuple[int, str]


def backup_write(target: Path) -> BackupSummary:
    """Write one archive at ``target``: database snapshot, media files, manifest (see archive.py)."""
    target = Path(target).absolute()
    media_root = _media_root()
    if not target.parent.is_dir():
        raise BackupError(_("备份目录“%(path)s”不存在。") % {"path": target.parent})
    if target.resolve().is_relative_to(media_root):
        raise BackupError(_("备份文件不能放在媒体目录(%(path)s)之内。") % {"path": media_root})
    engine = database_engine()
    created = timezone.now()
    archive = ArchiveWriter(target)
    try:
        dump = archive.scratch_file(".db.partial")
        try:
            snapshot = database_snapshot(dump)
            member = DATABASE_PREFIX + _DATABASE_MEMBER[engine]
            archive.add_file(member, dump)
        finally:
            dump.unlink(missing_ok=True)
        for name, path in _media_files(media_root):
            archive.add_file(name, path)
        seq, head_hash = snapshot.audit_head
        archive.add_manifest(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created.isoformat(),
                "created_unix": int(created.timestamp()),
                "zhenggai_version": _version(),
                "database": {
                    "engine": engine,
                    "member": member,
                    "server_version": snapshot.server_version,
                    "dump_tool": snapshot.dump_tool,
                },
                "migrations": snapshot.migrations,
                "audit_head": {"seq": seq, "hash": head_hash},
                "media_root": str(media_root),
                "files": archive.files,
            }
        )
        archive.commit()
    except BaseException:
        archive.abort()
        raise
    return BackupSummary(
        path=target,
        engine=engine,
        files=len(archive.files) - 1,
        bytes=target.stat().st_size,
        audit_head=snapshot.audit_head,
    )


# Restore --------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    ok: bool
    lines: list[str]


def _media_has_files(root: Path) -> Path | None:
    if not root.exists():
        return None
    if not root.is_dir():
        return root
    for directory, _subdirectories, files in os.walk(root):
        if files:
            return Path(directory) / sorted(files)[0]
    return None


def _refuse_unless_empty(media_root: Path) -> None:
    tables = database_tables_with_rows()
    if tables:
        shown = "、".join(tables[:5]) + ("……" if len(tables) > 5 else "")
        raise BackupError(
            _(
                "目标数据库不是空的(%(tables)s 等 %(n)s 张表中有数据):恢复只写入空数据库,"
                "未做任何改动。请新建一个空数据库(可以先运行 zhenggai migrate)后再恢复。"
            )
            % {"tables": shown, "n": len(tables)}
        )
    found = _media_has_files(media_root)
    if found is not None:
        raise BackupError(
            _("媒体目录“%(root)s”不是空的(例如“%(file)s”):恢复只写入空目录,未做任何改动。")
            % {"root": media_root, "file": found}
        )


def _refuse_unknown_migrations(manifest: dict[str, Any]) -> None:
    """The archive's migrations must all be known to this code; a PostgreSQL target must not be
    ahead of the archive (its extra tables would survive pg_restore --clean)."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    unknown = sorted(archived - on_disk)
    if unknown:
        raise BackupError(
            _("备份来自更新的 Zhenggai(本程序没有迁移 %(names)s):请先升级 Zhenggai 再恢复。")
            % {"names": "、".join(f"{app}.{name}" for app, name in unknown[:5])}
        )
    if database_engine() == "postgresql":
        target = {(app, name) for app, names in database_applied_migrations().items() for name in names}
        ahead = sorted(target - archived)
        if ahead:
            raise BackupError(
                _(
                    "目标数据库已应用备份中没有的迁移(%(names)s):请用 createdb 新建一个空数据库"
                    "再恢复(恢复后会运行 zhenggai migrate,升级到本程序的数据库结构)。"
                )
                % {"names": "、".join(f"{app}.{name}" for app, name in ahead[:5])}
            )


def _move_media_in(staged: Path, media_root: Path) -> int:
    """Move the staged files into MEDIA_ROOT (same disk: renames). Empty folders already there
    (checked to hold no file) are replaced."""
    if not staged.is_dir():
        media_root.mkdir(parents=True, exist_ok=True)
        return 0
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    for entry in sorted(staged.iterdir()):
        destination = media_root / entry.name
        if destination.is_dir():
            shutil.rmtree(destination)  # holds only empty folders (_refuse_unless_empty)
        os.replace(entry, destination)
    for _directory, _subdirectories, files in os.walk(media_root):
        count += len(files)
    return count


def _evidence_disagreements(digests: dict[str, str]) -> list[str]:
    """Evidence rows whose file the archive lacks or holds with other bytes than the row's SHA-256."""
    from zhenggai.ledger.models import Evidence

    wrong = []
    for pk, name, sha256 in Evidence.objects.order_by("pk").values_list("pk", "file", "sha256").iterator():
        member = MEDIA_PREFIX + PurePosixPath(name).as_posix()
        if digests.get(member) != sha256:
            wrong.append(_("佐证材料 ID %(pk)s(%(name)s)") % {"pk": pk, "name": name})
    return wrong


def backup_restore(archive_path: Path) -> RestoreReport:
    """Restore an archive into the configured (empty) database and media folder, then verify."""
    archive_path = Path(archive_path).absolute()
    media_root = _media_root()
    _refuse_unless_empty(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    lines: list[str] = []
    try:
        unpacked = archive_unpack(archive_path, staging=staging)
        manifest = unpacked.manifest
        lines.append(
            _("备份清单核对无误:%(n)s 个文件的 SHA-256 均相符(备份时间 %(at)s,Zhenggai %(version)s)。")
            % {
                "n": len(manifest["files"]),
                "at": manifest.get("created_at"),
                "version": manifest.get("zhenggai_version"),
            }
        )
        _refuse_unknown_migrations(manifest)
        _refuse_unless_empty(media_root)  # again: nothing may have arrived while unpacking
        database = manifest["database"]
        database_restore(
            unpacked.database_file, engine=database["engine"], dumped_with=database.get("dump_tool", "")
        )
        lines.append(_("数据库已恢复(%(engine)s)。") % {"engine": database["engine"]})
        count = _move_media_in(unpacked.media_dir, media_root)
        lines.append(_("媒体文件已恢复:%(n)s 个,位于 %(root)s。") % {"n": count, "root": media_root})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _restored_check(manifest, unpacked.digests, lines)


def _restored_check(manifest: dict[str, Any], digests: dict[str, str], lines: list[str]) -> RestoreReport:
    ok = True
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        # An archive of an older release: its schema brought up to this code's, as an upgrade would.
        call_command("migrate", verbosity=0, interactive=False)
        lines.append(_("备份早于本程序的数据库结构:已运行 zhenggai migrate。"))
    result = audit_verify()
    lines.append(result.message)
    ok = ok and result.ok
    seq, head_hash = audit_head()
    expected = manifest.get("audit_head", {})
    if (seq, head_hash) == (expected.get("seq"), expected.get("hash")):
        lines.append(_("审计链头与备份清单一致:第 %(seq)s 条,%(hash)s。") % {"seq": seq, "hash": head_hash})
    else:
        ok = False
        lines.append(
            _("审计链头(第 %(seq)s 条,%(hash)s)与备份清单(第 %(expected_seq)s 条,%(expected_hash)s)不符。")
            % {
                "seq": seq,
                "hash": head_hash,
                "expected_seq": expected.get("seq"),
                "expected_hash": expected.get("hash"),
            }
        )
    wrong = _evidence_disagreements(digests)
    if wrong:
        ok = False
        lines.append(
            _("以下佐证材料的文件缺失或与数据库记录的 SHA-256 不符:%(items)s。") % {"items": "、".join(wrong)}
        )
    else:
        lines.append(_("每份佐证材料的文件都在,且与数据库记录的 SHA-256 一致。"))
    return RestoreReport(ok=ok, lines=lines)


def backup_summary_text(summary: BackupSummary) -> str:
    seq, head_hash = summary.audit_head
    return _(
        "已备份到 %(path)s:%(engine)s 数据库与 %(n)s 个媒体文件,共 %(size)s;审计链头第 %(seq)s 条(%(hash)s)。"
    ) % {
        "path": summary.path,
        "engine": summary.engine,
        "n": summary.files,
        "size": filesizeformat(summary.bytes),
        "seq": seq,
        "hash": head_hash,
    }
