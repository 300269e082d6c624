"""Search hits: which rows the user may see hold every word, then what a page of them shows.

Two steps, each a fixed number of queries whatever the data size:

1. ``search_keys``: for each kind of row (problem, measure, progress entry, evidence file) one
   query, scoped by the choke point (``visible_*``), that returns the keys of the newest
   ``HIT_LIMIT`` matching rows (and one more, to know there were more). The keys are sorted in
   Python into the order the page groups them by: inspection, problem, measure.
2. ``search_page``: the rows of one page of keys, read again through ``visible_*`` (one query for
   each kind present, one for the problems and inspections).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Subquery
from django.urls import reverse

from zhenggai.accounts.scope import scope_for
from zhenggai.core.types import Viewer
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, Problem
from zhenggai.ledger.permissions import visible_evidence, visible_measures, visible_problems, visible_progress
from zhenggai.search.highlight import Excerpt, excerpt_of
from zhenggai.search.matching import TextHolds, bigrams
from zhenggai.search.query import SearchQuery

# Newest matching rows kept of each kind. A word found in more rows than this needs another
# word to narrow it: the page says so (``SearchKeys.truncated``).
HIT_LIMIT = 200
KINDS = ("problem", "measure", "progress", "evidence")
TITLE_WIDTH = 200


@dataclass(frozen=True)
class HitKey:
    kind: str
    pk: int
    inspection_id: int
    problem_id: int
    problem_number: int
    measure_id: int | None
    measure_number: int

    @property
    def order(self) -> tuple[int, ...]:
        """Newest inspection first; in it, by problem, then the problem's own hit, then by measure."""
        return (-self.inspection_id, self.problem_number, self.problem_id, self.measure_number,
                self.measure_id or 0, KINDS.index(self.kind), self.pk)  # fmt: skip


@dataclass
class SearchKeys:
    keys: list[HitKey]
    truncated: bool  # some kind had more than HIT_LIMIT matching rows


def _holds_every_word(columns: tuple[str, ...], query: SearchQuery, *, indexed: bool = True) -> Q:
    condition = Q()
    for word in query.words:
        condition &= Q(TextHolds(*columns, word=word, indexed=indexed))
    return condition


# A query whose every two-character piece is in at least this share of a kind's rows is looked for
# without the bigram index: the newest rows are walked until the limit is reached (a few thousand
# rows), where the index would hand over every row that holds it (tens of thousands at province
# scale) to be joined to the scope and sorted.
FREQUENT = 0.01
INDEXES = {"problem": "search_problem_text", "measure": "search_measure_text",
           "progress": "search_progress_text", "evidence": "search_evidence_name"}  # fmt: skip


def _frequent_kinds(query: SearchQuery) -> dict[str, float]:
    """The kinds in which every piece of the query is frequent, each with the share of its rows
    that hold the query's rarest piece, from the statistics PostgreSQL keeps of the bigram indexes
    (their most common elements, refreshed by ANALYZE). One query; none on SQLite. (The rarest
    piece's share bounds the query's; PostgreSQL's own estimate multiplies the pieces' shares as if
    they were independent, and for 高新技术企业 in 2 % of the rows it expects one row.)"""
    if connection.vendor != "postgresql":
        return {}
    pieces = set().union(*(bigrams(word) for word in query.words))
    kinds = {index: kind for kind, index in INDEXES.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = ANY(%s) AND most_common_elems IS NOT NULL",
            [list(kinds)],
        )
        rows = cursor.fetchall()
    frequent = {}
    for index, elements, freqs in rows:
        share = dict(zip(elements, freqs, strict=False))
        rarest = min(share.get(piece, 0) for piece in pieces)
        if rarest >= FREQUENT:
            frequent[kinds[index]] = rarest
    return frequent


# The walk of a frequent query: windows of the newest ids, each sized to hold the rows still
# wanted at the query's share (twice over), growing fourfold when the scope holds fewer; at most
# ``WALK_STEPS`` windows, the last one open-ended (whatever is left below it).
WALK_STEPS = 5


