"""On MySQL/MariaDB `zhenggai backup` refuses, in Chinese, naming the tool to use instead
(docs/databases.md)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhenggai.backup.archive import BackupError
from zhenggai.backup.databases import database_engine

pytestmark = pytest.mark.skipif(connection.vendor != "mysql", reason="the refusal is MySQL/MariaDB's")


@pytest.mark.django_db
def test_backup_refuses_mysql_and_names_the_dump_tool(tmp_path):
    with pytest.raises(BackupError) as caught:
        database_engine()
    assert "不支持 MySQL/MariaDB" in str(caught.value) and "mariadb-dump" in str(caught.value)
    archive = tmp_path / "b.tar"
    with pytest.raises(CommandError, match="mariadb-dump"):
        call_command("backup", str(archive))
    assert not archive.exists()
