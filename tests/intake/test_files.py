"""A file that is not what its name says, empty, binary or too large gets the same Chinese message
from every entry point — the command line (plain and JSON), the reader's ``load_file`` and the upload
page — and is never a traceback (issue #16, "Robustness")."""

import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.core.bounded import FileRefused
from zhenggai.intake import cli
from zhenggai.intake.files import MAX_FILE_BYTES
from zhenggai.intake.sources import load_file
from zhenggai.intake_ui.models import IntakeDraft

# (file name, bytes, the refusal's code, words of its message)
CASES = [
    ("纯文本.docx", "这是一段纯文本,只是改了扩展名。".encode(), "format", "不是有效的 Word(.docx)文件"),
    ("空白.txt", b"", "empty", "文件是空的"),
    ("只有空格.txt", b"  \n\t \n", "empty", "文件是空的"),
    ("二进制.txt", bytes(range(256)) * 40, "encoding", "可能不是文本文件"),
    ("过大.txt", "整改".encode() * (MAX_FILE_BYTES // 5), "size", "文件超过5 MB"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0 old word", "type", "暂不支持旧版 Word"),
]


def _zip_without_document() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文件")
    return buffer.getvalue()


CASES.append(("压缩包.docx", _zip_without_document(), "format", "不是有效的 Word(.docx)文件"))


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def case(request, tmp_path):
    name, data, code, words = request.param
    path = tmp_path / name
    path.write_bytes(data)
    return path, data, code, words


def test_the_reader_refuses_with_the_reason(case):
    path, _data, code, words = case
    with pytest.raises(FileRefused) as refused:
        load_file(path)
    assert refused.value.code == code and words in refused.value.message


def test_the_command_line_says_why_in_chinese_and_exits_non_zero(case, capsys):
    path, _data, code, words = case
    assert cli.run(["intake", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"未读取 {path.name}:" in err and words in err and "Traceback" not in out + err


def test_the_json_says_why_too(case, capsys):
    path, _data, code, words = case
    assert cli.run(["intake", "--json", str(path)]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == code and words in error["message"] and error["file"] == path.name


def test_the_upload_page_says_the_same_and_saves_nothing(case, login, seed):
    path, data, _code, words = case
    before = IntakeDraft.objects.count()
    response = login(seed.liaison).post(
        reverse("intake_ui:upload"), {"file": SimpleUploadedFile(path.name, data)}
    )
    assert response.status_code == 200 and words in response.content.decode()
    assert IntakeDraft.objects.count() == before


def test_what_the_reader_read_nothing_from_it_says_in_the_json(tmp_path, capsys):
    path = tmp_path / "说明.txt"
    path.write_text("本页无内容。", encoding="utf-8")
    assert cli.run(["intake", "--json", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["problems"] == [] and isinstance(out["notes"], list)
