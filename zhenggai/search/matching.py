"""One word inside one or more text columns, in SQL, with the index the migration made.

PostgreSQL: ``zhenggai_bigrams(text) @> zhenggai_bigrams(word)`` finds the rows holding every
two-character piece of the word through a GIN index (any word of two characters or more), then
``upper(text) LIKE upper('%word%')`` keeps those that hold the word itself. SQLite: the ``LIKE``
alone (a scan; SQLite serves one unit's ledger). The word's ``%``, ``_`` and ``\\`` are escaped:
they match themselves.

The text expression must be written exactly as in the index (migration 0001): columns joined by
``|| ' ' ||``, so that the planner recognises it.
"""

from django.db.models import BooleanField, F, Func

BIGRAMS_FUNCTION = "zhenggai_bigrams"


def like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class TextHolds(Func):
    """True where the columns (joined by a space) hold ``word``, case-insensitively."""

    output_field = BooleanField()

    def __init__(self, *columns: str, word: str):
        super().__init__(*(F(column) for column in columns))
        self.word = word

    def _text(self, compiler, connection) -> tuple[str, list]:
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        return (parts[0] if len(parts) == 1 else "(" + " || ' ' || ".join(parts) + ")"), params

    def as_sql(self, compiler, connection, **extra):
        text, params = self._text(compiler, connection)
        pattern = f"%{like_escape(self.word)}%"
        return f"({text} LIKE %s ESCAPE '\\')", [*params, pattern]

    def as_postgresql(self, compiler, connection, **extra):
        text, params = self._text(compiler, connection)
        pattern = f"%{like_escape(self.word)}%"
        sql = f"({BIGRAMS_FUNCTION}({text}) @> {BIGRAMS_FUNCTION}(%s) AND upper({text}) LIKE upper(%s) ESCAPE '\\')"
        return sql, [*params, self.word, *params, pattern]
