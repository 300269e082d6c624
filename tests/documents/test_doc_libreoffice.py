"""The DOCX files lay out in an independent engine as in our PDF: LibreOffice (Debian's
libreoffice-writer-nogui) converts the notice and the report, and each page starts with the same
line as the PDF's page (docs/documents.md, "The DOCX in other engines")."""

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from zhenggai.documents.layout.pdf import FONTS_CONF
from zhenggai.notices.compose import notice_compose, report_compose
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.render import render_document

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdfinfo")),
    reason="needs libreoffice-writer-nogui and poppler-utils (scripts/bootstrap.sh installs them)",
)
MACRO = Path(__file__).parent / "libreoffice" / "Module1.xba"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A LibreOffice profile of its own (in a temporary directory) with the conversion macro, and
    the PDF renderer's font aliases, so that both engines use the same open fonts."""
    home = tmp_path_factory.mktemp("libreoffice")
    env = {**os.environ, "HOME": str(home), "FONTCONFIG_FILE": str(FONTS_CONF)}
    profile = f"-env:UserInstallation=file://{home}/profile"

    def soffice(*args: str) -> None:
        subprocess.run(
            ["soffice", profile, "--headless", *args], env=env, check=True, capture_output=True, timeout=180
        )

    soffice("--terminate_after_init")  # creates the profile and its Standard Basic library
    shutil.copy(MACRO, home / "profile" / "user" / "basic" / "Standard" / "Module1.xba")

    def convert(docx: Path, *, as_word_reads_it: bool) -> Path:
        out = docx.with_suffix(".lo.pdf" if as_word_reads_it else ".raw.pdf")
        if as_word_reads_it:
            soffice(f'macro:///Standard.Module1.Convert("{docx}","{out}")')
        else:
            soffice("--convert-to", "pdf", "--outdir", str(home / "raw"), str(docx))
            (home / "raw" / docx.with_suffix(".pdf").name).rename(out)
        assert out.exists(), f"LibreOffice wrote no PDF for {docx.name}"
        return out

    return convert


def pages(pdf: Path) -> list[list[str]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    out = []
    for page in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        out.append([re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()])
    return out


def _documents(seed):
    return {
        "notice": notice_compose(ProgressNotice.objects.get(inspection=seed.inspection)),
        "report": report_compose(
            seed.inspection, cutoff=dt.date(2023, 3, 29), signed_on=dt.date(2023, 3, 30)
        ),
    }


@pytest.mark.parametrize("kind", ["notice", "report"])
def test_libreoffice_lays_the_docx_out_as_our_pdf(seed, tmp_path, office, kind):
    doc = _documents(seed)[kind]
    docx = tmp_path / f"{kind}.docx"
    docx.write_bytes(render_document(doc, "docx", stem=kind).content)
    ours = tmp_path / f"{kind}.pdf"
    ours.write_bytes(render_document(doc, "pdf", stem=kind).content)
    expected = pages(ours)
    assert len(expected) > 1

    # as it is: the same number of pages (a character grid gave the notice 13 pages against 7)
    raw = pages(office(docx, as_word_reads_it=False))
    assert len(raw) == len(expected)

    # with the paragraph properties as Word reads them from the file: each page begins alike
    theirs = pages(office(docx, as_word_reads_it=True))
    assert len(theirs) == len(expected)
    assert [page[0] for page in theirs] == [page[0] for page in expected]
    if kind == "notice":  # body lines of 28 characters, as GB/T 9704's grid
        lengths = sorted(len(line) for page in theirs for line in page[3:] if not line.startswith("—"))
        assert lengths[len(lengths) // 2] == 28
