"""Writes docs/benchmarks.md from a full run of benchmarks/run.py (figures, machine, limits)."""

from __future__ import annotations

import datetime as dt


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _load(pair) -> str:
    return f"{pair[0]:.2f} / {pair[1]:.2f} / {pair[2]:.2f}"


def render_docs(*, url, args, report, machine, argv) -> str:  # noqa: C901 - one page, top to bottom
    d = report.details
    sizes = d["sizes"]
    rows = "\n".join(
        f"| {f.what.strip().lstrip('… ')} | {f.measured} | {f.target} | {'yes' if f.ok else '**no**'} |"
        for f in report.figures
    )
    out = [
        "# Benchmarks",
        "",
        "Zhenggai on a province-sized synthetic dataset: what each figure is, how it was measured, what it",
        "came to on this machine, and what limits it now. Everything here is written by the benchmark",
        "itself (`benchmarks/run.py`, template in `benchmarks/bench_docs.py`); the prose on limits comes",
        "from the investigations recorded at the end.",
        "",
        "## Run it",
        "",
        "```bash",
        "uv run python benchmarks/run.py            # creates zhenggai_bench on 127.0.0.1:5432, loads scale 1",
        "uv run python benchmarks/run.py --fresh    # drop and reload the data first",
        "uv run python benchmarks/run.py --quick    # tiny data, own database, dropped after (the test suite)",
        "uv run zhenggai synth --scale 1.0 --seed 1 # the data alone, into the configured database",
        "```",
        "",
        f"This run: `uv run python benchmarks/run.py {argv}` against `{url}`, "
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, {d['seconds'] / 60:.1f} minutes.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {machine['cpu']}, {machine['cores']} cores |",
        f"| memory | {machine['memory']} |",
        f"| system | {machine['os']}, Python {machine['python']}, {d.get('postgres', 'PostgreSQL')} |",
        f"| load average (1/5/15 min) | before {_load(d['load_before'])}, after {_load(d['load_after'])} |",
        "",
        "The machine is shared: other work (test suites of other checkouts, browsers) ran during the",
        "run, as the load averages show. PostgreSQL, the application and the load generator share the two",
        "cores. Figures are wall-clock; CPU times are given where they tell more.",
        "",
        "## Data",
        "",
        f"`zhenggai synth --scale {args.scale:g}`: {sizes['units']:,} inspected units under 16 city committees and",
        f"the province, {sizes['problems']:,} problems, {sizes['measures']:,} measures, "
        f"{sizes['progress']:,} progress entries, plus users in every role, plans, meetings,",
        "transitions, evidence and look-back reviews (see `zhenggai/synth/generate.py` for the",
        "proportions). Synthetic data is fixture data: it is written with COPY and bypasses the services",
        "and so the audit trail, which it leaves untouched (`zhenggai verify` passes).",
        "",
    ]
    if d.get("synth_output"):
        out += [
            f"Loaded in this run in {d['synth_seconds']:.0f} s (time per table includes generating its rows):",
            "",
            "```",
            d["synth_output"].rstrip(),
            "```",
            "",
        ]
    loads = d.get("loadavg", {})
    out += [
        "## Results",
        "",
        "| what | measured | target | met |",
        "|---|---|---|---|",
        rows,
        "",
        "Load average (1 min) when each measurement started: "
        + ", ".join(f"{case} {value:.2f}" for case, value in loads.items())
        + ". Above 2, the machine's two cores were busy with other work as well.",
        "",
    ]
    if "dashboard" in d:
        x = d["dashboard"]
        out += [
            "### Inspection-office dashboard, whole province",
            "",
            f"`GET /dashboard/` as `syn-sheng-xcb1` (provincial inspection office: {x['units']:,} units, "
            f"{x['problems']:,} problems, {x['measures']:,} measures), {x['runs']} runs after 3 warm-ups in a fresh",
            f"process: p50 {_ms(x['p50'])}, p95 {_ms(x['p95'])}; CPU p50 {_ms(x['cpu_p50'])}; "
            f"{x['queries']} queries; {x['bytes'] / 1024:.0f} KiB.",
            f"The bare SQL is the {x['sql_statements']} aggregate statements the page runs, executed directly "
            f"through a cursor: p50 {_ms(x['sql_p50'])}, p95 {_ms(x['sql_p95'])}; page/SQL at p50 "
            f"{x['p50'] / x['sql_p50']:.2f}×.",
            "",
        ]
    if "ledger" in d:
        x = d["ledger"]
        out += [
            "### A unit's ledger page",
            "",
            f"`GET /inspections/<id>/` as the showcase unit's liaison ({x['problems']} problems, {x['measures']} "
            f"measures; the synthetic data always has this unit): p50 {_ms(x['p50'])}, p95 {_ms(x['p95'])}, "
            f"CPU p50 {_ms(x['cpu_p50'])}, {x['queries']} queries — the same {x['small_queries']} as a unit with "
            f"{x['small_problems']} problems and {x['small_measures']} measures. Rendered on every request "
            "(the response cache is off for the single pages: these are the times after any change).",
            "",
        ]
    if "problems" in d:
        x = d["problems"]
        out += [
            "### A city committee's problem list",
            "",
            f"`GET {x['url']}` as the inspection office of {x['city']} ({x['city_units']} units, "
            f"{x['city_problems']:,} problems in scope), first page of 50: p50 {_ms(x['p50'])}, "
            f"p95 {_ms(x['p95'])}, {x['queries']} queries.",
            "",
        ]
    if "search" in d:
        out += [
            "### Keyword search",
            "",
            "`GET /search/?q=…` as `syn-sheng-xcb1` (the provincial office: every unit in scope) and as the "
            "showcase unit's liaison (one unit); a word the synthetic ledgers use often, one they never use "
            "(the whole scope must be ruled out), and a longer word (docs/decisions/0006-search.md):",
            "",
            "| who, word | hits | p50 | p95 | queries |",
            "|---|---|---|---|---|",
            *(
                f"| {key.split(':')[0]}, “{x['q']}” ({x['label']}) | {x['hits']}{'+' if x['truncated'] else ''} "
                f"| {_ms(x['p50'])} | {_ms(x['p95'])} | {x['queries']} |"
                for key, x in d["search"].items()
            ),
            "",
        ]
    for which, label in (("round", "a whole round"), ("all", "all three rounds")):
        x = d.get(f"xlsx_{which}")
        if not x:
            continue
        export = min(x["cases"]["export"], key=lambda r: r["seconds"])
        out += [
            f"### XLSX ledger export, {label}",
            "",
            f"{export['round']}: {export['rows']:,} measure rows with their progress and evidence, written by "
            f"`ledger_rows` + `write_ledger_xlsx` as the export job runs them, in a fresh process (best of "
            f"{len(x['cases']['export'])}, interleaved with the baseline): {x['best']['export']:.1f} s, peak RSS "
            f"{x['rss']:.0f} MB (the process, Python and Django included; {export['rss0_mb']:.0f} MB before "
            f"writing), {export['bytes'] / 2**20:.0f} MiB file. Baseline: the same rows, read into memory "
            f"first, through a bare openpyxl write-only loop (plain values, no styles, no merges): "
            f"{x['best']['bare']:.1f} s; ratio {x['ratio']:.2f}×.",
            "",
        ]
    if "notice" in d:
        x = d["notice"]
        out += [
            "### The seed notice",
            "",
            "`GET /notices/<id>/download/docx|pdf/` as the liaison, in a fresh process: the first request "
            "pays WeasyPrint's import and font set-up (PDF).",
            "",
            "| format | first | warm (median of 3) | size |",
            "|---|---|---|---|",
            *(
                f"| {fmt.upper()} | {x[fmt]['first']:.2f} s | {x[fmt]['warm']:.2f} s | {x[fmt]['bytes'] / 1024:.0f} KiB |"
                for fmt in ("docx", "pdf")
            ),
            "",
        ]
    if "load" in d:
        x = d["load"]
        out += [
            "### Mixed read load",
            "",
            f"gunicorn ({x['workers']} sync workers, `DATABASE_CONN_MAX_AGE={x['conn_max_age']}`"
            + (
                f", `ZHENGGAI_CACHE_URL={x['cache_url']}`: sessions read from Redis"
                if x.get("cache_url")
                else ""
            )
            + ") started by the "
            f"script on 127.0.0.1 and a free port; {x['sessions']} sessions (logged in through the login form: "
            f"unit liaisons, a city and the provincial inspection office, and the anonymous public); "
            + (
                f"wrk ({x['concurrency']} connections) for {x['seconds']:.0f} s, each request a (session, page) "
                f"drawn by weight from a plan of {x.get('plan_slots', 0):,} slots — "
                + ", ".join(f"{kind} {share:.0%}" for kind, share in x.get("mix", {}).items())
                + " (see `_load_plan` in `benchmarks/run.py` and `benchmarks/load.lua`). "
                if x.get("client") == "wrk"
                else f"{x['concurrency']} client threads for {x['seconds']:.0f} s, each picking a session and one "
                "of its pages by weight (see `_load_plan` in `benchmarks/run.py`). "
            )
            + f"{x['requests']:,} requests: {x['rps']:.0f} req/s, p50 {_ms(x['p50'])}, p95 {_ms(x['p95'])}, "
            f"{x['errors']} errors (anything but 200 counts).",
            "",
            *(
                [
                    f"Response cache (`ZHENGGAI_RESPONSE_CACHE`, decision 0004): {x['cache_hits']:,} hits and "
                    f"{x['cache_misses']:,} misses, {(x['cache_hits'] + x['cache_misses']) / x['requests']:.0%} of "
                    "the requests (the liaisons' ledgers, problem pages and API lists; the lists, dashboards and "
                    "public pages are rendered every time). The run reads only, so after the first request of "
                    "each page nearly every one of those is a hit; every write retires its inspection's entries.",
                    "",
                ]
                if x.get("cache_hits") or x.get("cache_misses")
                else []
            ),
            *(
                [
                    f"CPU a request, from `/proc` before and after: gunicorn's workers {x['app_cpu_ms']:.1f} ms, "
                    f"PostgreSQL {x['db_cpu_ms']:.1f} ms.",
                    "",
                ]
                if "app_cpu_ms" in x
                else []
            ),
            *(
                [
                    f"The same load with the response cache off (`ZHENGGAI_RESPONSE_CACHE=false`, every response "
                    f"rendered): {u['rps']:.0f} req/s, p95 {_ms(u['p95'])}, {u['errors']} errors"
                    + (
                        f"; CPU a request: workers {u['app_cpu_ms']:.1f} ms, PostgreSQL {u['db_cpu_ms']:.1f} ms."
                        if "app_cpu_ms" in u
                        else "."
                    ),
                    "",
                ]
                if (u := d.get("load_uncached"))
                else []
            ),
            *(
                [
                    "| requests | count | req/s | p50 | p95 |",
                    "|---|---|---|---|---|",
                    *(
                        f"| {kind} | {k['requests']:,} | {k['rps']:.1f} | {_ms(k['p50'])} | {_ms(k['p95'])} |"
                        for kind, k in x["kinds"].items()
                    ),
                    "",
                ]
                if x["kinds"]
                else []
            ),
            "*page*: staff HTML pages (ledger, problem, lists, dashboards); *api*: `/api/v1/` JSON for the same "
            "users; *public*: the public site.",
            "",
        ]
    if "writers" in d:
        x = d["writers"]
        out += [
            "### Concurrent progress entries",
            "",
            f"{x['writers']} threads, each with its own database connection, start together and each add "
            f"{x['attempted'] // x['writers']} entries through `progress_create` ({x['shared_measures']} measures "
            f"are shared by two writers). {x['succeeded']} saved in {x['seconds']:.1f} s, {x['errors']} errors; "
            f"counted afterwards: {x['rows_added']} new rows, {x['rows_with_key']} with this run's keys, "
            f"{x['lost']} lost; `last_progress_on` stale on {x['stale_last_progress']} measures; audit chain "
            f"{'verified' if x['audit_ok'] else 'BROKEN'}.",
            "",
        ]
    out += [LIMITS, ""]
    return "\n".join(out)


