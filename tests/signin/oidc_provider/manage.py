#!/usr/bin/env python
"""A stand-in 统一身份认证 provider for the tests: django-oauth-toolkit's OpenID Connect provider, run
as its own server by tests/signin/test_oidc.py (see provider/settings.py for what it reads)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "provider.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