def _broad(user: Viewer) -> bool:
    """Whether the user's scope is most of the ledger (an inspection office, or everything): where
    a frequent word's newest matches are found among the newest rows. A unit's or an office's
    scope is a sliver of the province: its rows are found from the scope."""
    scope = scope_for(user)
    return scope.everything or bool(scope.supervised_prefixes)


def _newest_walked(
    rows: QuerySet[Any], fields: list[str], *, limit: int, share: float
) -> list[tuple[Any, ...]]:
    """The newest ``limit + 1`` of ``rows`` (ordered by id, descending), read window by window
    from the top id down. The planner cannot be trusted here: it estimates ``LIKE '%台账%'`` to hold
    a dozen rows where it holds thousands, so with ``ORDER BY id DESC LIMIT`` it scans and sorts
    every row (44 ms for problems, 500 ms for progress entries, as the provincial office) instead
    of walking the newest ones; in a window of ids it reads only those."""
    newest = Subquery(rows.model.objects.order_by("-pk").values("pk")[:1])
    size = int(2 * (limit + 1) / share) + 1
    # The first window is counted from the newest id inside the query, which also returns it with
    # each row: no query of its own to learn where the ids end (one only when that window is empty).
    first = list(
        rows.filter(pk__gt=newest - size)
        .order_by("-pk")
        .annotate(_newest=newest)
        .values_list(*fields, "_newest")[: limit + 1]
    )
    found: list[tuple[Any, ...]] = [row[:-1] for row in first]
    if len(found) > limit:
        return found
    top = first[0][-1] if first else rows.model.objects.order_by("-pk").values_list("pk", flat=True).first()
    high, size = (top or 0) - size + 1, size * 4
    for step in range(1, WALK_STEPS):
        if high <= 0:
            break
        low = high - size if step < WALK_STEPS - 1 else 0
        window = rows.filter(pk__gte=low, pk__lt=high).order_by("-pk").values_list(*fields)
        found.extend(window[: limit + 1 - len(found)])
        if len(found) > limit:
            break
        high, size = low, size * 4
    return found


# Per kind: the scoped rows, the text columns searched, and the key fields (pk, inspection,
# problem, problem's number, measure, measure's number) as paths from the row.
_SOURCES = {
    "problem": (("title", "description"), ("pk", "inspection_id", "pk", "number", None, None)),
    "measure": (
        ("content",),
        ("pk", "problem__inspection_id", "problem_id", "problem__number", "pk", "number"),
    ),
    "progress": (
        ("text",),
        (
            "pk",
            "measure__problem__inspection_id",
            "measure__problem_id",
            "measure__problem__number",
            "measure_id",
            "measure__number",
        ),
    ),  # fmt: skip
    "evidence": (
        ("original_name",),
        (
            "pk",
            "entry__measure__problem__inspection_id",
            "entry__measure__problem_id",
            "entry__measure__problem__number",
            "entry__measure_id",
            "entry__measure__number",
        ),
    ),  # fmt: skip
}


def _scoped(user: Viewer, kind: str) -> QuerySet[Any]:
    if kind == "problem":
        return visible_problems(user)
    if kind == "measure":
        return visible_measures(user)
    if kind == "progress":
        return visible_progress(user)
    return visible_evidence(user)


