"""The plain row's short way to the staging table gives exactly the record of the full parse,
and hands every row with anything to say back to it."""

import pytest

from common.importing.base import Table
from common.importing.readers import open_table
from indicators.importers.fast_lane import FastLane
from indicators.importers.lookups import indicator_index, source_index, zone_index
from indicators.importers.observations import RowContext, map_columns, parse_rows
from indicators.importers.rules import RuleCheck
from indicators.importers.staging_format import record as _record
from tests.data.world import DATA, make_world


@pytest.fixture
def world(db):
    return make_world()


def both_ways(path):
    """(fast records by row, full-parse records by row, rows the fast lane handed back)."""
    with open_table(file=path) as table:
        rows = list(table.rows)
        headers = table.headers
        columns = map_columns(table.headers)
        width = len(table.headers)
    context = RowContext(zones=zone_index(), indicators=indicator_index(), sources=source_index())
    check = RuleCheck(headers=columns.header)
    lane = FastLane(columns=columns, context=context, check=check, width=width)
    parsed, _ = parse_rows(
        table=Table(headers=headers, rows=rows), columns=columns, context=context
    )
    full = {row.row: _record(row) for row in parsed if not check.errors(row)}
    fast, others = lane.split(rows)
    return {record[0]: record for record in fast}, full, [number for number, _ in others]


@pytest.mark.parametrize("name", ["observations_good.csv", "observations_good_zh.csv"])
def test_a_plain_row_gets_the_full_parses_record(world, name):
    fast, full, _ = both_ways(DATA / name)
    assert fast  # the lane took rows...
    for number, record in fast.items():
        assert record == full[number]  # ...each exactly as the full parse stages it


@pytest.mark.parametrize(
    "name",
    [
        "bad_share_130.csv",
        "bad_unknown_zone.csv",
        "bad_unknown_indicator.csv",
        "bad_text_in_number.csv",
    ],
)
def test_a_refused_row_is_handed_to_the_full_parse(world, name):
    fast, full, others = both_ways(DATA / name)
    refused = set(others) - set(full)
    assert refused  # the file's bad row...
    assert not refused & set(fast)  # ...never took the short way
