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
            f"{x['small_problems']} problems and {x['small_measures']} measures.",
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
            f"gunicorn ({x['workers']} sync workers, `DATABASE_CONN_MAX_AGE={x['conn_max_age']}`) started by the "
            f"script on 127.0.0.1 and a free port; {x['sessions']} sessions (logged in through the login form: "
            f"unit liaisons, a city and the provincial inspection office, and the anonymous public); "
            f"{x['concurrency']} client threads for {x['seconds']:.0f} s, each picking a session and one of its "
            f"pages by weight (see `_load_plan` in `benchmarks/run.py`). {x['requests']:,} requests: "
            f"{x['rps']:.0f} req/s, p50 {_ms(x['p50'])}, p95 {_ms(x['p95'])}, {x['errors']} errors.",
            "",
            "| requests | count | req/s | p50 | p95 |",
            "|---|---|---|---|---|",
            *(
                f"| {kind} | {k['requests']:,} | {k['rps']:.1f} | {_ms(k['p50'])} | {_ms(k['p95'])} |"
                for kind, k in x["kinds"].items()
            ),
            "",
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

What is left, per request: about 50 ms of PostgreSQL (the lit measures joined to the unit tree,
about 35 ms; the due look-backs, about 14 ms; the tallies, about 12 ms) and about 60 ms of Python
(reading and ranking 5,000 unit rows, the page of 50, the filters' 5,000 units and 230 groups).
Both shrink with a round or unit filter; for the whole province they are at the target on a quiet
machine and above it when the two cores are shared.

**A unit's ledger page.** A fixed 15 queries whatever the unit's size (the page's measures with
their latest progress and lights in one query, the problems with their worst light in another).
It cost 150 ms at 200 measures: each problem's light repeated its correlated subquery five times
(and the ORM compiled it five times), Django rebuilt the choices dictionary (translating every
label) for each `get_status_display()`, and the template spent 0.1 ms a row on variable look-ups and
filters. Now the light is one `CASE rank WHEN …` over one subquery, the display labels are looked up
directly, the rows are written in Python (`zhenggai/web/templatetags/ledger_table.py`), and the
progress count is a correlated count instead of a join grouped by every measure column. What is
left is mostly the ORM: building and compiling the two annotated queries and making 450 model
instances (about 20 ms of CPU).

**A city's problem list.** Limited by the problem-light subquery evaluated for each of the city's
in-progress problems to filter on red, and by the count for the pager: well inside the target since
the light is computed once per row.

**XLSX export.** Reading the rows cost a millisecond a measure through models and
`prefetch_related` (a queryset clone per related lookup): 63 s for a round. The rows are now read
as tuples a chunk of 2,000 measures at a time (`zhenggai/ledger/streams.py`); on PostgreSQL the
progress column's text is built by the database (`string_agg` of the same lines `progress_line`
writes), evidence names are merged in from one ordered query, and the next chunk is read on a second
connection while the current one is written. What limits it now is openpyxl writing the XML: the
bare loop over the same values takes almost as long (about 10 progress lines a measure make the
cells large). Memory stays flat (one chunk at a time).

**The seed notice.** The PDF's first request in a process pays WeasyPrint's import and font scan;
warm renders are a few tenths of a second. `zhenggai.documents.layout.pdf.warm_up()` at start-up
would move that cost out of the first request.

**Mixed read load.** CPU-bound: the two cores run gunicorn's workers, PostgreSQL and the load
generator (and other work on the machine). Measured in-process, a typical unit's ledger page costs
about 28 ms, a problem's page (six measures, sixty progress entries) about 40 ms, a city's lists
about 30 ms, a JSON API read about 10 ms, a public page about 5 ms, and an authenticated page that
does nothing (session, user, memberships, navigation) about 5 ms; through gunicorn each page also
costs a few milliseconds of PostgreSQL and HTTP. With staff pages two thirds of the mix, the ceiling
is about 2 cores / 30 ms ≈ 65 requests/s, which is what was measured; 150 requests/s needs about
13 ms a request. The problem page was cut from 37 queries to 14 (the user's memberships read once
for all its measures' workflow moves; the measures' units selected with them) and its timeline is
written in Python; the typical ledger page is now mostly the ORM building and compiling its 15
queries. Next steps: fewer queries per page (the sidebar's plan, contact, notice, leading group and
meetings; sessions from a cache), a page cache for the public site.

**Concurrent writers.** Correctness, not speed: every audited write takes the audit chain's head
row (`SELECT … FOR UPDATE`), so writers queue for a few milliseconds each; none fails, none is lost,
and `last_progress_on` and the measure counts follow each entry.
"""
