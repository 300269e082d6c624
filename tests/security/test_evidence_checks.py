"""Evidence whose bytes do not match its extension is refused; the clamd antivirus hook, tested
against a real clamd (Debian's clamav-daemon) with a signature database written here."""

import datetime as dt
import io
import shutil
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import detail
from zhenggai.audit.models import AuditAction, AuditEvent
from zhenggai.core.clamd import ScannerUnavailable, clamd_instream, clamd_ping
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.models import Evidence, ProgressEntry
from zhenggai.ledger.services import progress_create

MARKER = b"ZHENGGAI-TEST-MALWARE-MARKER"
SIGNATURE = "Zhenggai.Test.Marker"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def _report(seed, *files):
    return progress_create(
        measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="集中学习", files=list(files)
    )


def _messages(error: ServiceError) -> str:
    return " ".join(error.messages)


# ------------------------------------------------------------------ magic bytes


@pytest.mark.parametrize(
    ("name", "body", "looks"),
    [
        ("整改报告.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "网页(HTML)"),
        ("照片.jpg", b"MZ\x90\x00\x03 this program cannot be run in DOS mode", "可执行程序"),
        ("会议纪要.docx", _zip("evil.html"), "压缩包(ZIP)"),
        ("台账.xlsx", b"%PDF-1.4 a pdf", "PDF"),
        ("纪要.doc", b"<html><body>saved as a web page</body></html>", "网页(HTML)"),
        ("说明.txt", b"<html><body><script>x()</script></body></html>", "网页(HTML)"),
        ("截图.png", b"\xff\xd8\xff\xe0 a jpeg", "图片"),
        ("材料.zip", b"plain text", "其他格式"),
    ],
)
def test_bytes_that_do_not_match_the_extension_are_refused(seed, name, body, looks):
    before = (ProgressEntry.objects.count(), Evidence.objects.count())
    with pytest.raises(ServiceError) as refused:
        _report(seed, SimpleUploadedFile(name, body))
    message = _messages(refused.value)
    assert f"文件“{name}”的内容与扩展名" in message and looks in message
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("整改报告.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 report"),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("截图.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("会议纪要.docx", _zip("[Content_Types].xml", "word/document.xml")),
        ("台账.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml")),
        ("电子公文.ofd", _zip("OFD.xml", "Doc_0/Document.xml")),
        ("材料.zip", _zip("a.txt")),
        ("旧版.doc", CFB),
        ("旧版.xls", CFB),
        ("金山.wps", CFB),
        ("纪要.txt", "会议纪要:学习讲话精神".encode("gb18030")),
    ],
)
def test_files_whose_bytes_match_are_accepted(seed, name, body):
    entry = _report(seed, SimpleUploadedFile(name, body))
    evidence = entry.evidence.get()
    assert evidence.original_name == name and evidence.file.read() == body


def test_the_api_answers_a_mismatch_with_a_chinese_422(seed, api):
    measure = seed.measure(1, 1)
    response = api(seed.liaison).post(
        f"/api/v1/measures/{measure.pk}/progress/",
        {"happened_on": "2023-03-01", "text": "x", "files": [SimpleUploadedFile("a.pdf", b"<html></html>")]},
    )
    assert response.status_code == 422 and "内容与扩展名" in detail(response)
    assert not ProgressEntry.objects.filter(measure=measure, text="x").exists()


