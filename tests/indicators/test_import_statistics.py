"""The import's statements on PostgreSQL do not depend on the planner's statistics being
fresh: statistics taken when the observation table was empty but not yet vacuumed (pages,
no rows) once made a 150,000-row import compare each chunk with the whole table row by row,
for minutes. The import now analyses the table when its estimate falls that far behind.

A statement timeout turns that slow plan into a failure here instead of a hang; the import
itself takes a few seconds.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.importers import staging
from indicators.models import Observation
from indicators.services import observation_import
from tests.data.world import grid_rows, make_world, write_csv_rows
from tests.factories import IndicatorFactory, ZoneFactory

OBSERVATION = Observation._meta.db_table


@pytest.fixture(autouse=True)
def postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")


def statistics() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT relpages, reltuples FROM pg_class WHERE oid = '{OBSERVATION}'::regclass"
        )
        return cursor.fetchone()


def empty_but_paged_statistics(rows: list) -> None:
    """The state autovacuum can leave: the table analysed after its rows were deleted, so
    its statistics count pages and no rows."""
    header = ("zone", "indicator", "year", "value", "source")
    observation_import(rows=[dict(zip(header, row, strict=True)) for row in rows], dry_run=False)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {OBSERVATION}")
        cursor.execute(f"ANALYZE {OBSERVATION}")


def test_an_import_after_statistics_of_an_empty_table_looks_rows_up_by_index(tmp_path, monkeypatch):
    make_world()
    monkeypatch.setattr(staging, "BATCH_ROWS", 10_000)
    zones, indicators = ZoneFactory.create_batch(40), IndicatorFactory.create_batch(50)
    rows = list(
        grid_rows(zones=zones, indicators=indicators, years=range(2024, 2004, -1), value="7")
    )
    assert len(rows) == 40_000
    empty_but_paged_statistics(rows[:10_000])
    pages, tuples = statistics()
    assert pages > 0 and tuples == 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '20s'")
    report = observation_import(file=write_csv_rows(tmp_path / "big.csv", rows), dry_run=False)
    assert report.written, report.rejected
    assert report.count("created") == 40_000
    assert statistics()[1] > 0  # analysed on the way


def test_an_import_runs_under_the_debug_cursor(db):
    """``make run`` serves with DEBUG on, whose cursor wraps COPY's call."""
    world = make_world()
    with CaptureQueriesContext(connection) as queries:
        report = observation_import(
            rows=[{"zone": "南山区", "indicator": "gdp", "year": 2021, "value": "7"}],
            default_source=world["source"],
            dry_run=False,
        )
    assert report.written, report.rejected
    assert any("COPY" in query["sql"] for query in queries.captured_queries)
