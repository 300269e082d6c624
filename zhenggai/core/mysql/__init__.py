"""Django's MySQL/MariaDB backend as Zhenggai uses it (``ENGINE = "zhenggai.core.mysql"``, set by the
settings for ``mysql://`` URLs). docs/databases.md."""
