"""The benchmarks' generated world: zones x indicators x years of observations on PostgreSQL,
made in SQL (INSERT ... SELECT from generate_series) with a few sources, cohorts with members
and mean/median statistics, then VACUUM (ANALYZE); the arguments that size it and the facts
that describe it. The read and load benchmarks share it.

Importing it sets Django up with the test settings (the project root on ``sys.path``), so a
script imports it before anything of the project's.
"""

import argparse
import os
import time

from support import bench_zones, setup_django  # beside this script

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from indicators.models import (  # noqa: E402
    CohortStatistic,
    Direction,
    Indicator,
    Observation,
    Period,
    Reliability,
    Source,
    ValueType,
)
from zones.models import Cohort, Zone  # noqa: E402

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
