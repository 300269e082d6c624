"""Render an :class:`OfficialDocument` to PDF bytes with WeasyPrint.

The HTML of ``html.py`` and the stylesheet ``official.css`` are laid out by WeasyPrint (Pango +
fontconfig). The official font names are mapped to open Debian fonts by the package's own
``fonts/fonts.conf``, loaded by pointing ``FONTCONFIG_FILE`` at it while WeasyPrint builds its
font configuration (fontconfig reads the variable only then). That configuration includes the
system one, so every other font stays available. The fonts are embedded (subset) in the PDF.

Needs the Debian packages fonts-noto-cjk (serif and sans) and fonts-arphic-ukai (楷体); without
them the text still renders in whatever CJK face fontconfig finds.
"""

from __future__ import annotations

import atexit
import gc
import os
import threading
from pathlib import Path

from zhenggai.core.slots import MachineSlots, SlotsBusy
from zhenggai.documents.layout.html import OFFICIAL_CSS_PATH, render_html
from zhenggai.documents.layout.model import OfficialDocument

FONTS_CONF = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"

_env_lock = threading.Lock()
_local = threading.local()


def font_configuration():
    """This thread's WeasyPrint FontConfiguration, built with ``fonts.conf``.

    Building one scans the font cache (≈0.1 s), so it is kept per thread (Pango font maps are
    not shared across threads). ``FONTCONFIG_FILE`` is set only while it is built, under a lock,
    and restored afterwards.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        with _env_lock:
            previous = os.environ.get("FONTCONFIG_FILE")
            os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
            try:
                config = FontConfiguration()
            finally:
                if previous is None:
                    os.environ.pop("FONTCONFIG_FILE", None)
                else:
                    os.environ["FONTCONFIG_FILE"] = previous
        _local.font_config = config
        _local.stylesheet = None
        if threading.current_thread() is threading.main_thread():
            atexit.register(_release)
    return config


def _release() -> None:
    """Drop this thread's font configuration before the interpreter tears down the C bindings
    (WeasyPrint's FontConfiguration.__del__ would otherwise fail noisily at exit)."""
    _local.__dict__.clear()
    gc.collect()


def _stylesheet(font_config):
    css = getattr(_local, "stylesheet", None)
    if css is None:
        from weasyprint import CSS

        css = CSS(filename=str(OFFICIAL_CSS_PATH), font_config=font_config)
        _local.stylesheet = css
    return css


def warm_up() -> None:
    """Import WeasyPrint and build this thread's fonts and stylesheet now (≈1.5 s once).

    Call at process start-up (e.g. from an AppConfig.ready or a worker's init) so the first
    PDF a person asks for renders in a few tenths of a second.
    """
    _stylesheet(font_configuration())


class RenderBusy(SlotsBusy):
    """Every PDF slot of this machine stayed taken for the whole wait (answered as a 503)."""


def _busy() -> RenderBusy:
    from django.conf import settings
    from django.utils.translation import gettext as _

    wait = settings.ZHENGGAI_PDF_RENDER_WAIT
    return RenderBusy(
        _("服务器正在生成其他 PDF 文件,请%(seconds)d秒后再试;Word(.docx)文件可立即下载。")
        % {"seconds": max(wait, 5)},
        retry_after=max(wait, 5),
    )


def pdf_slots() -> MachineSlots:
    """The machine's PDF renders: WeasyPrint holds a CPU and ~200 MB per document while it lays
    one out, so at most ``ZHENGGAI_PDF_RENDERS`` run at once across all processes (decision 0005)."""
    from django.conf import settings

    return MachineSlots(
        Path(settings.VAR_DIR) / "locks",
        "pdf-render",
        count=settings.ZHENGGAI_PDF_RENDERS,
        wait=settings.ZHENGGAI_PDF_RENDER_WAIT,
        busy=_busy,
    )


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes (A4, GB/T 9704 layout, CJK fonts embedded), in one of the
    machine's PDF slots (``RenderBusy`` when none frees up in time)."""
    with pdf_slots().hold():
        return _write_pdf(doc)


def _write_pdf(doc: OfficialDocument) -> bytes:
    from weasyprint import HTML

    font_config = font_configuration()
    stylesheet = _stylesheet(font_config)
    html = render_html(doc, standalone=True)
    # the document holds no external resources: forbid fetching any (file:// or http)
    document = HTML(string=html, base_url=None, url_fetcher=_no_fetch)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"official documents load no external resources ({url})")
