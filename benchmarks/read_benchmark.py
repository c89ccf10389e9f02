"""Time the read paths (analysis, selectors, API and pages) at the design scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench \\
        .venv/bin/python benchmarks/read_benchmark.py [--zones 3000] [--indicators 60] \\
        [--years 30] [--repeat 5] [--explain 3] [--full-plans] [--keep] [--recompute] \\
        [--only TEXT ...]

    # a quick run (540,000 observations, about a minute):
    DATABASE_URL=... .venv/bin/python benchmarks/read_benchmark.py --zones 300

Creates the test database of the configured database (test_<name>, through Django's test
runner utilities, so the project's own database is never touched), generates in SQL
(INSERT ... SELECT from generate_series) zones x indicators x years of full-year observations,
a small share of part-year (9M) ones, a few sources, and cohorts with members and mean/median
statistics, then ANALYZEs. Every path is run once to warm the caches, then ``--repeat`` times:
the table gives the median and max wall time, the median CPU time of the benchmark's own
process (the Python side: on a machine shared with other work, wall time grows with the load
and CPU time much less) and the number of SQL queries of one run. The
slowest SQL statement of each of the ``--explain`` slowest paths is shown with EXPLAIN (ANALYZE,
BUFFERS): top plan node, the indexes used and any sequential scan (``--full-plans`` prints the
whole plans). ``--keep`` keeps the test database and reuses it when it already holds the same
scale (generation at the full scale takes minutes). ``--only index --only peers`` times only the
paths whose label contains one of the texts. The generated data set is ``world.py``'s (the
load benchmark's too), the timing and the report ``timing.py``'s.

Built for PostgreSQL (the generation SQL is PostgreSQL's); on SQLite it refuses to run.
"""

import argparse
import sys
import time

import world  # first: sets Django up with the test settings (beside this script)
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from support import test_database
from timing import measure, report

from analysis.benchmark import zone_benchmark
from analysis.compare import compare
from analysis.index import composite_index, index_computation, index_result
from analysis.index_sensitivity import index_sensitivity
from analysis.overlap import industry_overlap
from analysis.peers import zone_peers
from analysis.ranking import zone_ranking
from analysis.recent import most_recent_values
from analysis.standings import zone_standings
from dashboards import selectors as page_selectors
from indicators import selectors
from indicators.derived import derived_recompute
from indicators.models import (
    Direction,
    FormulaKind,
    Indicator,
    Observation,
    Period,
    Scheme,
    SchemeDimension,
    SchemeIndicator,
    ValueType,
)
from indicators.zone_search import zone_search
from zones.models import Cohort, Region, Zone


def time_recompute() -> None:
    """Give two generated amounts a ratio and a growth, then time the full recompute of the
    derived indicators once, and print the wall time, the queries and the rows written. The
    two indicators and their rows are deleted afterwards, so the read paths measure the
    generated data only. (The consistency checks are not timed here: on random values nearly
    every year-on-year step is a "series break".)"""
    first, second = Indicator.objects.filter(value_type=ValueType.AMOUNT).order_by("sort_order")[:2]
    common = {"category": "economic_scale", "unit": "%", "value_type": ValueType.RATE}
    Indicator.objects.bulk_create(
        [
            Indicator(
                code="bench_ratio",
                name_zh="基准比值",
                name_en="Bench ratio",
                **common,
                formula_kind=FormulaKind.RATIO,
                formula_first=first,
                formula_second=second,
                formula_factor=100,
            ),
            Indicator(
                code="bench_growth",
                name_zh="基准增速",
                name_en="Bench growth",
                **common,
                formula_kind=FormulaKind.GROWTH,
                formula_first=first,
                formula_factor=100,
            ),
        ]
    )
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        outcome = derived_recompute()
        seconds = time.perf_counter() - started
    print(f"{'derived_recompute':<26} {seconds:8.1f} s  {len(queries):5d} queries")
    print(f"  {outcome.summary()}")
    Observation.objects.filter(indicator__code__in=["bench_ratio", "bench_growth"]).delete()
    Indicator.objects.filter(code__in=["bench_ratio", "bench_growth"]).delete()


BENCH_SCHEME = "bench-index"