def search_keys(user: Viewer, query: SearchQuery, *, limit: int = HIT_LIMIT) -> SearchKeys:
    keys: list[HitKey] = []
    truncated = False
    frequent = _frequent_kinds(query)
    broad = bool(frequent) and _broad(user)
    for kind in KINDS:
        columns, paths = _SOURCES[kind]
        fields = list(dict.fromkeys(p for p in paths if p is not None))
        matching = _scoped(user, kind).filter(_holds_every_word(columns, query, indexed=kind not in frequent))
        if kind in frequent and broad:
            rows = _newest_walked(matching, fields, limit=limit, share=frequent[kind])
        else:
            rows = list(matching.order_by("-pk").values_list(*fields)[: limit + 1])
        if len(rows) > limit:
            truncated, rows = True, rows[:limit]
        index = {name: i for i, name in enumerate(fields)}
        for row in rows:
            pk, inspection, problem, number, measure, measure_number = (
                None if p is None else row[index[p]] for p in paths
            )
            assert pk is not None and inspection is not None and problem is not None and number is not None
            keys.append(HitKey(kind, pk, inspection, problem, number, measure, measure_number or 0))
    keys.sort(key=lambda k: k.order)
    return SearchKeys(keys=keys, truncated=truncated)


@dataclass
class Hit:
    kind: str
    pk: int
    problem: Problem
    measure: Measure | None
    excerpt: Excerpt
    title: Excerpt  # the problem's title, highlighted
    url: str
    happened_on: object = None  # a progress entry's date
    entry_id: int | None = None  # an evidence file's progress entry

    @property
    def inspection(self) -> Inspection:
        return self.problem.inspection


@dataclass
class HitGroup:
    """The hits of one inspection (unit, round), in page order."""

    inspection: Inspection
    hits: list[Hit] = field(default_factory=list)


def _by_pk(qs: QuerySet[Any], pks: set[int]) -> dict[int, Any]:
    return {obj.pk: obj for obj in qs.filter(pk__in=pks)} if pks else {}


def search_page(user: Viewer, query: SearchQuery, keys: list[HitKey]) -> list[Hit]:
    """The hits of ``keys`` (one page), in their order; a row deleted or hidden since the keys
    were read is left out."""
    wanted: dict[str, set[int]] = {kind: set() for kind in KINDS}
    for key in keys:
        wanted[key.kind].add(key.pk)
    problems = _by_pk(
        visible_problems(user).select_related("inspection__unit", "inspection__round"),
        {k.problem_id for k in keys},
    )
    measures = _by_pk(
        visible_measures(user), {k.measure_id for k in keys if k.measure_id} | wanted["measure"]
    )
    entries = _by_pk(visible_progress(user), wanted["progress"])
    files = _by_pk(visible_evidence(user), wanted["evidence"])
    hits = []
    for key in keys:
        problem = problems.get(key.problem_id)
        measure = measures.get(key.measure_id) if key.measure_id else None
        if problem is None or (key.measure_id and measure is None):
            continue
        url = reverse("problem", args=[problem.pk]) + (f"#measure-{measure.pk}" if measure else "")
        extra = {}
        if key.kind == "problem":
            # The title is the hit's heading; the description is shown where it holds a word.
            held = [t for t in (problem.description,) if t and _holds_any(t, query)]
            text = held[0] if held else problem.title
        elif key.kind == "measure":
            assert measure is not None  # a measure's hit has its measure (checked above)
            text = measure.content
        elif key.kind == "progress":
            entry = entries.get(key.pk)
            if entry is None:
                continue
            text, extra = entry.text, {"happened_on": entry.happened_on}
        else:
            evidence = files.get(key.pk)
            if evidence is None:
                continue
            text, extra = evidence.original_name, {"entry_id": evidence.entry_id}
        title = excerpt_of(problem.title, query.words, width=TITLE_WIDTH)
        hits.append(
            Hit(key.kind, key.pk, problem, measure, excerpt_of(text, query.words), title, url, **extra)
        )
    return hits


def _holds_any(text: str, query: SearchQuery) -> bool:
    folded = text.casefold()
    return any(word.casefold() in folded for word in query.words)


def hits_grouped(hits: list[Hit]) -> list[HitGroup]:
    groups: list[HitGroup] = []
    for hit in hits:
        if not groups or groups[-1].inspection.pk != hit.inspection.pk:
            groups.append(HitGroup(hit.inspection))
        groups[-1].hits.append(hit)
    return groups
