"""Time the structure questions (产城融合, development models, cohort distribution, the peer
benchmark) at the design scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench \\
        .venv/bin/python benchmarks/structure_benchmark.py [--zones 3000] [--years 5] \\
        [--repeat 3] [--keep]

Creates the configured database's test database (test_<name>, never the project's own),
fills it with ``--zones`` zones (a fifth of them in one of the five development models, every
tenth one member of one of five cohorts), every indicator the coupling uses
(``analysis.coupling.INDUSTRY`` and ``CITY``) with full-year figures for ``--years`` years (a
zone in seven lacks the city figures, so "not enough data" is exercised), and times each path:
the median and max wall time of ``--repeat`` runs after one warm-up, and the SQL queries of
one run. ``--keep`` keeps the test database and reuses it when it holds the same scale.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from support import bench_zones, test_database  # noqa: E402  (beside this script)

from analysis.benchmark import zone_benchmark  # noqa: E402
from analysis.benchmark_peers import peer_benchmark  # noqa: E402
from analysis.coupling import CITY, INDUSTRY, industry_city_coupling  # noqa: E402
from analysis.development_models import development_models  # noqa: E402
from analysis.ranking import zone_ranking  # noqa: E402
from indicators.models import (  # noqa: E402
    CohortStatistic,
    Indicator,
    Observation,
    Period,
    Source,
    ValueType,
)
from zones.models import Cohort, DevelopmentModel, Zone  # noqa: E402

LAST_YEAR = 2024
SHARES = {"secondary_share", "sei_va_share", "sei_industrial_output_share", "rd_intensity"}


def build(*, n_zones: int, n_years: int) -> None:
    source = Source.objects.create(key="bench", title="基准来源", kind="dataset")
    models = DevelopmentModel.values
    Zone.objects.bulk_create(
        bench_zones(
            n_zones,
            extra=lambda i: {"development_model": models[i % len(models)] if i % 5 == 0 else ""},
        )
    )
    indicators = []
    for order, code in enumerate((*INDUSTRY, *CITY)):
        share = code in SHARES
        indicators.append(
            Indicator.objects.update_or_create(
                code=code,
                defaults={
                    "name_zh": code,
                    "name_en": code,
                    "unit": "%" if share else "亿元",
                    "category": "economic_scale",
                    "value_type": ValueType.SHARE if share else ValueType.AMOUNT,
                    "sort_order": order,
                },
            )[0]
        )
    zones = list(Zone.objects.order_by("id"))
    rows = []
    for index, zone in enumerate(zones):
        for indicator in indicators:
            if indicator.code in CITY and index % 7 == 0:
                continue
            for year in range(LAST_YEAR - n_years + 1, LAST_YEAR + 1):
                raw = (index * 7919 + indicator.pk * 104729 + year * 31) % 10007
                value = (
                    Decimal(raw % 10000) / 100
                    if indicator.value_type == ValueType.SHARE
                    else Decimal(raw)
                )
                rows.append(
                    Observation(
                        zone=zone,
                        indicator=indicator,
                        year=year,
                        period=Period.FULL_YEAR,
                        value=value,
                        value_type=indicator.value_type,
                        as_reported=str(value),
                        source=source,
                        preferred=True,  # the slot's only figure (a bulk write skips the choice)
                    )
                )
    Observation.objects.bulk_create(rows, batch_size=5000)
    for c in range(5):
        cohort = Cohort.objects.create(
            slug=f"bench-cohort-{c}", name_zh=f"基准组{c}", name_en=f"Cohort {c}", source=source
        )
        cohort.members.add(*zones[c::50])
        CohortStatistic.objects.create(
            cohort=cohort,
            indicator=indicators[0],
            year=LAST_YEAR,
            period=Period.FULL_YEAR,
            statistic="mean",
            value=Decimal(5000),
            as_reported="5000",
            source=source,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(label: str, call, *, repeat: int) -> tuple[str, float, float, int]:
    call()
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    return label, statistics.median(times), max(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=3000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database (postgres://...)")
    with test_database(keep=args.keep):
        if Zone.objects.count() != args.zones:
            call_command("flush", interactive=False, verbosity=0)
            build(n_zones=args.zones, n_years=args.years)
        print(f"{Zone.objects.count()} zones, {Observation.objects.count()} observations")
        client = Client()
        zone = Zone.objects.order_by("id").first().slug
        peers = list(Zone.objects.order_by("id").values_list("slug", flat=True)[1:31])
        peer_query = ",".join(peers)

        def get(url):
            def call():
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
                return response.content

            return call

        paths = [
            ("industry_city_coupling(all zones)", lambda: industry_city_coupling()),
            (
                "industry_city_coupling(region=east, zone)",
                lambda: industry_city_coupling(region="east", zone=zone),
            ),
            ("development_models()", lambda: development_models()),
            (
                "zone_ranking(gdp) with cohort distributions",
                lambda: zone_ranking(indicator="gdp", year=LAST_YEAR),
            ),
            (
                "zone_benchmark(cohort 0)",
                lambda: zone_benchmark(zone=zone, cohort="bench-cohort-0"),
            ),
            ("peer_benchmark(30 peers)", lambda: peer_benchmark(zone=zone, peers=peers)),
            ("GET /api/v1/integration/", get("/api/v1/integration/")),
            ("GET /integration/?region=east", get(f"/integration/?region=east&zone={zone}")),
            ("GET /api/v1/models/", get("/api/v1/models/")),
            ("GET /models/", get("/models/")),
            (
                "GET /api/v1/benchmark/?peers=(30)",
                get(f"/api/v1/benchmark/?zone={zone}&peers={peer_query}"),
            ),
        ]
        print(f"{'path':<48} {'median':>9} {'max':>9} {'queries':>7}")
        for label, call in paths:
            name, median, maximum, queries = measure(label, call, repeat=args.repeat)
            print(f"{name:<48} {median * 1000:>7.0f}ms {maximum * 1000:>7.0f}ms {queries:>7}")


if __name__ == "__main__":
    main()
