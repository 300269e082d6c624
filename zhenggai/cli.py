"""`zhenggai`: the single entry point. Every Django management command is a subcommand."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenggai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
