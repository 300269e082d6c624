"""The notice corpus the tests read: ``tests/corpus/notices`` in the repository (its README says what
it is and how its ground truth was read off); ``ZHENGGAI_NOTICE_CORPUS`` points elsewhere."""

import os
from pathlib import Path

CORPUS_DIR = Path(os.environ.get("ZHENGGAI_NOTICE_CORPUS", Path(__file__).resolve().parent / "notices"))
SEED_NOTICE = CORPUS_DIR / "000_seed_zhanhua_kejiju.txt"