def bench_scheme() -> str:
    """A five-dimension scheme over fifteen of the generated indicators (three each, lower-
    and higher-is-better mixed), made once: the shipped schemes name indicators the generated
    catalogue does not hold."""
    scheme, created = Scheme.objects.get_or_create(
        slug=BENCH_SCHEME,
        defaults={
            "name_zh": "基准指数",
            "name_en": "Bench index",
            "normalisation": "minmax",
            "min_weight_share": 0.6,
            "source_title": "benchmark",
            "verification": "generated",
        },
    )
    if created:
        codes = list(
            Indicator.objects.exclude(direction=Direction.NEUTRAL)
            .exclude(code__in=world.SECTOR_CODES)
            .order_by("sort_order")
            .values_list("id", "direction")[:15]
        )
        for d in range(5):
            dimension = SchemeDimension.objects.create(
                scheme=scheme,
                code=f"d{d}",
                name_zh=f"维度{d}",
                name_en=f"Dimension {d}",
                weight=0.2,
                weight_note="generated",
                sort_order=d,
            )
            SchemeIndicator.objects.bulk_create(
                SchemeIndicator(dimension=dimension, indicator_id=pk, direction=direction)
                for pk, direction in codes[3 * d : 3 * d + 3]
            )
    return BENCH_SCHEME


def uncached(call):
    """``call`` with the cache emptied first: the time of the first request after a data
    change (the next ones find what it computed in the cache)."""
    cache.clear()
    return call()


def paths(client: Client) -> list[tuple[str, object]]:
    """What to time: (label, a call that raises if the answer is not a success)."""
    indicator = Indicator.objects.filter(value_type=ValueType.AMOUNT).order_by("sort_order")[0]
    five_indicators = [
        *world.SECTOR_CODES[:2],
        *Indicator.objects.exclude(code__in=world.SECTOR_CODES)
        .order_by("sort_order")
        .values_list("code", flat=True)[:3],
    ]
    # a zone with part-year figures too: its profile shows the most
    zone = Zone.objects.filter(observations__period=Period.M9).order_by("id").first()
    zone = zone or Zone.objects.order_by("id").first()
    five_zones = [
        zone.slug,
        *Zone.objects.exclude(pk=zone.pk).order_by("id").values_list("slug", flat=True)[:4],
    ]
    cohort = Cohort.objects.order_by("slug").first().slug
    code, year = indicator.code, world.LAST_YEAR
    scheme = bench_scheme()
    zones_csv, indicators_csv = ",".join(five_zones), ",".join(five_indicators)
    compare_query = "&".join(
        [*(f"zone={slug}" for slug in five_zones), *(f"indicator={c}" for c in five_indicators)]
    )

    def get(url, label=None):
        def call():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            # a streaming or lazy response must be rendered to be fully timed
            return response.content

        return f"GET {label or url}", call

    def standings():
        latest = page_selectors.latest_figures(zones=[zone.slug]).get(zone.slug, [])
        return zone_standings(
            zone=zone.slug, selections=[(o.indicator.code, o.year, o.period) for o in latest]
        )

    return [
        (
            f"zone_ranking({code}, {year})",
            lambda: zone_ranking(indicator=code, year=year),
        ),
        (f"most_recent_values({code})", lambda: most_recent_values(indicator=code)),
        (
            "compare(5 zones x 5 indicators, all years)",
            lambda: compare(zones=five_zones, indicators=five_indicators),
        ),
        (
            f"zone_benchmark({zone.slug}, {cohort})",
            lambda: zone_benchmark(zone=zone.slug, cohort=cohort),
        ),
        (
            f"latest_observations(zone={zone.slug})",
            lambda: list(selectors.latest_observations(zones=[zone.slug])),
        ),
        (
            f"latest_figures(zone={zone.slug})",
            lambda: page_selectors.latest_figures(zones=[zone.slug]),
        ),
        ("latest_figures + zone_standings (zone page)", standings),
        (f"zone_peers({zone.slug})", lambda: zone_peers(zone=zone.slug)),
        (
            f"zone_peers({zone.slug}), cache emptied first",
            lambda: uncached(lambda: zone_peers(zone=zone.slug)),
        ),
        (
            "industry_overlap(region=east)",
            lambda: industry_overlap(zones=Zone.objects.filter(region=Region.EAST)),
        ),
        (
            f"composite_index({scheme}, {year}, all zones)",
            lambda: composite_index(scheme=scheme, year=year),
        ),
        (
            f"index_sensitivity({scheme}, {year}, 1000 draws)",
            lambda: index_sensitivity(scheme=scheme, year=year, draws=1000),
        ),
        # the computation itself, every time (the two above read the cache once warm)
        (
            f"composite_index({scheme}, {year}, all zones), computed",
            lambda: composite_index.uncached(scheme=scheme, year=year),  # type: ignore[attr-defined]
        ),
        (
            f"composite_index({scheme}, {year}, all zones), computed, no provenance",
            lambda: index_result(index_computation(scheme=scheme, year=year, provenance=False)),
        ),
        (
            f"index_sensitivity({scheme}, {year}, 1000 draws), computed",
            lambda: index_sensitivity.uncached(scheme=scheme, year=year, draws=1000),  # type: ignore[attr-defined]
        ),
        ("overview_counts()", page_selectors.overview_counts),
        (
            "indicators_for_picker(FY)",
            lambda: list(page_selectors.indicators_for_picker(period=Period.FULL_YEAR)),
        ),
        get(f"/api/v1/observations/?indicator={code}&year={year}"),
        get("/api/v1/observations/"),
        get(f"/api/v1/rankings/?indicator={code}&year={year}"),
        get(f"/api/v1/mrv/?indicator={code}"),
        get(
            f"/api/v1/compare/?zone={zones_csv}&indicator={indicators_csv}",
            "/api/v1/compare/?zone=(5)&indicator=(5)",
        ),
        get(f"/api/v1/benchmark/?zone={zone.slug}&cohort={cohort}"),
        get("/"),
        get(f"/zones/{zone.slug}/"),
        get(f"/rankings/?indicator={code}&year={year}"),
        get(f"/compare/?{compare_query}", "/compare/?zone=(5)&indicator=(5)"),
        get(f"/benchmark/?zone={zone.slug}&cohort={cohort}"),
        get(f"/api/v1/peers/?zone={zone.slug}"),
        get(f"/peers/?zone={zone.slug}"),
        get("/api/v1/overlap/?region=east"),
        get("/overlap/?region=east"),
        get(f"/api/v1/index/?scheme={scheme}&year={year}"),
        get(f"/api/v1/index/?scheme={scheme}&year={year}&sensitivity=1&draws=1000"),
        get(f"/index/?scheme={scheme}&year={year}"),
        get(f"/index/?scheme={scheme}&year={year}&bars=all"),
        # the zone picker's search: every zone's name starts with 基准区 (jzq)
        (
            f"zone_search(基准区12, {code})",
            lambda: zone_search(query="基准区12", indicators=[code]),
        ),
        (
            "zone_search(基准, 5 indicators): all zones match",
            lambda: zone_search(query="基准", indicators=five_indicators),
        ),
        get(f"/api/v1/zones/search/?q=jzq12&indicator={code}"),
        get(f"/api/v1/zones/search/?q=bench&indicator={indicators_csv}&limit=100"),
        get(
            f"/compare/?{compare_query}&q=jzq12",
            "/compare/?zone=(5)&indicator=(5)&q=jzq12 (picker search)",
        ),
    ]


