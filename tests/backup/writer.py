"""A writer for the backup tests, run as its own process against a site (DATABASE_URL and
ZHENGGAI_MEDIA_ROOT in its environment): adds progress entries, each with an evidence file,
through ``progress_create`` as the pages do, until the stop file appears.

    python -m tests.backup.writer READY_FILE STOP_FILE
"""

import os
import sys
from pathlib import Path


def main(ready: Path, stop: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings.base")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.utils import timezone

    from zhenggai.ledger.models import Measure, MeasureStatus
    from zhenggai.ledger.services import progress_create

    measure = (
        Measure.objects.live()
        .filter(status__in=[MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS])
        .order_by("pk")
        .first()
    )
    written = 0
    while not stop.exists() and written < 5000:
        payload = f"第 {written} 次进展的佐证材料。\n".encode() * 40
        progress_create(
            measure=measure,
            happened_on=timezone.localdate(),
            text=f"并发写入的进展 {written}",
            reporter=None,
            files=[SimpleUploadedFile(f"进展佐证-{written}.txt", payload, content_type="text/plain")],
        )
        written += 1
        if written == 3:
            ready.write_text("ready")
    connection.close()
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