# ------------------------------------------------------------------ a real clamd


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """clamd started for the tests, with one signature of ours and nothing else (no network)."""
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.skip("clamd is not installed (apt-get install clamav-daemon; scripts/bootstrap.sh does)")
    root = tmp_path_factory.mktemp("clamd")
    (root / "db").mkdir()
    (root / "db" / "zhenggai-test.ndb").write_text(f"{SIGNATURE}:0:*:{MARKER.hex()}\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = root / "clamd.conf"
    config.write_text(
        "Foreground yes\n"
        f"LocalSocket {root / 'clamd.sock'}\n"
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"DatabaseDirectory {root / 'db'}\n"
        f"LogFile {root / 'clamd.log'}\n"
        "StreamMaxLength 1M\n"
    )
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    unix = f"unix://{root / 'clamd.sock'}"
    deadline = time.monotonic() + 60
    while not clamd_ping(address=unix, timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"clamd did not start: {process.stderr.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)
    yield {"unix": unix, "tcp": f"tcp://127.0.0.1:{port}"}
    process.terminate()
    process.wait(10)


@pytest.mark.parametrize("transport", ["unix", "tcp"])
def test_the_client_speaks_instream(clamd, transport):
    address = clamd[transport]
    assert clamd_instream([b"clean ", b"bytes"], address=address, timeout=10) is None
    found = clamd_instream([b"x" * 100_000, b"pre" + MARKER + b"post"], address=address, timeout=10)
    assert found is not None and found.startswith(SIGNATURE)


def test_past_clamds_stream_limit_is_no_verdict(clamd):
    with pytest.raises(ScannerUnavailable):
        clamd_instream([b"x" * (2 * 1024 * 1024)], address=clamd["unix"], timeout=10)


def test_an_infected_file_is_refused_and_the_refusal_is_in_the_trail(seed, settings, clamd):
    settings.ZHENGGAI_CLAMD = clamd["unix"]
    before = (ProgressEntry.objects.count(), Evidence.objects.count())
    infected = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\n" + MARKER)
    with pytest.raises(ServiceError) as refused:
        _report(seed, SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff clean"), infected)
    message = _messages(refused.value)
    assert "文件“会议纪要.pdf”未通过病毒扫描" in message and SIGNATURE in message
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == before
    event = AuditEvent.objects.filter(action=AuditAction.OTHER).latest("seq")
    assert event.object_type == "ledger.measure" and event.object_id == str(seed.measure(1, 1).pk)
    assert "会议纪要.pdf" in event.reason and event.changes["virus"][1].startswith(SIGNATURE)


def test_a_clean_file_passes_the_scan(seed, settings, clamd):
    settings.ZHENGGAI_CLAMD = clamd["tcp"]
    entry = _report(seed, SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 clean minutes"))
    assert entry.evidence.count() == 1


def test_the_api_refuses_an_infected_file_with_a_chinese_422(seed, settings, clamd, api):
    settings.ZHENGGAI_CLAMD = clamd["unix"]
    measure = seed.measure(1, 1)
    response = api(seed.liaison).post(
        f"/api/v1/measures/{measure.pk}/progress/",
        {"happened_on": "2023-03-01", "text": "y", "files": [SimpleUploadedFile("a.pdf", b"%PDF" + MARKER)]},
    )
    assert response.status_code == 422 and "未通过病毒扫描" in detail(response)
    assert not ProgressEntry.objects.filter(measure=measure, text="y").exists()


@pytest.mark.parametrize("address", ["unix:///nonexistent/clamd.sock", "tcp://127.0.0.1:1"])
def test_a_configured_scanner_that_is_down_refuses_the_upload(seed, settings, address):
    settings.ZHENGGAI_CLAMD = address
    before = (ProgressEntry.objects.count(), Evidence.objects.count())
    with pytest.raises(ServiceError) as refused:
        _report(seed, SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes"))
    assert "病毒扫描服务暂不可用" in _messages(refused.value) and "会议纪要.pdf" in _messages(refused.value)
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == before


def test_without_a_scanner_configured_nothing_is_scanned(seed, settings, monkeypatch):
    """Off by default: no socket is opened (the marker would be found if it were)."""
    settings.ZHENGGAI_CLAMD = ""

    def no_scan(*args, **kwargs):
        raise AssertionError("clamd was called with scanning off")

    monkeypatch.setattr("zhenggai.ledger.evidence.clamd_instream", no_scan)
    entry = _report(seed, SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\n" + MARKER))
    assert entry.evidence.count() == 1
