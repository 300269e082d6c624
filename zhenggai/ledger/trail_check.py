"""The ledger against the trail: what ``zhenggai verify`` finds when rows were written behind the
services (raw SQL), or the trail was emptied or shortened while the ledger stayed.

- every problem, measure and progress entry has its creation event (so an emptied or shortened
  trail fails as soon as ledger data exists: the demo loader and both imports go through the
  services, which record one for each row);
- every measure's status equals the target of its last recorded status change
  (``changes["status"] == [from, to]`` in its create/transition events), except the one move the
  services make without an event of their own: the first progress entry of a not-started measure
  starts it (not_started → in_progress) while the entry's creation event is recorded;
- every struck-off (已销号) measure has the transition event that moved it to ``closed``;
- the counts the database keeps (``Problem.measures_<status>``, ``InspectionTally``) equal their rows.

Each check is one set-based query (no query per row), streamed; at most ``NAMED`` rows of each kind
are named, then a count of the rest. Registered with ``audit.verify`` by ``LedgerConfig.ready``:
the trail sits below the ledger and does not import it.
"""

from django.db import connection
from django.utils.translation import gettext as _

from zhenggai.ledger.counts import PROBLEM_STATUSES, STATUSES, TALLY, TALLY_FIELDS
from zhenggai.ledger.models import MeasureStatus, ProblemStatus

NAMED = 100
_MEASURE = "ledger.measure"


def _status_json(column: str) -> str:
    """``changes["status"]`` of an event (NULL when the event did not change the status)."""
    if connection.vendor == "postgresql":
        return f"({column}->'status')"
    return f"json_extract({column}, '$.status')"


def _status_target(column: str) -> str:
    """``changes["status"][1]`` as text: the status the event moved the measure to."""
    if connection.vendor == "postgresql":
        return f"({column}->'status'->>1)"
    if (
        connection.vendor == "mysql"
    ):  # JSON_EXTRACT gives JSON ("closed"); CAST takes the connection's collation
        return f"CAST(JSON_UNQUOTE(JSON_EXTRACT({column}, '$.status[1]')) AS CHAR)"
    return f"json_extract({column}, '$.status[1]')"


def _mysql_collation() -> str:
    from django.conf import settings

    return settings.MYSQL_COLLATION  # the columns' (zhenggai/settings/base.py)


def _as_text(column: str) -> str:
    if connection.vendor == "mysql":
        return f"CAST({column} AS CHAR(64)) COLLATE {_mysql_collation()}"
    return f"CAST({column} AS VARCHAR(64))"


