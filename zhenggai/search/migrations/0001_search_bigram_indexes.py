"""Indexes for keyword search on PostgreSQL: every two-character piece (bigram) of each searched
text in a GIN index, so that any word of two characters or more is found inside a Chinese sentence
(docs/decisions/0006-search.md). Nothing on SQLite, where search is a scan of LIKE conditions.

No extension is needed: ``zhenggai_bigrams`` is a plain SQL function, created by the role that
owns the tables (the one that runs ``migrate``).
"""

from django.db import migrations

# Every character doubled, the first and last copies dropped, then cut after every two characters:
# ``台账清单`` → ``台台账账清清单单`` → ``台账账清清单`` → {台账, 账清, 清单}. Built-in string
# functions only (no set-returning subquery): a few microseconds a row, so that building the
# indexes over a province's 1.6 million progress entries takes minutes, not an hour. The empty piece
# after the last cut is removed (it would be a key every row has). \x01 is the cut mark: a word
# never holds a control character (zhenggai.search.query refuses them).
FUNCTION = r"""
CREATE OR REPLACE FUNCTION zhenggai_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT array_remove(string_to_array(
    regexp_replace(
      substr(regexp_replace(upper(value), '(.)', '\1\1', 'g'), 2, greatest(2 * length(value) - 2, 0)),
      '(..)', E'\\1\x01', 'g'),
    E'\x01'), '')
$$
"""

# (index, table, text expression, live rows only). The expressions are the ones
# zhenggai.search.matching.TextHolds writes, so that the planner uses the indexes.
INDEXES = (
    ("search_problem_text", "ledger_problem", "(title || ' ' || description)", True),
    ("search_measure_text", "ledger_measure", "content", True),
    ("search_progress_text", "ledger_progressentry", "text", True),
    ("search_evidence_name", "ledger_evidence", "original_name", False),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, table, expression, live in INDEXES:
        where = " WHERE deleted_at IS NULL" if live else ""
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (zhenggai_bigrams({expression})){where}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, *_ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS zhenggai_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_inspection_revision")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
