"""PDF renders are bounded per machine: at most ZHENGGAI_PDF_RENDERS at once, across threads and
processes; a request that finds no slot within ZHENGGAI_PDF_RENDER_WAIT gets a Chinese 503."""

import subprocess
import sys
import textwrap
import threading
import time

import pytest
from django.urls import reverse

from zhenggai.documents.layout import pdf
from zhenggai.documents.layout.pdf import RenderBusy, render_pdf
from zhenggai.notices.compose import report_compose


class Gauge:
    """Counts the renders running at once (a stand-in for WeasyPrint that takes a while)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, doc) -> bytes:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.seconds)
        with self.lock:
            self.now -= 1
        return b"%PDF-1.7 fake"


@pytest.fixture
def slots(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    settings.ZHENGGAI_PDF_RENDERS = 2
    settings.ZHENGGAI_PDF_RENDER_WAIT = 30
    gauge = Gauge(0.3)
    monkeypatch.setattr(pdf, "_write_pdf", gauge)
    return gauge


def _in_threads(n: int) -> tuple[list, list]:
    results, errors = [], []

    def one():
        try:
            results.append(render_pdf(None))
        except RenderBusy as error:
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_six_renders_at_once_run_two_at_a_time(slots):
    results, errors = _in_threads(6)
    assert len(results) == 6 and errors == []
    assert slots.peak == 2


def test_a_render_that_finds_no_slot_in_time_is_refused(slots, settings):
    settings.ZHENGGAI_PDF_RENDER_WAIT = 0
    slots.seconds = 1.0
    results, errors = _in_threads(4)
    assert slots.peak <= 2 and len(results) >= 1 and len(errors) >= 1 and len(results) + len(errors) == 4
    assert "请" in errors[0].message and errors[0].retry_after >= 5


HOLD_SLOTS = textwrap.dedent(
    """
    import fcntl, os, sys, time
    fds = []
    for i in range(int(sys.argv[2])):
        fd = os.open(os.path.join(sys.argv[1], f"pdf-render-{i}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        fds.append(fd)
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
    """
)


@pytest.fixture
def other_process_holds_every_slot(slots, tmp_path):
    """Another process of the machine (a second worker) rendering two PDFs."""
    locks = tmp_path / "locks"
    locks.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOTS, str(locks), "2", "30"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_slots_are_shared_with_the_other_processes(other_process_holds_every_slot, settings):
    settings.ZHENGGAI_PDF_RENDER_WAIT = 0
    with pytest.raises(RenderBusy):
        render_pdf(None)
    other_process_holds_every_slot.kill()  # a worker that dies frees its slots at once
    other_process_holds_every_slot.wait()
    assert render_pdf(None).startswith(b"%PDF")


def test_a_busy_page_answers_503_in_chinese(login, seed, other_process_holds_every_slot, settings):
    settings.ZHENGGAI_PDF_RENDER_WAIT = 0
    response = login(seed.liaison).get(reverse("report_download", args=[seed.inspection.pk, "pdf"]))
    assert response.status_code == 503 and int(response["Retry-After"]) >= 5
    assert "服务器正在生成其他 PDF 文件" in response.content.decode()
    # Word is not bounded: it is there at once
    docx = login(seed.liaison).get(reverse("report_download", args=[seed.inspection.pk, "docx"]))
    assert docx.status_code == 200


def test_a_busy_api_answers_503_json(seed, other_process_holds_every_slot, settings):
    from rest_framework.test import APIClient

    from zhenggai.api.tokens import token_create

    settings.ZHENGGAI_PDF_RENDER_WAIT = 0
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=seed.liaison, name='PDF')[1]}")
    response = client.get(reverse("api:document-report", args=[seed.inspection.pk]), {"output": "pdf"})
    assert response.status_code == 503 and response["Retry-After"]
    body = response.json()
    assert set(body) == {"detail", "errors"} and "PDF" in body["detail"]


def test_the_real_renderer_runs_inside_a_slot(seed, settings, tmp_path, monkeypatch):
    """Not the stand-in: WeasyPrint's own render is what the slot holds."""
    settings.VAR_DIR = tmp_path
    settings.ZHENGGAI_PDF_RENDERS = 1
    seen = []
    real = pdf._write_pdf

    def watched(doc):
        held = pdf.pdf_slots()
        held.wait = 0
        with pytest.raises(RenderBusy), held.hold():  # the one slot is taken by this very render
            pass
        seen.append(True)
        return real(doc)

    monkeypatch.setattr(pdf, "_write_pdf", watched)
    content = render_pdf(
        report_compose(
            seed.inspection, cutoff=seed.inspection.feedback_date, signed_on=seed.inspection.feedback_date
        )
    )
    assert content.startswith(b"%PDF") and seen == [True]
