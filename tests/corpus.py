"""Where the shared notice corpus lives (beside the repository, as in CI; override with an env var)."""

import os
from pathlib import Path

CORPUS_DIR = Path(
    os.environ.get("ZHENGGAI_NOTICE_CORPUS", Path(__file__).resolve().parents[2] / "shared/corpus/notices")
)
SEED_NOTICE = CORPUS_DIR / "000_seed_zhanhua_kejiju.txt"
