"""One word inside one or more text columns, in SQL, with the index the migration made.

PostgreSQL: ``zhenggai_bigrams(text) @> zhenggai_bigrams(word)`` finds the rows holding every
two-character piece of the word through a GIN index (any word of two characters or more), then
``upper(text) LIKE upper('%word%')`` keeps those that hold the word itself. SQLite: the ``LIKE``
alone (a scan; SQLite serves one unit's ledger). MySQL/MariaDB: the same scan (MariaDB has no
n-gram full-text parser, docs/decisions/0006-search.md), the columns joined with ``CONCAT_WS`` and
both sides lowered where the word has a case (the collation is binary, docs/databases.md). The word's ``%``, ``_`` and ``\\`` are escaped:
they match themselves.

The text expression must be written exactly as in the index (migration 0001): columns joined by
``|| ' ' ||``, so that the planner recognises it.
"""

from django.db.models import BooleanField, F, Func

BIGRAMS_FUNCTION = "zhenggai_bigrams"


def like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def has_case(word: str) -> bool:
    """Whether the word has letters with an upper and a lower case (Latin…; Chinese has none)."""
    return word.upper() != word.lower()


def bigrams(word: str) -> set[str]:
    """The word's two-character pieces, as ``zhenggai_bigrams`` cuts them (upper case)."""
    upper = word.upper()
    return {upper[i : i + 2] for i in range(len(upper) - 1)}


class TextHolds(Func):
    """True where the columns (joined by a space) hold ``word``, ignoring case where the word has
    any. ``indexed=False`` leaves the bigram condition out on PostgreSQL: for a word most rows hold,
    walking the newest rows and stopping at the page's limit is quicker than any index."""

    output_field = BooleanField()

    def __init__(self, *columns: str, word: str, indexed: bool = True):
        super().__init__(*(F(column) for column in columns))
        self.word, self.indexed = word, indexed

    def _text(self, compiler, connection) -> tuple[str, list]:
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        return (parts[0] if len(parts) == 1 else "(" + " || ' ' || ".join(parts) + ")"), params

    def as_sql(self, compiler, connection, **extra):
        # SQLite's LIKE ignores the case of ASCII letters.
        text, params = self._text(compiler, connection)
        return f"({text} LIKE %s ESCAPE '\\')", [*params, f"%{like_escape(self.word)}%"]

    def as_postgresql(self, compiler, connection, **extra):
        text, params = self._text(compiler, connection)
        pattern = f"%{like_escape(self.word)}%"
        # A plain LIKE compares bytes; upper() on every row is the expensive part, so only where
        # the word has a case to ignore.
        like = (
            f"upper({text}) LIKE upper(%s) ESCAPE '\\'"
            if has_case(self.word)
            else f"{text} LIKE %s ESCAPE '\\'"
        )
        if not self.indexed:
            return f"({like})", [*params, pattern]
        sql = f"({BIGRAMS_FUNCTION}({text}) @> {BIGRAMS_FUNCTION}(%s) AND {like})"
        return sql, [*params, self.word, *params, pattern]

    def as_mysql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        text = parts[0] if len(parts) == 1 else f"CONCAT_WS(' ', {', '.join(parts)})"
        pattern = f"%{like_escape(self.word)}%"
        # '\\' in the SQL: a backslash escapes inside MySQL's string literals too.
        if has_case(self.word):
            return f"(LOWER({text}) LIKE LOWER(%s) ESCAPE '\\\\')", [*params, pattern]
        return f"({text} LIKE %s ESCAPE '\\\\')", [*params, pattern]
