"""The import of a big file: read in chunks, staged and written set-based, still all or
nothing, with the same row, column and reason for a bad row wherever it stands."""

import itertools

import pytest

from indicators import services
from indicators.models import Observation
from indicators.services import observation_import
from tests.data.world import grid_rows, make_world, observation_dump, write_csv_rows
from tests.factories import IndicatorFactory, ZoneFactory


@pytest.fixture
def world(db):
    return make_world()


def grid(count: int) -> list[list]:
    """``count`` distinct valid rows: 50 zones x 50 indicators x as many years as it takes."""
    zones, indicators = ZoneFactory.create_batch(50), IndicatorFactory.create_batch(50)
    rows = grid_rows(zones=zones, indicators=indicators, years=range(2024, 1949, -1), value="5")
    return list(itertools.islice(rows, count))


def test_a_duplicate_in_another_chunk_is_named_with_its_first_row(world, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    rows = [
        ["南山区", "gdp", 2020, "1", "bulletin-2023"],
        ["滨江区", "gdp", 2020, "2", "bulletin-2023"],
        ["滨江区", "gdp", 2021, "3", "bulletin-2023"],
        ["滨江区", "gdp", 2022, "4", "bulletin-2023"],
        ["shenzhen-nanshan", "生产总值", 2020, "5", "bulletin-2023"],  # row 2, other spellings
    ]
    before = observation_dump()
    report = observation_import(file=write_csv_rows(tmp_path / "dup.csv", rows), dry_run=False)
    assert not report.written
    assert [(e.row, e.column, e.value) for e in report.rejected] == [
        (6, "zone", "shenzhen-nanshan / 生产总值 / 2020 FY")
    ]
    assert "Duplicate of row 2" in report.rejected[0].message
    assert observation_dump() == before


def test_text_with_tabs_newlines_and_backslashes_is_stored_exactly(world):
    note = "第一行\t制表符\n第二行 C:\\公报\\2023 \\N \r"
    report = observation_import(
        rows=[
            {
                "zone": "南山区",
                "indicator": "gdp",
                "year": 2022,
                "value": "1",
                "as_reported": "约1亿元\\",
                "note": note,
                "source": "bulletin-2023",
            }
        ],
        dry_run=False,
    )
    assert report.written, report.rejected
    stored = Observation.objects.get(year=2022)
    assert (stored.note, stored.as_reported) == (note.strip(), "约1亿元\\")


def test_created_and_updated_rows_get_one_history_row_each_with_user_and_reason(world):
    from tests.factories import UserFactory

    user = UserFactory(username="steward")
    rows = [
        {"zone": "南山区", "indicator": "gdp", "year": 2023, "value": "8500"},  # stored: 8400
        {"zone": "南山区", "indicator": "gdp", "year": 2022, "value": "8000"},
    ]
    report = observation_import(
        rows=rows, dry_run=False, user=user, default_source=world["source"], change_reason="公报"
    )
    assert (report.count("created"), report.count("updated")) == (1, 1)
    history = Observation.history.filter(history_change_reason="公报").order_by("year")
    assert [(h.year, h.history_type, h.value, h.history_user) for h in history] == [
        (2022, "+", 8000, user),
        (2023, "~", 8500, user),
    ]
    assert history[1].as_reported == "8500亿元"  # a new value brings its own figure


def test_a_preview_lists_the_first_rows_and_counts_them_all(world, tmp_path):
    path = write_csv_rows(tmp_path / "many.csv", grid(1200))
    report = observation_import(file=path, dry_run=True, detail_limit=100)
    assert report.count("created") == 1200
    assert [c.row for c in report.created] == list(range(2, 102))
    assert "created 1200" in report.summary()


def test_a_bad_row_at_row_150000_leaves_the_database_exactly_as_it_was(world, tmp_path):
    rows = grid(149_998)
    rows.append([rows[0][0], rows[0][1], 1990, "-5", "bulletin-2023"])  # row 150,000
    path = write_csv_rows(tmp_path / "national.csv", rows)
    before = observation_dump()
    report = observation_import(file=path, dry_run=False)
    assert not report.written
    assert [(e.row, e.column, e.value) for e in report.rejected] == [(150_000, "value", "-5")]
    assert report.count("created") == 149_998
    assert observation_dump() == before