def matches(label: str, text: str) -> bool:
    """Whether ``--only TEXT`` picks the path ``label``."""
    return label.endswith(text[:-1]) if text.endswith("$") else text in label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    world.add_world_arguments(parser, zones=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN the N slowest paths")
    parser.add_argument("--full-plans", action="store_true", help="print whole query plans")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the test database")
    parser.add_argument(
        "--recompute",
        action="store_true",
        help="also time the full recompute of the derived indicators",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="time only the paths whose label contains TEXT (repeatable), e.g. --only index; "
        "a TEXT ending in $ matches the end of the label ('GET /$': the overview alone)",
    )
    args = parser.parse_args()
    world.check_world_arguments(parser, args)

    # serialize=False: the test runner's copy of the database for TransactionTestCase would
    # read every kept row (5.4 million at the design scale) before anything is measured
    with test_database(keep=args.keep, serialize=False):
        world.ensure_world(args)
        for fact, value in world.facts():
            print(f"{fact:<26} {value}")
        if args.recompute:
            time_recompute()
        client = Client()
        results = []
        for label, call in paths(client):
            if args.only and not any(matches(label, text) for text in args.only):
                continue
            results.append(measure(label, call, repeat=args.repeat))
            print(f"  measured {label}", file=sys.stderr)
        report(results, explain_count=args.explain, full_plans=args.full_plans)


if __name__ == "__main__":
    main()
