"""atheris harness: the notice reader (zhenggai.intake) on text, HTML and DOCX.

The first byte picks the reader (0 text, 1 HTML, 2 DOCX), the rest is the file. The reader's own
clean refusal (FileRefused: a bomb, too many paragraphs or tags) is an answer; any other exception
is a crash that libFuzzer reports with the input (tests/fuzz/test_fuzz.py runs this).

    python tests/fuzz/fuzz_notice.py -max_total_time=30 tests/fuzz/corpus/notice
"""

import sys

import atheris

with atheris.instrument_imports(include=["zhenggai"]):
    from zhenggai.core.bounded import FileRefused
    from zhenggai.intake.reader import read_notice

KINDS = ("text", "html", "docx")


def one_input(data: bytes) -> None:
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    body = data[1:]
    try:
        if kind == "docx":
            read_notice(body, source_kind="docx")
        else:
            read_notice(body.decode("utf-8", "replace"), source_kind=kind)
    except FileRefused:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
