"""Time the structure questions (产城融合, development models, cohort distribution, the peer
benchmark) at the design scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench \\
        .venv/bin/python benchmarks/structure_benchmark.py [--zones 3000] [--years 5] \\
        [--repeat 3] [--keep]

Creates a database of its own beside the configured one (``<name>_structure_bench``, never
the project's own), fills it with ``--zones`` zones (a fifth of them in one of the five
development models, every tenth one member of one of five cohorts), every indicator the
coupling uses (``analysis.coupling_method.INDUSTRY`` and ``CITY``) with full-year figures for
``--years`` years (a zone in seven lacks the city figures, so "not enough data" is
exercised), and times each path
(function, API and page): *cold*, the first call after a new data generation (nothing
computed is cached, as after any edit; PostgreSQL's buffers and Django's templates warmed by
one call before), then the median and max wall time of ``--repeat`` warm runs, their median
CPU time of this process (PostgreSQL's is apart) and the SQL queries of one warm run.
``--keep`` keeps that database (apart from the test suite's, which a test run drops) and
reuses it when it holds the same scale: generating 3,000 zones takes minutes. ``--save FILE``
writes the figures as JSON; ``--before FILE`` prints a saved run's cold and median beside
this one's (e.g. a run of the code before a change). ``--only TEXT`` times only the paths
whose label contains TEXT.
"""

import argparse
import json
from decimal import Decimal
from pathlib import Path

from support import bench_zones, setup_django, test_database  # beside this script

setup_django()

import timing  # noqa: E402  (beside this script)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from analysis.benchmark import zone_benchmark  # noqa: E402
from analysis.benchmark_peers import peer_benchmark  # noqa: E402
from analysis.coupling import industry_city_coupling  # noqa: E402
from analysis.coupling_method import CITY, INDUSTRY  # noqa: E402
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
        # as after any big import: VACUUM sets the visibility map, so the reads that need
        # only the ``obs_ranking`` index's columns skip the table
        cursor.execute("VACUUM (ANALYZE)")


def scale_of_database() -> tuple[int, int] | None:
    """(zones, years) of a database this script built, or None when it holds none: the
    generation ends with the cohorts, so a database without them was not finished."""
    if not Cohort.objects.filter(slug="bench-cohort-4").exists():
        return None
    years = Observation.objects.values("year").distinct().count()
    return Zone.objects.count(), years


def measure(label: str, call, *, repeat: int) -> dict:
    """``timing.measure``'s figures as the dict this script prints and saves (``--save``)."""
    result = timing.measure(label, call, repeat=repeat)
    return {
        "label": label,
        "cold": result.cold,
        "median": result.median,
        "max": result.maximum,
        "cpu": result.cpu,
        "queries": result.queries,
    }


def report(results: list[dict], before: dict[str, dict]) -> None:
    if not results:
        return
    width = max(len(r["label"]) for r in results)
    head = f"{'path':<{width}} {'cold':>8} {'median':>8} {'max':>8} {'CPU':>8} {'queries':>7}"
    if before:
        head += f"  {'before: cold':>12} {'median':>8}"
    print(head)
    for r in results:
        line = (
            f"{r['label']:<{width}} {r['cold'] * 1000:>6.0f}ms {r['median'] * 1000:>6.0f}ms "
            f"{r['max'] * 1000:>6.0f}ms {r['cpu'] * 1000:>6.0f}ms {r['queries']:>7}"
        )
        if before:
            old = before.get(r["label"])
            line += (
                f"  {old['cold'] * 1000:>10.0f}ms {old['median'] * 1000:>6.0f}ms"
                if old
                else f"  {'(not timed)':>12}"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=3000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep and reuse the database")
    parser.add_argument("--save", metavar="FILE", help="write the figures to FILE as JSON")
    parser.add_argument("--before", metavar="FILE", help="print a saved run's figures beside")
    parser.add_argument("--only", action="append", metavar="TEXT", help="paths containing TEXT")
    args = parser.parse_args()
    before = {}
    if args.before:
        before = {r["label"]: r for r in json.loads(Path(args.before).read_text())}
    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database (postgres://...)")
    # a database of its own (not the test suite's test_<name>, which a test run would drop);
    # serialize=False: the test runner's copy for TransactionTestCase would read every row
    bench_database = f"{connection.settings_dict['NAME']}_structure_bench"
    with test_database(keep=args.keep, serialize=False, name=bench_database):
        wanted = (args.zones, args.years)
        found = scale_of_database()
        if found != wanted:
            if found is not None:
                call_command("flush", interactive=False, verbosity=0)
            print(f"generating {args.zones} zones x {args.years} years")
            build(n_zones=args.zones, n_years=args.years)
        else:
            print(f"reusing {bench_database} with {args.zones} zones x {args.years} years")
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

        cohort_query = f"zone={zone}&cohort=bench-cohort-0"
        peers_query = f"zone={zone}&peers={peer_query}"
        ranking_query = f"indicator=gdp&year={LAST_YEAR}"
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
            ("GET /api/v1/integration/?format=csv", get("/api/v1/integration/?format=csv")),
            ("GET /integration/ (all zones)", get("/integration/")),
            ("GET /integration/?region=east", get(f"/integration/?region=east&zone={zone}")),
            ("GET /api/v1/models/", get("/api/v1/models/")),
            ("GET /models/", get("/models/")),
            ("GET /api/v1/rankings/ (distributions)", get(f"/api/v1/rankings/?{ranking_query}")),
            ("GET /rankings/ (distributions)", get(f"/rankings/?{ranking_query}")),
            ("GET /api/v1/benchmark/?cohort", get(f"/api/v1/benchmark/?{cohort_query}")),
            ("GET /benchmark/?cohort", get(f"/benchmark/?{cohort_query}")),
            ("GET /api/v1/benchmark/?peers=(30)", get(f"/api/v1/benchmark/?{peers_query}")),
            ("GET /benchmark/?peers=(30)", get(f"/benchmark/?{peers_query}")),
        ]
        results = [
            measure(label, call, repeat=args.repeat)
            for label, call in paths
            if not args.only or any(text in label for text in args.only)
        ]
        report(results, before)
        if args.save:
            Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
