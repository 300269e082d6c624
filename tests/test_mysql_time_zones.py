"""On MySQL/MariaDB the server must know the site's time zone (core.E101, docs/databases.md): with
the tables loaded the check is silent, and a zone the server does not know is what it reports."""

import pytest
from django.db import connection

from zhenggai.core.mysql.checks import converts, mysql_time_zone_tables

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "mysql", reason="the time zone tables are MySQL/MariaDB's"),
]


def test_the_site_zone_converts_and_the_check_is_silent():
    assert converts(connection, "Asia/Shanghai")
    assert mysql_time_zone_tables(databases=["default"]) == []


def test_a_zone_the_server_does_not_know_gives_null():
    assert not converts(connection, "Nowhere/Atlantis")
