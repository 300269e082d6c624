"""`zhenggai backup` and `zhenggai restore`, run as an operator runs them, on SQLite or on the real
PostgreSQL (whichever the run's DATABASE_URL names): a snapshot while writers run, a restore into
another database and media folder, the same ledger export and evidence bytes, a verified chain,
and refusals that change nothing."""

import hashlib
import shutil
import stat
import tarfile
import time

import pytest

from tests.backup.sites import MYSQL, POSTGRES, manifest_of, site_create, site_drop

pytestmark = [pytest.mark.postgres] if POSTGRES else []
if MYSQL:  # docs/databases.md: "Skipped on MariaDB"
    pytestmark.append(
        pytest.mark.skip(
            reason="zhenggai backup refuses MySQL/MariaDB (tests/backup/test_mysql.py checks how)"
        )
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """An empty migrated site, a seeded one (the founding notice, with its evidence files), the
    seeded site's ledger export, and a backup of it taken while nothing writes."""
    folder = tmp_path_factory.mktemp("backup-sites")
    empty = site_create(folder, "empty")
    empty.zhenggai("migrate", "-v0")
    seeded = site_create(folder, "seeded", template=empty)
    seeded.zhenggai("seed_demo")
    export = seeded.ledger_json()  # before the backup: an export may itself be recorded in the trail
    archive = folder / "quiet.tar"
    backup = seeded.zhenggai("backup", str(archive))
    made = {
        "folder": folder,
        "empty": empty,
        "seeded": seeded,
        "export": export,
        "trail": seeded.trail(),
        "head": seeded.head(),
        "archive": archive,
        "backup_output": backup.stdout,
        "sites": [empty, seeded],
    }
    yield made
    for site in made["sites"]:
        site_drop(site)


def _new_site(world, name, template=None):
    site = site_create(world["folder"], name, template=template)
    world["sites"].append(site)
    return site


def test_archive_holds_database_media_and_manifest(world):
    archive, seeded = world["archive"], world["seeded"]
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert "已备份到" in world["backup_output"]
    manifest = manifest_of(archive)
    engine = "postgresql" if POSTGRES else "sqlite"
    assert manifest["database"]["engine"] == engine
    assert manifest["zhenggai_version"] == "0.1.0"
    assert "0001_initial" in manifest["migrations"]["audit"]
    seq, head_hash = world["head"]
    assert seq > 0 and manifest["audit_head"] == {"seq": seq, "hash": head_hash}
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == manifest["database"]["member"] and names[-1] == "manifest.json"
    listed = {f["path"]: f for f in manifest["files"]}
    media = seeded.media_files()
    assert media, "the seed attaches evidence files"
    for name, data in media.items():
        assert listed[f"media/{name}"] == {
            "path": f"media/{name}",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    assert set(listed) == {f"media/{n}" for n in media} | {manifest["database"]["member"]}
    leftovers = [p.name for p in archive.parent.iterdir() if p.name.startswith(f".{archive.name}.")]
    assert leftovers == []  # the temporary archive and dump were renamed or removed


def test_restore_elsewhere_gives_the_same_ledger_files_and_chain(world):
    """Into a database that only had `migrate` run on it, and a media folder that does not exist."""
    target = _new_site(world, "restored", template=world["empty"])
    restored = target.zhenggai("restore", str(world["archive"]))
    assert "审计链完整" in restored.stdout and "审计链头与备份清单一致" in restored.stdout
    assert "恢复完成,检查通过。" in restored.stdout
    assert target.trail() == world["trail"]
    assert target.media_files() == world["seeded"].media_files()
    assert target.ledger_json() == world["export"]
    assert target.zhenggai("verify").returncode == 0


def test_backup_while_progress_is_written_restores_a_consistent_snapshot(world, tmp_path):
    """A second process adds progress entries with evidence through the services before, during and
    after the backup. The restore must verify, and hold exactly what the trail says had happened
    at the snapshot's chain head: the source's trail up to that head, and the entries it records."""
    source = _new_site(world, "busy", template=world["seeded"])
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    writer = source.writer(ready, stop)
    try:
        deadline = time.monotonic() + 300
        while not ready.exists():
            assert writer.poll() is None, writer.stderr.read()
            assert time.monotonic() < deadline, "the writer never got going"
            time.sleep(0.2)
        before = source.head()[0]
        archive = tmp_path / "busy.tar"
        source.zhenggai("backup", str(archive))
        after = source.head()[0]
    finally:
        stop.write_text("stop")
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    head = manifest_of(archive)["audit_head"]
    assert before < head["seq"] <= after, "the snapshot was taken while the writer ran"
    assert int(out) > 3

    target = _new_site(world, "busy_restored")  # a database nobody has touched (no migrate)
    restored = target.zhenggai("restore", str(archive))
    assert "恢复完成,检查通过。" in restored.stdout
    assert target.head() == (head["seq"], head["hash"])
    full_trail = source.trail()
    assert target.trail() == full_trail[: head["seq"]]
    created = source.query(
        "SELECT object_id FROM audit_auditevent WHERE object_type = 'ledger.progressentry' "
        f"AND action = 'create' AND seq <= {head['seq']}"
    )
    entries = target.query("SELECT id FROM ledger_progressentry")
    assert {int(i) for (i,) in entries} == {int(i) for (i,) in created}
    restored_files = target.media_files()
    source_files = source.media_files()
    for (name,) in target.query("SELECT file FROM ledger_evidence"):
        assert restored_files[name] == source_files[name]


def test_restore_refuses_a_database_with_rows_and_changes_nothing(world):
    """The seeded database with no media folder: the database alone makes it refuse."""
    target = _new_site(world, "in_use", template=world["seeded"])
    shutil.rmtree(target.media)
    trail_before = target.trail()
    entries_before = target.query("SELECT COUNT(*) FROM ledger_progressentry")
    refused = target.zhenggai("restore", str(world["archive"]), check=False)
    assert refused.returncode != 0
    assert "目标数据库不是空的" in refused.stderr and "未做任何改动" in refused.stderr
    assert target.trail() == trail_before
    assert target.query("SELECT COUNT(*) FROM ledger_progressentry") == entries_before
    assert not target.media.exists()


def test_restore_refuses_a_media_folder_with_files_and_changes_nothing(world):
    target = _new_site(world, "media_in_use", template=world["empty"])
    target.media.mkdir()
    kept = target.media / "不是我的.pdf"
    kept.write_bytes(b"%PDF-1.4 keep me")
    refused = target.zhenggai("restore", str(world["archive"]), check=False)
    assert refused.returncode != 0
    assert "媒体目录" in refused.stderr and "不是空的" in refused.stderr
    assert kept.read_bytes() == b"%PDF-1.4 keep me"
    assert target.query("SELECT COUNT(*) FROM audit_auditevent") == [(0,)]


def test_restore_refuses_a_tampered_archive_naming_the_file(world, tmp_path):
    tampered = tmp_path / "tampered.tar"
    tampered.write_bytes(world["archive"].read_bytes())
    with tarfile.open(tampered) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/evidence/"))
    with open(tampered, "r+b") as fh:
        fh.seek(member.offset_data + 5)
        byte = fh.read(1)
        fh.seek(member.offset_data + 5)
        fh.write(bytes([byte[0] ^ 0x01]))
    target = _new_site(world, "tamper_target", template=world["empty"])
    refused = target.zhenggai("restore", str(tampered), check=False)
    assert refused.returncode != 0
    assert "备份已损坏或被改动,未恢复任何内容" in refused.stderr
    assert member.name in refused.stderr
    assert target.query("SELECT COUNT(*) FROM audit_auditevent") == [(0,)]
    assert not target.media.exists() or not any(target.media.rglob("*"))
    assert [p.name for p in target.folder.iterdir() if ".restore-" in p.name] == []  # staging removed


def test_a_large_file_goes_through_backup_and_restore_in_flat_memory(world, tmp_path):
    """A 200 MB file under MEDIA_ROOT: neither command's peak memory comes near its size."""
    source = _new_site(world, "large", template=world["seeded"])
    big = source.media / "jobs" / "large.bin"
    big.parent.mkdir(parents=True)
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
        fh.seek(123_456_789)
        fh.write(b"marker")
    archive = tmp_path / "large.tar"
    _done, backup_kib = source.zhenggai_measured("backup", str(archive))
    target = _new_site(world, "large_restored")
    restored, restore_kib = target.zhenggai_measured("restore", str(archive))
    assert "恢复完成,检查通过。" in restored.stdout
    copy = target.media / "jobs" / "large.bin"
    assert copy.stat().st_size == big.stat().st_size
    with open(copy, "rb") as fh:
        fh.seek(123_456_789)
        assert fh.read(6) == b"marker"
    assert backup_kib < 150 * 1024 and restore_kib < 150 * 1024, (backup_kib, restore_kib)
