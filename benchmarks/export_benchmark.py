"""Memory of a streamed CSV export: 1M observations through ``/api/v1/observations/?format=csv``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench \\
        .venv/bin/python benchmarks/read_benchmark.py --zones 3000 --keep   # the data, once
    DATABASE_URL=... .venv/bin/python benchmarks/export_benchmark.py [--rows 1000000]

Reuses the test database that ``read_benchmark.py --keep`` left (test_<name>; it refuses to
run without one). Picks the newest years that together hold at least ``--rows`` observations,
asks the API for their CSV, reads the streamed answer as a client would, and prints, every
``--every`` rows, the rows read, megabytes written and the process's resident memory (RSS,
from /proc): a streamed export stays flat however many rows pass. ``--in-memory`` also
builds the same CSV the way the API did before streaming (serialize every row, then render),
on the first ``--in-memory-rows`` rows, to show what streaming saves.
"""

import argparse
import time

from support import setup_django, test_database  # beside this script

setup_django(DEBUG="0")

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from common.api.renderers import CSVRenderer  # noqa: E402
from indicators.api.serializers import ObservationSerializer  # noqa: E402
from indicators.models import Observation  # noqa: E402
from indicators.selectors import observation_queryset  # noqa: E402


def rss_mb() -> float:
    """The resident memory of this process, in MB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def years_holding(rows: int) -> tuple[int, int]:
    """The first of the newest years that together hold at least ``rows`` observations, and
    how many they hold."""
    total = 0
    per_year = Observation.objects.values("year").annotate(n=Count("id")).order_by("-year")
    for row in per_year:
        total += row["n"]
        if total >= rows:
            return row["year"], total
    raise SystemExit(f"the database holds only {total} observations; generate more")


def streamed(year_from: int, *, every: int) -> None:
    client = Client()
    started, before = time.perf_counter(), rss_mb()
    response = client.get(f"/api/v1/observations/?year_from={year_from}&format=csv")
    assert response.status_code == 200, response.status_code
    lines = size = 0
    next_report = every
    peak = before
    print(f"{'rows':>9}  {'MB written':>10}  {'RSS MB':>7}  {'seconds':>7}")
    for piece in response.streaming_content:
        lines += piece.count(b"\n")
        size += len(piece)
        if lines - 1 >= next_report:
            peak = max(peak, rss_mb())
            print(
                f"{lines - 1:9d}  {size / 1e6:10.1f}  {rss_mb():7.1f}  "
                f"{time.perf_counter() - started:7.1f}"
            )
            next_report += every
    response.close()
    peak = max(peak, rss_mb())
    print(
        f"streamed {lines - 1} rows, {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s;"
        f" RSS {before:.1f} MB before, peak {peak:.1f} MB (+{peak - before:.1f} MB)"
    )


def in_memory(year_from: int, *, rows: int) -> None:
    """The pre-streaming path: every row serialized into a list, then rendered at once."""
    before, started = rss_mb(), time.perf_counter()
    queryset = observation_queryset().with_open_check().filter(year__gte=year_from)
    data = ObservationSerializer(
        queryset.order_by("zone__slug", "indicator__code", "year", "id")[:rows], many=True
    ).data
    body = CSVRenderer().render(data)
    print(
        f"in memory: {rows} rows, {len(body) / 1e6:.1f} MB in {time.perf_counter() - started:.1f}"
        f" s; RSS {before:.1f} MB before, {rss_mb():.1f} MB after (+{rss_mb() - before:.1f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=100_000, help="print every N rows")
    parser.add_argument("--in-memory", action="store_true", help="also time the old path")
    parser.add_argument("--in-memory-rows", type=int, default=200_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database (postgres://...)")
    with test_database(keep=True, serialize=False):
        year_from, n = years_holding(args.rows)
        print(f"exporting the {n} observations of {year_from} and later")
        streamed(year_from, every=args.every)
        if args.in_memory:
            in_memory(year_from, rows=args.in_memory_rows)


if __name__ == "__main__":
    main()
