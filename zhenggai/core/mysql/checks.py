"""``core.E101`` (database check, so ``migrate`` runs it): on MySQL/MariaDB the server must know the
site's time zone. Django converts dates to it in SQL (``CONVERT_TZ``: the dashboards' days, the
workbench's "today"), which gives NULL, silently, until the server's time zone tables are loaded."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections


def converts(connection, zone: str) -> bool:
    """Whether the server converts UTC to ``zone`` (its time zone tables know the zone)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CONVERT_TZ('2024-01-01 00:00:00', 'UTC', %s)", [zone])
        return cursor.fetchone()[0] is not None


@register(Tags.database)
def mysql_time_zone_tables(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "mysql" or not settings.USE_TZ:
            continue
        if not converts(connection, settings.TIME_ZONE):
            errors.append(
                Error(
                    f"MySQL/MariaDB 服务器没有时区“{settings.TIME_ZONE}”:日期换算(CONVERT_TZ)会得到空值。",
                    hint="Load the time zone tables: mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb -u root mysql "
                    "(mysql_tzinfo_to_sql on MySQL); see docs/databases.md.",
                    id="core.E101",
                )
            )
    return errors
