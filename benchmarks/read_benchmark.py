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
paths whose label contains one of the texts.

Built for PostgreSQL (the generation SQL is PostgreSQL's); on SQLite it refuses to run.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from support import bench_zones, test_database  # noqa: E402  (beside this script)

from analysis.benchmark import zone_benchmark  # noqa: E402
from analysis.compare import compare  # noqa: E402
from analysis.index import composite_index, index_computation, index_result  # noqa: E402
from analysis.index_sensitivity import index_sensitivity  # noqa: E402
from analysis.overlap import industry_overlap  # noqa: E402
from analysis.peers import zone_peers  # noqa: E402
from analysis.ranking import zone_ranking  # noqa: E402
from analysis.recent import most_recent_values  # noqa: E402
from analysis.standings import zone_standings  # noqa: E402
from common.cache import bump_data_generation  # noqa: E402
from dashboards import selectors as page_selectors  # noqa: E402
from indicators import selectors  # noqa: E402
from indicators.derived import derived_recompute  # noqa: E402
from indicators.models import (  # noqa: E402
    CohortStatistic,
    Direction,
    FormulaKind,
    Indicator,
    Observation,
    Period,
    Reliability,
    Scheme,
    SchemeDimension,
    SchemeIndicator,
    Source,
    ValueType,
)
from indicators.zone_search import zone_search  # noqa: E402
from zones.models import Cohort, Region, Zone  # noqa: E402

LAST_YEAR = 2024
PART_YEAR_EVERY = 20  # one zone in 20 also has 9M figures ...
PART_YEAR_YEARS = 5  # ... for its last five years
COHORTS = 5
SECTOR_CODES = ("primary_share", "secondary_share", "tertiary_share")
SOURCES = [
    ("bench-bulletin", Reliability.OFFICIAL, "statistical_bulletin"),
    ("bench-yearbook", Reliability.OFFICIAL, "dataset"),
    ("bench-report", Reliability.RESEARCH, "research_report"),
    ("bench-news", Reliability.MEDIA, "newspaper"),
]


# --- the data ------------------------------------------------------------------------------


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def make_catalogue(*, n_zones: int, n_indicators: int) -> None:
    """Sources, zones, indicators and cohorts through the ORM (a few thousand rows)."""
    for key, reliability, kind in SOURCES:
        Source.objects.create(key=key, title=f"基准来源 {key}", kind=kind, reliability=reliability)
    zones = bench_zones(
        n_zones,
        extra=lambda i: {"latitude": 20 + (i % 200) / 10, "longitude": 100 + (i % 300) / 10},
    )
    for zone in zones:  # a bulk write sends no pre_save: the pinyin keys are filled here
        zone.fill_pinyin()
    Zone.objects.bulk_create(zones, batch_size=1000)
    value_types = [ValueType.AMOUNT, ValueType.COUNT, ValueType.SHARE, ValueType.RATE]
    directions = [Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NEUTRAL]
    indicators = []
    for i in range(n_indicators):
        if i < len(SECTOR_CODES):
            code, value_type = SECTOR_CODES[i], ValueType.SHARE
        else:
            code, value_type = f"bench_{i:03d}", value_types[i % len(value_types)]
        indicators.append(
            Indicator(
                code=code,
                name_zh=f"基准指标{i}",
                name_en=f"Bench indicator {i}",
                unit="%" if value_type in (ValueType.SHARE, ValueType.RATE) else "亿元",
                category="economic_scale",
                direction=directions[i % len(directions)],
                value_type=value_type,
                sort_order=i,
            )
        )
    Indicator.objects.bulk_create(indicators)
    source = Source.objects.get(key=SOURCES[0][0])
    Cohort.objects.bulk_create(
        Cohort(
            slug=f"bench-cohort-{c}",
            name_zh=f"基准对标组{c}",
            name_en=f"Bench cohort {c}",
            source=source,
        )
        for c in range(COHORTS)
    )


# A deterministic pseudo-random number 0..1_000_002 from zone, indicator and year ids.
HASH = "((({z} * 7919 + {i} * 104729 + {y} * 31) * 2654435761) % 1000003)"
# A value within the range the check constraints allow for the indicator's value type.
VALUE = """CASE {vt}
    WHEN 'share' THEN round(({h} % 10000) / 100.0, 2)
    WHEN 'rate' THEN round(({h} % 6001) / 100.0 - 20, 2)
    ELSE round({h} / 100.0 * (1 + {i} % 7), 2)
END"""


def generate_observations(*, n_years: int, chunk: int = 250) -> None:
    """Full-year figures for every zone x indicator x year, 9M ones for one zone in 20."""
    first_year = LAST_YEAR - n_years + 1
    source_ids = list(Source.objects.order_by("key").values_list("id", flat=True))
    sources = "ARRAY[" + ",".join(map(str, source_ids)) + "]"
    value = VALUE.format(vt="i.value_type", h=HASH.format(z="z.id", i="i.id", y="y"), i="i.id")
    insert = f"""
        INSERT INTO {table(Observation)} (zone_id, indicator_id, year, period, value,
            value_type, qualifier, as_reported, status, source_id, locator, note, preferred,
            steward_preferred)
        SELECT z.id, i.id, y, '{{period}}', v.value, i.value_type, 'exact', v.value::text || '亿元',
            'reported', ({sources})[1 + (z.id + i.id) % {len(source_ids)}], '', '', TRUE, FALSE
        FROM {table(Zone)} z
        CROSS JOIN {table(Indicator)} i
        CROSS JOIN generate_series({{first}}, {LAST_YEAR}) y
        CROSS JOIN LATERAL (SELECT {value} AS value) v
        WHERE z.id BETWEEN {{low}} AND {{high}} {{extra}}
    """
    low = Zone.objects.order_by("id").values_list("id", flat=True).first()
    high = Zone.objects.order_by("-id").values_list("id", flat=True).first()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for start in range(low, high + 1, chunk):
            cursor.execute(
                insert.format(
                    period=Period.FULL_YEAR,
                    first=first_year,
                    low=start,
                    high=start + chunk - 1,
                    extra="",
                )
            )
            done = min(high, start + chunk - 1) - low + 1
            print(
                f"\r  full-year figures: zones {done}/{high - low + 1} "
                f"({time.perf_counter() - started:.0f} s)",
                end="",
                flush=True,
            )
        print()
        cursor.execute(
            insert.format(
                period=Period.M9,
                first=max(first_year, LAST_YEAR - PART_YEAR_YEARS + 1),
                low=low,
                high=high,
                extra=f"AND z.id % {PART_YEAR_EVERY} = 0",
            )
        )


def generate_cohorts(*, n_years: int) -> None:
    """Each cohort: every fifth zone as a member, a mean and a median per indicator and year."""
    first_year = LAST_YEAR - n_years + 1
    source_id = Source.objects.get(key=SOURCES[2][0]).id
    members = Cohort.members.through
    value = VALUE.format(vt="i.value_type", h=HASH.format(z="c.id", i="i.id", y="y"), i="i.id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table(members)} (cohort_id, zone_id)
            SELECT c.id, z.id FROM {table(Cohort)} c JOIN {table(Zone)} z
                ON z.id % {COHORTS} = c.id % {COHORTS}
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {table(CohortStatistic)} (cohort_id, indicator_id, year, period,
                statistic, threshold, value, qualifier, as_reported, source_id, locator, note)
            SELECT c.id, i.id, y, '{Period.FULL_YEAR}', s.statistic, NULL, v.value, 'approx',
                '约' || v.value::text, {source_id}, '', ''
            FROM {table(Cohort)} c
            CROSS JOIN {table(Indicator)} i
            CROSS JOIN generate_series({first_year}, {LAST_YEAR}) y
            CROSS JOIN (VALUES ('mean'), ('median')) s(statistic)
            CROSS JOIN LATERAL (SELECT {value} AS value) v
            """
        )


def scale_of_database() -> tuple[int, int, int] | None:
    """(zones, indicators, full-year years) the database holds, or None if it is empty."""
    zones, indicators = Zone.objects.count(), Indicator.objects.count()
    if not zones:
        return None
    years = (
        Observation.objects.filter(zone=Zone.objects.order_by("id").first())
        .filter(period=Period.FULL_YEAR)
        .values("year")
        .distinct()
        .count()
    )
    return zones, indicators, years


def add_world_arguments(parser: argparse.ArgumentParser, *, zones: int) -> None:
    """The size of the generated data set: ``--zones`` (default ``zones``), ``--indicators``,
    ``--years``."""
    parser.add_argument("--zones", type=int, default=zones)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=30)


def check_world_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Stop (through ``parser.error``) unless the database is PostgreSQL and the size usable."""
    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database (postgres://...)")
    if args.zones < 5 or args.indicators < 5 or args.years < 1:
        parser.error("at least 5 zones, 5 indicators and 1 year")


def ensure_world(args: argparse.Namespace) -> None:
    """The database (a benchmark's own) holding the data set of ``args``'s size: reused when it
    already holds that scale, otherwise emptied and generated again."""
    wanted = (args.zones, args.indicators, args.years)
    found = scale_of_database()
    if found == wanted:
        print(f"reusing the test database with {found}")
        return
    if found is not None:
        call_command("flush", interactive=False, verbosity=0)
    print(f"generating {args.zones} zones x {args.indicators} indicators x {args.years} years")
    build(args)


def build(args) -> None:
    started = time.perf_counter()
    make_catalogue(n_zones=args.zones, n_indicators=args.indicators)
    generate_observations(n_years=args.years)
    generate_cohorts(n_years=args.years)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        # VACUUM as after any big import (see the README): it sets the visibility map, so
        # index-only scans stay index-only, and the hint bits, so the first reads write nothing
        cursor.execute("VACUUM (ANALYZE)")
    print(
        f"generated in {generated:.0f} s, "
        f"VACUUM (ANALYZE) {time.perf_counter() - started - generated:.0f} s"
    )


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


# --- the facts -----------------------------------------------------------------------------


def facts() -> list[tuple[str, str]]:
    def one(sql: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    name = Observation._meta.db_table
    mb = 1024 * 1024
    return [
        ("database", f"{connection.settings_dict['NAME']}"),
        ("server", one("SELECT version()").split(" on ")[0]),
        ("shared_buffers / work_mem", f"{one('SHOW shared_buffers')} / {one('SHOW work_mem')}"),
        ("CPUs", str(os.cpu_count())),
        ("zones / indicators", f"{Zone.objects.count()} / {Indicator.objects.count()}"),
        ("observations", f"{Observation.objects.count():,}"),
        (
            "  of which part-year",
            f"{Observation.objects.exclude(period=Period.FULL_YEAR).count():,}",
        ),
        ("cohort statistics", f"{CohortStatistic.objects.count():,}"),
        ("observation table", f"{one('SELECT pg_table_size(%s)', [name]) / mb:,.0f} MB"),
        ("observation indexes", f"{one('SELECT pg_indexes_size(%s)', [name]) / mb:,.0f} MB"),
    ]


# --- the measurement -----------------------------------------------------------------------


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
            .exclude(code__in=SECTOR_CODES)
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
        *SECTOR_CODES[:2],
        *Indicator.objects.exclude(code__in=SECTOR_CODES)
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
    code, year = indicator.code, LAST_YEAR
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
        for line in explain(r.slowest_sql, full=full_plans):
            print(f"    {line}")


def matches(label: str, text: str) -> bool:
    """Whether ``--only TEXT`` picks the path ``label``."""
    return label.endswith(text[:-1]) if text.endswith("$") else text in label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_world_arguments(parser, zones=3000)
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
    check_world_arguments(parser, args)

    # serialize=False: the test runner's copy of the database for TransactionTestCase would
    # read every kept row (5.4 million at the design scale) before anything is measured
    with test_database(keep=args.keep, serialize=False):
        ensure_world(args)
        for fact, value in facts():
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