LIMITS = """## What limits each figure, and what was changed to get here

**Dashboard, whole province.** The page needs, per unit, the problems by status, the measures by
status and the lit (red/yellow) measures, and the due look-backs. Counting 160,000 measures joined to
the unit tree on every request cost about 80 ms of PostgreSQL time alone (a parallel hash join of
measures → problems → inspections → units, then a dozen `FILTER` aggregates), before Django read
10,000 rows and rendered 5,000 table rows with 50,000 links (1.5 s). Changes:

* each problem carries its live measures counted by status (`Problem.measures_<status>`), and each
  inspection a tally of its live problems by status and of their measures (`InspectionTally`), both
  kept by database triggers (`zhenggai/ledger/counts.py`, migrations `ledger 0002` and `0003`), so
  every writer keeps them — services, imports, `bulk_create`, raw SQL; the page sums 5,000 tallies
  instead of joining 160,000 measures or 40,000 problems (a clerk's or 班子成员's dashboard, who
  sees only some measures of a problem, still counts them one by one);
* the lights are counted only over the measures that can be lit today — open one-off measures due by
  the warning date, open long-term ones not reported since the cut-off — found through two partial
  indexes (`measure_open_one_off_deadline`, `measure_open_long_term_report`): about 12,000 rows;
* totals and measures per status are sums of the per-unit rows, not further scans (ten aggregate
  queries became three); rows are read as plain tuples;
* the ranking table is paged (50 units, like every list here; the whole table is the XLSX export) and
  written in Python, the unit and group filters' thousands of `<option>`s too;
* the objects Django and the apps create at start-up are frozen out of the garbage collector
  (`gc.freeze()` in `WebConfig.ready`): ranking 5,000 units left enough objects for a full
  collection every few requests, each walking all of Django's objects (30–40 ms), which was most of
  the gap between p50 and p95.

* a provincial office whose subtrees are whole trees reads without matching every row's unit path:
  the few units outside its trees (here the seed case's district, loaded beside the province) are
  excluded by id (`Scope.units_outside` in `zhenggai/accounts/scope.py`; one query more, only where
  another tree exists), which spared each of the three aggregates a hash of the 26,000 units;
* the ranking stays the tuples the aggregates return, sorted by position; a `UnitRow` is made only
  for the rows read (the page's 50; the XLSX export reads them all);
* the filters: rounds and groups from one small query; the units only where there are at most 500
  of them (a city). A province's 5,000 are no list to pick from (nor 300 KiB of `<option>`s on
  every page): there the unit filter is a search by part of the name (`unit_name`, also on the
  lists and kept by the export job), and a unit chosen from the ranking stays selectable.

What is left, per request: about 50–70 ms of PostgreSQL (the lit measures, about 30 ms: a bitmap
scan of 13,000 measures and a hash of all 40,000 live problems for their inspections; the tallies
with the units' names, about 15 ms; the due look-backs, 5–13 ms) and about 35–40 ms of Python.
The shared machine's variance is wide here: runs minutes apart gave p95 125–147 ms for the same code.
Next step, in order of gain: each measure carrying its inspection (kept by a trigger, like the
counts), so that the lit measures and look-backs join 5,000 inspections instead of 40,000 problems;
that needs the "measures of a deleted problem are deleted" rule enforced by the database too, since
the visibility functions check the problem's deletion on every measure read.

**A unit's ledger page.** A fixed 15 queries whatever the unit's size. It cost 150 ms at 200
measures: each problem's light repeated its correlated subquery five times, Django rebuilt the
choices dictionary for each `get_status_display()`, and the template spent 0.1 ms a row. Then the
light became one `CASE rank WHEN …` over one subquery and the rows were written in Python
(`zhenggai/web/templatetags/ledger_table.py`), which left it at the target (p50 42–50 ms) with the
ORM's model instances as the rest. Now the page's table is read as plain rows
(`ledger_selectors.ledger_table`: the problems' four columns, the measures' ten, no model objects
nor the thousand timestamps they parsed), the problems' own light, which the page does not show,
is no longer computed for it (the API still gives it), and choice labels are translated once per
language rather than per call. What is left is the page's other dozen small queries (session,
user, memberships, plan, leading group, meetings, contact, latest notice, counts, offices for the
filter, notifications) at about half a millisecond each, and the template around the table.
The p95 of 30 requests is decided by the two slowest: one full run gave p50 30 ms but p95 55 ms
(three re-runs of the case right after: 31, 41, 47 ms). Besides the shared machine's pauses, a full
garbage collection (16 ms) falls in about one request of a hundred. Prepared statements on
PostgreSQL (below) took a few milliseconds off every query-heavy page, this one included. These are
times with every response rendered; a liaison re-reading an unchanged ledger gets it from the
response cache (below) in about 5 ms.

**A city's problem list.** Limited by the problem-light subquery evaluated for each of the city's
in-progress problems to filter on red. The pager's total now comes with the page
(`COUNT(*) OVER ()`) rather than from a count that evaluated every light again, and the subquery
reads the feedback date from the outer row instead of joining two tables per problem.

**XLSX export.** Reading the rows cost a millisecond a measure through models and
`prefetch_related` (a queryset clone per related lookup): 63 s for a round. The rows are now read
as tuples a chunk of 2,000 measures at a time (`zhenggai/ledger/streams.py`); on PostgreSQL the
progress column's text is built by the database (`string_agg` of the same lines `progress_line`
writes), evidence names are merged in from one ordered query, and the next chunk is read on a second
connection while the current one is written. Then openpyxl's writing was the limit (the three
rounds took 20.7–26.9 s, the bare loop 17.8–24.3 s): each cell went through an lxml element context
(about 7 µs; 1.8 million cells), Chinese text was written as `&#…;` references (8 bytes a character
instead of 3), and zlib at level 6 spent about 70% of a save on those bytes. Now openpyxl writes the
sheet's frame (views, columns, merged ranges, print set-up) with a marker inside `<sheetData>`; the
rows are written here as UTF-8 text into a temporary file (the same elements and attributes, compared
canonically with openpyxl's own output in `tests/documents/test_doc_xlsx_write.py`) and streamed into
the archive between the frame's head and tail at save, in one pass; the archive is deflated at
level 1 (`ZIP_LEVEL`: several times faster, a larger file than level 6 would give). What is left:
reading (about a second a round from PostgreSQL), building the rows' text in Python (about 2 µs a
cell) and zlib. Memory stays flat (one chunk at a time; the rows wait on disk, not in memory).

**The seed notice.** The PDF's first request in a process pays WeasyPrint's import and font scan;
warm renders are a few tenths of a second. `zhenggai.documents.layout.pdf.warm_up()` at start-up
would move that cost out of the first request.

**Mixed read load.** CPU-bound: the two cores run gunicorn's workers, PostgreSQL and wrk. At the
start of the round every request was rendered: about 21 ms of application CPU and 8 ms of
PostgreSQL a request (54–86 requests/s), where 150 requests/s leaves 13 ms for both. The mix is
mostly unit liaisons re-reading their ledger, their problems' pages and the API's lists of them;
every one of those pages is a dozen small queries and a template of up to 250 rows. Changes:

* PostgreSQL spent more time planning these small queries than running them (the problem page: 5 ms
  planning, 1 ms execution). Parameters are now bound on the server and psycopg prepares a query
  after its second use on a connection (`ZHENGGAI_DB_PREPARED`, `ZHENGGAI_DB_PREPARE_AFTER`), so
  persistent connections plan each statement once: PostgreSQL's CPU a request fell from about 8 ms
  to 6 ms, and the workers' too (no client-side quoting). Off behind a PgBouncer older than 1.21 in
  transaction mode.
* The busiest reads are cached whole (decision 0004, `zhenggai/ledger/response_cache.py`) under the
  inspection's revision, which database triggers move on every change to any table those pages
  show (`zhenggai/ledger/revisions.py`; a test fails on a new table not declared either way), with
  the viewer's roles, the CSRF cookie, the language, the day and the unread count in the key: a hit
  costs the access check and five small queries, about 5 ms, and a change shows on the next request
  whoever made it. The lists' filter choices are kept the same way under the revision of what every
  page shows.
* A problem's light read its inspection's feedback date through two joins per problem; it now takes
  it from the outer row. The problem list reads its page and its total in one query
  (`COUNT(*) OVER ()`, `zhenggai/core/paging.py`) instead of a count that evaluated every problem's
  light a second time (a city's red problems: about 42 → 30 ms), and list rows read only the columns
  they show.
* The public index was 6 ms for one row: the benchmark loaded the seed case after `synth`'s
  `VACUUM ANALYZE`, and with stale statistics PostgreSQL merge-joined all 26,000 units. The benchmark
  now analyses after loading, as autovacuum would in time.

What is left: the city's and the province's lists and dashboards (a tenth of the requests, 25–45 ms
each, most of it the light subqueries over thousands of problems and measures) are about half of the
CPU; the cached reads (three quarters of the requests) the other half, mostly the access check's ORM
work. Without the cache the same load gives the figure printed above. Beyond one machine the
application is stateless: more gunicorn workers on more app servers against one PostgreSQL, sharing
sessions and cached responses in Redis (`ZHENGGAI_CACHE_URL`).

**Concurrent writers.** Correctness, not speed: every audited write takes the audit chain's head
row (`SELECT … FOR UPDATE`), so writers queue for a few milliseconds each; none fails, none is lost,
and `last_progress_on` and the measure counts follow each entry. Each commit also moves its
inspection's revision (a deferred trigger, the last lock the transaction takes), which has not made
any writer fail or wait noticeably.
"""
