"""atheris harness: the ledger XLSX reader (zhenggai.documents.xlsx.reader).

LedgerImportError, the reader's clean refusal with a Chinese message, is an answer; any other
exception is a crash that libFuzzer reports with the input (tests/fuzz/test_fuzz.py runs this).

    python tests/fuzz/fuzz_xlsx.py -max_total_time=30 tests/fuzz/corpus/xlsx
"""

import contextlib
import sys

import atheris

with atheris.instrument_imports(include=["zhenggai"]):
    from zhenggai.documents.xlsx.reader import LedgerImportError, read_ledger_xlsx


def one_input(data: bytes) -> None:
    with contextlib.suppress(LedgerImportError):
        read_ledger_xlsx(data, max_rows=200)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
