"""Django's MySQL/MariaDB backend with two changes, both because the database's collation is binary
(``utf8mb4_nopad_bin``: text compares and sorts by code point and trailing spaces count, as on
PostgreSQL with its ``C.UTF-8`` collation; docs/databases.md):

* the case-insensitive lookups (``iexact``, ``icontains``, …) lower both sides, as Django's
  PostgreSQL backend upper-cases them, instead of relying on a case-insensitive collation;
* a flush (between transactional tests) empties the audit table with TRUNCATE, which does not fire
  its append-only DELETE trigger (``zhenggai.audit.append_only``), as on PostgreSQL.
"""

from django.db.backends.mysql import base, operations

AUDIT_TABLE = "audit_auditevent"
_INSENSITIVE = ("iexact", "icontains", "istartswith", "iendswith")


class DatabaseOperations(operations.DatabaseOperations):
    def lookup_cast(self, lookup_type, internal_type=None):
        lookup = super().lookup_cast(lookup_type, internal_type)
        if lookup_type in _INSENSITIVE and internal_type != "JSONField":
            return f"LOWER({lookup})"
        return lookup

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        delete = f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(self.quote_name(AUDIT_TABLE))};"
        truncate = f"{style.SQL_KEYWORD('TRUNCATE')} {style.SQL_FIELD(self.quote_name(AUDIT_TABLE))};"
        return [truncate if statement == delete else statement for statement in sql]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    operators = {
        **base.DatabaseWrapper.operators,
        "iexact": "LIKE LOWER(%s)",
        "icontains": "LIKE LOWER(%s)",
        "istartswith": "LIKE LOWER(%s)",
        "iendswith": "LIKE LOWER(%s)",
    }
    pattern_ops = {
        **base.DatabaseWrapper.pattern_ops,
        "icontains": "LIKE LOWER(CONCAT('%%', {}, '%%'))",
        "istartswith": "LIKE LOWER(CONCAT({}, '%%'))",
        "iendswith": "LIKE LOWER(CONCAT('%%', {}))",
    }
