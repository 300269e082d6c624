"""The 整改进展 cell: one dated line per progress entry, and what is left over when reading one back.

The export writes each entry as "2022年11月8日：召开专题会议", "2022年12月：……" or "截至2023年3月29日：……"
(``ledger.streams.progress_line``), one per line; an entry's own line breaks continue it. Units
type the same, or the date with no mark after it ("2022年11月20日召开……"), or a comma, or
"2022.11.8"/"2022-11-08". A line before any dated line has no date to file it under: it is not
taken, and the reader lists it (with the cell) instead of dropping it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Precision words, as the ledger stores them (``ledger.models.DatePrecision``'s values).
DAY, MONTH, AS_OF = "day", "month", "as_of"

_LINE = re.compile(
    r"^(?P<as_of>截至|截止)?\s*"
    r"(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?+"  # a day once read stays read
    r"|(?P<y2>\d{4})[.．\-/](?P<m2>\d{1,2})[.．\-/](?P<d2>\d{1,2})日?)"
    r"[:：，,、\s]*(?P<body>[^:：，,、\s].*)$"
)


@dataclass(frozen=True, slots=True)
class ProgressLine:
    on: dt.date
    precision: str  # DAY, MONTH or AS_OF
    text: str


@dataclass
class ProgressReading:
    entries: list[ProgressLine] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # lines not taken: no date to file them under


def _dated(line: str) -> ProgressLine | None:
    match = _LINE.match(line)
    if not match:
        return None
    year, month, day = match["y"] or match["y2"], match["m"] or match["m2"], match["d"] or match["d2"]
    try:
        on = dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None  # "2022年13月": not a date, so the line is not dated either
    body = match["body"].strip()
    precision = AS_OF if match["as_of"] else (DAY if day else MONTH)
    return ProgressLine(on, precision, body)


def read_progress(text: str) -> ProgressReading:
    """The dated entries of a 整改进展 cell, and the lines before the first date (not taken)."""
    reading = ProgressReading()
    pending: ProgressLine | None = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        dated = _dated(line)
        if dated is not None:
            if pending is not None:
                reading.entries.append(pending)
            pending = dated
        elif pending is not None:  # the entry's own next line
            pending = ProgressLine(pending.on, pending.precision, f"{pending.text}\n{line}")
        else:
            reading.undated.append(line)
    if pending is not None:
        reading.entries.append(pending)
    return reading
