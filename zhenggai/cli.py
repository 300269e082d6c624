"""`zhenggai`: the single entry point. Every Django management command is a subcommand."""

import os
import sys

# Commands that need no database and no Django set-up.
_STANDALONE = {"intake", "intake-eval"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in _STANDALONE:
        from zhenggai.intake.cli import run

        sys.exit(run(args))
    # `zhenggai serve` is the production server; everything else (and the demo) defaults to base.
    default = "zhenggai.settings.production" if args[:1] == ["serve"] else "zhenggai.settings.base"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenggai", *args])


if __name__ == "__main__":
    main()
