"""The backup archive: one uncompressed POSIX tar (PAX headers, so Chinese file names survive).

Members, in this order: ``database/…`` (the SQLite copy or the ``pg_dump -Fc`` file), ``media/…``
(every file under MEDIA_ROOT, evidence included) and ``manifest.json`` last, because it lists the
SHA-256 and size of every member, computed while the member was streamed into the archive.

Why tar and not zip: the evidence files (PDF, DOCX, JPEG) and ``pg_dump -Fc`` are already
compressed, so zip's per-member deflate buys nothing; tar is read and written as a stream (memory
stays flat at any size, and ``tar tvf`` / ``tar xf`` inspect it on any machine without Zhenggai);
and the whole archive is a plain file an operator can encrypt or ship as is.
"""

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

FORMAT = "zhenggai-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_PREFIX = "database/"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
_MANIFEST_MAX_BYTES = 256 * 1024 * 1024  # the one member read into memory


class BackupError(Exception):
    """A backup or restore refused or failed; ``message`` is for the operator, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _HashingReader:
    """Counts and hashes what ``tarfile`` reads through it, so each file is read once."""

    def __init__(self, fh: BinaryIO):
        self._fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.digest.update(data)
        return data


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ArchiveWriter:
    """Writes the archive to a temporary file beside ``target`` (mode 0600 from the start) and
    renames it into place in ``commit()``: a crash or error leaves no half archive under the name."""

    def __init__(self, target: Path):
        self.target = target
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        os.fchmod(fd, 0o600)
        self._tmp = Path(tmp)
        self._fh = os.fdopen(fd, "wb")
        self._tar = tarfile.open(fileobj=self._fh, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115 (closed in commit/abort)
        self.files: list[dict[str, Any]] = []

    def scratch_file(self, suffix: str) -> Path:
        """A private temporary file in the target's directory (same disk, mode 0600)."""
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=suffix, dir=self.target.parent)
        os.close(fd)
        return Path(name)

    def add_file(self, name: str, path: Path) -> bool:
        """Stream one file in; False if it vanished before it could be opened (e.g. an expired
        import preview). Exactly the size seen at open is copied: a file still growing is cut there."""
        try:
            fh = open(path, "rb")  # noqa: SIM115 (closed below)
        except FileNotFoundError:
            return False
        with fh:
            stat = os.fstat(fh.fileno())
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
            reader = _HashingReader(fh)
            try:
                self._tar.addfile(info, reader)
            except (OSError, tarfile.TarError) as error:
                raise BackupError(
                    _("备份时读取文件“%(name)s”失败:%(error)s") % {"name": name, "error": error}
                ) from error
        self.files.append({"path": name, "size": info.size, "sha256": reader.digest.hexdigest()})
        return True

    def add_manifest(self, manifest: dict[str, Any]) -> None:
        data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(data), int(manifest.get("created_unix", 0)), 0o600
        self._tar.addfile(info, io.BytesIO(data))

    def commit(self) -> None:
        self._tar.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.target)
        _fsync_directory(self.target.parent)

    def abort(self) -> None:
        with contextlib.suppress(OSError, tarfile.TarError):
            self._tar.close()
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


@dataclass
class Unpacked:
    """What ``archive_unpack`` staged: the manifest, the database file, and each member's digest."""

    manifest: dict[str, Any]
    database_file: Path
    media_dir: Path
    digests: dict[str, str] = field(default_factory=dict)


def _member_name(member: tarfile.TarInfo) -> str:
    """The member's name if it is one a backup can hold; a refusal naming it otherwise."""
    name = member.name
    path = PurePosixPath(name)
    allowed = name == MANIFEST_NAME or name.startswith((DATABASE_PREFIX, MEDIA_PREFIX))
    if not allowed or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupError(
            _("备份中有不应出现的文件“%(name)s”:不是 zhenggai 备份,或已被改动。") % {"name": name}
        )
    if not member.isfile():
        raise BackupError(
            _("备份中的“%(name)s”不是普通文件:不是 zhenggai 备份,或已被改动。") % {"name": name}
        )
    if name.startswith(DATABASE_PREFIX) and len(path.parts) != 2:
        raise BackupError(
            _("备份中有不应出现的文件“%(name)s”:不是 zhenggai 备份,或已被改动。") % {"name": name}
        )
    return name


