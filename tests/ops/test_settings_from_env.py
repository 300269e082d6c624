"""ADMINS and the worker count from the environment."""

import os
import subprocess
import sys

import pytest

from zhenggai.ops.serving import MAX_WORKERS, worker_count


def test_admins_are_read_from_zhenggai_admins():
    code = "from django.conf import settings; import django; django.setup(); print(settings.ADMINS)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhenggai.settings.base",
        "ZHENGGAI_ADMINS": "张三 <zhangsan@example.cn>, Li Si <lisi@example.cn>",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('张三', 'zhangsan@example.cn'), ('Li Si', 'lisi@example.cn')]"


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (3, 7), (16, MAX_WORKERS)])
def test_workers_are_twice_the_cores_plus_one_capped(monkeypatch, cores, workers):
    monkeypatch.delenv("ZHENGGAI_WORKERS", raising=False)
    assert worker_count(cores) == workers


def test_zhenggai_workers_overrides(monkeypatch):
    monkeypatch.setenv("ZHENGGAI_WORKERS", "12")
    assert worker_count(2) == 12