def _rows(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(1000):
            yield from chunk


def _named(rows, describe) -> list[str]:
    found, more = [], 0
    for row in rows:
        if len(found) < NAMED:
            found.append(describe(row))
        else:
            more += 1
    if more:
        found.append(_("……同类不符另有 %(n)s 处,未一一列出。") % {"n": more})
    return found


def _status_label(status: str | None) -> str:
    try:
        return str(MeasureStatus(status).label)
    except ValueError:
        return str(status)


def _measure_name(row) -> dict:
    return {"problem": row[1], "measure": row[2], "id": row[0]}


def _missing_creation(table: str, object_type: str, extra_join: str, columns: str) -> str:
    return (
        f"SELECT {columns} FROM {table} x {extra_join} WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent e "
        f"WHERE e.object_type = '{object_type}' AND e.object_id = {_as_text('x.id')} AND e.action = 'create') "
        "ORDER BY x.id"
    )


def _empty_trail() -> list[str]:
    sql = (
        "SELECT (SELECT COUNT(*) FROM ledger_problem), (SELECT COUNT(*) FROM ledger_measure), "
        "(SELECT COUNT(*) FROM audit_auditevent)"
    )
    problems, measures, events = next(_rows(sql))
    if events == 0 and (problems or measures):
        return [
            _(
                "审计记录为空,但台账中有 %(problems)s 个问题、%(measures)s 条措施:"
                "审计记录被清空,或台账绕过审计服务写入。"
            )
            % {"problems": problems, "measures": measures}
        ]
    return []


def _creations() -> list[str]:
    problems = _rows(_missing_creation("ledger_problem", "ledger.problem", "", "x.id, x.number"))
    found = _named(
        problems,
        lambda r: (
            _("问题 %(number)s(ID %(id)s)没有新建记录:该问题绕过审计服务写入,或其审计记录被删除。")
            % {"number": r[1], "id": r[0]}
        ),
    )
    measures = _rows(
        _missing_creation(
            "ledger_measure",
            _MEASURE,
            "JOIN ledger_problem p ON p.id = x.problem_id",
            "x.id, p.number, x.number",
        )
    )
    found += _named(
        measures,
        lambda r: (
            _(
                "措施 %(problem)s.%(measure)s(ID %(id)s)没有新建记录:该措施绕过审计服务写入,或其审计记录被删除。"
            )
            % _measure_name(r)
        ),
    )
    entries = _rows(
        _missing_creation("ledger_progressentry", "ledger.progressentry", "", "x.id, x.measure_id")
    )
    found += _named(
        entries,
        lambda r: (
            _(
                "措施(ID %(measure)s)的进展记录(ID %(id)s)没有新建记录:该进展绕过审计服务写入,或其审计记录被删除。"
            )
            % {"id": r[0], "measure": r[1]}
        ),
    )
    return found


def _statuses() -> list[str]:
    target = _status_target("e.changes")
    has_status = _status_json("e.changes")
    sql = f"""
        WITH last_move AS (
            SELECT e.object_id, MAX(e.seq) AS seq FROM audit_auditevent e
            WHERE e.object_type = '{_MEASURE}' AND {has_status} IS NOT NULL GROUP BY e.object_id
        )
        SELECT m.id, p.number, m.number, m.status, {target}
        FROM ledger_measure m
        JOIN ledger_problem p ON p.id = m.problem_id
        JOIN last_move l ON l.object_id = {_as_text("m.id")}
        JOIN audit_auditevent e ON e.seq = l.seq
        WHERE ({target} IS NULL OR {target} <> m.status)
          AND NOT ({target} = 'not_started' AND m.status = 'in_progress'
                   AND EXISTS (SELECT 1 FROM ledger_progressentry pe WHERE pe.measure_id = m.id))
        ORDER BY m.id
    """
    return _named(
        _rows(sql),
        lambda r: (
            _(
                "措施 %(problem)s.%(measure)s(ID %(id)s)的状态为“%(status)s”,"
                "而审计记录中它最后一次状态变更的结果是“%(recorded)s”:状态绕过审计服务被改动。"
            )
            % {**_measure_name(r), "status": _status_label(r[3]), "recorded": _status_label(r[4])}
        ),
    )


def _approvals() -> list[str]:
    target = _status_target("e.changes")
    sql = f"""
        SELECT m.id, p.number, m.number FROM ledger_measure m
        JOIN ledger_problem p ON p.id = m.problem_id
        WHERE m.status = 'closed' AND NOT EXISTS (
            SELECT 1 FROM audit_auditevent e
            WHERE e.object_type = '{_MEASURE}' AND e.object_id = {_as_text("m.id")}
              AND e.action = 'transition' AND {target} = 'closed')
        ORDER BY m.id
    """
    return _named(
        _rows(sql),
        lambda r: (
            _("措施 %(problem)s.%(measure)s(ID %(id)s)已销号,但审计记录中没有批准销号的记录。")
            % _measure_name(r)
        ),
    )


def _problem_counts() -> list[str]:
    actual = ", ".join(f"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END) AS c_{s}" for s in STATUSES)
    differs = " OR ".join(f"COALESCE(c.c_{s}, 0) <> p.measures_{s}" for s in STATUSES)
    stored = ", ".join(f"p.measures_{s}, COALESCE(c.c_{s}, 0)" for s in STATUSES)
    sql = f"""
        SELECT p.id, p.number, {stored} FROM ledger_problem p
        LEFT JOIN (SELECT problem_id, {actual} FROM ledger_measure WHERE deleted_at IS NULL
                   GROUP BY problem_id) c ON c.problem_id = p.id
        WHERE {differs} ORDER BY p.id
    """

    def describe(row) -> str:
        parts = []
        for i, status in enumerate(STATUSES):
            kept, real = row[2 + 2 * i], row[3 + 2 * i]
            if kept != real:
                parts.append(
                    _("“%(status)s”记为 %(kept)s 条、实有 %(real)s 条")
                    % {"status": _status_label(status), "kept": kept, "real": real}
                )
        return _("问题 %(number)s(ID %(id)s)的措施计数与措施不符:%(parts)s。") % {
            "number": row[1],
            "id": row[0],
            "parts": ";".join(parts),
        }

    return _named(_rows(sql), describe)


def _tally_label(name: str) -> str:
    kind, _sep, status = name.partition("_")
    if kind == "problems":
        return _("问题“%(status)s”") % {"status": ProblemStatus(status).label}
    return _("措施“%(status)s”") % {"status": _status_label(status)}


def _tallies() -> list[str]:
    actual = ", ".join(
        [f"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END) AS problems_{s}" for s in PROBLEM_STATUSES]
        + [f"SUM(measures_{s}) AS measures_{s}" for s in STATUSES]
    )
    differs = " OR ".join(f"COALESCE(c.{f}, 0) <> t.{f}" for f in TALLY_FIELDS)
    stored = ", ".join(f"t.{f}, COALESCE(c.{f}, 0)" for f in TALLY_FIELDS)
    sql = f"""
        SELECT i.id, t.inspection_id, {stored} FROM inspections_inspection i
        LEFT JOIN {TALLY} t ON t.inspection_id = i.id
        LEFT JOIN (SELECT inspection_id, {actual} FROM ledger_problem WHERE deleted_at IS NULL
                   GROUP BY inspection_id) c ON c.inspection_id = i.id
        WHERE t.inspection_id IS NULL OR {differs} ORDER BY i.id
    """

    def describe(row) -> str:
        if row[1] is None:
            return _("巡察(ID %(id)s)缺少统计行。") % {"id": row[0]}
        parts = []
        for i, name in enumerate(TALLY_FIELDS):
            kept, real = row[2 + 2 * i], row[3 + 2 * i]
            if kept != real:
                parts.append(
                    _("%(field)s记为 %(kept)s、实有 %(real)s")
                    % {"field": _tally_label(name), "kept": kept, "real": real}
                )
        return _("巡察(ID %(id)s)的统计与台账不符:%(parts)s。") % {"id": row[0], "parts": ";".join(parts)}

    return _named(_rows(sql), describe)


def ledger_findings() -> list[str]:
    """Every way the ledger disagrees with the trail, each naming its row (empty when they agree)."""
    empty = _empty_trail()
    if empty:  # naming every row as "without its creation event" would only repeat it
        return empty + _statuses() + _approvals() + _problem_counts() + _tallies()
    return _creations() + _statuses() + _approvals() + _problem_counts() + _tallies()
