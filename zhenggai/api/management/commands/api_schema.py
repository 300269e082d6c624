"""`zhenggai api_schema [--check]`: write (or check) docs/openapi.yaml, the committed API schema."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from zhenggai.api.schema import SPECTACULAR_ARGS

SCHEMA_FILE = Path(settings.BASE_DIR).parent / "docs" / "openapi.yaml"


def generate() -> str:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "openapi.yaml"
        call_command("spectacular", *SPECTACULAR_ARGS, "--file", str(target))
        return target.read_text(encoding="utf-8")


class Command(BaseCommand):
    help = "Write docs/openapi.yaml from the API code (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="do not write; fail if the file differs")

    def handle(self, *args, check=False, **options):
        schema = generate()
        if check:
            if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != schema:
                raise CommandError(f"{SCHEMA_FILE} is out of date: run `uv run zhenggai api_schema`.")
            self.stdout.write("docs/openapi.yaml is up to date.")
            return
        SCHEMA_FILE.write_text(schema, encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_FILE}")
