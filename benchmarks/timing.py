"""How the read benchmark times a path and reports it: each path warmed, then timed cold
(after a new data generation) and ``repeat`` times (wall and CPU time, SQL queries), and the
slowest SQL of the slowest paths shown with EXPLAIN (ANALYZE, BUFFERS). Django must be set up
first (``world`` does it)."""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.cache import bump_data_generation


@dataclass
class Result:
    label: str
    cold: float
    median: float
    maximum: float
    cpu: float  # median CPU time of this process (Python's share; PostgreSQL's is apart)
    queries: int
    sql_ms: float
    slowest_sql: str
    slowest_query_ms: float
    top_queries: list[tuple[float, str]]


def measure(label: str, call, *, repeat: int) -> Result:
    call()  # warm the caches (PostgreSQL's buffers, Django's templates and translations)
    # cold: the first request after an edit (a new data generation), nothing computed yet
    bump_data_generation()
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    times, cpu_times, captured = [], [], None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            call()
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
        captured = queries.captured_queries
    slowest = max(captured, key=lambda q: float(q["time"]), default={"sql": "", "time": "0"})
    return Result(
        label=label,
        cold=cold,
        median=statistics.median(times),
        maximum=max(times),
        cpu=statistics.median(cpu_times),
        queries=len(captured),
        sql_ms=sum(float(q["time"]) for q in captured) * 1000,
        top_queries=sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured), reverse=True)[
            :5
        ],
        slowest_sql=slowest["sql"],
        slowest_query_ms=float(slowest["time"]) * 1000,
    )


def explain(sql: str, *, full: bool) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    if full:
        return plan
    indexes = sorted(
        {
            line.split(" using ")[1].split(" on ")[0].split()[0]
            if " using " in line
            else line.split(" on ")[-1].split()[0]
            for line in plan
            if "Index" in line and (" using " in line or "Bitmap Index Scan on" in line)
        }
    )
    seq_scans = sorted(
        {line.split("Seq Scan on ")[1].split()[0] for line in plan if "Seq Scan on " in line}
    )
    loops = [line.strip() for line in plan if "SubPlan" in line]
    buffers = next((line.strip() for line in plan if "Buffers:" in line), "")
    summary = [
        f"top node:   {plan[0].strip()}",
        f"indexes:    {', '.join(indexes) or 'none'}",
        f"seq scans:  {', '.join(seq_scans) or 'none'}",
    ]
    if loops:
        summary.append(f"subplans:   {len(loops)} ({loops[0]})")
    summary += [f"buffers:    {buffers.removeprefix('Buffers: ')}"]
    summary += [line.strip() for line in plan if line.startswith(("Planning Time", "Execution"))]
    return summary


def report(results: list[Result], *, explain_count: int, full_plans: bool) -> None:
    width = max(len(r.label) for r in results)
    print(
        f"\n{'path':<{width}}  {'cold ms':>8}  {'median ms':>9}  {'max ms':>8}  {'CPU ms':>7}  "
        f"{'queries':>7}  "
        f"{'SQL ms':>8}  {'slowest query ms':>16}"
    )
    for r in results:
        print(
            f"{r.label:<{width}}  {r.cold * 1000:8.1f}  {r.median * 1000:9.1f}  "
            f"{r.maximum * 1000:8.1f}  {r.cpu * 1000:7.1f}  "
            f"{r.queries:7d}  {r.sql_ms:8.1f}  {r.slowest_query_ms:16.1f}"
        )
    for r in sorted(results, key=lambda r: r.median, reverse=True)[:explain_count]:
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) of the slowest query of {r.label}")
        print("  its slowest queries (ms, SQL):")
        for ms, sql in r.top_queries:
            print(f"  {ms:8.1f}  {sql[:300]}")
        if not r.slowest_sql:  # answered from the cache: no statement ran
            print("    (no SQL ran)")
            continue
        for line in explain(r.slowest_sql, full=full_plans):
            print(f"    {line}")
