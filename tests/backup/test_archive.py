"""The archive reader refuses what a backup cannot hold, before anything lands outside its staging
folder, and the PostgreSQL client check names the package to install. In-process, no database."""

import hashlib
import io
import json
import os
import stat
import tarfile

import pytest

from zhenggai.backup import databases
from zhenggai.backup.archive import FORMAT, FORMAT_VERSION, ArchiveWriter, BackupError, archive_unpack


def _manifest(files: dict[str, bytes], **overrides) -> bytes:
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "database": {"engine": "sqlite", "member": "database/zhenggai.sqlite3"},
        "files": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
        ],
    }
    manifest.update(overrides)
    return json.dumps(manifest).encode()


def _tar(path, members: list[tuple[str, bytes]], *, links: tuple[str, ...] = ()):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
    return path


def _good_members(extra: dict[str, bytes] | None = None):
    files = {"database/zhenggai.sqlite3": b"SQLite format 3\x00", "media/evidence/报告.pdf": b"%PDF-1.4"}
    files.update(extra or {})
    return [*files.items(), ("manifest.json", _manifest(files))]


def test_a_sound_archive_is_staged_with_every_digest(tmp_path):
    archive = _tar(tmp_path / "ok.tar", _good_members())
    staging = tmp_path / "staging"
    unpacked = archive_unpack(archive, staging=staging)
    assert unpacked.database_file.read_bytes() == b"SQLite format 3\x00"
    assert (unpacked.media_dir / "evidence" / "报告.pdf").read_bytes() == b"%PDF-1.4"
    assert unpacked.digests["media/evidence/报告.pdf"] == hashlib.sha256(b"%PDF-1.4").hexdigest()


@pytest.mark.parametrize(
    "name", ["media/../../escaped.txt", "/tmp/absolute.txt", "notes.txt", "database/sub/x.sqlite3"]
)
def test_a_member_outside_the_layout_is_refused_and_nothing_escapes(tmp_path, name):
    members = _good_members()
    members.insert(1, (name, b"evil"))
    archive = _tar(tmp_path / "evil.tar", members)
    staging = tmp_path / "work" / "staging"
    with pytest.raises(BackupError) as refused:
        archive_unpack(archive, staging=staging)
    assert name in refused.value.message and "不应出现" in refused.value.message
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "work" / "escaped.txt").exists()


def test_a_link_member_is_refused(tmp_path):
    archive = _tar(tmp_path / "link.tar", _good_members(), links=("media/evidence/passwd",))
    with pytest.raises(BackupError) as refused:
        archive_unpack(archive, staging=tmp_path / "staging")
    assert "media/evidence/passwd" in refused.value.message and "不是普通文件" in refused.value.message


def test_files_missing_from_or_added_to_the_manifest_are_each_named(tmp_path):
    files = {"database/zhenggai.sqlite3": b"db", "media/a.txt": b"a", "media/gone.txt": b"g"}
    members = [("database/zhenggai.sqlite3", b"db"), ("media/a.txt", b"A"), ("media/added.txt", b"+")]
    archive = _tar(tmp_path / "bad.tar", [*members, ("manifest.json", _manifest(files))])
    with pytest.raises(BackupError) as refused:
        archive_unpack(archive, staging=tmp_path / "staging")
    message = refused.value.message
    assert "未恢复任何内容" in message
    assert "media/a.txt" in message and "media/gone.txt" in message and "media/added.txt" in message


def test_an_archive_without_manifest_or_cut_short_is_refused_in_chinese(tmp_path):
    no_manifest = _tar(tmp_path / "none.tar", _good_members()[:-1])
    with pytest.raises(BackupError, match="没有清单"):
        archive_unpack(no_manifest, staging=tmp_path / "s1")
    whole = _tar(tmp_path / "whole.tar", _good_members()).read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole[:700])
    with pytest.raises(BackupError, match="没有清单|无法读取"):
        archive_unpack(cut, staging=tmp_path / "s2")
    not_json = _tar(tmp_path / "nj.tar", [*_good_members()[:-1], ("manifest.json", b"{not json")])
    with pytest.raises(BackupError, match="无法读取"):
        archive_unpack(not_json, staging=tmp_path / "s3")
    with pytest.raises(BackupError, match="找不到备份文件"):
        archive_unpack(tmp_path / "missing.tar", staging=tmp_path / "s4")


def test_the_writer_renames_into_place_only_on_commit_and_keeps_it_private(tmp_path):
    os.umask(0o022)
    target = tmp_path / "b.tar"
    source = tmp_path / "file.bin"
    source.write_bytes(b"x" * (3 * 1024 * 1024 + 17))
    failed = ArchiveWriter(target)
    failed.add_file("media/file.bin", source)
    failed.abort()
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]
    writer = ArchiveWriter(target)
    assert writer.add_file("media/file.bin", source)
    assert not writer.add_file("media/vanished.bin", tmp_path / "vanished.bin")
    assert not target.exists()
    writer.add_manifest({"format": FORMAT, "files": writer.files})
    writer.commit()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert writer.files == [
        {
            "path": "media/file.bin",
            "size": source.stat().st_size,
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        }
    ]


def _fake_tool(tmp_path, name: str, version: str):
    tool = tmp_path / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    tool.chmod(0o755)
    return tool


def test_a_pg_dump_older_than_the_server_is_refused_naming_the_package(tmp_path, settings):
    settings.ZHENGGAI_PG_BIN_DIR = str(tmp_path)
    tool = str(_fake_tool(tmp_path, "pg_dump", "13.9"))
    assert databases._pg_tool("pg_dump") == tool
    with pytest.raises(BackupError) as refused:
        databases._require_client_at_least(tool, 16)
    assert "postgresql-client-16" in refused.value.message and "13" in refused.value.message
    assert "pg_dump (PostgreSQL) 16.1" in databases._require_client_at_least(
        str(_fake_tool(tmp_path, "pg_dump", "16.1")), 16
    )


def test_a_missing_pg_dump_names_the_client_package(tmp_path, settings):
    settings.ZHENGGAI_PG_BIN_DIR = str(tmp_path)  # an empty folder
    with pytest.raises(BackupError) as refused:
        databases._pg_tool("pg_restore")
    assert "pg_restore" in refused.value.message and "postgresql-client" in refused.value.message
