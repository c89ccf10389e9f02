"""Time the observation import on generated files, beside a plain COPY of the same rows.

    .venv/bin/python benchmarks/import_benchmark.py [--rows 20000 100000 200000] [--format csv]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench .venv/bin/python benchmarks/...
    ZONEBENCH_PROFILE=1 ... --rows 200000   # each import under cProfile, its slowest SQL too

Creates the test database of the configured database (test_<name> on PostgreSQL; a temporary
SQLite file otherwise) with 200 zones and 60 indicators, and for each size writes a file of
that many rows (zones x indicators x years). Each step runs in a fresh process, so its peak
resident memory (VmHWM) is its own: the import into an empty table, a re-import of the
same file (which must change nothing), and, on PostgreSQL, a plain ``COPY`` of the same file
into a scratch table, the floor an import can approach. Prints seconds, rows per second, CPU
seconds (this process's and its database server process's: the step's own work, which a busy
machine does not inflate as it does the seconds) and peak memory for each, and the load
average when it started. The project's own database is never touched.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import setup_django  # beside this script

setup_django()

from django.db import connection  # noqa: E402

from common.tabular import write_csv, write_xlsx  # noqa: E402
from indicators.models import Indicator, Observation, Source, ValueType  # noqa: E402
from indicators.services import observation_import  # noqa: E402
from zones.models import Zone  # noqa: E402

ZONES = 200
INDICATORS = 60
HEADERS = ["zone", "indicator", "year", "value", "source"]


def make_world() -> None:
    Source.objects.create(
        key="bench", title="基准测试 / benchmark", kind="dataset", reliability="official"
    )
    Zone.objects.bulk_create(
        Zone(
            slug=f"bench-zone-{i}",
            name_zh=f"基准区{i}",
            name_en=f"Bench {i}",
            kind="district",
            region="east",
        )
        for i in range(ZONES)
    )
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench_{i}",
            name_zh=f"基准指标{i}",
            name_en=f"Bench indicator {i}",
            unit="亿元",
            category="economic_scale",
            value_type=ValueType.AMOUNT,
        )
        for i in range(INDICATORS)
    )


def generate(rows: int) -> list[list]:
    """``rows`` rows, zone by Chinese name (as stewards write it), latest years first."""
    body = []
    year = 2024
    while len(body) < rows:
        for zone in range(ZONES):
            for indicator in range(INDICATORS):
                body.append(
                    [f"基准区{zone}", f"bench_{indicator}", year, f"{len(body) % 9973}.25", "bench"]
                )
        year -= 1
    return body[:rows]


def step(kind: str, path: Path) -> dict:
    """Run one step in a child process (this script with --step) and return what it measured."""
    env = {**os.environ, "ZONEBENCH_DB_NAME": connection.settings_dict["NAME"]}
    result = subprocess.run(
        [sys.executable, __file__, "--step", kind, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if env.get("ZONEBENCH_PROFILE"):
        print(result.stderr, file=sys.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_step(kind: str, path: Path) -> None:
    """In the child: import the file (or COPY it) and print seconds, summary and peak memory."""
    connection.settings_dict["NAME"] = os.environ["ZONEBENCH_DB_NAME"]
    server = server_pid()
    cpu_before = process_cpu() + backend_cpu(server)
    started = time.perf_counter()
    if kind == "copy":
        with connection.cursor() as cursor, path.open(encoding="utf-8-sig") as handle:
            cursor.execute(
                "CREATE TEMP TABLE scratch (zone text, indicator text, year integer, "
                "value numeric(20, 4), source text)"
            )
            cursor.copy_expert("COPY scratch FROM STDIN WITH (FORMAT csv, HEADER true)", handle)
            cursor.execute("SELECT COUNT(*) FROM scratch")
            summary = f"{cursor.fetchone()[0]} rows copied"
    elif os.environ.get("ZONEBENCH_PROFILE"):
        summary = profiled_import(path)
    else:
        report = observation_import(file=path, dry_run=kind == "dry-run", detail_limit=200)
        summary = report.summary()
    seconds = time.perf_counter() - started
    cpu = process_cpu() + backend_cpu(server) - cpu_before
    peak_mb = peak_resident_kb() / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "summary": summary}))


def profiled_import(path: Path) -> str:
    """The import under cProfile, each SQL statement timed: prints (to stderr) the functions
    taking most time and the slowest statements, returns the import's summary."""
    import cProfile
    import pstats

    statements: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - began, " ".join(sql.split())[:160]))

    profile = cProfile.Profile()
    with connection.execute_wrapper(timed):
        report = profile.runcall(observation_import, file=path, dry_run=False, detail_limit=200)
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    for seconds, sql in sorted(statements, reverse=True)[:15]:
        print(f"{seconds:8.3f} s  {sql}", file=sys.stderr)
    return report.summary()


def server_pid() -> int | None:
    """The PostgreSQL backend serving this process's connection (on this machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def process_cpu() -> float:
    times = os.times()
    return times.user + times.system


def backend_cpu(pid: int | None) -> float:
    """CPU seconds the database server process ``pid`` has used (0 without one): with this
    process's own, the work a step did whatever else the machine was running at the time."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_resident_kb() -> int:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the
    parent through fork and exec, so a child would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000, 200_000])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--step", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step[0], Path(args.step[1]))
        return

    folder = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":
        # Children need a file to share, not the in-memory test database.
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        make_world()
        print(
            f"{connection.vendor}, {ZONES} zones x {INDICATORS} indicators, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'rows':>8} {'step':<10} {'seconds':>8} {'rows/s':>9} {'CPU s':>6} {'peak MB':>8}"
            "  summary"
        )
        for rows in args.rows:
            body = generate(rows)
            writer = write_csv if args.format == "csv" else write_xlsx
            extra = {} if args.format == "csv" else {"title": "bench"}
            path = Path(folder.name) / f"bench-{rows}.{args.format}"
            path.write_bytes(writer(headers=HEADERS, rows=body, **extra))
            del body
            with connection.cursor() as cursor:
                for model in (Observation.history.model, Observation):
                    # CASCADE: what refers to figures (consistency findings) goes with them
                    if connection.vendor == "postgresql":
                        cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")
                    else:
                        cursor.execute(f"DELETE FROM {model._meta.db_table}")
            steps = ["import", "re-import"]
            if connection.vendor == "postgresql" and args.format == "csv":
                steps.append("copy")
            for kind in steps:
                found = step(kind if kind != "re-import" else "import", path)
                rate = rows / found["seconds"]
                print(
                    f"{rows:>8} {kind:<10} {found['seconds']:>8.2f} {rate:>9,.0f} "
                    f"{found['cpu']:>6.2f} {found['peak_mb']:>8.0f}  {found['summary']}",
                    flush=True,
                )
        print(f"observations stored: {Observation.objects.count()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        folder.cleanup()


if __name__ == "__main__":
    main()
