"""Time the observation import on a generated file, in a throw-away test database.

    .venv/bin/python benchmarks/import_benchmark.py [--rows 10000] [--format csv|xlsx]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench .venv/bin/python benchmarks/...

Creates the test database of the configured database (SQLite in memory, or test_<name> on
PostgreSQL), generates N rows (zones x indicators x years), and prints the time and the number
of queries of a dry run, the import, and a re-import (which must change nothing). The project's
own database is never touched.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from common.tabular import write_csv, write_xlsx  # noqa: E402
from indicators.models import Indicator, Observation, Source, ValueType  # noqa: E402
from indicators.services import observation_import  # noqa: E402
from zones.models import Zone  # noqa: E402

ZONES = 50
INDICATORS = 40


def make_world() -> tuple[list[Zone], list[Indicator]]:
    Source.objects.create(
        key="bench", title="基准测试 / benchmark", kind="dataset", reliability="official"
    )
    zones = Zone.objects.bulk_create(
        Zone(
            slug=f"bench-zone-{i}",
            name_zh=f"基准区{i}",
            name_en=f"Bench {i}",
            kind="district",
            region="east",
        )
        for i in range(ZONES)
    )
    indicators = Indicator.objects.bulk_create(
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
    return zones, indicators


def generate(rows: int, zones, indicators) -> tuple[list[str], list[list]]:
    headers = ["zone", "indicator", "year", "value", "source"]
    body = []
    year = 2024
    while len(body) < rows:
        for zone in zones:
            for indicator in indicators:
                body.append([zone.name_zh, indicator.code, year, f"{len(body) % 9973}.25", "bench"])
        year -= 1
    return headers, body[:rows]


def timed(label: str, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = observation_import(**kwargs)
        seconds = time.perf_counter() - started
    print(f"{label:<10} {seconds:7.2f} s {len(queries):6d} queries  {report.summary()}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        zones, indicators = make_world()
        headers, rows = generate(args.rows, zones, indicators)
        if args.format == "csv":
            content = write_csv(headers=headers, rows=rows)
        else:
            content = write_xlsx(headers=headers, rows=rows, title="bench")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"bench.{args.format}"
            path.write_bytes(content)
            print(
                f"{connection.vendor}: {args.rows} rows, "
                f"{path.stat().st_size / 1e6:.1f} MB {args.format}"
            )
            timed("dry run", file=path, dry_run=True)
            timed("import", file=path, dry_run=False)
            timed("re-import", file=path, dry_run=False)
        print(f"observations stored: {Observation.objects.count()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