def _copy_hashing(source: BinaryIO, destination: Path) -> str:
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(destination, "xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _manifest_parse(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("备份清单(manifest.json)无法读取:不是 zhenggai 备份,或已损坏。"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("备份格式版本 %(version)s 不受支持(本程序读取第 %(ours)s 版)。")
            % {"version": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    files = manifest.get("files")
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("sha256"), str)
        for f in files
    ):
        raise BackupError(_("备份清单(manifest.json)无法读取:不是 zhenggai 备份,或已损坏。"))
    return manifest


def archive_unpack(archive: Path, *, staging: Path) -> Unpacked:
    """Stream every member into ``staging`` (database/ and media/ below it), hashing as it goes, then
    check each against the manifest. Refuses, naming every file, a member missing, added, of another
    size or with another SHA-256. Nothing outside ``staging`` is written."""
    found: dict[str, tuple[int, str]] = {}
    manifest_bytes: bytes | None = None
    database_file: Path | None = None
    try:
        with tarfile.open(archive, mode="r|") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _member_name(member)
                if name in found or (name == MANIFEST_NAME and manifest_bytes is not None):
                    raise BackupError(_("备份中“%(name)s”出现了两次:已被改动。") % {"name": name})
                source = tar.extractfile(member)
                assert source is not None  # a regular file
                if name == MANIFEST_NAME:
                    if member.size > _MANIFEST_MAX_BYTES:
                        raise BackupError(_("备份清单(manifest.json)无法读取:不是 zhenggai 备份,或已损坏。"))
                    manifest_bytes = source.read()
                    continue
                destination = staging / PurePosixPath(name)
                if name.startswith(DATABASE_PREFIX):
                    if database_file is not None:
                        raise BackupError(
                            _("备份中有不应出现的文件“%(name)s”:不是 zhenggai 备份,或已被改动。")
                            % {"name": name}
                        )
                    database_file = destination
                found[name] = (member.size, _copy_hashing(source, destination))
    except FileNotFoundError:
        raise BackupError(_("找不到备份文件“%(path)s”。") % {"path": archive}) from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            _("备份文件“%(path)s”无法读取(%(error)s):不是 zhenggai 备份,或已损坏、被截断。")
            % {"path": archive, "error": error}
        ) from error
    if manifest_bytes is None:
        raise BackupError(_("备份中没有清单(manifest.json):不是 zhenggai 备份,或已损坏、被截断。"))
    manifest = _manifest_parse(manifest_bytes)
    _check_against_manifest(manifest, found)
    if (
        database_file is None
        or manifest.get("database", {}).get("member") != database_file.relative_to(staging).as_posix()
    ):
        raise BackupError(_("备份中没有数据库文件:不是 zhenggai 备份,或已损坏。"))
    return Unpacked(
        manifest=manifest,
        database_file=database_file,
        media_dir=staging / MEDIA_PREFIX.rstrip("/"),
        digests={name: digest for name, (_size, digest) in found.items()},
    )


def _check_against_manifest(manifest: dict[str, Any], found: dict[str, tuple[int, str]]) -> None:
    listed = {f["path"]: (f.get("size"), f["sha256"]) for f in manifest["files"]}
    damaged = sorted(
        name for name, (size, digest) in listed.items() if name in found and found[name] != (size, digest)
    )
    missing = sorted(set(listed) - set(found))
    extra = sorted(set(found) - set(listed))
    problems = []
    if damaged:
        problems.append(_("与清单中的 SHA-256 或大小不符:%(names)s") % {"names": "、".join(damaged)})
    if missing:
        problems.append(_("清单中有而备份中缺少:%(names)s") % {"names": "、".join(missing)})
    if extra:
        problems.append(_("备份中有而清单中没有:%(names)s") % {"names": "、".join(extra)})
    if problems:
        raise BackupError(
            _("备份已损坏或被改动,未恢复任何内容:%(problems)s。") % {"problems": ";".join(problems)}
        )
