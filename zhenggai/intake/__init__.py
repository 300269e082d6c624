"""Notice reader (“intake”): published rectification notices → structured drafts with source spans.

Pure Python, no Django: `read_notice(text, source_kind=...)` → ParsedNotice, `check_notice(parsed)`
→ findings, `cli.run(argv)` for the `intake` / `intake-eval` commands.
"""

from .consistency import Finding, check_notice
from .model import Figure, Measure, Organisation, ParsedNotice, Problem
from .reader import read_file, read_file_bounded, read_notice, read_notice_bounded, read_source

__all__ = [
    "Figure",
    "Finding",
    "Measure",
    "Organisation",
    "ParsedNotice",
    "Problem",
    "check_notice",
    "read_file",
    "read_file_bounded",
    "read_notice",
    "read_notice_bounded",
    "read_source",
]
