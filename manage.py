#!/usr/bin/env python
"""Same as the `zhenggai` console script, for those used to Django's manage.py."""

from zhenggai.cli import main

if __name__ == "__main__":
    main()
